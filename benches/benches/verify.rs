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

use std::borrow::Cow;
use std::hint::black_box;

use cardbind::rng::SeededRng;
use cardbind::{CanonicalRule, DigestAlgorithm, KeyOrder, PrivateKey, PublicKey};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::value::RawValue;

const KEY_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
const KEY_2048: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem");

/// A LianLian card-bind-verify canonical string (what the provider signs).
const MESSAGE: &[u8] = b"card_no=6222021123&no_agree=2013051613121201&oid_partner=201103171000000000&ret_code=0000&ret_msg=\xe4\xba\xa4\xe6\x98\x93\xe6\x88\x90\xe5\x8a\x9f&sign_type=RSA&user_id=2013051500001";

struct Case {
    name: &'static str,
    digest: DigestAlgorithm,
    key: PublicKey,
    signature: Vec<u8>,
    #[cfg(feature = "openssl-baseline")]
    openssl: openssl_baseline::Key,
}

fn signed_case(name: &'static str, pem: &str, digest: DigestAlgorithm) -> Case {
    let private = PrivateKey::parse(pem).expect("test key parses");
    let mut rng = SeededRng::from_seed([7; 32]);
    let signature = private
        .sign_pkcs1v15(&mut rng, digest, MESSAGE)
        .expect("test key signs");
    let key = private.public_key().clone();
    key.verify_pkcs1v15(digest, MESSAGE, &signature)
        .expect("fresh signature verifies");
    key.verify_pkcs1v15_reference(digest, MESSAGE, &signature)
        .expect("rsa crate agrees");
    Case {
        name,
        digest,
        #[cfg(feature = "openssl-baseline")]
        openssl: openssl_baseline::Key::new(&key),
        key,
        signature,
    }
}

fn verify(c: &mut Criterion) {
    let cases = [
        signed_case("md5_1024", KEY_1024, DigestAlgorithm::Md5),
        signed_case("sha256_1024", KEY_1024, DigestAlgorithm::Sha256),
        signed_case("md5_2048", KEY_2048, DigestAlgorithm::Md5),
        signed_case("sha256_2048", KEY_2048, DigestAlgorithm::Sha256),
    ];
    for case in &cases {
        let mut group = c.benchmark_group(format!("verify_{}", case.name));
        group.bench_function("cardbind", |b| {
            b.iter(|| {
                case.key
                    .verify_pkcs1v15(case.digest, black_box(MESSAGE), black_box(&case.signature))
                    .expect("valid");
            });
        });
        group.bench_function("rsa_crate", |b| {
            b.iter(|| {
                case.key
                    .verify_pkcs1v15_reference(case.digest, black_box(MESSAGE), black_box(&case.signature))
                    .expect("valid");
            });
        });
        #[cfg(feature = "openssl-baseline")]
        {
            assert!(case.openssl.verify(case.digest, MESSAGE, &case.signature));
            group.bench_function("openssl", |b| {
                b.iter(|| {
                    assert!(case
                        .openssl
                        .verify(case.digest, black_box(MESSAGE), black_box(&case.signature)));
                });
            });
            group.bench_function("openssl_raw_op", |b| {
                b.iter(|| case.openssl.raw_public_op(black_box(&case.signature)));
            });
        }
        group.finish();
    }
}

/// A LianLian card-bind-verify success response (fields from the provider's documentation).
fn lianlian_response(sign_b64: &str) -> String {
    format!(
        concat!(
            "{{\"ret_code\":\"0000\",\"ret_msg\":\"交易成功\",\"oid_partner\":\"201103171000000000\",",
            "\"user_id\":\"2013051500001\",\"card_no\":\"6222021123\",\"no_agree\":\"2013051613121201\",",
            "\"sign_type\":\"RSA\",\"sign\":\"{}\"}}"
        ),
        sign_b64
    )
}

/// JSON → sorted `k=v&…` string (sign excluded) → base64 signature → MD5withRSA verify, decoding
/// without copies: keys and raw values are borrowed from the input, and a string value is used in
/// place unless it has escapes (then it alone is decoded). A LianLian codec can decode this way.
fn decode_and_verify(json: &str, rule: &CanonicalRule, key: &PublicKey) -> bool {
    let Ok(fields) = object_pairs(json) else {
        return false;
    };
    let values: Vec<(&str, Option<Cow<'_, str>>)> = fields.iter().map(|&(k, v)| (k, json_string(v))).collect();
    let Some((_, Some(sign))) = values.iter().find(|(k, _)| *k == "sign") else {
        return false;
    };
    let Ok(canonical) = rule.build(values.iter().map(|(k, v)| (*k, v.as_deref()))) else {
        return false;
    };
    key.verify_pkcs1v15_base64(DigestAlgorithm::Md5, &canonical, sign)
        .is_ok()
}

/// A JSON object's members in document order, keys and values borrowed. (Keys must be free of
/// escapes, as every LianLian key is; a duplicate key reaches `rule.build`, which refuses it.)
fn object_pairs(json: &str) -> Result<Vec<(&str, &RawValue)>, serde_json::Error> {
    struct Pairs;
    impl<'de> serde::de::Visitor<'de> for Pairs {
        type Value = Vec<(&'de str, &'de RawValue)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(map.size_hint().unwrap_or(16));
            while let Some(pair) = map.next_entry()? {
                out.push(pair);
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let pairs = serde::Deserializer::deserialize_map(&mut de, Pairs)?;
    de.end()?;
    Ok(pairs)
}

/// A raw JSON string value, unescaped only if it has escapes; anything else is not a string.
fn json_string(raw: &RawValue) -> Option<Cow<'_, str>> {
    let text = raw.get();
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str::<String>(text).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

/// The same path through a generic `serde_json::Map<String, Value>` (one allocation per key and
/// value, map hashing): what a straightforward decoder costs.
fn decode_and_verify_value_map(json: &str, rule: &CanonicalRule, key: &PublicKey) -> bool {
    let Ok(fields) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json) else {
        return false;
    };
    let Some(sign) = fields.get("sign").and_then(serde_json::Value::as_str) else {
        return false;
    };
    let pairs = fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let Ok(canonical) = rule.build(pairs) else {
        return false;
    };
    key.verify_pkcs1v15_base64(DigestAlgorithm::Md5, &canonical, sign)
        .is_ok()
}

fn lianlian(c: &mut Criterion) {
    let private = PrivateKey::parse(KEY_1024).expect("test key parses");
    let key = private.public_key().clone();
    let mut rng = SeededRng::from_seed([9; 32]);
    let signature = private
        .sign_pkcs1v15(&mut rng, DigestAlgorithm::Md5, MESSAGE)
        .expect("test key signs");
    let json = lianlian_response(&cardbind::encoding::encode_base64(&signature));
    let rule = CanonicalRule::sorted_pairs(KeyOrder::Bytewise);
    assert_eq!(
        rule.build(
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&json)
                .expect("json")
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
        )
        .expect("canonical"),
        MESSAGE,
        "the response's canonical string is the signed message"
    );
    assert!(decode_and_verify(&json, &rule, &key));
    assert!(decode_and_verify_value_map(&json, &rule, &key));
    // Both decoders refuse a tampered response and handle an escaped value.
    let tampered = json.replace("6222021123", "6222021124");
    assert!(!decode_and_verify(&tampered, &rule, &key));
    assert!(!decode_and_verify_value_map(&tampered, &rule, &key));
    let escaped = json.replace("2013051500001", "2013051500\\u00301");
    assert!(decode_and_verify(&escaped, &rule, &key));
    assert!(decode_and_verify_value_map(&escaped, &rule, &key));

    let mut group = c.benchmark_group("lianlian_response");
    group.bench_function("bare_verify", |b| {
        b.iter(|| {
            key.verify_pkcs1v15(DigestAlgorithm::Md5, black_box(MESSAGE), black_box(&signature))
                .expect("valid");
        });
    });
    group.bench_function("full_decode_verify", |b| {
        b.iter(|| assert!(decode_and_verify(black_box(&json), &rule, &key)));
    });
    group.bench_function("full_decode_verify_value_map", |b| {
        b.iter(|| assert!(decode_and_verify_value_map(black_box(&json), &rule, &key)));
    });
    group.finish();
}

#[cfg(feature = "openssl-baseline")]
mod openssl_baseline {
    use cardbind::{DigestAlgorithm, PublicKey};
    use openssl::hash::MessageDigest;
    use openssl::pkey::{PKey, Public};
    use openssl::rsa::{Padding, Rsa};
    use openssl::sign::Verifier;

    /// The same public key, loaded into OpenSSL.
    pub struct Key {
        pkey: PKey<Public>,
        rsa: Rsa<Public>,
    }

    impl Key {
        pub fn new(key: &PublicKey) -> Self {
            let pkey = PKey::public_key_from_der(&key.to_spki_der()).expect("openssl reads the SPKI");
            let rsa = pkey.rsa().expect("an RSA key");
            Self { pkey, rsa }
        }

        /// A complete verify as an application does it: EVP digest-verify with a fresh context.
        pub fn verify(&self, digest: DigestAlgorithm, message: &[u8], signature: &[u8]) -> bool {
            let md = match digest {
                DigestAlgorithm::Md5 => MessageDigest::md5(),
                DigestAlgorithm::Sha1 => MessageDigest::sha1(),
                DigestAlgorithm::Sha256 => MessageDigest::sha256(),
            };
            let mut verifier = Verifier::new(md, &self.pkey).expect("verifier");
            verifier.update(message).expect("update");
            verifier.verify(signature).unwrap_or(false)
        }

        /// Only `s^e mod n` (no digest, no padding check): OpenSSL's floor for one verify.
        pub fn raw_public_op(&self, signature: &[u8]) -> usize {
            let mut out = [0u8; 512];
            self.rsa
                .public_decrypt(signature, &mut out, Padding::NONE)
                .expect("raw op")
        }
    }
}

criterion_group!(benches, verify, lianlian);
criterion_main!(benches);
