//! Differential tests of the fast RSASSA-PKCS1-v1_5 verifier against the `rsa` crate (issue 5).
//!
//! `PublicKey::verify_pkcs1v15` runs cardbind's own variable-time Montgomery arithmetic;
//! `PublicKey::verify_pkcs1v15_reference` runs the `rsa` crate. On thousands of seeded random
//! (key, message, digest) cases, valid and corrupted, the two must agree, and the fast path must
//! name the exact reason for a refusal. Keys are the committed test keys (1024/2048/4096 bits,
//! e = 65537 and e = 3). Signatures are made once per (key, digest, message) and reused, which
//! keeps the debug build fast; 4096-bit cases are few for the same reason.

use std::sync::OnceLock;

use base64::Engine as _;
use cardbind::rng::SeededRng;
use cardbind::{DigestAlgorithm, KeyError, PrivateKey, PublicKey, SignatureError};
use num_bigint::BigUint;
use pkcs1::der::Encode as _;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/vectors");
const ALL_DIGESTS: [DigestAlgorithm; 3] = [DigestAlgorithm::Md5, DigestAlgorithm::Sha1, DigestAlgorithm::Sha256];

/// A committed test key with what the tests need of it.
struct TestKey {
    name: &'static str,
    private: PrivateKey,
    public: PublicKey,
    /// The numbers, read without cardbind, for the raw private operation.
    raw: RawKey,
    /// Modulus, `k` big-endian bytes.
    n: Vec<u8>,
    /// Signed messages per digest in the shared pool.
    per_digest: usize,
    /// Random corruptions tried per signed message.
    rounds: usize,
}

impl TestKey {
    fn k(&self) -> usize {
        self.n.len()
    }
}

/// (name, signed messages per digest, corruption rounds per signed message).
const KEY_PLAN: [(&str, usize, usize); 6] = [
    ("test-rsa-1024", 4, 80),
    ("test-rsa-1024b", 2, 80),
    ("test-rsa-1024-e3", 4, 80),
    ("test-rsa-2048", 2, 50),
    ("test-rsa-2048-e3", 2, 50),
    ("test-rsa-4096", 1, 12),
];

fn keys() -> &'static [TestKey] {
    static KEYS: OnceLock<Vec<TestKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        KEY_PLAN
            .iter()
            .map(|&(name, per_digest, rounds)| {
                let pem = std::fs::read_to_string(format!("{VECTORS}/keys/{name}-private-pkcs8.pem")).unwrap();
                let private = PrivateKey::parse(&pem).unwrap();
                let public = PublicKey::parse(
                    std::fs::read_to_string(format!("{VECTORS}/keys/{name}-public-spki.pem")).unwrap(),
                )
                .unwrap();
                assert_eq!(&public, private.public_key(), "{name}");
                let raw = RawKey::from_pkcs8_pem(&pem);
                let n = raw.n.to_bytes_be();
                assert_eq!(n.len(), public.size(), "{name}");
                TestKey {
                    name,
                    private,
                    public,
                    raw,
                    n,
                    per_digest,
                    rounds,
                }
            })
            .collect()
    })
}

/// A key's numbers, read from its PKCS#8 PEM by the `pkcs8`/`pkcs1` crates, not by cardbind.
struct RawKey {
    n: BigUint,
    e: BigUint,
    d: BigUint,
}

impl RawKey {
    fn from_pkcs8_pem(pem: &str) -> Self {
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
        let info = pkcs8::PrivateKeyInfoRef::try_from(der.as_slice()).unwrap();
        let key = pkcs1::RsaPrivateKeyRef::try_from(info.private_key).unwrap();
        let big = |x: pkcs1::UintRef<'_>| BigUint::from_bytes_be(x.as_bytes());
        Self {
            n: big(key.modulus),
            e: big(key.public_exponent),
            d: big(key.private_exponent),
        }
    }
}

/// Bit length of `x`.
fn bits(x: &BigUint) -> usize {
    usize::try_from(x.bits()).unwrap()
}

fn key(name: &str) -> &'static TestKey {
    keys().iter().find(|k| k.name == name).unwrap()
}

/// One valid signature: made once, reused by every test.
struct Signed {
    key: &'static TestKey,
    digest: DigestAlgorithm,
    message: Vec<u8>,
    signature: Vec<u8>,
}

fn random_message(rng: &mut SeededRng) -> Vec<u8> {
    let len = usize::try_from(rng.next_u32() % 600).unwrap();
    let mut m = vec![0; len];
    rng.fill_bytes(&mut m);
    m
}

fn pool() -> &'static [Signed] {
    static POOL: OnceLock<Vec<Signed>> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut rng = SeededRng::from_seed(*b"cardbind verify differential 001");
        let mut out = Vec::new();
        for key in keys() {
            for digest in ALL_DIGESTS {
                for i in 0..key.per_digest {
                    // The first message is empty: the edge case every implementation must get right.
                    let message = if i == 0 { Vec::new() } else { random_message(&mut rng) };
                    let signature = key.private.sign_pkcs1v15(&mut rng, digest, &message).unwrap();
                    out.push(Signed {
                        key,
                        digest,
                        message,
                        signature,
                    });
                }
            }
        }
        out
    })
}

/// Both verifiers on one input; returns the fast path's answer after checking they agree.
fn both(key: &PublicKey, digest: DigestAlgorithm, message: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
    let fast = key.verify_pkcs1v15(digest, message, signature);
    let reference = key.verify_pkcs1v15_reference(digest, message, signature);
    assert_eq!(
        fast.is_ok(),
        reference.is_ok(),
        "fast {fast:?} vs rsa crate {reference:?} ({digest:?}, {}-byte key, {}-byte message)",
        key.size(),
        message.len()
    );
    fast
}

/// The refusal a `k`-byte non-signature must get: equal-length big-endian strings compare like numbers.
fn refusal_for(signature: &[u8], n: &[u8]) -> SignatureError {
    if signature >= n {
        SignatureError::OutOfRange
    } else {
        SignatureError::Mismatch
    }
}

fn flip_bit(bytes: &[u8], bit: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[bit / 8] ^= 0x80 >> (bit % 8);
    out
}

fn below(rng: &mut SeededRng, bound: usize) -> usize {
    usize::try_from(rng.next_u64() % u64::try_from(bound).unwrap()).unwrap()
}

fn biguint_to_k_bytes(x: &BigUint, k: usize) -> Vec<u8> {
    let bytes = x.to_bytes_be();
    let mut out = vec![0; k - bytes.len()];
    out.extend_from_slice(&bytes);
    out
}

/// A corrupted case: (message, signature, digest, the exact refusal the fast path must give).
type Corrupted = (Vec<u8>, Vec<u8>, DigestAlgorithm, SignatureError);

/// The item's message and digest with another signature, and the refusal that signature must get.
fn with_signature(item: &Signed, bad: Vec<u8>) -> Corrupted {
    let k = item.key.k();
    let expected = if bad.len() == k {
        refusal_for(&bad, &item.key.n)
    } else {
        SignatureError::Length {
            expected: k,
            actual: bad.len(),
        }
    };
    (item.message.clone(), bad, item.digest, expected)
}

/// Corruption number `round` (mod 10) of pool entry `index`.
fn corrupt(pool: &[Signed], index: usize, round: usize, rng: &mut SeededRng) -> Corrupted {
    let item = &pool[index];
    let key = item.key;
    let k = key.k();
    let mismatch =
        |message: Vec<u8>, signature: &[u8], digest| (message, signature.to_vec(), digest, SignatureError::Mismatch);
    match round % 10 {
        0 => with_signature(item, flip_bit(&item.signature, below(rng, k * 8))),
        1 => {
            let mut bad = item.signature.clone();
            let at = below(rng, k);
            bad[at] = bad[at].wrapping_add(1 + u8::try_from(below(rng, 255)).unwrap());
            with_signature(item, bad)
        }
        2 => {
            let message = if item.message.is_empty() {
                vec![u8::try_from(below(rng, 256)).unwrap()]
            } else {
                flip_bit(&item.message, below(rng, item.message.len() * 8))
            };
            mismatch(message, &item.signature, item.digest)
        }
        3 => {
            let mut message = item.message.clone();
            if message.pop().is_none() {
                message = b"\0".to_vec();
            }
            mismatch(message, &item.signature, item.digest)
        }
        4 => {
            let at = ALL_DIGESTS.iter().position(|&d| d == item.digest).unwrap();
            let other = ALL_DIGESTS[(at + 1 + below(rng, 2)) % 3];
            mismatch(item.message.clone(), &item.signature, other)
        }
        5 => {
            // A genuine signature by the same key of another message, or under another digest.
            let same_key: Vec<&Signed> = pool
                .iter()
                .enumerate()
                .filter(|(i, s)| *i != index && std::ptr::eq(s.key, key))
                .map(|(_, s)| s)
                .collect();
            let other = same_key[below(rng, same_key.len())];
            mismatch(item.message.clone(), &other.signature, item.digest)
        }
        6 => {
            // A uniformly random k-byte string: about half of them are ≥ n.
            let mut bad = vec![0; k];
            rng.fill_bytes(&mut bad);
            with_signature(item, bad)
        }
        7 => {
            // s + n ≡ s (mod n): the same residue, but not the canonical k-byte signature.
            let lifted = BigUint::from_bytes_be(&item.signature) + BigUint::from_bytes_be(&key.n);
            let bad = if bits(&lifted) <= k * 8 {
                biguint_to_k_bytes(&lifted, k)
            } else {
                vec![0xff; k]
            };
            with_signature(item, bad)
        }
        8 => {
            // Another key of the same size: its genuine signature of its own message.
            let others: Vec<&Signed> = pool
                .iter()
                .filter(|s| !std::ptr::eq(s.key, key) && s.key.k() == k)
                .collect();
            match others.get(below(rng, others.len().max(1))) {
                Some(other) => (
                    other.message.clone(),
                    other.signature.clone(),
                    other.digest,
                    refusal_for(&other.signature, &key.n),
                ),
                None => with_signature(item, flip_bit(&item.signature, k * 8 - 1)),
            }
        }
        _ => {
            // Wrong length: one byte short or long, or something else entirely.
            let len = match below(rng, 4) {
                0 => k - 1,
                1 => k + 1,
                2 => below(rng, k),
                _ => k + 1 + below(rng, k),
            };
            let mut bad = item.signature.clone();
            bad.resize(len, 0);
            with_signature(item, bad)
        }
    }
}

#[test]
fn thousands_of_random_cases_agree_with_the_rsa_crate() {
    let pool = pool();
    let mut rng = SeededRng::from_seed(*b"cardbind verify differential 002");
    let (mut valid, mut refused, mut out_of_range) = (0usize, 0usize, 0usize);
    for (index, item) in pool.iter().enumerate() {
        let key = item.key;
        assert_eq!(both(&key.public, item.digest, &item.message, &item.signature), Ok(()));
        valid += 1;
        for round in 0..key.rounds {
            let (message, signature, digest, expected) = corrupt(pool, index, round, &mut rng);
            let got = both(&key.public, digest, &message, &signature);
            let what = format!("{} {:?} round {round}", key.name, item.digest);
            assert_eq!(got, Err(expected.clone()), "{what}");
            refused += 1;
            out_of_range += usize::from(expected == SignatureError::OutOfRange);
        }
    }
    assert!(valid + refused >= 3000, "{valid} valid + {refused} refused cases");
    assert!(out_of_range >= 100, "{out_of_range} out-of-range cases");
}

#[test]
fn every_pooled_signature_verifies_under_every_derived_form_of_its_key() {
    for item in pool() {
        let spki = PublicKey::parse(item.key.public.to_spki_der()).unwrap();
        assert_eq!(
            spki.verify_pkcs1v15(item.digest, &item.message, &item.signature),
            Ok(())
        );
        assert_eq!(
            item.key.public.verify_pkcs1v15_base64(
                item.digest,
                &item.message,
                &cardbind::encoding::encode_base64(&item.signature)
            ),
            Ok(())
        );
    }
}

#[test]
fn signatures_at_or_above_the_modulus_are_out_of_range_for_both() {
    for key in keys() {
        let k = key.k();
        let n = BigUint::from_bytes_be(&key.n);
        let mut candidates = vec![key.n.clone(), vec![0xff; k]];
        let n_plus_one = biguint_to_k_bytes(&(&n + 1u32), k);
        candidates.push(n_plus_one);
        // The largest k-byte multiple of n, and n with its lowest byte raised where that stays in k bytes.
        let top = BigUint::from_bytes_be(&vec![0xff; k]);
        candidates.push(biguint_to_k_bytes(&(&top / &n * &n), k));
        for digest in ALL_DIGESTS {
            for bad in &candidates {
                assert_eq!(
                    both(&key.public, digest, b"", bad),
                    Err(SignatureError::OutOfRange),
                    "{} {digest:?}",
                    key.name
                );
            }
        }
        // n − 1 and 0, 1 are in range: plain mismatches (0 and 1 are fixed points of s^e).
        let n_minus_one = biguint_to_k_bytes(&(&n - 1u32), k);
        let mut one = vec![0; k];
        one[k - 1] = 1;
        for bad in [n_minus_one, vec![0; k], one] {
            assert_eq!(
                both(&key.public, DigestAlgorithm::Sha256, b"x", &bad),
                Err(SignatureError::Mismatch),
                "{}",
                key.name
            );
        }
    }
}

#[test]
fn a_signature_whose_length_is_not_the_modulus_length_is_refused_by_both() {
    let item = pool().iter().find(|s| s.key.name == "test-rsa-2048").unwrap();
    let k = item.key.k();
    // A leading zero byte keeps the number the same; the length rule still refuses it.
    let mut zero_prefixed = vec![0];
    zero_prefixed.extend_from_slice(&item.signature);
    let cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        vec![0],
        item.signature[1..].to_vec(),
        item.signature[..k - 1].to_vec(),
        zero_prefixed,
        [item.signature.as_slice(), item.signature.as_slice()].concat(),
        item.signature[..128].to_vec(),
    ];
    for bad in cases {
        assert_eq!(
            both(&item.key.public, item.digest, &item.message, &bad),
            Err(SignatureError::Length {
                expected: k,
                actual: bad.len()
            })
        );
    }
}

/// DER `DigestInfo` prefixes, written out here independently of cardbind's table.
fn digest_info(digest: DigestAlgorithm) -> Vec<u8> {
    let (oid, len): (&[u8], u8) = match digest {
        DigestAlgorithm::Md5 => (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05], 16),
        DigestAlgorithm::Sha1 => (&[0x2b, 0x0e, 0x03, 0x02, 0x1a], 20),
        DigestAlgorithm::Sha256 => (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01], 32),
    };
    let oid_len = u8::try_from(oid.len()).unwrap();
    let mut out = vec![0x30, 8 + oid_len + len, 0x30, 4 + oid_len, 0x06, oid_len];
    out.extend_from_slice(oid);
    out.extend_from_slice(&[0x05, 0x00, 0x04, len]);
    out
}

/// `00 01 FF… 00 ‖ tail`, filled to `k` bytes.
fn type1_block(k: usize, tail: &[u8]) -> Vec<u8> {
    let mut em = vec![0x00, 0x01];
    em.resize(k - tail.len() - 1, 0xff);
    em.push(0x00);
    em.extend_from_slice(tail);
    em
}

/// The raw private-key operation `em^d mod n` (test keys only; unblinded is fine here).
fn raw_sign(key: &TestKey, em: &[u8]) -> Vec<u8> {
    let m = BigUint::from_bytes_be(em);
    let n = &key.raw.n;
    assert!(&m < n, "{}: crafted block must be below n", key.name);
    biguint_to_k_bytes(&m.modpow(&key.raw.d, n), key.k())
}

#[test]
fn crafted_encodings_are_refused_by_both_and_only_the_exact_block_passes() {
    let message = b"oid_partner=201408071000001543&ret_code=0000&sign_type=RSA";
    for name in ["test-rsa-1024", "test-rsa-1024-e3"] {
        let key = key(name);
        let k = key.k();
        for digest in ALL_DIGESTS {
            let hash = digest.digest(message);
            let di = digest_info(digest);
            let t = [di.as_slice(), hash.as_slice()].concat();

            // The exact EMSA-PKCS1-v1_5 block, signed raw, matches the real signer: both accept.
            let good = raw_sign(key, &type1_block(k, &t));
            assert_eq!(
                good,
                key.private
                    .sign_pkcs1v15(&mut SeededRng::from_seed([1; 32]), digest, message)
                    .unwrap()
            );
            assert_eq!(both(&key.public, digest, message, &good), Ok(()), "{name} {digest:?}");

            let mut crafted: Vec<(&str, Vec<u8>)> = Vec::new();
            // Garbage after the hash (the Bleichenbacher'06 shape): short padding, right header.
            crafted.push((
                "garbage after hash",
                type1_block(k, &[t.as_slice(), &[0xde, 0xad, 0xbe, 0xef]].concat()),
            ));
            // Garbage between the separator and the DigestInfo.
            crafted.push((
                "garbage before DigestInfo",
                type1_block(k, &[&[0x42; 4], t.as_slice()].concat()),
            ));
            // Block type 2 (encryption padding) instead of 1.
            let mut em = type1_block(k, &t);
            em[1] = 0x02;
            crafted.push(("block type 2", em));
            // One padding byte not 0xFF.
            let mut em = type1_block(k, &t);
            em[5] = 0xfe;
            crafted.push(("non-FF padding byte", em));
            // No 00 separator.
            let mut em = type1_block(k, &t);
            em[k - t.len() - 1] = 0xff;
            crafted.push(("missing separator", em));
            // Leading byte not 00 (stays below n: the moduli's top byte is ≥ 0x80).
            let mut em = type1_block(k, &t);
            em[0] = 0x01;
            crafted.push(("nonzero leading byte", em));
            // Hash without DigestInfo (what "NONEwithRSA" would produce).
            crafted.push(("bare hash", type1_block(k, &hash)));
            // DigestInfo with the NULL parameters left out (lengths adjusted).
            let mut no_null = di.clone();
            let at = no_null.len() - 4;
            no_null.drain(at..at + 2);
            no_null[1] -= 2;
            no_null[3] -= 2;
            crafted.push((
                "DigestInfo without NULL",
                type1_block(k, &[no_null.as_slice(), hash.as_slice()].concat()),
            ));
            // DigestInfo whose outer length is one too long.
            let mut long = t.clone();
            long[1] += 1;
            crafted.push(("DigestInfo length off by one", type1_block(k, &long)));
            // Padding shorter than the 8 bytes RFC 8017 demands, hash repeated to fill.
            let mut short = vec![0x00, 0x01, 0xff, 0xff, 0xff, 0x00];
            while short.len() + t.len() < k {
                short.push(0x00);
            }
            short.extend_from_slice(&t);
            crafted.push(("zeros between short padding and DigestInfo", short));
            for (what, em) in crafted {
                assert_eq!(em.len(), k, "{what}");
                let sig = raw_sign(key, &em);
                assert_eq!(
                    both(&key.public, digest, message, &sig),
                    Err(SignatureError::Mismatch),
                    "{name} {digest:?}: {what}"
                );
            }
        }
    }
}

#[test]
fn every_exponent_bit_change_is_refused() {
    // One signature per 1024-bit key and digest: e = 65537 and e = 3.
    for item in pool().iter().filter(|s| s.key.k() == 128 && s.message.is_empty()) {
        let e = item.key.raw.e.clone();
        for bit in 0..34 {
            let flipped = &e ^ &(BigUint::from(1u32) << bit);
            let got = with_numbers(&item.key.raw.n, &flipped);
            let what = format!("{} {:?} e bit {bit}", item.key.name, item.digest);
            if flipped < BigUint::from(2u32) || bits(&flipped) > 33 {
                let reason = "public exponent must be at least 2 and below 2^33";
                assert_eq!(got.unwrap_err(), KeyError::Inconsistent { reason }, "{what}");
            } else if flipped.to_bytes_be().last().is_some_and(|b| b & 1 == 0) {
                let reason = "public exponent must be odd";
                assert_eq!(got.unwrap_err(), KeyError::Inconsistent { reason }, "{what}");
            } else {
                let public = got.unwrap();
                let verdict = both(&public, item.digest, &item.message, &item.signature);
                assert_eq!(verdict, Err(SignatureError::Mismatch), "{what}");
            }
        }
    }
}

/// A public key with arbitrary numbers (SPKI written by the `pkcs1`/`spki` crates), through
/// cardbind's SPKI parser.
fn with_numbers(n: &BigUint, e: &BigUint) -> Result<PublicKey, KeyError> {
    let (n, e) = (n.to_bytes_be(), e.to_bytes_be());
    let rsa_public_key = pkcs1::RsaPublicKeyRef {
        modulus: pkcs1::UintRef::new(&n).unwrap(),
        public_exponent: pkcs1::UintRef::new(&e).unwrap(),
    }
    .to_der()
    .unwrap();
    let spki = pkcs8::SubjectPublicKeyInfoRef {
        algorithm: pkcs1::ALGORITHM_ID,
        subject_public_key: pkcs1::der::asn1::BitStringRef::new(0, &rsa_public_key).unwrap(),
    }
    .to_der()
    .unwrap();
    PublicKey::parse(spki)
}

/// Flips modulus bit `bit` of the item's key: the key is refused, or the signature is.
fn check_modulus_bit_flip(item: &Signed, bit: usize) -> Result<(), TestCaseError> {
    let n = &item.key.raw.n;
    let n_bits = bits(n);
    let flipped = n ^ &(BigUint::from(1u32) << bit);
    match with_numbers(&flipped, &item.key.raw.e) {
        Ok(public) => {
            prop_assert_eq!(public.size(), item.key.k());
            let n_bytes = biguint_to_k_bytes(&flipped, item.key.k());
            let got = both(&public, item.digest, &item.message, &item.signature);
            prop_assert_eq!(
                got,
                Err(refusal_for(&item.signature, &n_bytes)),
                "{} bit {}",
                item.key.name,
                bit
            );
        }
        // An even modulus, or a 1024-bit one losing its top bit, is refused at parse time.
        Err(err) => {
            let expected = if bit == 0 {
                KeyError::Inconsistent {
                    reason: "modulus must be odd",
                }
            } else {
                prop_assert_eq!(bit, n_bits - 1);
                KeyError::TooSmall { bits: bits(&flipped) }
            };
            prop_assert_eq!(err, expected, "{} bit {}", item.key.name, bit);
        }
    }
    Ok(())
}

#[test]
fn modulus_edge_bit_changes_are_refused() {
    // The bits random picks rarely reach: parity, limb boundaries, the top bit.
    for key in keys() {
        let item = pool().iter().find(|s| std::ptr::eq(s.key, key)).unwrap();
        let n_bits = bits(&key.raw.n);
        for bit in [
            0,
            1,
            63,
            64,
            65,
            n_bits / 2,
            n_bits - 65,
            n_bits - 64,
            n_bits - 2,
            n_bits - 1,
        ] {
            check_modulus_bit_flip(item, bit).unwrap();
        }
    }
}

fn proptest_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x00ca_7db1_d000_0005),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(proptest_config(512))]

    #[test]
    fn any_single_bit_change_of_the_signature_is_refused(pick in any::<prop::sample::Index>(), bit in any::<prop::sample::Index>()) {
        let item = pick.get(pool());
        let bad = flip_bit(&item.signature, bit.index(item.signature.len() * 8));
        let got = both(&item.key.public, item.digest, &item.message, &bad);
        prop_assert_eq!(got, Err(refusal_for(&bad, &item.key.n)));
    }

    #[test]
    fn any_single_bit_change_of_the_message_is_refused(pick in any::<prop::sample::Index>(), bit in any::<prop::sample::Index>()) {
        let item = pick.get(pool());
        // Every pool entry whose message is empty gets a one-byte message instead.
        let message = if item.message.is_empty() {
            vec![1u8 << (bit.index(8))]
        } else {
            flip_bit(&item.message, bit.index(item.message.len() * 8))
        };
        let got = both(&item.key.public, item.digest, &message, &item.signature);
        prop_assert_eq!(got, Err(SignatureError::Mismatch));
    }
}

proptest! {
    // Each case parses a new key (R² mod n is recomputed), so fewer cases.
    #![proptest_config(proptest_config(256))]

    #[test]
    fn any_single_bit_change_of_the_modulus_is_refused(pick in any::<prop::sample::Index>(), bit in any::<prop::sample::Index>()) {
        let item = pick.get(pool());
        check_modulus_bit_flip(item, bit.index(bits(&item.key.raw.n)))?;
    }
}
