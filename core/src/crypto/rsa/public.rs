//! Variable-time RSA public-key operation for signature verification.
//!
//! A public-key operation touches nothing secret, so this module trades constant-time behaviour
//! for speed, on [`super::mont`]'s products compiled with the branching final subtraction
//! (`CT = false`), with the constants computed once per key. The exponent is walked left to
//! right over its real bits only; squarings compute each cross product once (about ¾ of a
//! multiplication), and the last multiplication uses the plain base, which leaves Montgomery form
//! for free: e = 65537 costs 16 squarings and 2 multiplications. Never use it with private
//! exponents.

use super::limbs::{be_into_limbs, limbs_from_be, limbs_to_be, strip_leading_zeros};
use super::mont::{less_than, neg_inverse, sub_in_place, MontOps, LIMB_SIZES};

/// A public modulus and exponent with their Montgomery constants.
#[derive(Clone)]
pub(crate) struct PreparedModulus {
    /// Modulus, little-endian limbs, zero-padded to a [`LIMB_SIZES`] entry.
    n: Vec<u64>,
    /// `-n⁻¹ mod 2⁶⁴`.
    n0_inv: u64,
    /// `R² mod n` with `R = 2^(64·n.len())`.
    rr: Vec<u64>,
    /// Public exponent, big-endian bits without leading zeros.
    e_bits: Vec<bool>,
    /// Modulus length in bytes.
    k: usize,
}

impl PreparedModulus {
    /// Prepares `n` and `e` (big-endian bytes). `None` for an even, empty, unit or oversized modulus
    /// or an exponent below 2.
    pub(crate) fn new(n_be: &[u8], e_be: &[u8]) -> Option<Self> {
        let n_be = strip_leading_zeros(n_be);
        let k = n_be.len();
        let limbs = LIMB_SIZES.into_iter().find(|&l| l * 8 >= k)?;
        if k == 0 || n_be.last().is_none_or(|b| b & 1 == 0) || n_be == [1] {
            return None;
        }
        let n = limbs_from_be(n_be, limbs)?;
        let n0_inv = neg_inverse(*n.first()?);
        let e_be = strip_leading_zeros(e_be);
        let mut e_bits = Vec::with_capacity(e_be.len() * 8);
        for byte in e_be {
            for shift in (0..8).rev() {
                e_bits.push((byte >> shift) & 1 == 1);
            }
        }
        let first_one = e_bits.iter().position(|&b| b)?;
        e_bits.drain(..first_one);
        if e_bits.len() < 2 {
            return None; // e must be ≥ 2
        }
        let rr = r_squared(&n);
        Some(Self {
            n,
            n0_inv,
            rr,
            e_bits,
            k,
        })
    }

    /// The padded modulus limbs, `−n⁻¹ mod 2⁶⁴`, `R² mod n`: all public.
    pub(crate) fn montgomery(&self) -> (&[u64], u64, &[u64]) {
        (&self.n, self.n0_inv, &self.rr)
    }

    /// Public exponent bits, most significant first, without leading zeros.
    pub(crate) fn e_bits(&self) -> &[bool] {
        &self.e_bits
    }

    /// Modulus length in bytes.
    pub(crate) fn len_bytes(&self) -> usize {
        self.k
    }

    /// `sig^e mod n` as `k` big-endian bytes; `None` unless `sig` is exactly `k` bytes and `< n`.
    pub(crate) fn public_op(&self, sig: &[u8]) -> Option<Vec<u8>> {
        if sig.len() != self.k {
            return None;
        }
        match self.n.len() {
            4 => self.public_op_fixed(sig, &MontOps::<4, false>::LOOPED),
            8 => self.public_op_fixed(sig, &MontOps::<8, false>::LOOPED),
            16 => self.public_op_fixed(sig, &MontOps::<16, false>::UNROLLED),
            24 => self.public_op_fixed(sig, &MontOps::<24, false>::LOOPED),
            32 => self.public_op_fixed(sig, &MontOps::<32, false>::LOOPED),
            48 => self.public_op_fixed(sig, &MontOps::<48, false>::LOOPED),
            64 => self.public_op_fixed(sig, &MontOps::<64, false>::LOOPED),
            _ => None,
        }
    }

    /// [`Self::public_op`] for `L` limbs.
    fn public_op_fixed<const L: usize>(&self, sig: &[u8], ops: &MontOps<L, false>) -> Option<Vec<u8>> {
        let n: &[u64; L] = self.n.as_slice().try_into().ok()?;
        let rr: &[u64; L] = self.rr.as_slice().try_into().ok()?;
        let mut s = [0u64; L];
        be_into_limbs(sig, &mut s)?;
        if !less_than(&s, n) {
            return None;
        }
        let (_, rest) = self.e_bits.split_first()?;
        let base = ops.mul(&s, rr, n, self.n0_inv); // s·R, Montgomery form of s
        let mut acc = base;
        for (i, &bit) in rest.iter().enumerate() {
            acc = ops.sqr(&acc, n, self.n0_inv);
            if bit {
                // The last multiplication by plain `s` also divides out R: no conversion step.
                let factor = if i + 1 == rest.len() { &s } else { &base };
                acc = ops.mul(&acc, factor, n, self.n0_inv);
            }
        }
        if rest.last() != Some(&true) {
            let mut one = [0u64; L];
            *one.first_mut()? = 1;
            acc = ops.mul(&acc, &one, n, self.n0_inv); // even e: leave Montgomery form
        }
        Some(limbs_to_be(&acc, self.k))
    }
}

/// `R² mod n` by doubling 1 modulo n, `2·64·l` times (paid once per key).
fn r_squared(n: &[u64]) -> Vec<u64> {
    let l = n.len();
    let mut x = vec![0u64; l];
    if let Some(first) = x.first_mut() {
        *first = 1;
    }
    for _ in 0..(2 * 64 * l) {
        let mut carry = 0u64;
        for limb in &mut x {
            let next = *limb >> 63;
            *limb = (*limb << 1) | carry;
            carry = next;
        }
        if carry != 0 || !less_than(&x, n) {
            sub_in_place(&mut x, n);
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::rsa::testing::{below, big, moduli, rng};
    use num_bigint::BigUint;

    fn prepared(n: &[u64], e: &[u8]) -> PreparedModulus {
        let k = big(n).to_bytes_be().len();
        PreparedModulus::new(&limbs_to_be(n, k), e).unwrap()
    }

    #[test]
    fn moduli_are_padded_to_the_next_compiled_limb_count() {
        for (limbs, padded) in [
            (1, 4),
            (4, 4),
            (5, 8),
            (15, 16),
            (16, 16),
            (17, 24),
            (32, 32),
            (33, 48),
            (64, 64),
        ] {
            let mut n = vec![u64::MAX; limbs];
            n[0] = 0xffff_ffff_ffff_fff1;
            let m = prepared(&n, &[3]);
            assert_eq!(m.n.len(), padded, "{limbs} limbs");
            assert_eq!(m.n[..limbs], n[..], "{limbs} limbs");
            assert!(m.n[limbs..].iter().all(|&x| x == 0), "{limbs} limbs: zero padding");
            assert_eq!(m.k, limbs * 8);
        }
        assert!(PreparedModulus::new(&[0xff; 513], &[3]).is_none(), "over 4096 bits");
    }

    #[test]
    fn r_squared_is_r_squared_mod_n() {
        for n in moduli() {
            let l = n.len();
            let nb = big(&n);
            assert_eq!(
                big(&r_squared(&n)),
                (BigUint::from(1u32) << (128 * l)) % &nb,
                "{l} limbs"
            );
            let m = prepared(&n, &[3]);
            let padded = m.n.len();
            assert_eq!(big(&m.rr), (BigUint::from(1u32) << (128 * padded)) % &nb, "{l} limbs");
        }
    }

    #[test]
    fn public_op_matches_modpow_for_any_exponent() {
        let mut rng = rng();
        let exponents: [&[u8]; 8] = [
            &[3],
            &[17],
            &[0x01, 0x00, 0x01],
            &[0x02],
            &[0xff, 0xff, 0xff, 0xff],
            &[0x01, 0x00, 0x00, 0x00, 0x01],
            &[0x00, 0x00, 0x01, 0x00, 0x01], // leading zero bytes
            &[0x01, 0xff, 0xff, 0xff, 0xff],
        ];
        for n in moduli() {
            let nb = big(&n);
            let k = nb.to_bytes_be().len();
            // Long exponents on the widest moduli only cost debug-build time; their walk is the same.
            for e in exponents.iter().filter(|e| n.len() <= 17 || e.len() <= 3) {
                let m = prepared(&n, e);
                let eb = BigUint::from_bytes_be(e);
                let values = [
                    BigUint::from(0u32),
                    BigUint::from(2u32),
                    &nb - 1u32,
                    below(&mut rng, &nb),
                ];
                let wide = n.len() > 17;
                for s in values.iter().skip(if wide { 2 } else { 0 }) {
                    let mut sig = s.to_bytes_be();
                    sig.splice(0..0, std::iter::repeat_n(0, k - sig.len()));
                    let got = m.public_op(&sig).unwrap();
                    assert_eq!(got.len(), k);
                    assert_eq!(
                        BigUint::from_bytes_be(&got),
                        s.modpow(&eb, &nb),
                        "{} limbs, e {e:02x?}",
                        n.len()
                    );
                }
            }
        }
    }

    #[test]
    fn public_op_refuses_values_at_or_above_n_and_wrong_lengths() {
        for n in moduli() {
            let nb = big(&n);
            let k = nb.to_bytes_be().len();
            let m = prepared(&n, &[0x01, 0x00, 0x01]);
            assert!(m.public_op(&nb.to_bytes_be()).is_none(), "n itself");
            assert!(m.public_op(&vec![0xff; k]).is_none(), "all ones");
            assert!(m.public_op(&vec![0; k - 1]).is_none(), "short");
            assert!(m.public_op(&vec![0; k + 1]).is_none(), "long");
            assert!(m.public_op(&[]).is_none(), "empty");
        }
    }

    #[test]
    fn small_modulus_matches_schoolbook_power() {
        // n = 3233 = 61·53, e = 17: 65^17 mod 3233 = 2790 (the textbook RSA example).
        let m = PreparedModulus::new(&3233u16.to_be_bytes(), &[17]).unwrap();
        assert_eq!(m.public_op(&65u16.to_be_bytes()).unwrap(), 2790u16.to_be_bytes());
        // 0 and 1 are fixed points; n itself is out of range.
        assert_eq!(m.public_op(&[0, 0]).unwrap(), vec![0, 0]);
        assert_eq!(m.public_op(&[0, 1]).unwrap(), vec![0, 1]);
        assert!(m.public_op(&3233u16.to_be_bytes()).is_none());
        assert!(m.public_op(&[1]).is_none(), "wrong length");
    }

    #[test]
    fn rejects_even_modulus_and_tiny_exponent() {
        assert!(PreparedModulus::new(&[0x0c, 0xa0], &[3]).is_none());
        assert!(PreparedModulus::new(&[0x0c, 0xa1], &[1]).is_none());
        assert!(PreparedModulus::new(&[], &[3]).is_none());
        assert!(PreparedModulus::new(&[0, 1], &[3]).is_none(), "n = 1 is no modulus");
    }
}
