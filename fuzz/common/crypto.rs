//! Key loading, block RSA / OAEP / AES / `pay_load` decryption, and the fast-vs-reference
//! signature verification differential.

use std::sync::OnceLock;

use base64::Engine as _;
use cardbind::cipher::{self, AesMode};
use cardbind::encoding::encode_base64;
use cardbind::keys::{KeyError, KeyMaterial, PrivateKey, PublicKey};
use cardbind::providers::lianlian::payload;
use cardbind::rng::SeededRng;
use cardbind::DigestAlgorithm;
use num_bigint::BigUint;

use super::Input;

macro_rules! key_file {
    ($name:literal) => {
        include_str!(concat!("../../spec/vectors/keys/", $name))
    };
}

/// Private test keys (PKCS#8 PEM): 1024, 1024 with e = 3, another 1024, 2048, 2048 with e = 3, 4096.
const PRIVATE_PEMS: [&str; 6] = [
    key_file!("test-rsa-1024-private-pkcs8.pem"),
    key_file!("test-rsa-1024-e3-private-pkcs8.pem"),
    key_file!("test-rsa-1024b-private-pkcs8.pem"),
    key_file!("test-rsa-2048-private-pkcs8.pem"),
    key_file!("test-rsa-2048-e3-private-pkcs8.pem"),
    key_file!("test-rsa-4096-private-pkcs8.pem"),
];

/// A test key as cardbind parsed it, and its numbers as the `pkcs8`/`pkcs1` crates read them.
pub struct TestKey {
    pub private: PrivateKey,
    pub public: PublicKey,
    pub reference: ReferenceKey,
}

/// The numbers of a two-prime RSA key, for the textbook private-key operation.
pub struct ReferenceKey {
    n: BigUint,
    e: BigUint,
    p: BigUint,
    q: BigUint,
    dp: BigUint,
    dq: BigUint,
    qinv: BigUint,
}

impl ReferenceKey {
    fn from_pkcs8_pem(pem: &str) -> Self {
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(body)
            .expect("test key is base64");
        let info = pkcs8::PrivateKeyInfoRef::try_from(der.as_slice()).expect("test key is PKCS#8");
        let key = pkcs1::RsaPrivateKeyRef::try_from(info.private_key).expect("test key is PKCS#1 inside");
        let big = |x: pkcs1::UintRef<'_>| BigUint::from_bytes_be(x.as_bytes());
        Self {
            n: big(key.modulus),
            e: big(key.public_exponent),
            p: big(key.prime1),
            q: big(key.prime2),
            dp: big(key.exponent1),
            dq: big(key.exponent2),
            qinv: big(key.coefficient),
        }
    }
}

pub fn test_keys() -> &'static [TestKey] {
    static KEYS: OnceLock<Vec<TestKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        PRIVATE_PEMS
            .iter()
            .map(|pem| {
                let private = PrivateKey::parse(pem).expect("test key parses");
                TestKey {
                    public: private.public_key().clone(),
                    reference: ReferenceKey::from_pkcs8_pem(pem),
                    private,
                }
            })
            .collect()
    })
}

fn rng(seed: u8) -> SeededRng {
    SeededRng::from_seed([seed; 32])
}

// ------------------------------------------------------------------------------------------
// keys

const PEM_LABELS: [&str; 6] = [
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "EC PRIVATE KEY",
];

/// Key loading from arbitrary bytes, raw or wrapped (mode byte): 0 as given, 1 the rest as DER
/// inside PEM armour with a chosen label, 2 the rest as DER in bare base64.
///
/// Invariants: the three entry points agree on what the input is; a parsed key re-exports to
/// SPKI/PKCS#8 DER, PEM and base64 that parse back to the same key.
pub fn keys(data: &[u8]) {
    let mut input = Input::new(data);
    let mode = input.pick(3);
    let label = PEM_LABELS[input.pick(PEM_LABELS.len())];
    let rest = input.rest();
    let text: Vec<u8> = match mode {
        0 => rest.to_vec(),
        1 => {
            let b64 = encode_base64(rest);
            let mut pem = format!("-----BEGIN {label}-----\n");
            for line in b64.as_bytes().chunks(64) {
                pem.push_str(&String::from_utf8_lossy(line));
                pem.push('\n');
            }
            pem.push_str("-----END ");
            pem.push_str(label);
            pem.push_str("-----\n");
            pem.into_bytes()
        }
        _ => encode_base64(rest).into_bytes(),
    };
    check_key_input(&text);
}

fn check_key_input(text: &[u8]) {
    let material = KeyMaterial::parse(text);
    let public = PublicKey::parse(text);
    let private = PrivateKey::parse(text);
    match material {
        Ok((KeyMaterial::Public(key), _)) => {
            assert!(public.as_ref().is_ok_and(|p| *p == key), "PublicKey::parse disagrees");
            assert_eq!(private.err(), Some(KeyError::PublicWherePrivateExpected));
            for exported in [
                key.to_spki_der(),
                key.to_spki_pem().into_bytes(),
                key.to_base64().into_bytes(),
            ] {
                assert!(
                    PublicKey::parse(&exported).is_ok_and(|k| k == key),
                    "public re-export round trip"
                );
            }
        }
        Ok((KeyMaterial::Private(key), _)) => {
            assert_eq!(public.err(), Some(KeyError::PrivateWherePublicExpected));
            assert!(private.as_ref().is_ok_and(|p| p.public_key() == key.public_key()));
            let der = key.to_pkcs8_der();
            let again = PrivateKey::parse(der.as_slice()).expect("own PKCS#8 DER parses");
            assert_eq!(again.public_key(), key.public_key(), "private re-export round trip");
            let pem = key.to_pkcs8_pem();
            assert!(PrivateKey::parse(pem.as_bytes()).is_ok());
        }
        Err(e) => {
            assert_eq!(public.err(), Some(e.clone()), "PublicKey::parse error differs");
            assert_eq!(private.err(), Some(e.clone()), "PrivateKey::parse error differs");
            let _ = e.to_string();
        }
    }
}

// ------------------------------------------------------------------------------------------
// cipher

/// Decryption with garbage and encrypt→decrypt round trips (mode byte):
/// 0 block RSA PKCS#1 v1.5 decryption, 1 RSA-OAEP-SHA1, 2 public-key recovery of type-1 blocks,
/// 3 LianLian `pay_load` opening, 4 AES-PKCS#7 (ECB and CBC), 5 round trips of all of them,
/// 6 a valid `pay_load` with one `$` part replaced by fuzzer text (it must never open to other
/// plaintext).
pub fn cipher(data: &[u8]) {
    let mut input = Input::new(data);
    let mode = input.pick(7);
    let keys = test_keys();
    // The 4096-bit key only for the fast public-key paths: private operations on it are slow.
    let key = &keys[input.pick(if mode == 2 { keys.len() } else { keys.len() - 1 })];
    let part = input.pick(6);
    let aes = input.byte(); // bit 0: ECB or CBC; bits 1-2: key length
    let aes_mode = if aes & 1 == 0 { AesMode::Ecb } else { AesMode::CbcZeroIv };
    let rest = input.rest();
    let mut r = rng(3);
    match mode {
        0 => {
            let _ = cipher::rsa_decrypt_blocks(&key.private, &mut r, rest);
        }
        1 => {
            let _ = cipher::rsa_oaep_sha1_decrypt(&key.private, &mut r, rest);
        }
        2 => {
            if let Ok(plain) = cipher::rsa_public_decrypt_blocks(&key.public, rest) {
                assert!(plain.len() <= rest.len());
            }
        }
        3 => {
            let _ = payload::open(&key.private, &mut r, &String::from_utf8_lossy(rest));
        }
        4 => {
            let (aes_key, ct) = rest.split_at(rest.len().min(aes_key_len(aes >> 1)));
            if let Ok(plain) = cipher::aes_pkcs7_decrypt(aes_mode, aes_key, ct) {
                assert!(plain.len() < ct.len(), "PKCS#7 removes at least one byte");
            }
        }
        5 => round_trips(key, aes_mode, rest, &mut r),
        _ => tampered_pay_load(key, part, rest, &mut r),
    }
}

fn aes_key_len(selector: u8) -> usize {
    match selector % 4 {
        0 => 16,
        1 => 24,
        2 => 32,
        _ => 7, // an invalid length must be a typed error
    }
}

fn round_trips(key: &TestKey, aes_mode: AesMode, plain: &[u8], r: &mut SeededRng) {
    let plain = &plain[..plain.len().min(600)]; // a few RSA blocks at most
    let ct = cipher::rsa_encrypt_blocks(&key.public, r, plain).expect("block encryption of any length");
    assert_eq!(
        cipher::rsa_decrypt_blocks(&key.private, r, &ct).expect("decrypts"),
        plain
    );
    let ct = cipher::rsa_private_encrypt_blocks(&key.private, r, plain).expect("type-1 blocks");
    assert_eq!(
        cipher::rsa_public_decrypt_blocks(&key.public, &ct).expect("recovers"),
        plain
    );
    let oaep_max = key.public.size() - 42;
    if plain.len() <= oaep_max {
        let ct = cipher::rsa_oaep_sha1_encrypt(&key.public, r, plain).expect("OAEP within capacity");
        assert_eq!(
            cipher::rsa_oaep_sha1_decrypt(&key.private, r, &ct).expect("OAEP decrypts"),
            plain
        );
    } else {
        assert!(cipher::rsa_oaep_sha1_encrypt(&key.public, r, plain).is_err());
    }
    for len in [16, 24, 32] {
        let aes_key = vec![0x5a; len];
        let ct = cipher::aes_pkcs7_encrypt(aes_mode, &aes_key, plain).expect("AES encrypts");
        assert_eq!(ct.len() % 16, 0);
        assert_eq!(
            cipher::aes_pkcs7_decrypt(aes_mode, &aes_key, &ct).expect("AES decrypts"),
            plain
        );
    }
    let sealed = payload::seal(&key.public, r, plain).expect("pay_load seals");
    let opened = payload::open(&key.private, r, &sealed).expect("pay_load opens");
    assert_eq!(opened.plaintext.as_slice(), plain);
}

fn tampered_pay_load(key: &TestKey, part: usize, data: &[u8], r: &mut SeededRng) {
    let (plain, replacement) = data.split_at(data.len().min(usize::from(data.first().copied().unwrap_or(0))));
    let sealed = payload::seal(&key.public, r, plain).expect("pay_load seals");
    let mut parts: Vec<String> = sealed.split('$').map(str::to_owned).collect();
    let replacement = String::from_utf8_lossy(replacement).into_owned();
    let changed = parts[part] != replacement;
    parts[part] = replacement;
    let tampered = parts.join("$");
    if let Ok(opened) = payload::open(&key.private, r, &tampered) {
        // Only a no-op change (or whitespace the base64 decoder tolerates) may still open, and
        // then to exactly the sealed plaintext: the MAC covers nonce and ciphertext.
        assert_eq!(
            opened.plaintext.as_slice(),
            plain,
            "tampered pay_load opened to other plaintext"
        );
        let _ = changed;
    }
}

// ------------------------------------------------------------------------------------------
// verify_differential

const DIGESTS: [DigestAlgorithm; 3] = [DigestAlgorithm::Md5, DigestAlgorithm::Sha1, DigestAlgorithm::Sha256];

/// The DigestInfo prefixes typed again from RFC 8017 §9.2 note 1, not imported from
/// `cardbind::signature::digest_info_prefix`: an oracle that shared the table would share its typos.
fn digest_info_prefix(digest: DigestAlgorithm) -> &'static [u8] {
    match digest {
        DigestAlgorithm::Md5 => &[
            0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10,
        ],
        DigestAlgorithm::Sha1 => &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
        ],
        DigestAlgorithm::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
            0x20,
        ],
    }
}

/// EMSA-PKCS1-v1_5 (RFC 8017 §9.2), written independently of cardbind's.
fn emsa(digest: DigestAlgorithm, message: &[u8], k: usize) -> Vec<u8> {
    let t: Vec<u8> = [digest_info_prefix(digest), &digest.digest(message)].concat();
    let mut em = vec![0x00, 0x01];
    em.resize(k - t.len() - 1, 0xff);
    em.push(0x00);
    em.extend_from_slice(&t);
    em
}

/// `em^d mod n` by textbook CRT over the key's own numbers (unblinded: test keys only): a
/// "signature" whose public-key recovery is exactly `em` (reduced mod n), so the fuzzer controls
/// every byte both verifiers see.
#[allow(clippy::many_single_char_names)] // RSA's textbook names
fn raw_sign(key: &TestKey, em: &[u8]) -> Vec<u8> {
    let r = &key.reference;
    let (n, p, q) = (&r.n, &r.p, &r.q);
    let m = BigUint::from_bytes_be(em) % n;
    let m1 = m.modpow(&r.dp, p);
    let m2 = m.modpow(&r.dq, q);
    let h = ((m1 + p - (&m2 % p)) * &r.qinv) % p;
    let s = m2 + h * q;
    debug_assert_eq!(s.modpow(&r.e, n), m);
    let bytes = s.to_bytes_be();
    let k = key.public.size();
    let mut out = vec![0; k - bytes.len()];
    out.extend_from_slice(&bytes);
    out
}

/// The fast verification path and the `rsa` crate must agree on every (key, digest, message,
/// signature). Modes: 0 the signature is fuzzer bytes as given; 1 the fuzzer gives the whole
/// encoded block the signature recovers to; 2 a correct block with fuzzer-chosen byte edits;
/// 3 a genuine signature (both must accept). Modes 1-3 use the keys up to 2048 bits.
pub fn verify_differential(data: &[u8]) {
    let mut input = Input::new(data);
    let keys = test_keys();
    let key_selector = input.pick(keys.len());
    let digest = DIGESTS[input.pick(DIGESTS.len())];
    let mode = input.pick(4);
    // Private-key work (modes 1-3) on the 4096-bit key costs ~10x a 2048-bit one under the
    // fuzzer's instrumentation: that key gets raw signatures only (the fast path's 64-limb case).
    let key = &keys[if mode == 0 {
        key_selector
    } else {
        key_selector % (keys.len() - 1)
    }];
    let msg_len = input.pick(48);
    let message = input.take(msg_len);
    let rest = input.rest();
    let k = key.public.size();
    let signature = match mode {
        0 => rest.to_vec(),
        1 => {
            let mut em = rest.to_vec();
            em.resize(k, 0);
            raw_sign(key, &em)
        }
        2 => {
            let mut em = emsa(digest, message, k);
            for edit in rest.chunks(3) {
                if let [from, offset, xor] = *edit {
                    // From the start (padding, prefix) or from the end (DigestInfo, hash).
                    let offset = usize::from(offset) % k;
                    let at = if from & 1 == 0 { offset } else { k - 1 - offset };
                    em[at] ^= xor;
                }
            }
            raw_sign(key, &em)
        }
        _ => key
            .private
            .sign_pkcs1v15(&mut rng(5), digest, message)
            .expect("signing works"),
    };
    let fast = key.public.verify_pkcs1v15(digest, message, &signature);
    let reference = key.public.verify_pkcs1v15_reference(digest, message, &signature);
    assert_eq!(
        fast.is_ok(),
        reference.is_ok(),
        "fast path {fast:?} vs rsa crate {reference:?} (mode {mode}, {digest:?}, {k}-byte key)"
    );
    if mode == 3 {
        assert!(fast.is_ok(), "a genuine signature was refused");
    }
}

// ------------------------------------------------------------------------------------------
// private_differential

/// `em^e mod n` (the textbook public operation), as `k` bytes; `em` is reduced mod n first.
fn textbook_encrypt(key: &TestKey, em: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let r = &key.reference;
    let k = key.public.size();
    let m = BigUint::from_bytes_be(em) % &r.n;
    let pad = |x: &BigUint| {
        let bytes = x.to_bytes_be();
        let mut out = vec![0; k - bytes.len()];
        out.extend_from_slice(&bytes);
        out
    };
    (pad(&m.modpow(&r.e, &r.n)), pad(&m))
}

/// MGF1 with SHA-1, written independently of cardbind's.
fn mgf1_sha1(seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 20);
    for counter in 0u32.. {
        if out.len() >= len {
            break;
        }
        out.extend_from_slice(&DigestAlgorithm::Sha1.digest(&[seed, &counter.to_be_bytes()].concat()));
    }
    out.truncate(len);
    out
}

fn xor(a: &[u8], b: &[u8]) -> Vec<u8> {
    a.iter().zip(b).map(|(x, y)| x ^ y).collect()
}

/// RFC 8017 §7.1.1 with SHA-1 and an empty label.
fn oaep_encode(message: &[u8], seed: &[u8; 20], k: usize) -> Option<Vec<u8>> {
    let ps = k.checked_sub(message.len() + 42)?;
    let db = [&DigestAlgorithm::Sha1.digest(b"")[..], &vec![0; ps], &[1], message].concat();
    let masked_db = xor(&db, &mgf1_sha1(seed, db.len()));
    let masked_seed = xor(seed, &mgf1_sha1(&masked_db, 20));
    Some([&[0u8][..], &masked_seed, &masked_db].concat())
}

/// RFC 8017 §7.1.2 step 3, branching freely (a reference, not a constant-time decoder).
fn oaep_decode(em: &[u8]) -> Option<Vec<u8>> {
    let (&y, rest) = em.split_first()?;
    if rest.len() < 41 {
        return None;
    }
    let (masked_seed, masked_db) = rest.split_at(20);
    let seed = xor(masked_seed, &mgf1_sha1(masked_db, 20));
    let db = xor(masked_db, &mgf1_sha1(&seed, masked_db.len()));
    let (lhash, tail) = db.split_at(20);
    let one = tail.iter().position(|&b| b != 0)?;
    (y == 0 && lhash == &DigestAlgorithm::Sha1.digest(b"")[..] && tail[one] == 1).then(|| tail[one + 1..].to_vec())
}

/// RFC 8017 §7.2.2 step 3.
fn pkcs1v15_decode(em: &[u8]) -> Option<Vec<u8>> {
    let rest = em.strip_prefix(&[0x00, 0x02])?;
    let zero = rest.iter().position(|&b| b == 0)?;
    (zero >= 8).then(|| rest[zero + 1..].to_vec())
}

/// Applies the fuzzer's `(offset, xor)` byte edits to a block.
fn edit(block: &mut [u8], edits: &[u8]) {
    let k = block.len();
    for pair in edits.chunks(2) {
        if let [offset, value] = *pair {
            block[usize::from(offset) % k] ^= value;
        }
    }
}

/// The constant-time private-key path (`crypto::rsa::private`) against textbook CRT and padding code over
/// num-bigint. Mode 0: PKCS#1 v1.5 signatures, byte for byte. Modes 1-2: the fuzzer writes (or
/// edits) the block a ciphertext decrypts to, PKCS#1 v1.5 or OAEP-SHA1; cardbind must return the
/// reference's message or refuse exactly when the reference does. Keys up to 2048 bits.
pub fn private_differential(data: &[u8]) {
    let mut input = Input::new(data);
    let keys = test_keys();
    let key = &keys[input.pick(keys.len() - 1)];
    let mode = input.pick(3);
    let k = key.public.size();
    match mode {
        0 => {
            let digest = DIGESTS[input.pick(DIGESTS.len())];
            let message = input.rest();
            let ours = key
                .private
                .sign_pkcs1v15(&mut rng(6), digest, message)
                .expect("signing works");
            assert_eq!(
                ours,
                raw_sign(key, &emsa(digest, message, k)),
                "{digest:?}, {k}-byte key"
            );
        }
        1 => {
            let len = input.pick(k);
            let edit_count = input.pick(9);
            let edits = input.take(2 * edit_count);
            let mut em = vec![0x00, 0x02];
            em.extend(input.rest().iter().copied().map(|b| b | 1)); // non-zero padding bytes
            em.resize(k, 0x5a);
            if let Some(separator) = k.checked_sub(len + 1).filter(|&s| s >= 2) {
                em[separator] = 0;
            }
            edit(&mut em, edits);
            let (ciphertext, reduced) = textbook_encrypt(key, &em);
            let ours = cipher::rsa_decrypt_blocks(&key.private, &mut rng(7), &ciphertext).ok();
            assert_eq!(ours, pkcs1v15_decode(&reduced), "PKCS#1 v1.5, {k}-byte key");
        }
        _ => {
            let mut seed = [0u8; 20];
            seed.copy_from_slice(
                &input
                    .take(20)
                    .iter()
                    .copied()
                    .chain([0; 20])
                    .take(20)
                    .collect::<Vec<_>>(),
            );
            let len = input.pick(k.saturating_sub(41));
            let message = input.take(len).to_vec();
            let edits = input.rest();
            let Some(mut em) = oaep_encode(&message, &seed, k) else {
                return;
            };
            edit(&mut em, edits);
            let (ciphertext, reduced) = textbook_encrypt(key, &em);
            let ours = cipher::rsa_oaep_sha1_decrypt(&key.private, &mut rng(8), &ciphertext).ok();
            let reference = oaep_decode(&reduced);
            assert_eq!(ours, reference, "OAEP, {k}-byte key");
            if edits.is_empty() {
                assert_eq!(ours, Some(message), "an unedited block decrypts");
            }
        }
    }
}
