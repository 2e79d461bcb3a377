//! Every known-answer vector in `spec/vectors/` against cardbind, byte for byte.
//!
//! The vectors were made by the openssl CLI and Python `cryptography`/`hashlib` (see
//! `spec/vectors/generate.py`); nothing here is derived from cardbind's own output. Each test
//! also counts the vectors it walked, so an emptied or renamed section cannot pass silently.

use std::collections::HashMap;

use base64::Engine as _;
use cardbind::cipher::{
    aes256_ctr, aes_pkcs7_decrypt, aes_pkcs7_encrypt, pkcs1v15_block_capacity, rsa_decrypt_blocks, rsa_encrypt_blocks,
    rsa_oaep_sha1_decrypt, rsa_oaep_sha1_encrypt, rsa_private_encrypt_blocks, rsa_public_decrypt_blocks, AesMode,
};
use cardbind::digest::{hmac_sha256, md5};
use cardbind::encoding::{decode_base64_lenient, decode_hex, encode_base64, encode_hex, Base64Error, HexCase};
use cardbind::rng::SeededRng;
use cardbind::signature::{hmac_sha256_verify, md5_hex_sign, md5_hex_verify};
use cardbind::{
    CanonicalRule, CaseRule, CipherError, DigestAlgorithm, KeyOrder, PrivateKey, PublicKey, SharedSecret,
    SignatureAlgorithm, SignatureError, SignatureRule, SigningKey, VerifyingKey,
};
use serde_json::Value;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/vectors");

fn load(file: &str) -> Value {
    let text = std::fs::read_to_string(format!("{VECTORS}/{file}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn key_pem(name: &str, suffix: &str) -> String {
    std::fs::read_to_string(format!("{VECTORS}/keys/{name}-{suffix}.pem")).unwrap()
}

/// Keys by their `spec/vectors` name, each parsed once.
#[derive(Default)]
struct Keys {
    private: HashMap<String, PrivateKey>,
    public: HashMap<String, PublicKey>,
}

impl Keys {
    fn private(&mut self, name: &str) -> &PrivateKey {
        self.private
            .entry(name.to_owned())
            .or_insert_with(|| PrivateKey::parse(key_pem(name, "private-pkcs8")).unwrap())
    }

    /// From the openssl-written SPKI file, not derived from the private key.
    fn public(&mut self, name: &str) -> &PublicKey {
        self.public
            .entry(name.to_owned())
            .or_insert_with(|| PublicKey::parse(key_pem(name, "public-spki")).unwrap())
    }
}

/// The modulus as `k` big-endian bytes, read by the `spki`/`pkcs1` crates (not cardbind).
fn modulus(name: &str) -> Vec<u8> {
    let pem = key_pem(name, "public-spki");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
    let spki = pkcs8::SubjectPublicKeyInfoRef::try_from(der.as_slice()).unwrap();
    let key = pkcs1::RsaPublicKeyRef::try_from(spki.subject_public_key.as_bytes().unwrap()).unwrap();
    key.modulus.as_bytes().to_vec()
}

fn rng(seed: u8) -> SeededRng {
    SeededRng::from_seed([seed; 32])
}

fn s<'a>(v: &'a Value, field: &str) -> &'a str {
    v.get(field)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("field {field} in {v}"))
}

fn hex(v: &Value, field: &str) -> Vec<u8> {
    decode_hex(s(v, field)).unwrap()
}

fn b64(v: &Value, field: &str) -> Vec<u8> {
    decode_base64_lenient("vector", s(v, field).as_bytes()).unwrap()
}

fn n(v: &Value, field: &str) -> usize {
    usize::try_from(v.get(field).and_then(Value::as_u64).unwrap()).unwrap()
}

fn list<'a>(doc: &'a Value, section: &str) -> &'a [Value] {
    doc.get(section).and_then(Value::as_array).unwrap()
}

fn digest_named(name: &str) -> DigestAlgorithm {
    match name {
        "md5" => DigestAlgorithm::Md5,
        "sha1" => DigestAlgorithm::Sha1,
        "sha256" => DigestAlgorithm::Sha256,
        other => panic!("unknown digest {other}"),
    }
}

const ALL_DIGESTS: [DigestAlgorithm; 3] = [DigestAlgorithm::Md5, DigestAlgorithm::Sha1, DigestAlgorithm::Sha256];

fn flip_bit(bytes: &[u8], bit: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[bit / 8] ^= 0x80 >> (bit % 8);
    out
}

/// What a well-formed but wrong `k`-byte signature must be refused with: equal-length big-endian
/// strings compare like the numbers they encode.
fn refusal_for(signature: &[u8], modulus_be: &[u8]) -> SignatureError {
    assert_eq!(signature.len(), modulus_be.len());
    if signature >= modulus_be {
        SignatureError::OutOfRange
    } else {
        SignatureError::Mismatch
    }
}

// ------------------------------------------------------------------------------------------------
// signatures.json
// ------------------------------------------------------------------------------------------------

struct SigVector {
    id: String,
    key: String,
    digest: DigestAlgorithm,
    message: Vec<u8>,
    signature: Vec<u8>,
    signature_b64: String,
    wrapped: Option<String>,
}

fn signature_vectors() -> Vec<SigVector> {
    let doc = load("signatures.json");
    let vectors: Vec<SigVector> = list(&doc, "vectors")
        .iter()
        .map(|v| {
            let message = hex(v, "message_hex");
            if let Some(text) = v.get("message_utf8").and_then(Value::as_str) {
                assert_eq!(
                    text.as_bytes(),
                    message,
                    "{}: message_utf8 and message_hex agree",
                    s(v, "id")
                );
            }
            SigVector {
                id: s(v, "id").to_owned(),
                key: s(v, "key").to_owned(),
                digest: digest_named(s(v, "digest")),
                message,
                signature: b64(v, "signature_b64"),
                signature_b64: s(v, "signature_b64").to_owned(),
                wrapped: v
                    .get("signature_b64_wrapped")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            }
        })
        .collect();
    // 4 keys × 3 digests × 3 messages, plus the binary message under test-rsa-1024, plus test-rsa-2048-e3.
    assert_eq!(vectors.len(), 48, "signatures.json vector count");
    vectors
}

#[test]
fn our_signer_reproduces_every_openssl_signature_byte_for_byte() {
    let mut keys = Keys::default();
    for v in signature_vectors() {
        let key = keys.private(&v.key);
        assert_eq!(v.signature.len(), key.public_key().size(), "{}", v.id);
        let got = key.sign_pkcs1v15(&mut rng(1), v.digest, &v.message).unwrap();
        assert_eq!(got, v.signature, "{}: signature bytes", v.id);
        let got_b64 = key.sign_pkcs1v15_base64(&mut rng(2), v.digest, &v.message).unwrap();
        assert_eq!(got_b64, v.signature_b64, "{}: one-line base64", v.id);
    }
}

#[test]
fn every_signature_vector_verifies_on_the_fast_path_and_the_reference() {
    let mut keys = Keys::default();
    let mut wrapped = 0;
    for v in signature_vectors() {
        let public = keys.public(&v.key).clone();
        let derived = keys.private(&v.key).public_key().clone();
        assert_eq!(public, derived, "{}: SPKI file is the private key's public half", v.id);
        assert_eq!(
            public.verify_pkcs1v15(v.digest, &v.message, &v.signature),
            Ok(()),
            "{}",
            v.id
        );
        assert_eq!(
            derived.verify_pkcs1v15(v.digest, &v.message, &v.signature),
            Ok(()),
            "{}",
            v.id
        );
        assert_eq!(
            public.verify_pkcs1v15_reference(v.digest, &v.message, &v.signature),
            Ok(()),
            "{}: rsa crate",
            v.id
        );
        let hash = v.digest.digest(&v.message);
        assert_eq!(
            public.verify_pkcs1v15_prehashed(v.digest, &hash, &v.signature),
            Ok(()),
            "{}",
            v.id
        );
        assert_eq!(
            public.verify_pkcs1v15_base64(v.digest, &v.message, &v.signature_b64),
            Ok(()),
            "{}",
            v.id
        );
        if let Some(w) = &v.wrapped {
            assert!(w.contains("\r\n"), "{}: the wrapped form really is wrapped", v.id);
            assert_eq!(
                public.verify_pkcs1v15_base64(v.digest, &v.message, w),
                Ok(()),
                "{}",
                v.id
            );
            let padded = format!("\n  {w}\r\n\t");
            assert_eq!(
                public.verify_pkcs1v15_base64(v.digest, &v.message, &padded),
                Ok(()),
                "{}",
                v.id
            );
            wrapped += 1;
        }
    }
    assert_eq!(wrapped, 4, "test-rsa-1024 md5 vectors carry the wrapped form");
}

#[test]
fn a_flipped_signature_or_message_bit_is_refused_with_the_exact_error() {
    let mut keys = Keys::default();
    let mut moduli: HashMap<String, Vec<u8>> = HashMap::new();
    for v in signature_vectors() {
        let key = keys.public(&v.key).clone();
        let n = moduli.entry(v.key.clone()).or_insert_with(|| modulus(&v.key));
        let bits = v.signature.len() * 8;
        for bit in [0, 1, 7, 8, bits / 2, bits - 9, bits - 1] {
            let bad = flip_bit(&v.signature, bit);
            assert_eq!(
                key.verify_pkcs1v15(v.digest, &v.message, &bad),
                Err(refusal_for(&bad, n)),
                "{}: signature bit {bit}",
                v.id
            );
        }
        // The lowest bits cannot carry the value past n: always a plain mismatch.
        let low = flip_bit(&v.signature, bits - 1);
        assert_eq!(
            key.verify_pkcs1v15_base64(v.digest, &v.message, &encode_base64(&low)),
            Err(SignatureError::Mismatch),
            "{}",
            v.id
        );
        let mut message = v.message.clone();
        if message.is_empty() {
            message.push(0);
        } else {
            message = flip_bit(&message, message.len() * 8 - 1);
        }
        assert_eq!(
            key.verify_pkcs1v15(v.digest, &message, &v.signature),
            Err(SignatureError::Mismatch),
            "{}: message changed",
            v.id
        );
    }
}

#[test]
fn the_wrong_key_refuses_every_vector() {
    let mut keys = Keys::default();
    let other = keys.public("test-rsa-1024b").clone();
    let other_n = modulus("test-rsa-1024b");
    assert_eq!(other_n.len(), 128);
    let (mut same_size, mut out_of_range) = (0, 0);
    for v in signature_vectors() {
        let got = other.verify_pkcs1v15(v.digest, &v.message, &v.signature);
        if v.signature.len() == 128 {
            let expected = refusal_for(&v.signature, &other_n);
            out_of_range += usize::from(expected == SignatureError::OutOfRange);
            assert_eq!(got, Err(expected), "{}", v.id);
            assert_eq!(
                other.verify_pkcs1v15_base64(v.digest, &v.message, &v.signature_b64),
                got,
                "{}",
                v.id
            );
            same_size += 1;
        } else {
            assert_eq!(
                got,
                Err(SignatureError::Length {
                    expected: 128,
                    actual: v.signature.len()
                }),
                "{}",
                v.id
            );
        }
    }
    assert_eq!(
        same_size,
        12 + 9,
        "1024-bit vectors: test-rsa-1024 and test-rsa-1024-e3"
    );
    assert!(out_of_range < same_size, "most wrong-key refusals are mismatches");
}

#[test]
fn a_signature_under_another_digest_is_a_mismatch() {
    let mut keys = Keys::default();
    for v in signature_vectors() {
        let key = keys.public(&v.key).clone();
        for wrong in ALL_DIGESTS.into_iter().filter(|&d| d != v.digest) {
            assert_eq!(
                key.verify_pkcs1v15(wrong, &v.message, &v.signature),
                Err(SignatureError::Mismatch),
                "{} checked as {wrong:?}",
                v.id
            );
            assert_eq!(
                key.verify_pkcs1v15_reference(wrong, &v.message, &v.signature),
                Err(SignatureError::Mismatch),
                "{} checked as {wrong:?} by the rsa crate",
                v.id
            );
            // The right hash under the wrong DigestInfo: same bytes, wrong algorithm identifier.
            let hash = v.digest.digest(&v.message);
            assert_eq!(
                key.verify_pkcs1v15_prehashed(wrong, &hash, &v.signature),
                Err(SignatureError::Mismatch),
                "{}",
                v.id
            );
        }
    }
}

#[test]
fn a_truncated_or_extended_signature_is_a_length_error() {
    let mut keys = Keys::default();
    for v in signature_vectors() {
        let key = keys.public(&v.key).clone();
        let k = v.signature.len();
        let length = |actual| Err(SignatureError::Length { expected: k, actual });
        let truncated = &v.signature[..k - 1];
        assert_eq!(
            key.verify_pkcs1v15(v.digest, &v.message, truncated),
            length(k - 1),
            "{}",
            v.id
        );
        assert_eq!(
            key.verify_pkcs1v15(v.digest, &v.message, &v.signature[1..]),
            length(k - 1),
            "{}",
            v.id
        );
        assert_eq!(
            key.verify_pkcs1v15_base64(v.digest, &v.message, &encode_base64(truncated)),
            length(k - 1),
            "{}",
            v.id
        );
        let mut zero_prefixed = vec![0];
        zero_prefixed.extend_from_slice(&v.signature);
        assert_eq!(
            key.verify_pkcs1v15(v.digest, &v.message, &zero_prefixed),
            length(k + 1),
            "{}",
            v.id
        );
        assert_eq!(key.verify_pkcs1v15(v.digest, &v.message, &[]), length(0), "{}", v.id);
    }
}

#[test]
fn non_base64_and_missing_signatures_get_their_own_errors() {
    let mut keys = Keys::default();
    let v = &signature_vectors()[0];
    assert_eq!(v.id, "rsa-1024-md5-ascii");
    let key = keys.public(&v.key).clone();
    let base64_error = |reason| Err(SignatureError::Base64(Base64Error { field: "sign", reason }));
    let mut starred = v.signature_b64.clone();
    starred.replace_range(10..11, "*");
    assert_eq!(
        key.verify_pkcs1v15_base64(v.digest, &v.message, &starred),
        base64_error("invalid character")
    );
    let url_safe = v.signature_b64.replace('+', "-").replace('/', "_");
    assert_ne!(url_safe, v.signature_b64, "the vector has a + or / to replace");
    assert_eq!(
        key.verify_pkcs1v15_base64(v.digest, &v.message, &url_safe),
        base64_error("invalid character")
    );
    let unpadded = v.signature_b64.trim_end_matches('=');
    assert_ne!(
        unpadded, v.signature_b64,
        "a 128-byte signature's base64 ends in padding"
    );
    assert_eq!(
        key.verify_pkcs1v15_base64(v.digest, &v.message, unpadded),
        base64_error("invalid padding")
    );
    assert_eq!(
        key.verify_pkcs1v15_base64(v.digest, &v.message, "A"),
        base64_error("invalid length")
    );
    assert_eq!(
        key.verify_pkcs1v15_base64(v.digest, &v.message, ""),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        key.verify_pkcs1v15_base64(v.digest, &v.message, " \r\n\t"),
        Err(SignatureError::Missing)
    );
    let rule = SignatureAlgorithm::RsaPkcs1v15 { digest: v.digest };
    assert_eq!(
        rule.verify(&VerifyingKey::Rsa(key.clone()), &v.message, "%%%%"),
        base64_error("invalid character")
    );
}

// ------------------------------------------------------------------------------------------------
// canonical.json
// ------------------------------------------------------------------------------------------------

fn params(case: &Value) -> Vec<(&str, Option<&str>)> {
    case.get("params")
        .and_then(Value::as_object)
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn hex_case(name: &str) -> HexCase {
    match name {
        "lower" => HexCase::Lower,
        "upper" => HexCase::Upper,
        other => panic!("unknown case {other}"),
    }
}

#[test]
fn every_canonical_rule_builds_the_exact_string_to_sign() {
    let doc = load("canonical.json");
    let cases = list(&doc, "cases");
    assert_eq!(cases.len(), 15);
    let mut by_kind: HashMap<&str, usize> = HashMap::new();
    for case in cases {
        let id = s(case, "id");
        // The rule objects in spec/ are cardbind's own serde description of a rule.
        let rule: CanonicalRule = serde_json::from_value(case.get("rule").unwrap().clone()).unwrap();
        *by_kind.entry(s(case.get("rule").unwrap(), "kind")).or_default() += 1;
        let built = rule.build(params(case)).unwrap();
        assert_eq!(String::from_utf8(built).unwrap(), s(case, "canonical"), "{id}");
        // The order the parameters arrive in never matters.
        let mut reversed = params(case);
        reversed.reverse();
        assert_eq!(
            rule.build(reversed).unwrap(),
            s(case, "canonical").as_bytes(),
            "{id}: reversed input"
        );
    }
    assert_eq!(by_kind.get("sorted_pairs"), Some(&13));
    assert_eq!(by_kind.get("wrapped_concat"), Some(&2));
}

#[test]
fn the_named_rule_constructors_match_the_spec_objects() {
    let doc = load("canonical.json");
    let case = |id: &str| list(&doc, "cases").iter().find(|c| s(c, "id") == id).unwrap().clone();
    let parse = |c: &Value| serde_json::from_value::<CanonicalRule>(c.get("rule").unwrap().clone()).unwrap();
    assert_eq!(
        parse(&case("lianlian-apply-rsa-md5")),
        CanonicalRule::sorted_pairs(KeyOrder::Bytewise)
    );
    assert_eq!(
        parse(&case("mixed-case-case-insensitive")),
        CanonicalRule::sorted_pairs(KeyOrder::CaseInsensitive)
    );
    assert_eq!(
        parse(&case("xianjincard-apply-bind-card")),
        CanonicalRule::xianjincard()
    );
}

#[test]
fn every_canonical_case_signature_is_reproduced_and_verified() {
    let doc = load("canonical.json");
    let mut keys = Keys::default();
    let mut schemes: HashMap<String, usize> = HashMap::new();
    for case in list(&doc, "cases") {
        let id = s(case, "id");
        let canonical = s(case, "canonical").as_bytes();
        let sig = case.get("signature").unwrap();
        let scheme = s(sig, "scheme");
        *schemes.entry(scheme.to_owned()).or_default() += 1;
        let rule_canonical: CanonicalRule = serde_json::from_value(case.get("rule").unwrap().clone()).unwrap();
        let (algorithm, signing, verifying, expected) = match scheme {
            "md5_salted" | "md5" => {
                let case_rule = hex_case(s(sig, "case"));
                let expected = s(sig, "expected").to_owned();
                let salt_prefix = sig.get("salt_prefix").and_then(Value::as_str).map(str::to_owned);
                let secret = SharedSecret::new(sig.get("key").and_then(Value::as_str).unwrap_or_default());
                // The direct helper, on the same inputs.
                let direct = match &salt_prefix {
                    Some(p) => md5_hex_sign(canonical, &[p.as_bytes(), secret.expose().as_bytes()], case_rule),
                    None => md5_hex_sign(canonical, &[], case_rule),
                };
                assert_eq!(direct, expected, "{id}: md5_hex_sign");
                let algorithm = SignatureAlgorithm::Md5Hex {
                    salt_prefix,
                    case: case_rule,
                    verify_case: CaseRule::Exact,
                };
                (
                    algorithm,
                    SigningKey::Secret(secret.clone()),
                    VerifyingKey::Secret(secret),
                    expected,
                )
            }
            "rsa_pkcs1v15" => {
                let name = s(sig, "key");
                let algorithm = SignatureAlgorithm::RsaPkcs1v15 {
                    digest: digest_named(s(sig, "digest")),
                };
                (
                    algorithm,
                    SigningKey::Rsa(keys.private(name).clone()),
                    VerifyingKey::Rsa(keys.public(name).clone()),
                    s(sig, "expected_b64").to_owned(),
                )
            }
            other => panic!("{id}: unknown scheme {other}"),
        };
        assert_eq!(
            algorithm.sign(&signing, canonical, &mut rng(3)).unwrap(),
            expected,
            "{id}"
        );
        assert_eq!(algorithm.verify(&verifying, canonical, &expected), Ok(()), "{id}");
        let rule = SignatureRule {
            canonical: rule_canonical,
            algorithm: algorithm.clone(),
        };
        assert_eq!(
            rule.sign(params(case), &signing, &mut rng(4)).unwrap(),
            expected,
            "{id}: whole rule"
        );
        assert_eq!(
            rule.verify(params(case), &verifying, &expected),
            Ok(()),
            "{id}: whole rule"
        );
        let mut tampered = canonical.to_vec();
        tampered.push(b'&');
        assert_eq!(
            algorithm.verify(&verifying, &tampered, &expected),
            Err(SignatureError::Mismatch),
            "{id}: other message"
        );
    }
    assert_eq!(schemes.get("md5_salted"), Some(&8));
    assert_eq!(schemes.get("md5"), Some(&2));
    assert_eq!(schemes.get("rsa_pkcs1v15"), Some(&5));
}

#[test]
fn md5_hex_case_rules_hold_on_every_md5_vector() {
    let doc = load("canonical.json");
    let mut checked = 0;
    for case in list(&doc, "cases") {
        let sig = case.get("signature").unwrap();
        if !s(sig, "scheme").starts_with("md5") {
            continue;
        }
        let id = s(case, "id");
        let case_rule = hex_case(s(sig, "case"));
        let expected = s(sig, "expected");
        let key = sig.get("key").and_then(Value::as_str).unwrap_or_default();
        let prefix = sig.get("salt_prefix").and_then(Value::as_str).unwrap_or_default();
        let salt: Vec<&[u8]> = if prefix.is_empty() {
            vec![]
        } else {
            vec![prefix.as_bytes(), key.as_bytes()]
        };
        let msg = s(case, "canonical").as_bytes();
        let (other_case, other_text) = match case_rule {
            HexCase::Lower => (HexCase::Upper, expected.to_ascii_uppercase()),
            HexCase::Upper => (HexCase::Lower, expected.to_ascii_lowercase()),
        };
        assert_eq!(md5_hex_sign(msg, &salt, other_case), other_text, "{id}");
        assert_eq!(
            md5_hex_verify(msg, &salt, expected, case_rule, CaseRule::Exact),
            Ok(()),
            "{id}"
        );
        assert_eq!(
            md5_hex_verify(msg, &salt, &other_text, case_rule, CaseRule::Exact),
            Err(SignatureError::WrongCase { expected: case_rule }),
            "{id}"
        );
        assert_eq!(
            md5_hex_verify(msg, &salt, &other_text, case_rule, CaseRule::Insensitive),
            Ok(()),
            "{id}"
        );
        assert_eq!(
            md5_hex_verify(msg, &salt, &expected[..31], case_rule, CaseRule::Insensitive),
            Err(SignatureError::MalformedHex),
            "{id}"
        );
        let mut wrong = expected.to_owned();
        let last = if wrong.ends_with('0') { "1" } else { "0" };
        wrong.replace_range(31.., last);
        assert_eq!(
            md5_hex_verify(msg, &salt, &wrong, case_rule, CaseRule::Insensitive),
            Err(SignatureError::Mismatch),
            "{id}"
        );
        checked += 1;
    }
    assert_eq!(checked, 10);
}

// ------------------------------------------------------------------------------------------------
// digests.json
// ------------------------------------------------------------------------------------------------

#[test]
fn every_digest_vector_matches_in_lower_and_upper_hex() {
    let doc = load("digests.json");
    let vectors = list(&doc, "digests");
    assert_eq!(vectors.len(), 4);
    for v in vectors {
        let id = s(v, "id");
        let message = hex(v, "message_hex");
        assert_eq!(s(v, "message_utf8").as_bytes(), message, "{id}");
        for digest in ALL_DIGESTS {
            let expected = s(v, digest.name());
            assert_eq!(expected.len(), digest.output_len() * 2, "{id}");
            let got = digest.digest(&message);
            assert_eq!(encode_hex(&got, HexCase::Lower), expected, "{id} {digest:?}");
            assert_eq!(
                encode_hex(&got, HexCase::Upper),
                expected.to_ascii_uppercase(),
                "{id} {digest:?}"
            );
            // Hashing in pieces is hashing the concatenation.
            let cut = message.len() / 3;
            let parts: [&[u8]; 3] = [&message[..cut], &message[cut..2 * cut], &message[2 * cut..]];
            assert_eq!(digest.digest_parts(&parts), got, "{id} {digest:?} in parts");
        }
        let md5_expected = decode_hex(s(v, "md5")).unwrap();
        let (a, b) = message.split_at(message.len() / 2);
        assert_eq!(md5(&[&message]).to_vec(), md5_expected, "{id}");
        assert_eq!(md5(&[a, b]).to_vec(), md5_expected, "{id}");
    }
}

#[test]
fn every_hmac_sha256_vector_matches_and_a_wrong_tag_is_refused() {
    let doc = load("digests.json");
    let vectors = list(&doc, "hmac_sha256");
    assert_eq!(vectors.len(), 5);
    for v in vectors {
        let id = s(v, "id");
        let key = hex(v, "key_hex");
        let message = hex(v, "message_hex");
        if let Some(text) = v.get("message_utf8").and_then(Value::as_str) {
            assert_eq!(text.as_bytes(), message, "{id}");
        }
        let mac = hex(v, "mac_hex");
        assert_eq!(hmac_sha256(&key, &[&message]).to_vec(), mac, "{id}");
        let (a, b) = message.split_at(message.len() / 2);
        assert_eq!(hmac_sha256(&key, &[a, b]).to_vec(), mac, "{id} in parts");
        assert_eq!(hmac_sha256_verify(&key, &[&message], &mac), Ok(()), "{id}");
        assert_eq!(
            hmac_sha256_verify(&key, &[&message], &flip_bit(&mac, 255)),
            Err(SignatureError::MacMismatch),
            "{id}"
        );
        assert_eq!(
            hmac_sha256_verify(&key, &[&message], &mac[..31]),
            Err(SignatureError::MacMismatch),
            "{id}: truncated tag"
        );
        assert_eq!(
            hmac_sha256_verify(&key, &[&message, b"x"], &mac),
            Err(SignatureError::MacMismatch),
            "{id}: other message"
        );
    }
}

// ------------------------------------------------------------------------------------------------
// encryption.json
// ------------------------------------------------------------------------------------------------

fn plaintext(v: &Value) -> Vec<u8> {
    let from_hex = v
        .get("plaintext_hex")
        .and_then(Value::as_str)
        .map(|h| decode_hex(h).unwrap());
    let from_utf8 = v
        .get("plaintext_utf8")
        .and_then(Value::as_str)
        .map(|t| t.as_bytes().to_vec());
    if let (Some(h), Some(u)) = (&from_hex, &from_utf8) {
        assert_eq!(h, u, "{}: plaintext_hex and plaintext_utf8 agree", s(v, "id"));
    }
    let p = from_hex.or(from_utf8).unwrap();
    if let Some(len) = v.get("plaintext_len") {
        assert_eq!(Some(p.len() as u64), len.as_u64(), "{}", s(v, "id"));
    }
    p
}

#[test]
fn pkcs1v15_ciphertexts_from_openssl_decrypt_to_the_plaintext() {
    let doc = load("encryption.json");
    let mut keys = Keys::default();
    let vectors = list(&doc, "rsa_pkcs1v15");
    assert_eq!(vectors.len(), 8);
    for v in vectors {
        let id = s(v, "id");
        let key = keys.private(s(v, "key")).clone();
        let ct = b64(v, "ciphertext_b64");
        assert_eq!(ct.len(), key.public_key().size(), "{id}: one block");
        assert_eq!(
            rsa_decrypt_blocks(&key, &mut rng(5), &ct).unwrap(),
            plaintext(v),
            "{id}"
        );
        let wrong = keys.private("test-rsa-1024b").clone();
        if ct.len() == 128 {
            assert_eq!(
                rsa_decrypt_blocks(&wrong, &mut rng(6), &ct),
                Err(CipherError::RsaDecrypt),
                "{id}"
            );
        }
        assert_eq!(
            rsa_decrypt_blocks(&key, &mut rng(7), &ct[1..]),
            Err(CipherError::BlockLength {
                len: ct.len() - 1,
                block: ct.len()
            }),
            "{id}"
        );
    }
    let max: Vec<usize> = vectors
        .iter()
        .filter(|v| s(v, "id").ends_with("-max"))
        .map(|v| plaintext(v).len())
        .collect();
    assert_eq!(max, [117, 245], "the max vectors fill a block exactly");
}

#[test]
fn multi_block_pkcs1v15_ciphertexts_decrypt_to_the_json() {
    let doc = load("encryption.json");
    let mut keys = Keys::default();
    let vectors = list(&doc, "rsa_pkcs1v15_blocks");
    assert_eq!(vectors.len(), 2);
    for v in vectors {
        let id = s(v, "id");
        let key = keys.private(s(v, "key")).clone();
        let ct = b64(v, "ciphertext_b64");
        assert_eq!(pkcs1v15_block_capacity(key.public_key()), n(v, "block_plain"), "{id}");
        assert_eq!(key.public_key().size(), n(v, "block_cipher"), "{id}");
        assert_eq!(ct.len(), n(v, "block_cipher") * n(v, "blocks"), "{id}");
        assert_eq!(
            rsa_decrypt_blocks(&key, &mut rng(8), &ct).unwrap(),
            plaintext(v),
            "{id}"
        );
        // Blocks are independent: the last block alone is the plaintext's tail.
        let k = n(v, "block_cipher");
        let tail = plaintext(v)[(n(v, "blocks") - 1) * n(v, "block_plain")..].to_vec();
        assert_eq!(
            rsa_decrypt_blocks(&key, &mut rng(9), &ct[ct.len() - k..]).unwrap(),
            tail,
            "{id}"
        );
    }
}

#[test]
fn type1_private_encryption_is_reproduced_exactly_and_recovered_with_the_public_key() {
    let doc = load("encryption.json");
    let mut keys = Keys::default();
    let vectors = list(&doc, "rsa_private_encrypt_type1");
    assert_eq!(vectors.len(), 6);
    for v in vectors {
        let id = s(v, "id");
        let name = s(v, "key");
        let public = keys.public(name).clone();
        let private = keys.private(name).clone();
        let ct = b64(v, "ciphertext_b64");
        let p = plaintext(v);
        assert_eq!(ct.len(), n(v, "block_cipher") * n(v, "blocks"), "{id}");
        assert_eq!(
            rsa_public_decrypt_blocks(&public, &ct).unwrap(),
            p,
            "{id}: public decrypt"
        );
        assert_eq!(
            rsa_private_encrypt_blocks(&private, &mut rng(10), &p).unwrap(),
            ct,
            "{id}: private encrypt"
        );
        let k = n(v, "block_cipher");
        let last_block = (n(v, "blocks") - 1) * k;
        let corrupted = flip_bit(&ct, last_block * 8 + 8 * k - 1);
        assert_eq!(
            rsa_public_decrypt_blocks(&public, &corrupted),
            Err(CipherError::Type1Padding {
                index: n(v, "blocks") - 1
            }),
            "{id}: corrupted last block"
        );
        assert_eq!(
            rsa_public_decrypt_blocks(&public, &ct[..ct.len() - 1]),
            Err(CipherError::BlockLength {
                len: ct.len() - 1,
                block: k
            }),
            "{id}"
        );
        if name == "test-rsa-1024" {
            let other = keys.public("test-rsa-1024b").clone();
            // Out of range for the other modulus, or in range and decrypting to noise.
            let expected = if ct[..k] >= *modulus("test-rsa-1024b") {
                CipherError::RsaDecrypt
            } else {
                CipherError::Type1Padding { index: 0 }
            };
            assert_eq!(rsa_public_decrypt_blocks(&other, &ct), Err(expected), "{id}: wrong key");
        }
    }
}

#[test]
fn oaep_sha1_ciphertexts_from_cryptography_decrypt_to_the_key() {
    let doc = load("encryption.json");
    let mut keys = Keys::default();
    let vectors = list(&doc, "rsa_oaep_sha1");
    assert_eq!(vectors.len(), 4);
    for v in vectors {
        let id = s(v, "id");
        assert_eq!(
            (s(v, "hash"), s(v, "mgf1_hash"), s(v, "label_hex")),
            ("sha1", "sha1", ""),
            "{id}"
        );
        let key = keys.private(s(v, "key")).clone();
        let ct = b64(v, "ciphertext_b64");
        assert_eq!(
            rsa_oaep_sha1_decrypt(&key, &mut rng(11), &ct).unwrap(),
            plaintext(v),
            "{id}"
        );
        assert_eq!(
            rsa_oaep_sha1_decrypt(&key, &mut rng(12), &flip_bit(&ct, ct.len() * 8 - 1)),
            Err(CipherError::RsaDecrypt),
            "{id}: corrupted"
        );
        assert_eq!(
            rsa_oaep_sha1_decrypt(&key, &mut rng(13), &ct[1..]),
            Err(CipherError::BlockLength {
                len: ct.len() - 1,
                block: ct.len()
            }),
            "{id}"
        );
    }
}

fn aes256_key(v: &Value) -> [u8; 32] {
    hex(v, "key_hex").try_into().unwrap()
}

#[test]
fn aes_256_ctr_vectors_are_reproduced_both_ways() {
    let doc = load("encryption.json");
    let vectors = list(&doc, "aes_256_ctr");
    assert_eq!(vectors.len(), 4);
    for v in vectors {
        let id = s(v, "id");
        let key = aes256_key(v);
        let mut iv_expected = hex(v, "nonce_hex");
        iv_expected.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(hex(v, "iv_hex"), iv_expected, "{id}: iv = nonce ‖ counter 1");
        let iv: [u8; 16] = hex(v, "iv_hex").try_into().unwrap();
        let p = plaintext(v);
        let c = hex(v, "ciphertext_hex");
        assert_eq!(aes256_ctr(&key, &iv, &p), c, "{id}: encrypt");
        assert_eq!(aes256_ctr(&key, &iv, &c), p, "{id}: decrypt");
    }
}

#[test]
fn aes_128_ecb_pkcs7_vectors_are_reproduced_both_ways() {
    let doc = load("encryption.json");
    let vectors = list(&doc, "aes_128_ecb_pkcs7");
    assert_eq!(vectors.len(), 4);
    for v in vectors {
        let id = s(v, "id");
        let key = hex(v, "key_hex");
        let p = plaintext(v);
        let c = b64(v, "ciphertext_b64");
        assert_eq!(c.len(), n(v, "ciphertext_len"), "{id}");
        assert_eq!(aes_pkcs7_encrypt(AesMode::Ecb, &key, &p).unwrap(), c, "{id}: encrypt");
        assert_eq!(aes_pkcs7_decrypt(AesMode::Ecb, &key, &c).unwrap(), p, "{id}: decrypt");
        let mut other_key = key.clone();
        other_key[0] ^= 1;
        let got = aes_pkcs7_decrypt(AesMode::Ecb, &other_key, &c);
        assert!(got.as_deref() != Ok(p.as_slice()), "{id}: wrong key gives {got:?}");
        assert_eq!(
            aes_pkcs7_decrypt(AesMode::Ecb, &key, &c[..c.len() - 1]),
            Err(CipherError::BlockLength {
                len: c.len() - 1,
                block: 16
            }),
            "{id}"
        );
        assert_eq!(
            aes_pkcs7_decrypt(AesMode::Ecb, &key[..15], &c),
            Err(CipherError::AesKeyLength { len: 15 }),
            "{id}"
        );
    }
}

#[test]
fn the_lianlian_pay_load_envelope_opens_component_by_component() {
    let doc = load("encryption.json");
    let vectors = list(&doc, "lianlian_pay_load");
    assert_eq!(vectors.len(), 1);
    let v = &vectors[0];
    let mut keys = Keys::default();
    let platform = keys.private(s(v, "platform_key")).clone();
    let partner = keys.public(s(v, "partner_key")).clone();

    let parts: Vec<&str> = s(v, "pay_load").split('$').collect();
    assert_eq!(parts.len(), 6);
    assert_eq!(parts[0], "lianpay1_0_1");
    let b64part = |i: usize| decode_base64_lenient("pay_load", parts[i].as_bytes()).unwrap();

    let hmac_key = rsa_oaep_sha1_decrypt(&platform, &mut rng(14), &b64part(1)).unwrap();
    assert_eq!(hmac_key, hex(v, "hmac_key_hex"));
    let aes_key = rsa_oaep_sha1_decrypt(&platform, &mut rng(15), &b64part(2)).unwrap();
    assert_eq!(aes_key, hex(v, "aes_key_hex"));
    let nonce = b64part(3);
    assert_eq!(nonce, hex(v, "nonce_hex"));
    let mut iv = nonce.clone();
    iv.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 1]);
    assert_eq!(iv, hex(v, "iv_hex"));
    assert_eq!(parts[4], s(v, "aes_ciphertext_b64"));

    let aes_key: [u8; 32] = aes_key.try_into().unwrap();
    let iv: [u8; 16] = iv.try_into().unwrap();
    let json = aes256_ctr(&aes_key, &iv, &b64part(4));
    assert_eq!(String::from_utf8(json.clone()).unwrap(), s(v, "plaintext_utf8"));

    let hmac_input = format!("{}${}", parts[3], parts[4]);
    assert_eq!(hmac_input, s(v, "hmac_input"));
    assert_eq!(parts[5], s(v, "hmac_b64"));
    let tag = b64part(5);
    assert_eq!(hmac_sha256(&hmac_key, &[hmac_input.as_bytes()]).to_vec(), tag);
    assert_eq!(
        hmac_sha256_verify(&hmac_key, &[parts[3].as_bytes(), b"$", parts[4].as_bytes()], &tag),
        Ok(())
    );
    assert_eq!(
        hmac_sha256_verify(&hmac_key, &[parts[4].as_bytes(), b"$", parts[3].as_bytes()], &tag),
        Err(SignatureError::MacMismatch)
    );

    // The decrypted request carries the partner's MD5withRSA signature over its canonical string.
    let fields: serde_json::Map<String, Value> = serde_json::from_slice(&json).unwrap();
    let sign = fields.get("sign").and_then(Value::as_str).unwrap();
    let canonical = CanonicalRule::sorted_pairs(KeyOrder::Bytewise)
        .build(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .unwrap();
    assert_eq!(
        partner.verify_pkcs1v15_base64(DigestAlgorithm::Md5, &canonical, sign),
        Ok(())
    );
    assert_eq!(
        partner.verify_pkcs1v15_base64(DigestAlgorithm::Sha1, &canonical, sign),
        Err(SignatureError::Mismatch)
    );
}

// ------------------------------------------------------------------------------------------------
// round trips through our own encryptors (the decryptors are pinned by the vectors above)
// ------------------------------------------------------------------------------------------------

/// `len` bytes of `0, step, 2·step, …` modulo 256.
fn pattern(len: usize, step: u8) -> Vec<u8> {
    std::iter::successors(Some(0u8), |b| Some(b.wrapping_add(step)))
        .take(len)
        .collect()
}

#[test]
fn pkcs1v15_block_encryption_round_trips_at_every_block_boundary() {
    let mut keys = Keys::default();
    for name in ["test-rsa-1024", "test-rsa-2048"] {
        let private = keys.private(name).clone();
        let public = keys.public(name).clone();
        let k = public.size();
        let cap = pkcs1v15_block_capacity(&public);
        assert_eq!(cap, k - 11);
        for len in [0, 1, cap - 1, cap, cap + 1, 2 * cap, 3 * cap + 5] {
            let p: Vec<u8> = pattern(len, 7);
            let ct = rsa_encrypt_blocks(&public, &mut rng(16), &p).unwrap();
            assert_eq!(ct.len(), len.div_ceil(cap).max(1) * k, "{name} len {len}");
            assert_eq!(
                rsa_decrypt_blocks(&private, &mut rng(17), &ct).unwrap(),
                p,
                "{name} len {len}"
            );
            // Randomised padding: a second encryption differs but decrypts the same.
            let again = rsa_encrypt_blocks(&public, &mut rng(18), &p).unwrap();
            assert_ne!(again, ct, "{name} len {len}");
            assert_eq!(
                rsa_decrypt_blocks(&private, &mut rng(19), &again).unwrap(),
                p,
                "{name} len {len}"
            );
        }
        assert_eq!(rsa_decrypt_blocks(&private, &mut rng(20), &[]), Err(CipherError::Empty));
    }
}

#[test]
fn type1_and_oaep_round_trip() {
    let mut keys = Keys::default();
    for name in ["test-rsa-1024", "test-rsa-2048"] {
        let private = keys.private(name).clone();
        let public = keys.public(name).clone();
        let cap = pkcs1v15_block_capacity(&public);
        for len in [0, 1, cap, cap + 1, 2 * cap + 3] {
            let p: Vec<u8> = pattern(len, 13);
            let ct = rsa_private_encrypt_blocks(&private, &mut rng(21), &p).unwrap();
            assert_eq!(ct.len(), len.div_ceil(cap).max(1) * public.size(), "{name} len {len}");
            assert_eq!(
                rsa_public_decrypt_blocks(&public, &ct).unwrap(),
                p,
                "{name} type1 len {len}"
            );
            // Deterministic: blinding changes nothing in the output.
            assert_eq!(rsa_private_encrypt_blocks(&private, &mut rng(22), &p).unwrap(), ct);
        }
        let oaep_max = public.size() - 42;
        for len in [0, 16, 32, oaep_max] {
            let p = vec![0xa5; len];
            let ct = rsa_oaep_sha1_encrypt(&public, &mut rng(23), &p).unwrap();
            assert_eq!(ct.len(), public.size());
            assert_eq!(
                rsa_oaep_sha1_decrypt(&private, &mut rng(24), &ct).unwrap(),
                p,
                "{name} oaep {len}"
            );
        }
        assert_eq!(
            rsa_oaep_sha1_encrypt(&public, &mut rng(25), &vec![0; oaep_max + 1]),
            Err(CipherError::RsaEncrypt { max: oaep_max })
        );
    }
}

#[test]
fn aes_modes_round_trip_for_every_key_size_and_length() {
    for key_len in [16, 24, 32] {
        let key: Vec<u8> = pattern(key_len, 1);
        for mode in [AesMode::Ecb, AesMode::CbcZeroIv] {
            for len in [0, 1, 15, 16, 17, 31, 32, 100] {
                let p = vec![0x5a; len];
                let c = aes_pkcs7_encrypt(mode, &key, &p).unwrap();
                assert_eq!(c.len(), (len / 16 + 1) * 16, "{mode:?} {key_len} {len}");
                assert_eq!(
                    aes_pkcs7_decrypt(mode, &key, &c).unwrap(),
                    p,
                    "{mode:?} {key_len} {len}"
                );
            }
        }
    }
    let key = [7u8; 32];
    let iv = [9u8; 16];
    let p = b"cardbind aes-256-ctr round trip, not block aligned";
    assert_eq!(aes256_ctr(&key, &iv, &aes256_ctr(&key, &iv, p)), p);
}

#[test]
fn aes_cbc_zero_iv_pkcs7_vectors_are_reproduced_both_ways() {
    let doc = load("encryption.json");
    let vectors = list(&doc, "aes_cbc_zero_iv_pkcs7");
    assert_eq!(vectors.len(), 4);
    for v in vectors {
        let id = s(v, "id");
        assert_eq!(hex(v, "iv_hex"), [0u8; 16], "{id}: all-zero IV");
        let key = hex(v, "key_hex");
        let p = plaintext(v);
        let c = b64(v, "ciphertext_b64");
        assert_eq!(c.len(), n(v, "ciphertext_len"), "{id}");
        assert_eq!(
            aes_pkcs7_encrypt(AesMode::CbcZeroIv, &key, &p).unwrap(),
            c,
            "{id}: encrypt"
        );
        assert_eq!(
            aes_pkcs7_decrypt(AesMode::CbcZeroIv, &key, &c).unwrap(),
            p,
            "{id}: decrypt"
        );
        // CBC's first block is ECB of (block ⊕ 0); later blocks chain, so ECB differs from then on.
        let ecb = aes_pkcs7_encrypt(AesMode::Ecb, &key, &p).unwrap();
        assert_eq!(ecb[..16], c[..16], "{id}: first block");
        assert_eq!(ecb.len() > 16, ecb != c, "{id}: chaining");
    }
}
