//! cardbind vs OpenSSL verify as ratios measured by interleaving, for a shared, noisy machine.
//!
//! ```sh
//! cargo bench -p benches --bench verify_ratio --features openssl-baseline
//! ```
//!
//! criterion measures one contender after the other, so load from other processes that comes and
//! goes between them skews their ratio. Here each round times a short batch of every contender
//! back to back (order rotating), and the report gives the median over rounds of each per-round
//! ratio, which such load mostly cancels out of. Absolute medians are printed for reference only.

use std::hint::black_box;
use std::time::Instant;

mod support;

/// Rounds per case; the batch size is chosen so one batch takes about `BATCH_MICROS`.
const ROUNDS: usize = 201;
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

/// Runs the contenders interleaved; returns each one's median µs per call and, for every other
/// contender, the median over rounds of its time divided by the first contender's.
fn interleaved(contenders: &mut [(&str, &mut dyn FnMut())]) -> (Vec<f64>, Vec<f64>) {
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

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench` probes harness-less benches with --list
    }
    println!("interleaved medians over {ROUNDS} rounds; ratios are medians of per-round ratios\n");
    println!(
        "{:<24} {:>10} {:>10} {:>12} {:>16} {:>18}",
        "case", "cardbind", "openssl", "openssl raw", "cardbind/openssl", "cardbind/raw op"
    );
    let cases = support::verify_cases();
    for case in &cases {
        let message = support::MESSAGE;
        let (times, ratios) = interleaved(&mut [
            ("cardbind", &mut || {
                case.key
                    .verify_pkcs1v15(case.digest, black_box(message), black_box(&case.signature))
                    .expect("valid");
            }),
            ("openssl", &mut || {
                assert!(case
                    .openssl
                    .verify(case.digest, black_box(message), black_box(&case.signature)));
            }),
            ("openssl_raw_op", &mut || {
                black_box(case.openssl.raw_public_op(black_box(&case.signature)));
            }),
        ]);
        println!(
            "verify_{:<17} {:>8.2}µs {:>8.2}µs {:>10.2}µs {:>16.2} {:>18.2}",
            case.name,
            times[0],
            times[1],
            times[2],
            1.0 / ratios[1],
            1.0 / ratios[2]
        );
    }
    let ll = support::lianlian_case();
    let (times, ratios) = interleaved(&mut [
        ("bare_verify", &mut || ll.bare_verify()),
        ("full_decode_verify", &mut || ll.full_decode_verify()),
        ("full_decode_verify_value_map", &mut || {
            ll.full_decode_verify_value_map();
        }),
    ]);
    println!(
        "\nlianlian_response: bare verify {:.2}µs; full decode+verify {:.2}µs = {:.2}× bare; \
         with serde_json::Map {:.2}µs = {:.2}× bare",
        times[0], times[1], ratios[1], times[2], ratios[2]
    );
}
