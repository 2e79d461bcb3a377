//! Interleaved timing for ratios on a shared, noisy machine.
//!
//! criterion measures one contender after the other, so load from other processes that comes and
//! goes between them skews their ratio. Here each round times a short batch of every contender
//! back to back (order rotating), and the report gives the median over rounds of each per-round
//! ratio, which such load mostly cancels out of. Absolute medians are printed for reference only.

use std::time::Instant;

/// Rounds per case; the batch size is chosen so one batch takes about `BATCH_MICROS`.
pub const ROUNDS: usize = 201;
const BATCH_MICROS: f64 = 2_000.0;

/// Times `f` over `batch` calls; returns µs per call.
fn per_call(batch: u32, f: &mut dyn FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..batch {
        f();
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(batch)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Runs the contenders interleaved; returns each one's median µs per call and, for every
/// contender, the median over rounds of its time divided by the first contender's.
pub fn interleaved(contenders: &mut [(&str, &mut dyn FnMut())]) -> (Vec<f64>, Vec<f64>) {
    let probe = per_call(50, &mut *contenders[0].1);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to 5..=100 000 first
    let batch = (BATCH_MICROS / probe).clamp(5.0, 100_000.0) as u32;
    for (_, f) in contenders.iter_mut() {
        per_call(batch, &mut **f); // warm-up
    }
    let count = contenders.len();
    let mut times = vec![Vec::with_capacity(ROUNDS); count];
    let mut ratios = vec![Vec::with_capacity(ROUNDS); count];
    for round in 0..ROUNDS {
        let mut this_round = vec![0.0; count];
        for step in 0..count {
            let i = (step + round) % count;
            this_round[i] = per_call(batch, &mut *contenders[i].1);
        }
        for i in 0..count {
            times[i].push(this_round[i]);
            ratios[i].push(this_round[i] / this_round[0]);
        }
    }
    (
        times.iter_mut().map(|t| median(t)).collect(),
        ratios.iter_mut().map(|r| median(r)).collect(),
    )
}

/// `--list` is how `cargo bench` probes a harness-less bench: answer it without running.
pub fn listing_only() -> bool {
    std::env::args().any(|a| a == "--list")
}
