//! Runs cardbind's private-key operations with every secret marked undefined for valgrind's
//! memcheck (the "ctgrind" technique): key material (p, q, dP, dQ, qInv and the primes'
//! Montgomery constants), the blinding randomness and the ciphertexts. memcheck then reports any
//! branch or memory address that depends on them. `tests/constant_time.rs` drives it.
//!
//! cardbind is built as it ships (no feature). The secret buffers come from
//! `cardbind::ct_probe::for_each_secret`, a read-only accessor compiled into every build; the
//! declassification points are reached by name: valgrind replaces cardbind's out-of-line
//! `declassified` function with [`_vgr00000ZZ_NONE_ZuZZNZa7private12declassifiedZa`], which marks
//! the bytes defined and counts the calls.
//!
//! ```text
//! cardbind-ctgrind check            every operation with every test key
//! cardbind-ctgrind count MODE       decryptions for callgrind: v15-valid | v15-invalid |
//!                                   oaep-valid | oaep-invalid
//! ```

pub mod valgrind;

use cardbind::rng::SeededRng;
use cardbind::{cipher, ct_probe, DigestAlgorithm, PrivateKey};
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};

use rand_core::{TryCryptoRng, TryRng};

/// The test keys (spec/vectors/keys): every limb count the arithmetic is compiled for that a
/// 1024–4096-bit key reaches (n of 16, 24, 32, 48 and 64 limbs; primes of 8, 16 and 24), and e = 3.
const KEYS: [(&str, &str); 6] = [
    (
        "1024",
        include_str!("../../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem"),
    ),
    (
        "1024-e3",
        include_str!("../../../spec/vectors/keys/test-rsa-1024-e3-private-pkcs8.pem"),
    ),
    (
        "1536",
        include_str!("../../../spec/vectors/keys/test-rsa-1536-private-pkcs8.pem"),
    ),
    (
        "2048",
        include_str!("../../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem"),
    ),
    (
        "3072",
        include_str!("../../../spec/vectors/keys/test-rsa-3072-private-pkcs8.pem"),
    ),
    (
        "4096",
        include_str!("../../../spec/vectors/keys/test-rsa-4096-private-pkcs8.pem"),
    ),
];

/// Calls to cardbind's declassification point so far (only under valgrind, which redirects
/// them here).
static DECLASSIFIED: AtomicUsize = AtomicUsize::new(0);

/// What valgrind runs in place of cardbind's `rsa::private::declassified(bytes, len)`: the bytes
/// become defined (public), and the call is counted. The name is a valgrind replacement spec
/// (`valgrind.h`'s `VG_REPLACE_FUNCTION_ZZ`, Z-encoded): `_vgr00000ZZ_` (replace; both names
/// encoded), `NONE` (the main executable, which has no soname), then the function pattern
/// `_ZN*7private12declassified*`: the symbol in Rust's legacy mangling, whatever its crate path
/// prefix and hash. (The pattern starts with `_ZN`, which this spec's own name does not contain,
/// so the replacement cannot match itself.)
#[allow(unsafe_code)] // `no_mangle`: valgrind finds the replacement by this exact symbol name
#[allow(non_snake_case)] // the Z-encoding's capitals
#[no_mangle]
pub extern "C" fn _vgr00000ZZ_NONE_ZuZZNZa7private12declassifiedZa(bytes: *mut u8, len: usize) {
    DECLASSIFIED.fetch_add(1, Ordering::SeqCst);
    valgrind::mark_defined(bytes as usize, len);
}

/// The caller's RNG, whose every output byte (the blinding factor, padding) is a secret.
struct SecretRng(SeededRng);

impl TryRng for SecretRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        self.0.try_fill_bytes(dest)?;
        valgrind::mark_secret(dest);
        Ok(())
    }
}

impl TryCryptoRng for SecretRng {}

fn load(pem: &str) -> PrivateKey {
    let key = PrivateKey::parse(pem).expect("test key parses");
    ct_probe::for_each_secret(&key, &mut |limbs| valgrind::mark_secret(limbs));
    key
}

/// A ciphertext marked secret (its value is the attacker's choice; no branch may follow it).
fn secret(ciphertext: &[u8]) -> Vec<u8> {
    let copy = ciphertext.to_vec();
    valgrind::mark_secret(&copy);
    copy
}

/// Output is public once returned: mark it so before checking it.
fn public(mut bytes: Vec<u8>) -> Vec<u8> {
    valgrind::mark_public(&bytes);
    bytes.shrink_to_fit();
    bytes
}

fn check_all(rng: &mut SecretRng) -> usize {
    let mut operations = 0;
    let message = b"oid_partner=201408071000001543&sign_type=RSA&user_id=2013051500001";
    for (name, pem) in KEYS {
        let key = load(pem);
        let public_key = key.public_key().clone();
        for digest in [DigestAlgorithm::Md5, DigestAlgorithm::Sha1, DigestAlgorithm::Sha256] {
            let signature = public(key.sign_pkcs1v15(rng, digest, message).expect("signs"));
            public_key
                .verify_pkcs1v15(digest, message, &signature)
                .unwrap_or_else(|e| panic!("{name}: {digest:?} signature verifies: {e}"));
            operations += 1;
        }
        let blocks = public(cipher::rsa_private_encrypt_blocks(&key, rng, message).expect("type-1 blocks"));
        assert_eq!(
            cipher::rsa_public_decrypt_blocks(&public_key, &blocks).expect("recovers"),
            message
        );
        operations += 1;

        let aes_key = [0x42u8; 16];
        let v15 = cipher::rsa_encrypt_blocks(&public_key, rng, &aes_key).expect("encrypts");
        let plain = public(cipher::rsa_decrypt_blocks(&key, rng, &secret(&v15)).expect("decrypts"));
        assert_eq!(plain, aes_key, "{name}: PKCS#1 v1.5 round trip");
        let mut tampered = v15.clone();
        tampered[5] ^= 0x40;
        assert!(
            cipher::rsa_decrypt_blocks(&key, rng, &secret(&tampered)).is_err(),
            "{name}: bad padding"
        );
        operations += 2;

        let oaep = cipher::rsa_oaep_sha1_encrypt(&public_key, rng, &aes_key).expect("encrypts");
        let plain = public(cipher::rsa_oaep_sha1_decrypt(&key, rng, &secret(&oaep)).expect("decrypts"));
        assert_eq!(plain, aes_key, "{name}: OAEP round trip");
        let mut tampered = oaep.clone();
        tampered[9] ^= 0x01;
        assert!(
            cipher::rsa_oaep_sha1_decrypt(&key, rng, &secret(&tampered)).is_err(),
            "{name}: bad OAEP"
        );
        operations += 2;
    }
    operations
}

/// Three decryptions of one kind with the 2048-bit key, for callgrind's instruction counts.
fn count(mode: &str, rng: &mut SecretRng) {
    let (_, pem) = KEYS.iter().find(|(name, _)| *name == "2048").expect("the 2048-bit key");
    let key = load(pem);
    let aes_key = [0x42u8; 16];
    let oaep_mode = mode.starts_with("oaep");
    let mut ciphertext = if oaep_mode {
        cipher::rsa_oaep_sha1_encrypt(key.public_key(), rng, &aes_key)
    } else {
        cipher::rsa_encrypt_blocks(key.public_key(), rng, &aes_key)
    }
    .expect("encrypts");
    if mode.ends_with("invalid") {
        ciphertext[5] ^= 0x40;
    }
    for _ in 0..3 {
        let result = if oaep_mode {
            cipher::rsa_oaep_sha1_decrypt(&key, rng, &secret(&ciphertext))
        } else {
            cipher::rsa_decrypt_blocks(&key, rng, &secret(&ciphertext))
        };
        assert_eq!(result.is_ok(), mode.ends_with("-valid"), "{mode}");
    }
}

/// Runs the probe with its command-line arguments; the process exit code.
pub fn run(args: &[String]) -> i32 {
    // Keep the replacement in the binary: nothing calls it by name, valgrind finds it by symbol.
    std::hint::black_box(_vgr00000ZZ_NONE_ZuZZNZa7private12declassifiedZa as extern "C" fn(*mut u8, usize));
    let mut rng = SecretRng(SeededRng::from_seed(*b"cardbind ctgrind: blinding seed!"));
    match args.first().map(String::as_str) {
        Some("check") => {
            let n = check_all(&mut rng);
            println!(
                "ctgrind: {n} private-key operations checked, {} declassifications (valgrind: {})",
                DECLASSIFIED.load(Ordering::SeqCst),
                valgrind::running()
            );
            0
        }
        Some("count") => {
            count(args.get(1).map_or("", String::as_str), &mut rng);
            0
        }
        _ => {
            eprintln!("usage: cardbind-ctgrind check | count v15-valid|v15-invalid|oaep-valid|oaep-invalid");
            2
        }
    }
}
