//! Inputs and decoders shared by the verify benches (test keys only).

use std::borrow::Cow;
use std::hint::black_box;

use cardbind::rng::SeededRng;
use cardbind::{CanonicalRule, DigestAlgorithm, KeyOrder, PrivateKey, PublicKey};
use serde_json::value::RawValue;

#[allow(dead_code)] // the ratio benches use it, criterion benches do not
pub mod ratio;

pub const KEY_1024: &str = include_str!("../../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
pub const KEY_2048: &str = include_str!("../../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem");

/// A LianLian card-bind-verify canonical string (what the provider signs).
pub const MESSAGE: &[u8] = b"card_no=6222021123&no_agree=2013051613121201&oid_partner=201103171000000000&ret_code=0000&ret_msg=\xe4\xba\xa4\xe6\x98\x93\xe6\x88\x90\xe5\x8a\x9f&sign_type=RSA&user_id=2013051500001";

pub struct Case {
    pub name: &'static str,
    pub digest: DigestAlgorithm,
    pub key: PublicKey,
    pub signature: Vec<u8>,
    #[cfg(feature = "openssl-baseline")]
    pub openssl: openssl_baseline::Key,
}

pub fn signed_case(name: &'static str, pem: &str, digest: DigestAlgorithm) -> Case {
    let private = PrivateKey::parse(pem).expect("test key parses");
    let mut rng = SeededRng::from_seed([7; 32]);
    let signature = private
        .sign_pkcs1v15(&mut rng, digest, MESSAGE)
        .expect("test key signs");
    let key = private.public_key().clone();
    key.verify_pkcs1v15(digest, MESSAGE, &signature)
        .expect("fresh signature verifies");
    #[cfg(feature = "rsa-reference")]
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

/// The four verify cases every bench compares: MD5 and SHA-256 at 1024 and 2048 bits.
pub fn verify_cases() -> [Case; 4] {
    [
        signed_case("md5_1024", KEY_1024, DigestAlgorithm::Md5),
        signed_case("sha256_1024", KEY_1024, DigestAlgorithm::Sha256),
        signed_case("md5_2048", KEY_2048, DigestAlgorithm::Md5),
        signed_case("sha256_2048", KEY_2048, DigestAlgorithm::Sha256),
    ]
}

/// A LianLian card-bind-verify success response (fields from the provider's documentation).
pub fn lianlian_response(sign_b64: &str) -> String {
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
pub fn decode_and_verify(json: &str, rule: &CanonicalRule, key: &PublicKey) -> bool {
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
pub fn decode_and_verify_value_map(json: &str, rule: &CanonicalRule, key: &PublicKey) -> bool {
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

/// The LianLian receive path's inputs, checked: both decoders accept the response, refuse a
/// tampered one and handle an escaped value.
pub struct LianLian {
    pub key: PublicKey,
    pub signature: Vec<u8>,
    pub json: String,
    pub rule: CanonicalRule,
}

impl LianLian {
    /// `verify_pkcs1v15` on the signed message and the raw signature bytes.
    pub fn bare_verify(&self) {
        self.key
            .verify_pkcs1v15(DigestAlgorithm::Md5, black_box(MESSAGE), black_box(&self.signature))
            .expect("valid");
    }

    /// The whole receive path with the borrowing decoder.
    pub fn full_decode_verify(&self) {
        assert!(decode_and_verify(black_box(&self.json), &self.rule, &self.key));
    }

    /// The whole receive path through `serde_json::Map`.
    pub fn full_decode_verify_value_map(&self) {
        assert!(decode_and_verify_value_map(
            black_box(&self.json),
            &self.rule,
            &self.key
        ));
    }
}

pub fn lianlian_case() -> LianLian {
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
    let escaped = json.replace("2013051500001", "20130515000\\u00301");
    assert_ne!(escaped, json);
    assert!(decode_and_verify(&escaped, &rule, &key));
    assert!(decode_and_verify_value_map(&escaped, &rule, &key));
    LianLian {
        key,
        signature,
        json,
        rule,
    }
}

#[cfg(feature = "openssl-baseline")]
pub mod openssl_baseline {
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

/// The same private key in OpenSSL: what an application calls to sign or decrypt.
#[cfg(feature = "openssl-baseline")]
#[allow(dead_code)] // used by sign_ratio only
pub mod openssl_private {
    use cardbind::{DigestAlgorithm, PrivateKey};
    use openssl::hash::MessageDigest;
    use openssl::pkey::{PKey, Private};
    use openssl::rsa::{Padding, Rsa};
    use openssl::sign::Signer;

    pub struct Key {
        pkey: PKey<Private>,
        rsa: Rsa<Private>,
    }

    impl Key {
        pub fn new(key: &PrivateKey) -> Self {
            let pkey = PKey::private_key_from_der(&key.to_pkcs8_der()).expect("openssl reads the PKCS#8");
            let rsa = pkey.rsa().expect("an RSA key");
            Self { pkey, rsa }
        }

        /// EVP digest-sign with a fresh context, as an application does it.
        pub fn sign(&self, digest: DigestAlgorithm, message: &[u8]) -> Vec<u8> {
            let md = match digest {
                DigestAlgorithm::Md5 => MessageDigest::md5(),
                DigestAlgorithm::Sha1 => MessageDigest::sha1(),
                DigestAlgorithm::Sha256 => MessageDigest::sha256(),
            };
            let mut signer = Signer::new(md, &self.pkey).expect("signer");
            signer.update(message).expect("update");
            signer.sign_to_vec().expect("sign")
        }

        pub fn decrypt_oaep(&self, ciphertext: &[u8]) -> Vec<u8> {
            self.decrypt(ciphertext, Padding::PKCS1_OAEP)
        }

        pub fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Vec<u8> {
            self.decrypt(ciphertext, Padding::PKCS1)
        }

        fn decrypt(&self, ciphertext: &[u8], padding: Padding) -> Vec<u8> {
            let mut out = vec![0u8; self.rsa.size() as usize];
            let len = self
                .rsa
                .private_decrypt(ciphertext, &mut out, padding)
                .expect("decrypt");
            out.truncate(len);
            out
        }
    }
}

/// The same private key in the `rsa` crate (0.10): the pure-Rust reference.
#[cfg(feature = "rsa-reference")]
#[allow(dead_code)] // used by sign_ratio only
pub mod rsa_private {
    use cardbind::rng::SeededRng;
    use cardbind::{DigestAlgorithm, PrivateKey};
    use rsa::pkcs8::DecodePrivateKey as _;

    pub struct Key(rsa::PrivateKey);

    impl Key {
        pub fn new(key: &PrivateKey) -> Self {
            Self(rsa::PrivateKey::from_pkcs8_der(&key.to_pkcs8_der()).expect("rsa reads the PKCS#8"))
        }

        pub fn sign(&self, rng: &mut SeededRng, digest: DigestAlgorithm, message: &[u8]) -> Vec<u8> {
            let hash = digest.digest(message);
            let scheme = match digest {
                DigestAlgorithm::Md5 => rsa::Pkcs1v15Sign::new::<md5::Md5>(),
                DigestAlgorithm::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
                DigestAlgorithm::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
            };
            self.0.sign_with_rng(rng, scheme, &hash).expect("sign")
        }

        pub fn decrypt_oaep(&self, rng: &mut SeededRng, ciphertext: &[u8]) -> Vec<u8> {
            self.0
                .decrypt_blinded(rng, rsa::Oaep::<sha1::Sha1>::new(), ciphertext)
                .expect("decrypt")
        }

        pub fn decrypt_pkcs1v15(&self, rng: &mut SeededRng, ciphertext: &[u8]) -> Vec<u8> {
            self.0
                .decrypt_blinded(rng, rsa::Pkcs1v15Encrypt, ciphertext)
                .expect("decrypt")
        }
    }
}
