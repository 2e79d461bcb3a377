//! cardbind vs OpenSSL verify as ratios measured by interleaving, for a shared, noisy machine.
//!
//! ```sh
//! cargo bench -p benches --bench verify_ratio --features openssl-baseline
//! ```
//!
//! Method: `support/ratio.rs` (every contender back to back in each round, median ratios).

use std::hint::black_box;

mod support;

use support::ratio::{interleaved, listing_only, ROUNDS};

fn main() {
    if listing_only() {
        return;
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
