//! RSASSA-PKCS1-v1_5 verification: cardbind's fast path vs the `rsa` crate vs OpenSSL, side by side.
//!
//! ```sh
//! cargo bench -p benches --bench verify --features openssl-baseline -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Without `--features openssl-baseline` the OpenSSL rows are left out (no C library needed).
//! Each group holds one (digest, key size) case so criterion prints the contenders next to each other.
//! `lianlian_response/full_decode_verify` is the whole receive path of a LianLian card-bind-verify
//! response (JSON decode, canonical string, base64, MD5withRSA-1024) against the bare verify of
//! the same bytes.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

mod support;

fn verify(c: &mut Criterion) {
    let cases = support::verify_cases();
    for case in &cases {
        let mut group = c.benchmark_group(format!("verify_{}", case.name));
        group.bench_function("cardbind", |b| {
            b.iter(|| {
                case.key
                    .verify_pkcs1v15(case.digest, black_box(support::MESSAGE), black_box(&case.signature))
                    .expect("valid");
            });
        });
        #[cfg(feature = "rsa-reference")]
        group.bench_function("rsa_crate", |b| {
            b.iter(|| {
                case.key
                    .verify_pkcs1v15_reference(case.digest, black_box(support::MESSAGE), black_box(&case.signature))
                    .expect("valid");
            });
        });
        #[cfg(feature = "openssl-baseline")]
        {
            assert!(case.openssl.verify(case.digest, support::MESSAGE, &case.signature));
            group.bench_function("openssl", |b| {
                b.iter(|| {
                    assert!(case
                        .openssl
                        .verify(case.digest, black_box(support::MESSAGE), black_box(&case.signature)));
                });
            });
            group.bench_function("openssl_raw_op", |b| {
                b.iter(|| case.openssl.raw_public_op(black_box(&case.signature)));
            });
        }
        group.finish();
    }
}

fn lianlian(c: &mut Criterion) {
    let ll = support::lianlian_case();
    let mut group = c.benchmark_group("lianlian_response");
    group.bench_function("bare_verify", |b| b.iter(|| ll.bare_verify()));
    group.bench_function("full_decode_verify", |b| b.iter(|| ll.full_decode_verify()));
    group.bench_function("full_decode_verify_value_map", |b| {
        b.iter(|| ll.full_decode_verify_value_map());
    });
    group.finish();
}

criterion_group!(benches, verify, lianlian);
criterion_main!(benches);
