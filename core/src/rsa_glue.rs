//! TEMP(issue 14): replaced by the constant-time module.
//!
//! The operations that still run through the `rsa` crate (private-key operations, public-key
//! encryption, the reference verifier) get their `rsa` 0.10 keys here, built from the numbers
//! [`crate::keys`] parsed and checked. The call sites that use these keys (`cipher.rs`,
//! `signature.rs`) are marked TEMP(issue 14) too; no other code names `rsa`.

use crypto_bigint::BoxedUint;
use rand_core::CryptoRng;
use rsa::traits::PublicKeyParts as _;
use subtle::{Choice, ConditionallySelectable as _, ConstantTimeEq as _, ConstantTimeGreater as _};
use zeroize::Zeroizing;

use crate::keys::{PrivateKey, PublicKey};

/// `rsa`'s view of a key. `None` only if `rsa` refuses numbers cardbind accepted (e.g. primes of
/// unequal size, which `rsa` 0.10 does not take on its CRT path).
// TEMP(issue 14): replaced by the constant-time module
pub(crate) fn rsa_private_key(key: &PrivateKey) -> Option<rsa::PrivateKey> {
    let c = key.components();
    // Every number at the modulus' precision, as `rsa`'s own PKCS#1 decoder reads them.
    let bits = u32::try_from(c.n.len() * 8).ok()?;
    let uint = |be| BoxedUint::from_be_slice(be, bits).ok();
    let primes = vec![uint(c.p)?, uint(c.q)?];
    // `from_components` re-validates and precomputes the CRT values from d, p and q.
    rsa::PrivateKey::from_components(uint(c.n)?, uint(c.e)?, uint(c.d)?, primes).ok()
}

/// `rsa`'s view of a public key.
// TEMP(issue 14): replaced by the constant-time module
pub(crate) fn rsa_public_key(key: &PublicKey) -> Option<rsa::PublicKey> {
    let uint = BoxedUint::from_be_slice_vartime; // public numbers
    rsa::PublicKey::new(uint(key.n_be()), uint(key.e_be())).ok()
}

/// PKCS#1 v1.5 (type 2) decryption of one `k`-byte block that refuses bad padding with `None`,
/// as cardbind always has (`rsa` 0.10's own decryption answers bad padding with a synthetic
/// message instead: implicit rejection). The private-key operation is `rsa`'s blinded,
/// fault-checked one; the padding is read without branching on its bytes.
// TEMP(issue 14): replaced by the constant-time module
pub(crate) fn pkcs1v15_decrypt(
    key: &rsa::PrivateKey,
    rng: &mut dyn CryptoRng,
    block: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let k = key.size();
    if block.len() != k || k < 11 {
        return None;
    }
    let c = BoxedUint::from_be_slice(block, key.n_bits_precision()).ok()?;
    let m = Zeroizing::new(rsa::hazmat::rsa_decrypt_and_check(key, Some(rng), &c).ok()?);
    let m = Zeroizing::new(m.to_be_bytes());
    // m < n: the bytes before the last k are zero.
    let em = m.get(m.len().checked_sub(k)?..)?;
    // 00 02 PS 00 M, PS at least 8 non-zero bytes: find the first zero after the header.
    let (mut looking, mut separator) = (Choice::from(1), 0u32);
    for (i, byte) in (0u32..).zip(em.iter()).skip(2) {
        let zero = byte.ct_eq(&0);
        separator.conditional_assign(&i, looking & zero);
        looking &= !zero;
    }
    let header = em.first()?.ct_eq(&0) & em.get(1)?.ct_eq(&2);
    let valid = header & !looking & separator.ct_gt(&9);
    let start = usize::try_from(separator).ok()? + 1;
    bool::from(valid).then(|| Zeroizing::new(em.get(start..).unwrap_or_default().to_vec()))
}
