//! Variable-time RSA public-key operation for signature verification.
//!
//! A public-key operation touches nothing secret, so this module trades constant-time behaviour
//! for speed: Montgomery multiplication (CIOS) on `u64` limbs with the modulus constants computed
//! once per key, and a left-to-right square-and-multiply that only walks the exponent's real bits
//! (17 multiplications for e = 65537). Never use it with private exponents.

#![allow(clippy::many_single_char_names, clippy::cast_possible_truncation)] // textbook names; u128 halves

/// Limbs in the largest accepted modulus (4096 bits).
const MAX_LIMBS: usize = 64;

/// A public modulus and exponent with their Montgomery constants.
#[derive(Clone)]
pub(crate) struct PreparedModulus {
    /// Modulus, little-endian limbs.
    n: Vec<u64>,
    /// `-n⁻¹ mod 2⁶⁴`.
    n0_inv: u64,
    /// `R² mod n` with `R = 2^(64·limbs)`.
    rr: Vec<u64>,
    /// Public exponent, big-endian bits without leading zeros.
    e_bits: Vec<bool>,
    /// Modulus length in bytes.
    k: usize,
}

impl PreparedModulus {
    /// Prepares `n` and `e` (big-endian bytes). `None` for an even, empty or oversized modulus
    /// or an exponent below 2.
    pub(crate) fn new(n_be: &[u8], e_be: &[u8]) -> Option<Self> {
        let n_be = strip_leading_zeros(n_be);
        let k = n_be.len();
        let limbs = k.div_ceil(8);
        if limbs == 0 || limbs > MAX_LIMBS || n_be.last().is_none_or(|b| b & 1 == 0) {
            return None;
        }
        let n = limbs_from_be(n_be, limbs)?;
        let n0 = *n.first()?;
        // Newton iteration for n0⁻¹ mod 2⁶⁴: each step doubles the correct low bits.
        let mut inv: u64 = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(n0.wrapping_mul(inv)));
        }
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
            n0_inv: inv.wrapping_neg(),
            rr,
            e_bits,
            k,
        })
    }

    /// `sig^e mod n` as `k` big-endian bytes; `None` unless `sig` is exactly `k` bytes and `< n`.
    pub(crate) fn public_op(&self, sig: &[u8]) -> Option<Vec<u8>> {
        if sig.len() != self.k {
            return None;
        }
        let l = self.n.len();
        let s = limbs_from_be(sig, l)?;
        if !less_than(&s, &self.n) {
            return None;
        }
        let mut base = [0u64; MAX_LIMBS];
        let mut acc = [0u64; MAX_LIMBS];
        let mut tmp = [0u64; MAX_LIMBS];
        let base = base.get_mut(..l)?;
        let acc = acc.get_mut(..l)?;
        let tmp = tmp.get_mut(..l)?;
        self.mont_mul(&s, &self.rr, base); // s·R
        acc.copy_from_slice(base);
        for &bit in self.e_bits.iter().skip(1) {
            self.mont_mul(acc, acc, tmp);
            if bit {
                self.mont_mul(tmp, base, acc);
            } else {
                acc.copy_from_slice(tmp);
            }
        }
        let mut one = [0u64; MAX_LIMBS];
        let one = one.get_mut(..l)?;
        *one.first_mut()? = 1;
        self.mont_mul(acc, one, tmp); // leave Montgomery form
        Some(limbs_to_be(tmp, self.k))
    }

    /// `out = a·b·R⁻¹ mod n` (CIOS). All slices are `n.len()` limbs and `a, b < n`.
    #[allow(clippy::indexing_slicing)] // every index is < l + 2, the buffer length, by construction
    fn mont_mul(&self, a: &[u64], b: &[u64], out: &mut [u64]) {
        let n = &self.n;
        let l = n.len();
        let mut t = [0u64; MAX_LIMBS + 2];
        for &bi in &b[..l] {
            // t += a·bi
            let mut carry = 0u64;
            for (tj, &aj) in t[..l].iter_mut().zip(&a[..l]) {
                let v = u128::from(*tj) + u128::from(aj) * u128::from(bi) + u128::from(carry);
                *tj = v as u64;
                carry = (v >> 64) as u64;
            }
            let v = u128::from(t[l]) + u128::from(carry);
            t[l] = v as u64;
            t[l + 1] = (v >> 64) as u64;
            // t = (t + m·n) / 2⁶⁴
            let m = t[0].wrapping_mul(self.n0_inv);
            let v = u128::from(t[0]) + u128::from(m) * u128::from(n[0]);
            let mut carry = (v >> 64) as u64;
            for j in 1..l {
                let v = u128::from(t[j]) + u128::from(m) * u128::from(n[j]) + u128::from(carry);
                t[j - 1] = v as u64;
                carry = (v >> 64) as u64;
            }
            let v = u128::from(t[l]) + u128::from(carry);
            t[l - 1] = v as u64;
            t[l] = t[l + 1] + (v >> 64) as u64;
        }
        // t < 2n: one conditional subtraction.
        if t[l] != 0 || !less_than(&t[..l], n) {
            sub_in_place(&mut t[..l], n);
        }
        out[..l].copy_from_slice(&t[..l]);
    }
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

/// Big-endian bytes to `limbs` little-endian limbs; `None` if they do not fit.
fn limbs_from_be(bytes: &[u8], limbs: usize) -> Option<Vec<u64>> {
    let bytes = strip_leading_zeros(bytes);
    if bytes.len() > limbs * 8 {
        return None;
    }
    let mut out = vec![0u64; limbs];
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks(8)) {
        let mut word = [0u8; 8];
        word.get_mut(8 - chunk.len()..)?.copy_from_slice(chunk);
        *limb = u64::from_be_bytes(word);
    }
    Some(out)
}

fn limbs_to_be(limbs: &[u64], k: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(limbs.len() * 8);
    for limb in limbs.iter().rev() {
        out.extend_from_slice(&limb.to_be_bytes());
    }
    out.split_off(out.len().saturating_sub(k))
}

fn less_than(a: &[u64], b: &[u64]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

fn sub_in_place(a: &mut [u64], b: &[u64]) {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
        *x = d2;
        borrow = b1 || b2;
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
    }
}
