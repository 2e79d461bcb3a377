//! Private-key operations: cardbind and the `rsa` crate (0.10) against OpenSSL, as interleaved ratios.
//!
//! ```sh
//! cargo bench -p benches --bench sign_ratio --features openssl-baseline
//! ```
//!
//! Method: `support/ratio.rs` (every contender back to back in each round, median ratios).
//! Targets (issue 14): signing ≤ 1.5× OpenSSL at 1024 bits, ≤ 2.0× at 2048; decryption the same.

use std::hint::black_box;

#[allow(dead_code)] // the verify inputs in it are not used here
mod support;

use cardbind::rng::SeededRng;
use cardbind::{cipher, DigestAlgorithm, PrivateKey};
use support::openssl_private::Key as OpensslKey;
use support::ratio::{interleaved, listing_only, ROUNDS};
use support::rsa_private::Key as RsaCrateKey;

fn main() {
    if listing_only() {
        return;
    }
    println!("interleaved medians over {ROUNDS} rounds; ratios are medians of per-round ratios\n");
    println!(
        "{:<26} {:>11} {:>11} {:>11} {:>17} {:>17}",
        "case", "cardbind", "openssl", "rsa 0.10", "cardbind/openssl", "rsa 0.10/openssl"
    );
    let message = support::MESSAGE;
    let mut rng = SeededRng::from_seed([7; 32]);
    for (bits, pem) in [(1024, support::KEY_1024), (2048, support::KEY_2048)] {
        let key = PrivateKey::parse(pem).expect("test key");
        let openssl = OpensslKey::new(&key);
        let rsa_crate = RsaCrateKey::new(&key);
        for (name, digest) in [("md5", DigestAlgorithm::Md5), ("sha256", DigestAlgorithm::Sha256)] {
            let expected = key.sign_pkcs1v15(&mut rng, digest, message).expect("sign");
            assert_eq!(openssl.sign(digest, message), expected, "OpenSSL signs alike");
            let mut rsa_rng = SeededRng::from_seed([9; 32]);
            assert_eq!(
                rsa_crate.sign(&mut rsa_rng, digest, message),
                expected,
                "rsa signs alike"
            );
            let (times, ratios) = interleaved(&mut [
                ("openssl", &mut || {
                    black_box(openssl.sign(digest, black_box(message)));
                }),
                ("cardbind", &mut || {
                    black_box(key.sign_pkcs1v15(&mut rng, digest, black_box(message)).expect("sign"));
                }),
                ("rsa", &mut || {
                    black_box(rsa_crate.sign(&mut rsa_rng, digest, black_box(message)));
                }),
            ]);
            row(&format!("sign_{name}_{bits}"), &times, &ratios);
        }
        if bits != 2048 {
            continue;
        }
        let secret = [0x5a_u8; 32];
        let oaep = cipher::rsa_oaep_sha1_encrypt(key.public_key(), &mut rng, &secret).expect("encrypt");
        let v15 = cipher::rsa_encrypt_blocks(key.public_key(), &mut rng, &secret).expect("encrypt");
        assert_eq!(openssl.decrypt_oaep(&oaep), secret);
        assert_eq!(openssl.decrypt_pkcs1v15(&v15), secret);
        assert_eq!(rsa_crate.decrypt_oaep(&mut rng, &oaep), secret);
        assert_eq!(rsa_crate.decrypt_pkcs1v15(&mut rng, &v15), secret);
        let mut rsa_rng = SeededRng::from_seed([9; 32]);
        let (times, ratios) = interleaved(&mut [
            ("openssl", &mut || {
                black_box(openssl.decrypt_oaep(black_box(&oaep)));
            }),
            ("cardbind", &mut || {
                black_box(cipher::rsa_oaep_sha1_decrypt(&key, &mut rng, black_box(&oaep)).expect("decrypt"));
            }),
            ("rsa", &mut || {
                black_box(rsa_crate.decrypt_oaep(&mut rsa_rng, black_box(&oaep)));
            }),
        ]);
        row(&format!("decrypt_oaep_sha1_{bits}"), &times, &ratios);
        let (times, ratios) = interleaved(&mut [
            ("openssl", &mut || {
                black_box(openssl.decrypt_pkcs1v15(black_box(&v15)));
            }),
            ("cardbind", &mut || {
                black_box(cipher::rsa_decrypt_blocks(&key, &mut rng, black_box(&v15)).expect("decrypt"));
            }),
            ("rsa", &mut || {
                black_box(rsa_crate.decrypt_pkcs1v15(&mut rsa_rng, black_box(&v15)));
            }),
        ]);
        row(&format!("decrypt_pkcs1v15_{bits}"), &times, &ratios);
    }
}

/// Contenders ran in the order openssl, cardbind, rsa: ratios are to OpenSSL.
fn row(case: &str, times: &[f64], ratios: &[f64]) {
    println!(
        "{case:<26} {:>9.1}µs {:>9.1}µs {:>9.1}µs {:>17.2} {:>17.2}",
        times[1], times[0], times[2], ratios[1], ratios[2]
    );
}
