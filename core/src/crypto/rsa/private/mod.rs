//! RSA operations on secrets, constant-time: every private-key operation (PKCS#1 v1.5 signing,
//! Vbao's type-1 "private-key encryption", PKCS#1 v1.5 and OAEP-SHA1 decryption) and public-key
//! encryption (whose input is a secret key or message).
//!
//! No branch and no memory address depends on a secret: d, p, q, dP, dQ, qInv, the blinding
//! factor, the input of a decryption, the plaintext, or whether its padding is valid. Each
//! operation ends in exactly one declassification ([`declassify`]) where the caller must learn
//! something: success or the single error, and a message's length. `core/ctgrind` proves it
//! under valgrind and reads the compiled code for variable-latency instructions such as `div`
//! (see SECURITY.md); signature verification stays on the faster variable-time
//! [`super::public`], which handles only public values.

mod crt;
mod invert;
pub(crate) mod modulus;
mod padding;

use zeroize::Zeroizing;

use crt::CrtKey;
use modulus::{with_mont, Modulus};
pub(crate) use padding::type1_block;

use super::limbs::{be_into_limbs_ct, limbs_to_be};
use super::public::PreparedModulus;
use super::{RsaComponents, RsaOpError};

/// A private key prepared for constant-time use.
pub(crate) struct RsaPrivate {
    key: CrtKey,
}

impl RsaPrivate {
    /// `None` if the numbers do not fit the compiled sizes (1024–4096-bit moduli) or a prime is
    /// even. Consistency (`n = p·q`, the exponents) is the key parser's to check.
    pub(crate) fn new(numbers: &RsaComponents<'_>) -> Option<Self> {
        CrtKey::new(numbers).map(|key| Self { key })
    }

    /// Modulus length in bytes.
    pub(crate) fn size(&self) -> usize {
        self.key.size()
    }

    /// Every secret buffer (for the valgrind harness).
    pub(crate) fn visit_secrets(&self, visit: &mut dyn FnMut(&[u64])) {
        self.key.visit_secrets(visit);
    }

    /// RSASP1 over `00 01 FF… 00 payload`: a PKCS#1 v1.5 signature when `payload` is a
    /// `DigestInfo`, Vbao's "private-key encryption" when it is a plaintext chunk.
    #[inline(never)] // an entry point of the instruction check (core/ctgrind)
    pub(crate) fn sign_type1(&self, payload: &[u8], fill: &mut dyn FnMut(&mut [u8])) -> Result<Vec<u8>, RsaOpError> {
        let em = padding::type1_block(payload, self.size()).ok_or(RsaOpError::Length)?;
        let out = self.key.private_op(&em, fill).ok_or(RsaOpError::Length)?;
        if declassify(out.ok) != u64::MAX {
            return Err(RsaOpError::Fault);
        }
        let mut signature = out.value.to_vec();
        declassify_bytes(&mut signature); // a signature is public once made
        Ok(signature)
    }

    /// RSAES-PKCS1-v1_5 decryption (explicit rejection: one error for every failure, decided in
    /// constant time; see SECURITY.md for why not implicit rejection).
    #[inline(never)] // an entry point of the instruction check (core/ctgrind)
    pub(crate) fn decrypt_pkcs1v15(
        &self,
        ciphertext: &[u8],
        fill: &mut dyn FnMut(&mut [u8]),
    ) -> Result<Zeroizing<Vec<u8>>, RsaOpError> {
        let out = self.key.private_op(ciphertext, fill).ok_or(RsaOpError::Decryption)?;
        let (valid, start) = padding::type2_check(&out.value);
        finish_decryption(&out.value, out.ok & valid, start)
    }

    /// RSAES-OAEP decryption with SHA-1, MGF1-SHA-1 and an empty label.
    #[inline(never)] // an entry point of the instruction check (core/ctgrind)
    pub(crate) fn decrypt_oaep_sha1(
        &self,
        ciphertext: &[u8],
        fill: &mut dyn FnMut(&mut [u8]),
    ) -> Result<Zeroizing<Vec<u8>>, RsaOpError> {
        let mut out = self.key.private_op(ciphertext, fill).ok_or(RsaOpError::Decryption)?;
        let (valid, start) = padding::oaep_sha1_check(&mut out.value);
        finish_decryption(&out.value, out.ok & valid, start)
    }
}

/// The one branch of a decryption: on the combined validity mask, then the message's start.
fn finish_decryption(em: &[u8], valid: u64, start: usize) -> Result<Zeroizing<Vec<u8>>, RsaOpError> {
    if declassify(valid) != u64::MAX {
        return Err(RsaOpError::Decryption);
    }
    let start = usize::try_from(declassify(start as u64)).map_err(|_| RsaOpError::Decryption)?;
    em.get(start..)
        .map(|m| Zeroizing::new(m.to_vec()))
        .ok_or(RsaOpError::Decryption)
}

/// RSAES-PKCS1-v1_5 encryption under `public`, padding from `fill`.
#[inline(never)] // an entry point of the instruction check (core/ctgrind)
pub(crate) fn encrypt_pkcs1v15(
    public: &PreparedModulus,
    message: &[u8],
    fill: &mut dyn FnMut(&mut [u8]),
) -> Result<Vec<u8>, RsaOpError> {
    let em = padding::type2_block(message, public.len_bytes(), fill).ok_or(RsaOpError::Length)?;
    public_op_secret_input(public, &em)
}

/// RSAES-OAEP encryption (SHA-1, MGF1-SHA-1, empty label) under `public`, seed from `fill`.
#[inline(never)] // an entry point of the instruction check (core/ctgrind)
pub(crate) fn encrypt_oaep_sha1(
    public: &PreparedModulus,
    message: &[u8],
    fill: &mut dyn FnMut(&mut [u8]),
) -> Result<Vec<u8>, RsaOpError> {
    let em = padding::oaep_sha1_block(message, public.len_bytes(), fill).ok_or(RsaOpError::Length)?;
    public_op_secret_input(public, &em)
}

/// `em^e mod n` where `em` (below `n` by its leading zero byte) is secret.
fn public_op_secret_input(public: &PreparedModulus, em: &[u8]) -> Result<Vec<u8>, RsaOpError> {
    let (n, n0_inv, rr) = public.montgomery();
    let modulus = Modulus::from_public(n, n0_inv, rr);
    let mut x = Zeroizing::new(vec![0u64; modulus.limbs()]);
    be_into_limbs_ct(em, &mut x).ok_or(RsaOpError::Length)?;
    let y = with_mont!(&modulus, |m| {
        let powered = m.pow_public(&m.to_mont(&x), public.e_bits());
        Some(m.leave_mont(&powered).to_vec())
    })
    .ok_or(RsaOpError::Length)?;
    let mut ciphertext = limbs_to_be(&y, public.len_bytes());
    declassify_bytes(&mut ciphertext);
    Ok(ciphertext)
}

/// Marks the point where a secret-derived value becomes public: the identity.
#[inline]
fn declassify(x: u64) -> u64 {
    let mut bytes = x.to_ne_bytes();
    declassify_bytes(&mut bytes);
    u64::from_ne_bytes(bytes)
}

#[inline]
fn declassify_bytes(bytes: &mut [u8]) {
    declassified(bytes.as_mut_ptr(), bytes.len());
}

/// Does nothing, out of line, at every declassification. The valgrind harness (`core/ctgrind`)
/// replaces it by name with a client request that marks the bytes defined, so the proof runs on
/// the code that ships, with no hook compiled in. `extern "C"` fixes the signature the
/// replacement is written against; `black_box` makes the compiler assume the bytes changed, so
/// the caller reads them again after the call. Two or three calls per operation.
#[inline(never)]
extern "C" fn declassified(bytes: *mut u8, len: usize) {
    core::hint::black_box((bytes, len));
}
