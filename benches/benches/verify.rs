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

use cardbind::DigestAlgorithm;
use criterion::{criterion_group, criterion_main, Criterion};

mod support;

fn verify(c: &mut Criterion) {
    let cases = [
        support::signed_case("md5_1024", support::KEY_1024, DigestAlgorithm::Md5),
        support::signed_case("sha256_1024", support::KEY_1024, DigestAlgorithm::Sha256),
        support::signed_case("md5_2048", support::KEY_2048, DigestAlgorithm::Md5),
        support::signed_case("sha256_2048", support::KEY_2048, DigestAlgorithm::Sha256),
    ];
    for case in &cases {
        let mut group = c.benchmark_group(format!("verify_{}", case.name));
        group.bench_function("cardbind", |b| {
            b.iter(|| {
                case.key
                    .verify_pkcs1v15(case.digest, black_box(support::MESSAGE), black_box(&case.signature))
                    .expect("valid");
            });
        });
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
    group.bench_function("bare_verify", |b| {
        b.iter(|| {
            ll.key
                .verify_pkcs1v15(
                    DigestAlgorithm::Md5,
                    black_box(support::MESSAGE),
                    black_box(&ll.signature),
                )
                .expect("valid");
        });
    });
    group.bench_function("full_decode_verify", |b| {
        b.iter(|| assert!(support::decode_and_verify(black_box(&ll.json), &ll.rule, &ll.key)));
    });
    group.bench_function("full_decode_verify_value_map", |b| {
        b.iter(|| {
            let ok = support::decode_and_verify_value_map(black_box(&ll.json), &ll.rule, &ll.key);
            assert!(ok);
        });
    });
    group.finish();
}

criterion_group!(benches, verify, lianlian);
criterion_main!(benches);
