//! Signing-side costs: the blinded RSA private-key operation at 1024 and 2048 bits, the MD5-hex
//! merchant-key signature, and building a sorted canonical string. Run with
//! `cargo bench -p benches --bench signing`.

use std::hint::black_box;

use cardbind::encoding::HexCase;
use cardbind::rng::SeededRng;
use cardbind::signature::md5_hex_sign;
use cardbind::{CanonicalRule, DigestAlgorithm, KeyOrder, PrivateKey};
use criterion::{criterion_group, criterion_main, Criterion};

const KEY_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
const KEY_2048: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem");

const PARAMS: [(&str, &str); 8] = [
    ("oid_partner", "201103171000000000"),
    ("user_id", "2013051500001"),
    ("sign_type", "RSA"),
    ("card_no", "6222021123"),
    ("no_agree", "2013051613121201"),
    ("ret_code", "0000"),
    ("ret_msg", "交易成功"),
    ("sign", "ignored"),
];

fn rsa_sign(c: &mut Criterion) {
    let mut group = c.benchmark_group("rsa_sign_blinded");
    for (name, pem) in [("sha256_1024", KEY_1024), ("sha256_2048", KEY_2048)] {
        let key = PrivateKey::parse(pem).expect("test key parses");
        let mut rng = SeededRng::from_seed([3; 32]);
        group.bench_function(name, |b| {
            b.iter(|| {
                key.sign_pkcs1v15(&mut rng, DigestAlgorithm::Sha256, black_box(b"card_no=6222021123"))
                    .expect("signs")
            });
        });
    }
    group.finish();
}

fn md5_and_canonical(c: &mut Criterion) {
    let rule = CanonicalRule::sorted_pairs(KeyOrder::Bytewise);
    let message = rule
        .build(PARAMS.iter().map(|&(k, v)| (k, Some(v))))
        .expect("canonical");
    let mut group = c.benchmark_group("md5_and_canonical");
    group.bench_function("canonical_sorted_pairs_8", |b| {
        b.iter(|| {
            rule.build(black_box(PARAMS).iter().map(|&(k, v)| (k, Some(v))))
                .expect("canonical")
        });
    });
    group.bench_function("md5_hex_sign", |b| {
        b.iter(|| md5_hex_sign(black_box(&message), &[b"&key=", b"merchant-secret"], HexCase::Lower));
    });
    group.finish();
}

criterion_group!(benches, rsa_sign, md5_and_canonical);
criterion_main!(benches);
