//! Key parsing against the openssl-made key files in `spec/vectors/keys/`.
//!
//! Every form of one key must parse to the same public key; every refused input must get its
//! exact typed error; nothing secret may leak through `Debug`.

use cardbind::digest::DigestAlgorithm;
use cardbind::encoding::{decode_base64_lenient, encode_hex, Base64Error, HexCase};
use cardbind::keys::{DerStructure, KeyEncoding, PemLabel};
use cardbind::{KeyError, KeyMaterial, PrivateKey, PublicKey, SigningKey};

macro_rules! key_file {
    ($($name:expr),+) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/vectors/keys/", $($name),+)).as_slice()
    };
}

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/", $name)).as_slice()
    };
}

/// One RSA key in every form `generate.py` writes for it.
struct KeyForms {
    name: &'static str,
    bits: usize,
    spki_der: &'static [u8],
    public: Vec<(&'static str, &'static [u8], KeyEncoding)>,
    private: Vec<(&'static str, &'static [u8], KeyEncoding)>,
}

macro_rules! key_forms {
    ($name:literal, $bits:expr) => {
        KeyForms {
            name: $name,
            bits: $bits,
            spki_der: key_file!($name, "-public-spki.der"),
            public: vec![
                (
                    "public-spki.pem",
                    key_file!($name, "-public-spki.pem"),
                    KeyEncoding::Pem(PemLabel::PublicKey),
                ),
                (
                    "public-pkcs1.pem",
                    key_file!($name, "-public-pkcs1.pem"),
                    KeyEncoding::Pem(PemLabel::RsaPublicKey),
                ),
                (
                    "public-spki.der",
                    key_file!($name, "-public-spki.der"),
                    KeyEncoding::Der(DerStructure::Spki),
                ),
                (
                    "public-spki.b64",
                    key_file!($name, "-public-spki.b64"),
                    KeyEncoding::Base64(DerStructure::Spki),
                ),
            ],
            private: vec![
                (
                    "private-pkcs8.pem",
                    key_file!($name, "-private-pkcs8.pem"),
                    KeyEncoding::Pem(PemLabel::PrivateKey),
                ),
                (
                    "private-pkcs1.pem",
                    key_file!($name, "-private-pkcs1.pem"),
                    KeyEncoding::Pem(PemLabel::RsaPrivateKey),
                ),
                (
                    "private-pkcs8.der",
                    key_file!($name, "-private-pkcs8.der"),
                    KeyEncoding::Der(DerStructure::Pkcs8),
                ),
                (
                    "private-pkcs8.b64",
                    key_file!($name, "-private-pkcs8.b64"),
                    KeyEncoding::Base64(DerStructure::Pkcs8),
                ),
            ],
        }
    };
}

fn all_key_forms() -> Vec<KeyForms> {
    let mut k1024 = key_forms!("test-rsa-1024", 1024);
    k1024.public.push((
        "public-spki-wrapped.b64",
        key_file!("test-rsa-1024-public-spki-wrapped.b64"),
        KeyEncoding::Base64(DerStructure::Spki),
    ));
    vec![
        k1024,
        key_forms!("test-rsa-2048", 2048),
        key_forms!("test-rsa-4096", 4096),
    ]
}

fn sha256_fingerprint(spki_der: &[u8]) -> String {
    format!(
        "SHA256:{}",
        encode_hex(&DigestAlgorithm::Sha256.digest(spki_der), HexCase::Lower)
    )
}

/// The base64 body of a PEM file, without armour or line breaks.
fn pem_body(pem: &[u8]) -> String {
    std::str::from_utf8(pem)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .flat_map(|l| l.trim().chars())
        .collect()
}

fn pem_der(pem: &[u8]) -> Vec<u8> {
    decode_base64_lenient("test", pem_body(pem).as_bytes()).unwrap()
}

#[test]
fn the_wrapped_base64_fixture_really_has_crlf_and_stray_whitespace() {
    // Guards the fixture itself: a checkout that normalised line endings would hollow out the tests below.
    let wrapped = key_file!("test-rsa-1024-public-spki-wrapped.b64");
    assert!(wrapped.windows(2).any(|w| w == b"\r\n"));
    assert!(wrapped.contains(&b'\t'));
    assert!(wrapped.starts_with(b"\r\n"));
}

#[test]
fn every_form_of_a_key_yields_the_same_public_key_size_and_fingerprint() {
    for key in all_key_forms() {
        let expected = sha256_fingerprint(key.spki_der);
        for (form, bytes, encoding) in &key.public {
            let what = format!("{} {form}", key.name);
            let public = PublicKey::parse(bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(public.bits(), key.bits, "{what}");
            assert_eq!(public.size(), key.bits / 8, "{what}");
            assert_eq!(public.fingerprint(), expected, "{what}");
            assert_eq!(public.to_spki_der(), key.spki_der, "{what}");
            let (material, detected) = KeyMaterial::parse(bytes).unwrap();
            assert_eq!(detected, *encoding, "{what}");
            assert!(matches!(material, KeyMaterial::Public(_)), "{what}");
        }
        for (form, bytes, encoding) in &key.private {
            let what = format!("{} {form}", key.name);
            let private = PrivateKey::parse(bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(private.bits(), key.bits, "{what}");
            assert_eq!(private.public_key().fingerprint(), expected, "{what}");
            assert_eq!(PublicKey::from_private(&private).fingerprint(), expected, "{what}");
            let (material, detected) = KeyMaterial::parse(bytes).unwrap();
            assert_eq!(detected, *encoding, "{what}");
            assert!(matches!(material, KeyMaterial::Private(_)), "{what}");
        }
    }
}

#[test]
fn exponent_3_keys_and_the_second_1024_bit_key_parse_and_differ() {
    let reference = PublicKey::parse(key_file!("test-rsa-1024-public-spki.pem")).unwrap();
    let pairs: [(&[u8], &[u8], usize); 3] = [
        (
            key_file!("test-rsa-1024b-private-pkcs8.pem"),
            key_file!("test-rsa-1024b-public-spki.pem"),
            1024,
        ),
        (
            key_file!("test-rsa-1024-e3-private-pkcs8.pem"),
            key_file!("test-rsa-1024-e3-public-spki.pem"),
            1024,
        ),
        (
            key_file!("test-rsa-2048-e3-private-pkcs8.pem"),
            key_file!("test-rsa-2048-e3-public-spki.pem"),
            2048,
        ),
    ];
    for (private_pem, public_pem, bits) in pairs {
        let private = PrivateKey::parse(private_pem).unwrap();
        let public = PublicKey::parse(public_pem).unwrap();
        assert_eq!(private.bits(), bits);
        assert_eq!(public.bits(), bits);
        assert_eq!(private.public_key(), &public);
        assert_eq!(public.fingerprint(), sha256_fingerprint(&pem_der(public_pem)));
        assert_ne!(public.fingerprint(), reference.fingerprint());
    }
}

#[test]
fn fingerprint_is_sha256_of_the_spki_der_file() {
    let public = PublicKey::parse(key_file!("test-rsa-2048-public-spki.pem")).unwrap();
    let digest = DigestAlgorithm::Sha256.digest(key_file!("test-rsa-2048-public-spki.der"));
    assert_eq!(digest.len(), 32);
    assert_eq!(
        public.fingerprint(),
        format!("SHA256:{}", encode_hex(&digest, HexCase::Lower))
    );
    assert_eq!(public.fingerprint().len(), "SHA256:".len() + 64);
}

#[test]
fn der_whose_last_byte_is_an_ascii_space_parses() {
    // Both DER forms of this key end in 0x20: binary DER must never be whitespace-trimmed.
    let from_pem = PrivateKey::parse(fixture!("test-rsa-1024-der-ends-0x20-private-pkcs8.pem")).unwrap();
    assert_eq!(
        from_pem.public_key().fingerprint(),
        "SHA256:802f46765762b333324745bad56b8ec51eebd54d933e5920a64c1b356f459704"
    );
    let forms: [(&[u8], DerStructure); 2] = [
        (
            fixture!("test-rsa-1024-der-ends-0x20-private-pkcs8.der"),
            DerStructure::Pkcs8,
        ),
        (
            fixture!("test-rsa-1024-der-ends-0x20-private-pkcs1.der"),
            DerStructure::Pkcs1Private,
        ),
    ];
    for (der, structure) in forms {
        assert_eq!(der.last(), Some(&0x20));
        let from_der = PrivateKey::parse(der).unwrap_or_else(|e| panic!("{structure:?}: {e}"));
        assert_eq!(from_der.public_key(), from_pem.public_key());
        assert_eq!(KeyMaterial::parse(der).unwrap().1, KeyEncoding::Der(structure));
    }
    assert_eq!(
        from_pem.to_pkcs8_der().as_slice(),
        fixture!("test-rsa-1024-der-ends-0x20-private-pkcs8.der")
    );
}

#[test]
fn encrypted_pkcs8_pem_is_refused_as_encrypted() {
    let pem = key_file!("test-rsa-1024-private-encrypted.pem");
    let expected = KeyError::Encrypted {
        label: "ENCRYPTED PRIVATE KEY",
    };
    assert_eq!(PrivateKey::parse(pem).unwrap_err(), expected);
    assert_eq!(PublicKey::parse(pem).unwrap_err(), expected);
}

#[test]
fn encrypted_pkcs8_der_and_base64_are_refused_as_encrypted() {
    let pem = key_file!("test-rsa-1024-private-encrypted.pem");
    let expected = KeyError::Encrypted {
        label: "EncryptedPrivateKeyInfo",
    };
    assert_eq!(PrivateKey::parse(pem_der(pem)).unwrap_err(), expected);
    assert_eq!(PrivateKey::parse(pem_body(pem)).unwrap_err(), expected);
}

#[test]
fn legacy_encrypted_pkcs1_pem_is_refused_as_encrypted() {
    let err = PrivateKey::parse(key_file!("test-rsa-1024-private-pkcs1-encrypted.pem")).unwrap_err();
    assert_eq!(
        err,
        KeyError::Encrypted {
            label: "Proc-Type: 4,ENCRYPTED"
        }
    );
}

#[test]
fn ec_keys_are_refused_as_not_rsa_in_pem_and_der() {
    let not_rsa = KeyError::NotRsa {
        algorithm: "EC".to_owned(),
    };
    let private_pem = key_file!("test-ec-p256-private-pkcs8.pem");
    let public_pem = key_file!("test-ec-p256-public-spki.pem");
    assert_eq!(PrivateKey::parse(private_pem).unwrap_err(), not_rsa);
    assert_eq!(PublicKey::parse(public_pem).unwrap_err(), not_rsa);
    assert_eq!(PublicKey::parse(private_pem).unwrap_err(), not_rsa);
    assert_eq!(PrivateKey::parse(pem_der(private_pem)).unwrap_err(), not_rsa);
    assert_eq!(PublicKey::parse(pem_der(public_pem)).unwrap_err(), not_rsa);
    assert_eq!(PublicKey::parse(pem_body(public_pem)).unwrap_err(), not_rsa);
}

#[test]
fn a_512_bit_key_is_too_small_in_either_role() {
    let too_small = KeyError::TooSmall { bits: 512 };
    assert_eq!(
        PrivateKey::parse(key_file!("test-rsa-512-private-pkcs8.pem")).unwrap_err(),
        too_small
    );
    assert_eq!(
        PublicKey::parse(key_file!("test-rsa-512-public-spki.pem")).unwrap_err(),
        too_small
    );
    assert_eq!(
        PublicKey::parse(pem_der(key_file!("test-rsa-512-public-spki.pem"))).unwrap_err(),
        too_small
    );
}

#[test]
fn a_private_key_is_not_accepted_as_a_public_key_in_any_form() {
    for key in all_key_forms() {
        for (form, bytes, _) in &key.private {
            assert_eq!(
                PublicKey::parse(bytes).unwrap_err(),
                KeyError::PrivateWherePublicExpected,
                "{} {form}",
                key.name
            );
        }
    }
}

#[test]
fn a_public_key_is_not_accepted_as_a_private_key_in_any_form() {
    for key in all_key_forms() {
        for (form, bytes, _) in &key.public {
            assert_eq!(
                PrivateKey::parse(bytes).unwrap_err(),
                KeyError::PublicWherePrivateExpected,
                "{} {form}",
                key.name
            );
        }
    }
}

#[test]
fn corrupted_bare_base64_names_the_base64_fault() {
    let good = key_file!("test-rsa-1024-public-spki.b64");
    let mut bad_char = good.to_vec();
    bad_char[10] = b'*';
    assert_eq!(
        PublicKey::parse(&bad_char).unwrap_err(),
        KeyError::Base64(Base64Error {
            field: "key",
            reason: "invalid character"
        })
    );
    // 216 characters minus one: the final quantum is incomplete.
    let truncated = &good[..good.len() - 1];
    assert_eq!(
        PublicKey::parse(truncated).unwrap_err(),
        KeyError::Base64(Base64Error {
            field: "key",
            reason: "invalid padding"
        })
    );
}

#[test]
fn corrupted_base64_inside_pem_armour_names_the_base64_fault() {
    let pem = std::str::from_utf8(key_file!("test-rsa-2048-private-pkcs8.pem")).unwrap();
    let corrupted = pem.replacen("MII", "M!I", 1);
    assert_ne!(corrupted, pem);
    assert_eq!(
        PrivateKey::parse(&corrupted).unwrap_err(),
        KeyError::Base64(Base64Error {
            field: "key",
            reason: "invalid character"
        })
    );
}

#[test]
fn truncated_der_is_malformed_der() {
    let any = KeyError::MalformedDer {
        expected: "key",
        tried: "SubjectPublicKeyInfo, PKCS#8, PKCS#1 public, PKCS#1 private",
    };
    let spki = key_file!("test-rsa-1024-public-spki.der");
    let pkcs8 = key_file!("test-rsa-1024-private-pkcs8.der");
    assert_eq!(PublicKey::parse(&spki[..spki.len() - 1]).unwrap_err(), any);
    assert_eq!(PublicKey::parse(&spki[..40]).unwrap_err(), any);
    assert_eq!(PrivateKey::parse(&pkcs8[..pkcs8.len() - 1]).unwrap_err(), any);
    assert_eq!(PrivateKey::parse(&pkcs8[..pkcs8.len() / 2]).unwrap_err(), any);
}

#[test]
fn der_with_a_flipped_structure_byte_is_malformed_der() {
    let any = KeyError::MalformedDer {
        expected: "key",
        tried: "SubjectPublicKeyInfo, PKCS#8, PKCS#1 public, PKCS#1 private",
    };
    let spki = key_file!("test-rsa-1024-public-spki.der");
    // 30 81 9f | 30 0d 06 09 …: flip the outer length, then the AlgorithmIdentifier tag.
    for index in [2, 3] {
        let mut der = spki.to_vec();
        der[index] ^= 0x01;
        assert_eq!(PublicKey::parse(&der).unwrap_err(), any, "byte {index}");
    }
    let pkcs8 = key_file!("test-rsa-1024-private-pkcs8.der");
    let mut der = pkcs8.to_vec();
    der[3] ^= 0x01;
    assert_eq!(PrivateKey::parse(&der).unwrap_err(), any);
}

#[test]
fn inconsistent_private_key_numbers_are_refused() {
    // Flipping a bit in the middle of the modulus keeps the DER well-formed, but n ≠ p·q.
    let pkcs8 = key_file!("test-rsa-1024-private-pkcs8.der");
    let mut der = pkcs8.to_vec();
    der[100] ^= 0x10;
    assert_eq!(
        PrivateKey::parse(&der).unwrap_err(),
        KeyError::Inconsistent {
            reason: "private key fails RSA consistency checks"
        }
    );
}

#[test]
fn der_corruption_under_a_pem_label_names_the_labelled_structure() {
    let pem = key_file!("test-rsa-1024-public-spki.pem");
    let mut der = pem_der(pem);
    der.truncate(der.len() - 2);
    let rearmoured = format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        cardbind::encoding::encode_base64(&der)
    );
    assert_eq!(
        PublicKey::parse(rearmoured).unwrap_err(),
        KeyError::MalformedDer {
            expected: "public key",
            tried: "SubjectPublicKeyInfo"
        }
    );
}

#[test]
fn broken_pem_armour_is_malformed_pem() {
    let pem = std::str::from_utf8(key_file!("test-rsa-1024-public-spki.pem")).unwrap();
    let no_end = pem.replace("-----END PUBLIC KEY-----", "");
    assert_eq!(
        PublicKey::parse(no_end).unwrap_err(),
        KeyError::MalformedPem {
            reason: "missing or mismatched END line"
        }
    );
    let mismatched = pem.replace("-----END PUBLIC KEY-----", "-----END RSA PUBLIC KEY-----");
    assert_eq!(
        PublicKey::parse(mismatched).unwrap_err(),
        KeyError::MalformedPem {
            reason: "missing or mismatched END line"
        }
    );
    let certificate = pem.replace("PUBLIC KEY", "CERTIFICATE");
    assert_eq!(
        PublicKey::parse(certificate).unwrap_err(),
        KeyError::UnsupportedPemLabel {
            label: "CERTIFICATE".to_owned()
        }
    );
}

#[test]
fn private_key_debug_shows_no_key_material() {
    let pems: [&[u8]; 4] = [
        key_file!("test-rsa-1024-private-pkcs8.pem"),
        key_file!("test-rsa-1024-private-pkcs1.pem"),
        key_file!("test-rsa-2048-private-pkcs8.pem"),
        key_file!("test-rsa-4096-private-pkcs8.pem"),
    ];
    for pem in pems {
        let key = PrivateKey::parse(pem).unwrap();
        let debug_views = [
            format!("{key:?}"),
            format!("{key:#?}"),
            format!("{:?}", KeyMaterial::parse(pem).unwrap()),
            format!("{:?}", SigningKey::Rsa(key.clone())),
        ];
        let body = pem_body(pem);
        let der_hex = encode_hex(&pem_der(pem), HexCase::Lower);
        for view in &debug_views {
            assert!(view.contains(&format!("bits: {}", key.bits())), "{view}");
            for secret in [&body, &der_hex] {
                let leaked = secret
                    .as_bytes()
                    .windows(16)
                    .find(|w| view.contains(std::str::from_utf8(w).unwrap()));
                assert!(leaked.is_none(), "Debug output leaks key material: {view}");
            }
        }
    }
}

#[test]
fn exported_forms_reparse_to_the_same_key() {
    for key in all_key_forms() {
        let (_, private_pem, _) = key.private[0];
        let private = PrivateKey::parse(private_pem).unwrap();
        let public = private.public_key();
        assert_eq!(&PublicKey::parse(public.to_spki_pem()).unwrap(), public, "{}", key.name);
        assert_eq!(&PublicKey::parse(public.to_base64()).unwrap(), public, "{}", key.name);
        assert_eq!(&PublicKey::parse(public.to_spki_der()).unwrap(), public, "{}", key.name);
        let reparsed = PrivateKey::parse(private.to_pkcs8_pem().as_bytes()).unwrap();
        assert_eq!(reparsed.public_key(), public, "{}", key.name);
        // The exported PKCS#8 is the very DER openssl wrote.
        assert_eq!(
            private.to_pkcs8_der().as_slice(),
            pem_der(private_pem).as_slice(),
            "{}",
            key.name
        );
        assert_eq!(public.to_spki_der(), key.spki_der, "{}", key.name);
        assert!(public.to_spki_pem().starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert!(private.to_pkcs8_pem().starts_with("-----BEGIN PRIVATE KEY-----\n"));
    }
}

#[test]
fn exported_spki_pem_matches_the_openssl_file_byte_for_byte() {
    let pem = key_file!("test-rsa-1024-public-spki.pem");
    let public = PublicKey::parse(pem).unwrap();
    assert_eq!(public.to_spki_pem().as_bytes(), pem);
    assert_eq!(
        public.to_base64().as_bytes(),
        key_file!("test-rsa-1024-public-spki.b64")
    );
}

/// Minimal DER writer for synthetic keys whose numbers break a rule.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap());
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
        out.push(0x80 | u8::try_from(bytes.len()).unwrap());
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

fn der_uint(be: &[u8]) -> Vec<u8> {
    let mut content = Vec::new();
    if be.first().is_some_and(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(be);
    der(0x02, &content)
}

fn pkcs1_public_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    der(0x30, &[der_uint(n), der_uint(e)].concat())
}

fn spki_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let algorithm = der(0x30, &[der(0x06, RSA_ENCRYPTION), der(0x05, &[])].concat());
    let bits = der(0x03, &[&[0x00][..], &pkcs1_public_der(n, e)].concat());
    der(0x30, &[algorithm, bits].concat())
}

/// An odd modulus of `bytes` bytes with its top bit set.
fn synthetic_modulus(bytes: usize) -> Vec<u8> {
    let mut n = vec![0x5a; bytes];
    n[0] = 0xc5;
    n[bytes - 1] = 0x01;
    n
}

#[test]
fn synthetic_der_writer_makes_keys_that_parse() {
    // Proves the writer below is sound, so the refusals that follow are about the numbers.
    let key = PublicKey::parse(spki_der(&synthetic_modulus(256), &[0x01, 0x00, 0x01])).unwrap();
    assert_eq!(key.bits(), 2048);
    let key = PublicKey::parse(pkcs1_public_der(&synthetic_modulus(128), &[0x03])).unwrap();
    assert_eq!(key.bits(), 1024);
}

#[test]
fn an_8192_bit_key_is_too_large_in_every_public_form() {
    let n = synthetic_modulus(1024);
    let too_large = KeyError::TooLarge { bits: 8192 };
    let spki = spki_der(&n, &[0x01, 0x00, 0x01]);
    let pkcs1 = pkcs1_public_der(&n, &[0x01, 0x00, 0x01]);
    assert_eq!(PublicKey::parse(&spki).unwrap_err(), too_large);
    assert_eq!(PublicKey::parse(&pkcs1).unwrap_err(), too_large);
    assert_eq!(
        PublicKey::parse(cardbind::encoding::encode_base64(&spki)).unwrap_err(),
        too_large
    );
    let pem = |label: &str, der: &[u8]| {
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            cardbind::encoding::encode_base64(der)
        )
    };
    assert_eq!(PublicKey::parse(pem("PUBLIC KEY", &spki)).unwrap_err(), too_large);
    assert_eq!(PublicKey::parse(pem("RSA PUBLIC KEY", &pkcs1)).unwrap_err(), too_large);
}

#[test]
fn a_public_exponent_of_one_is_refused_as_inconsistent() {
    let err = PublicKey::parse(spki_der(&synthetic_modulus(128), &[0x01])).unwrap_err();
    assert_eq!(
        err,
        KeyError::Inconsistent {
            reason: "public exponent must be at least 2 and below 2^33"
        }
    );
}

#[test]
fn an_even_public_exponent_or_modulus_is_refused_as_inconsistent() {
    let err = PublicKey::parse(spki_der(&synthetic_modulus(128), &[0x01, 0x00, 0x00])).unwrap_err();
    assert_eq!(
        err,
        KeyError::Inconsistent {
            reason: "public exponent must be odd"
        }
    );
    let mut even = synthetic_modulus(128);
    even[127] = 0x02;
    for der in [spki_der(&even, &[0x01, 0x00, 0x01]), pkcs1_public_der(&even, &[0x03])] {
        assert_eq!(
            PublicKey::parse(der).unwrap_err(),
            KeyError::Inconsistent {
                reason: "modulus must be odd"
            }
        );
    }
}

// ------------------------------------------------------------------------------------------------
// Private-key numbers (issue 14: checked by cardbind itself, in constant time)
// ------------------------------------------------------------------------------------------------

/// The eight numbers of an openssl-made two-prime key, as the `pkcs1` crate reads them.
struct Pkcs1Numbers {
    n: num_bigint::BigUint,
    e: num_bigint::BigUint,
    d: num_bigint::BigUint,
    p: num_bigint::BigUint,
    q: num_bigint::BigUint,
    dp: num_bigint::BigUint,
    dq: num_bigint::BigUint,
    qinv: num_bigint::BigUint,
}

impl Pkcs1Numbers {
    /// From a PKCS#1 or PKCS#8 PEM file.
    fn of(pem: &[u8]) -> Self {
        let der = pem_der(pem);
        let pkcs1_der = match pkcs8::PrivateKeyInfoRef::try_from(der.as_slice()) {
            Ok(info) => info.private_key.as_bytes(),
            Err(_) => der.as_slice(),
        };
        let key = pkcs1::RsaPrivateKeyRef::try_from(pkcs1_der).unwrap();
        let big = |x: pkcs1::UintRef<'_>| num_bigint::BigUint::from_bytes_be(x.as_bytes());
        Self {
            n: big(key.modulus),
            e: big(key.public_exponent),
            d: big(key.private_exponent),
            p: big(key.prime1),
            q: big(key.prime2),
            dp: big(key.exponent1),
            dq: big(key.exponent2),
            qinv: big(key.coefficient),
        }
    }

    /// PKCS#1 `RSAPrivateKey` DER (version 0) of these numbers, written by the DER writer above.
    fn to_der(&self) -> Vec<u8> {
        let fields = [
            &self.n, &self.e, &self.d, &self.p, &self.q, &self.dp, &self.dq, &self.qinv,
        ];
        let mut content = der(0x02, &[0x00]);
        for x in fields {
            content.extend_from_slice(&der_uint(&x.to_bytes_be()));
        }
        der(0x30, &content)
    }

    /// `d` replaced, with `dp`, `dq` recomputed from it (so only `e·d ≡ 1` can catch it).
    fn with_d(mut self, d: num_bigint::BigUint) -> Self {
        let one = num_bigint::BigUint::from(1u32);
        self.dp = &d % (&self.p - &one);
        self.dq = &d % (&self.q - &one);
        self.d = d;
        self
    }
}

fn inconsistent() -> KeyError {
    KeyError::Inconsistent {
        reason: "private key fails RSA consistency checks",
    }
}

#[test]
fn the_der_writer_reproduces_the_openssl_pkcs1_file() {
    // Proves the rewritten keys below differ from a valid key only in the numbers changed.
    let pem = key_file!("test-rsa-1024-private-pkcs1.pem");
    assert_eq!(Pkcs1Numbers::of(pem).to_der(), pem_der(pem));
}

#[test]
fn crt_values_that_disagree_with_d_p_and_q_are_refused() {
    type Change = fn(&mut Pkcs1Numbers);
    let pem = key_file!("test-rsa-1024-private-pkcs1.pem");
    let cases: [(&str, Change); 4] = [
        ("dP + 2", |k| k.dp += 2u32),
        ("dQ + 2", |k| k.dq += 2u32),
        ("qInv + 2", |k| k.qinv += 2u32),
        ("qInv + p", |k| k.qinv += k.p.clone()),
    ];
    for (what, change) in cases {
        let mut numbers = Pkcs1Numbers::of(pem);
        change(&mut numbers);
        assert_eq!(
            PrivateKey::parse(numbers.to_der()).unwrap_err(),
            inconsistent(),
            "{what}"
        );
    }
}

#[test]
fn a_private_exponent_that_does_not_invert_e_is_refused() {
    let pem = key_file!("test-rsa-1024-private-pkcs1.pem");
    let numbers = Pkcs1Numbers::of(pem);
    let d = &numbers.d + 2u32;
    assert_eq!(
        PrivateKey::parse(numbers.with_d(d).to_der()).unwrap_err(),
        inconsistent()
    );
}

#[test]
fn another_inverse_of_e_modulo_lambda_is_the_same_key() {
    // d + λ(n) inverts e just as well (same CRT exponents); it still fits the modulus' width.
    let pem = key_file!("test-rsa-1024-private-pkcs1.pem");
    let numbers = Pkcs1Numbers::of(pem);
    let one = num_bigint::BigUint::from(1u32);
    let (p1, q1) = (&numbers.p - &one, &numbers.q - &one);
    let gcd = {
        let (mut a, mut b) = (p1.clone(), q1.clone());
        while b != num_bigint::BigUint::from(0u32) {
            (a, b) = (b.clone(), a % b);
        }
        a
    };
    let lambda = &p1 * &q1 / gcd;
    let d = &numbers.d + lambda;
    assert!(d < numbers.n);
    let private = PrivateKey::parse(numbers.with_d(d).to_der()).unwrap();
    let reference = PrivateKey::parse(pem).unwrap();
    assert_eq!(private.public_key(), reference.public_key());
    let mut rng = cardbind::rng::SeededRng::from_seed([3; 32]);
    let signature = private.sign_pkcs1v15(&mut rng, DigestAlgorithm::Sha256, b"x").unwrap();
    assert_eq!(
        reference
            .public_key()
            .verify_pkcs1v15(DigestAlgorithm::Sha256, b"x", &signature),
        Ok(())
    );
}

#[test]
fn a_modulus_that_is_a_prime_squared_has_no_crt_parameters() {
    // n = p² with d, dP, dQ consistent for p − 1: only q⁻¹ mod p (q = p) is missing.
    let numbers = Pkcs1Numbers::of(key_file!("test-rsa-2048-private-pkcs1.pem"));
    let p = numbers.p.clone();
    let one = num_bigint::BigUint::from(1u32);
    let d = numbers.e.modinv(&(&p - &one)).unwrap();
    let square = Pkcs1Numbers {
        n: &p * &p,
        q: p.clone(),
        dp: d.clone(),
        dq: d.clone(),
        d,
        qinv: one,
        ..numbers
    };
    assert_eq!(
        PrivateKey::parse(square.to_der()).unwrap_err(),
        KeyError::Inconsistent {
            reason: "CRT parameters cannot be computed"
        }
    );
}

#[test]
fn a_prime_of_one_is_refused() {
    // p = 1, q = n: the product holds, p − 1 = 0 does not.
    let numbers = Pkcs1Numbers::of(key_file!("test-rsa-1024-private-pkcs1.pem"));
    let one = num_bigint::BigUint::from(1u32);
    let degenerate = Pkcs1Numbers {
        p: one.clone(),
        q: numbers.n.clone(),
        ..numbers
    };
    assert_eq!(PrivateKey::parse(degenerate.to_der()).unwrap_err(), inconsistent());
}

#[test]
fn a_multi_prime_key_is_not_read() {
    // Version 1 with one OtherPrimeInfo: a well-formed three-prime RSAPrivateKey.
    let numbers = Pkcs1Numbers::of(key_file!("test-rsa-1024-private-pkcs1.pem"));
    let two_prime = numbers.to_der();
    let (_, body) = two_prime.split_at(2 + usize::from(two_prime[1] & 0x7f) + 3); // header + version
    let other = der(0x30, &[der_uint(&[7]), der_uint(&[3]), der_uint(&[5])].concat());
    let content = [der(0x02, &[0x01]), body.to_vec(), der(0x30, &other)].concat();
    let multi = der(0x30, &content);
    assert!(pkcs1::RsaPrivateKeyRef::try_from(multi.as_slice()).is_ok_and(|k| k.version() == pkcs1::Version::Multi));
    assert_eq!(
        PrivateKey::parse(&multi).unwrap_err(),
        KeyError::MalformedDer {
            expected: "key",
            tried: "SubjectPublicKeyInfo, PKCS#8, PKCS#1 public, PKCS#1 private",
        }
    );
}

#[test]
fn public_numbers_are_exposed_exactly() {
    for (name, pem, e) in [
        ("1024", key_file!("test-rsa-1024-private-pkcs1.pem"), 65537),
        ("1024-e3", key_file!("test-rsa-1024-e3-private-pkcs8.pem"), 3),
        ("4096", key_file!("test-rsa-4096-private-pkcs1.pem"), 65537),
    ] {
        let numbers = Pkcs1Numbers::of(pem);
        let public = PrivateKey::parse(pem).unwrap().public_key().clone();
        assert_eq!(public.n_be(), numbers.n.to_bytes_be(), "{name}");
        assert_eq!(public.e_be(), numbers.e.to_bytes_be(), "{name}");
        assert_eq!(public.public_exponent(), e, "{name}");
        assert_eq!(public.n_be().len(), public.size(), "{name}");
    }
}

#[test]
fn the_raw_public_operation_is_s_to_the_e_mod_n_and_refuses_what_is_not_below_n() {
    let numbers = Pkcs1Numbers::of(key_file!("test-rsa-1024-private-pkcs1.pem"));
    let public = PublicKey::parse(key_file!("test-rsa-1024-public-spki.pem")).unwrap();
    let k = public.size();
    let to_k = |x: &num_bigint::BigUint| {
        let b = x.to_bytes_be();
        [vec![0; k - b.len()], b].concat()
    };
    for s in [2u32, 3, 65537, 0xdead_beef] {
        let s = num_bigint::BigUint::from(s);
        assert_eq!(
            public.raw_public_operation(&to_k(&s)),
            Some(to_k(&s.modpow(&numbers.e, &numbers.n)))
        );
    }
    let n = to_k(&numbers.n);
    assert_eq!(public.raw_public_operation(&n), None, "n itself");
    assert_eq!(public.raw_public_operation(&n[1..]), None, "short");
    assert_eq!(
        public.raw_public_operation(&[n.as_slice(), &[0]].concat()),
        None,
        "long"
    );
}

mod key_mistakes {
    use cardbind::keys::{KeyError, PrivateKey, PublicKey};
    use cardbind::registry::codec_from_config;
    use cardbind::{CodecError, Provider};
    use serde_json::json;

    const PRIVATE: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
    const PUBLIC: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");
    const OTHER_PUBLIC: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-public-spki.pem");

    #[test]
    fn a_file_path_instead_of_the_key_says_to_pass_the_contents() {
        for path in [
            "/etc/cardbind/lianlian-public.pem",
            "./keys/merchant.pem",
            "~/keys/key.der",
            "C:\\keys\\merchant.pem",
            "merchant_private.key",
        ] {
            assert_eq!(PublicKey::parse(path).unwrap_err(), KeyError::LooksLikePath, "{path}");
            assert_eq!(PrivateKey::parse(path).unwrap_err(), KeyError::LooksLikePath, "{path}");
        }
        let message = KeyError::LooksLikePath.to_string();
        assert!(message.starts_with("this looks like a file path: pass the key's contents (e.g. `open(path).read()`"));
    }

    #[test]
    fn a_body_under_the_other_header_names_both_and_the_fix() {
        let body = PRIVATE
            .trim()
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<Vec<_>>()
            .join("\n");
        let relabelled = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----\n");
        let err = PrivateKey::parse(&relabelled).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the PEM header says `RSA PRIVATE KEY` but the body is a PKCS#8 PrivateKeyInfo: change both armour \
             lines to `PRIVATE KEY` (the body is fine as it is)"
        );
        let public_body = PUBLIC
            .trim()
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<Vec<_>>()
            .join("\n");
        let relabelled = format!("-----BEGIN RSA PUBLIC KEY-----\n{public_body}\n-----END RSA PUBLIC KEY-----\n");
        assert!(matches!(
            PublicKey::parse(&relabelled).unwrap_err(),
            KeyError::HeaderMismatch {
                header: "RSA PUBLIC KEY",
                ..
            }
        ));
    }

    #[test]
    fn an_armour_line_with_four_dashes_is_named() {
        let broken = PUBLIC.replacen("-----BEGIN", "----BEGIN", 1);
        assert_eq!(
            PublicKey::parse(&broken).unwrap_err().to_string(),
            "malformed PEM: the BEGIN line must read `-----BEGIN <label>-----`, five dashes on each side"
        );
        let broken_end = PUBLIC.replacen("-----END PUBLIC KEY-----", "-----END PUBLIC KEY----", 1);
        assert!(PublicKey::parse(&broken_end)
            .unwrap_err()
            .to_string()
            .contains("the END line must read"));
        // The genuine key, and the same key as one line with escaped line breaks, still load.
        PublicKey::parse(PUBLIC).unwrap();
        PublicKey::parse(PUBLIC.trim().replace('\n', "\\n")).unwrap();
    }

    #[test]
    fn our_own_public_key_configured_as_theirs_is_a_config_error_for_every_provider_with_both() {
        let own = |provider: Provider, config: serde_json::Value, field: &str| {
            let Err(CodecError::Config { field: got, reason }) = codec_from_config(provider, &config.to_string())
            else {
                panic!("{provider:?} accepted its own public key as the other side's");
            };
            assert_eq!(got, field, "{provider:?}");
            assert!(reason.starts_with("is the public half of"), "{provider:?}: {reason}");
            assert!(reason.contains("ask them for it"), "{provider:?}: {reason}");
        };
        own(
            Provider::LianLian,
            json!({"oid_partner": "201408071000001543", "environment": "production", "sign_type": "RSA", "our_private_key": PRIVATE, "their_public_key": PUBLIC}),
            "their_public_key",
        );
        own(
            Provider::Yixin,
            json!({"app_id": "a", "base_url": "https://y.example/gw", "our_private_key": PRIVATE, "their_public_key": PUBLIC}),
            "their_public_key",
        );
        own(
            Provider::Huanbei,
            json!({"base_url": "https://h.example", "channel_code": "C",
                   "signing": {"key_version": "1", "our_private_key": PRIVATE, "their_public_key": PUBLIC}}),
            "signing.their_public_key",
        );
        // The other side's key is accepted.
        let fine = json!({"oid_partner": "201408071000001543", "environment": "production", "sign_type": "RSA", "our_private_key": PRIVATE,
                          "their_public_key": OTHER_PUBLIC});
        codec_from_config(Provider::LianLian, &fine.to_string()).unwrap();
    }
}
