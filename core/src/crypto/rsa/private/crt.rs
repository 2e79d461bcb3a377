//! The RSA private-key operation: CRT with base blinding and a fault check, constant-time with
//! respect to d, p, q, dP, dQ, qInv, the blinding factor and the input.
//!
//! `x → x^d mod n` runs as: draw `r`, blind `x·r^e`, exponentiate mod p and mod q with dP and dQ
//! (fixed windows), recombine by Garner's formula, unblind with `r⁻¹` (crypto-bigint's
//! constant-time safegcd inversion), and recompute `y^e` to compare with `x`. The result leaves
//! with a mask saying whether the check held; only the caller's single final decision branches
//! on it.

use std::sync::Mutex;

use zeroize::Zeroizing;

use super::modulus::{with_mont, Modulus};
use crate::crypto::rsa::ct;
use crate::crypto::rsa::limbs::{be_into_limbs_ct, limbs_to_be};
use crate::crypto::rsa::public::PreparedModulus;
use crate::crypto::rsa::RsaComponents;

/// A private key prepared for [`CrtKey::private_op`].
pub(crate) struct CrtKey {
    /// Public modulus (its constants are public).
    n: Modulus,
    /// The public exponent, most significant bit first.
    e_bits: Vec<bool>,
    p: Modulus,
    q: Modulus,
    /// dP, dQ as little-endian limbs at p's and q's limb counts.
    dp: Zeroizing<Vec<u64>>,
    dq: Zeroizing<Vec<u64>>,
    /// qInv = q⁻¹ mod p, at p's limb count.
    qinv: Zeroizing<Vec<u64>>,
    /// The current blinding pair (shared by every clone of the key; threads that find it busy
    /// draw their own).
    blinding: Mutex<Option<BlindingPair>>,
    /// Modulus length in bytes.
    k: usize,
}

/// A blinding pair in Montgomery form mod n: `r^e` and `r⁻¹`, with whether `r` was invertible.
#[derive(Clone)]
struct BlindingPair {
    r_e: Zeroizing<Vec<u64>>,
    r_inv: Zeroizing<Vec<u64>>,
    invertible: u64,
    /// Operations this pair has blinded since it was drawn (public).
    uses: u32,
}

/// A pair is drawn afresh from the caller's RNG every this many operations; in between, both
/// halves are squared (OpenSSL's `BN_BLINDING` scheme), which keeps `r^e · r⁻¹ᵉ` consistent and
/// saves the inversion, a quarter of a 1024-bit signature.
const BLINDING_REFRESH: u32 = 32;

/// The outcome of [`CrtKey::private_op`] before anything branches on it.
pub(crate) struct Unchecked {
    /// `x^d mod n`, big-endian, `k` bytes (meaningless unless `ok` is all ones).
    pub value: Zeroizing<Vec<u8>>,
    /// `u64::MAX` if `x < n`, the blinding factor was invertible and `value^e ≡ x`.
    pub ok: u64,
}

fn limbs_at(bytes: &[u8], limbs: usize) -> Option<Zeroizing<Vec<u64>>> {
    let mut out = Zeroizing::new(vec![0u64; limbs]);
    be_into_limbs_ct(bytes, &mut out)?;
    Some(out)
}

impl CrtKey {
    /// Prepares the numbers. `None` if they do not fit the compiled sizes or a prime is even;
    /// the numbers' consistency is the key parser's to check (and the fault check's to catch).
    pub(crate) fn new(numbers: &RsaComponents<'_>) -> Option<Self> {
        let public = PreparedModulus::new(numbers.n, numbers.e)?;
        let (n_limbs, n0_inv, rr) = public.montgomery();
        let n = Modulus::from_public(n_limbs, n0_inv, rr);
        let p = Modulus::new_secret(numbers.p)?;
        let q = Modulus::new_secret(numbers.q)?;
        Some(Self {
            dp: limbs_at(numbers.dp, p.limbs())?,
            dq: limbs_at(numbers.dq, q.limbs())?,
            qinv: limbs_at(numbers.qinv, p.limbs())?,
            e_bits: public.e_bits().to_vec(),
            blinding: Mutex::new(None),
            k: public.len_bytes(),
            n,
            p,
            q,
        })
    }

    /// Modulus length in bytes.
    pub(crate) fn size(&self) -> usize {
        self.k
    }

    /// Every secret buffer (for the valgrind harness).
    pub(crate) fn visit_secrets(&self, visit: &mut dyn FnMut(&[u64])) {
        self.p.visit_secrets(visit);
        self.q.visit_secrets(visit);
        visit(&self.dp);
        visit(&self.dq);
        visit(&self.qinv);
    }

    /// The pair for this operation: the cached one squared, or a fresh one from `fill` when none
    /// is cached, it has been used [`BLINDING_REFRESH`] times, or another thread holds it.
    fn blinding_pair(&self, fill: &mut dyn FnMut(&mut [u8])) -> Option<BlindingPair> {
        let mut slot = self.blinding.try_lock().ok();
        let cached = slot
            .as_mut()
            .and_then(|s| s.take())
            .filter(|p| p.uses < BLINDING_REFRESH);
        let pair = match cached {
            Some(old) => with_mont!(&self.n, |n| {
                let r_e = old.r_e.as_slice().try_into().ok()?;
                let r_inv = old.r_inv.as_slice().try_into().ok()?;
                Some(BlindingPair {
                    r_e: Zeroizing::new(n.sqr(r_e).to_vec()),
                    r_inv: Zeroizing::new(n.sqr(r_inv).to_vec()),
                    invertible: old.invertible,
                    uses: old.uses + 1,
                })
            })?,
            None => self.fresh_blinding_pair(fill)?,
        };
        if let Some(slot) = slot.as_mut() {
            **slot = Some(pair.clone());
        }
        Some(pair)
    }

    /// `r` from 2·|n| random bits (within 2^-(64·limbs) of uniform mod n), `r^e` and `r⁻¹`.
    fn fresh_blinding_pair(&self, fill: &mut dyn FnMut(&mut [u8])) -> Option<BlindingPair> {
        let ln = self.n.limbs();
        let mut random = Zeroizing::new(vec![0u8; 16 * ln]);
        fill(&mut random);
        let r_wide = limbs_at(&random, 2 * ln)?;
        let (r, r_e) = with_mont!(&self.n, |n| {
            let r_mont = n.to_mont(&r_wide);
            let r_e = n.pow_public(&r_mont, &self.e_bits);
            Some((
                Zeroizing::new(n.leave_mont(&r_mont).to_vec()),
                Zeroizing::new(r_e.to_vec()),
            ))
        })?;
        let (r_inv, invertible) = super::invert::invert_mod(&r, self.n.value())?;
        let r_inv = with_mont!(&self.n, |n| Some(Zeroizing::new(n.to_mont(&r_inv).to_vec())))?;
        Some(BlindingPair {
            r_e,
            r_inv,
            invertible,
            uses: 0,
        })
    }

    /// `x^d mod n` for a `k`-byte big-endian `x`, blinded with randomness from `fill`.
    /// `None` only for a wrong input length (public); every secret-dependent failure is in `ok`.
    #[inline(never)] // callgrind measures it by name (core/ctgrind)
    pub(crate) fn private_op(&self, x: &[u8], fill: &mut dyn FnMut(&mut [u8])) -> Option<Unchecked> {
        if x.len() != self.k {
            return None;
        }
        let ln = self.n.limbs();
        let x_limbs = limbs_at(x, ln)?;
        let pair = self.blinding_pair(fill)?;

        // Blind: x·r^e (normal form), and whether x < n.
        let (blinded, in_range) = with_mont!(&self.n, |n| {
            let r_e = pair.r_e.as_slice().try_into().ok()?;
            let blinded = n.leave_mont(&n.mul(&n.to_mont(&x_limbs), r_e));
            let in_range = ct::limbs_lt(&x_limbs, self.n.value());
            Some((Zeroizing::new(blinded.to_vec()), in_range))
        })?;
        let invertible = pair.invertible;

        // m_p = (x·r^e)^dP mod p, in Montgomery form; m_q = (x·r^e)^dQ mod q, normal form.
        let m_p = with_mont!(&self.p, |p| {
            let base = p.to_mont(&blinded);
            Some(Zeroizing::new(p.pow_secret(&base, &self.dp, self.p.bits()).to_vec()))
        })?;
        let m_q = with_mont!(&self.q, |q| {
            let base = q.to_mont(&blinded);
            Some(Zeroizing::new(
                q.leave_mont(&q.pow_secret(&base, &self.dq, self.q.bits())).to_vec(),
            ))
        })?;
        // Garner: h = qInv·(m_p − m_q) mod p (normal form, as qInv is), m = m_q + h·q.
        let h = with_mont!(&self.p, |p| {
            let m_p = m_p.as_slice().try_into().ok()?;
            let qinv = self.qinv.as_slice().try_into().ok()?;
            let diff = p.sub(m_p, &p.to_mont(&m_q));
            Some(Zeroizing::new(p.mul(&diff, qinv).to_vec()))
        })?;
        let mut m_blinded = Zeroizing::new(vec![0u64; ln]);
        mul_add(&mut m_blinded, &h, self.q.value(), &m_q);

        // Unblind, then check y^e ≡ x before anything leaves.
        let (y, matches) = with_mont!(&self.n, |n| {
            let m_blinded = m_blinded.as_slice().try_into().ok()?;
            let r_inv = pair.r_inv.as_slice().try_into().ok()?;
            let y = n.mul(m_blinded, r_inv); // m·r · r⁻¹ (r⁻¹ in Montgomery form)
            let y_e = n.leave_mont(&n.pow_public(&n.to_mont(&y), &self.e_bits));
            let matches = ct::limbs_eq(&y_e, &x_limbs);
            Some((Zeroizing::new(y.to_vec()), matches))
        })?;
        let value = Zeroizing::new(limbs_to_be(&y, self.k));
        Some(Unchecked {
            value,
            ok: in_range & invertible & matches,
        })
    }
}

/// `out = c + a·b` (little-endian; the result is known to fit `out`, extra high words dropped).
/// Schoolbook, with every length public.
#[allow(clippy::cast_possible_truncation)] // u128 halves
fn mul_add(out: &mut [u64], a: &[u64], b: &[u64], c: &[u64]) {
    let mut acc = Zeroizing::new(vec![0u64; a.len() + b.len() + 1]);
    for (dst, &src) in acc.iter_mut().zip(c) {
        *dst = src;
    }
    for (i, &ai) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &bj) in b.iter().enumerate() {
            if let Some(slot) = acc.get_mut(i + j) {
                let t = u128::from(ai) * u128::from(bj) + u128::from(*slot) + u128::from(carry);
                *slot = t as u64;
                carry = (t >> 64) as u64;
            }
        }
        // Propagate the carry through the rest (a fixed number of steps).
        for slot in acc.iter_mut().skip(i + b.len()) {
            let (s, c) = slot.overflowing_add(carry);
            *slot = s;
            carry = u64::from(c);
        }
    }
    for (dst, &src) in out.iter_mut().zip(acc.iter()) {
        *dst = src;
    }
}
