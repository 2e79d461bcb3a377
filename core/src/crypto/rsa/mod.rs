//! RSA arithmetic, in two paths over one set of Montgomery products ([`mont`]):
//! [`public`], variable-time, for values that are public (verification, a public key's
//! constants), and [`private`], constant-time, for every operation on a secret (private-key
//! operations, and public-key encryption of a secret message).
//!
//! Imports go downward only: [`limbs`] (byte ↔ limb conversions) and [`ct`] (branch-free
//! building blocks) import nothing here; [`mont`] imports them; [`public`] imports [`mont`];
//! [`private`] imports [`mont`] and reads [`public::PreparedModulus`] for a modulus' public
//! constants. The key parser (`crypto::keys`) sits above and hands the numbers down as
//! [`RsaComponents`].

pub(crate) mod ct;
pub(crate) mod limbs;
pub(crate) mod mont;
pub(crate) mod private;
pub(crate) mod public;
#[cfg(test)]
mod testing;

pub(crate) use private::{encrypt_oaep_sha1, encrypt_pkcs1v15, type1_block, RsaPrivate};
pub(crate) use public::PreparedModulus;

/// Every number of a two-prime RSA private key, big-endian without leading zeros: what the
/// private-key arithmetic reads. `dp = d mod (p−1)`, `dq = d mod (q−1)`, `qinv = q⁻¹ mod p`, all
/// checked when the key was parsed.
#[derive(Clone, Copy)]
pub(crate) struct RsaComponents<'a> {
    pub n: &'a [u8],
    pub e: &'a [u8],
    pub d: &'a [u8],
    pub p: &'a [u8],
    pub q: &'a [u8],
    pub dp: &'a [u8],
    pub dq: &'a [u8],
    pub qinv: &'a [u8],
}

/// Why a private-key operation produced nothing. Decryption failures are deliberately one
/// variant: which check failed is never revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RsaOpError {
    /// The input or message does not fit this key (public lengths only).
    Length,
    /// The result did not survive the fault check (`y^e ≠ x`): a broken key or a fault.
    Fault,
    /// Decryption failed: ciphertext out of range, bad padding, or a fault.
    Decryption,
}
