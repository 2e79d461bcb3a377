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
    /// Prepares `n` and `e` (big-endian bytes). `None` for an even, empty, unit or oversized modulus
    /// or an exponent below 2.
    pub(crate) fn new(n_be: &[u8], e_be: &[u8]) -> Option<Self> {
        let n_be = strip_leading_zeros(n_be);
        let k = n_be.len();
        let limbs = k.div_ceil(8);
        if limbs == 0 || limbs > MAX_LIMBS || n_be.last().is_none_or(|b| b & 1 == 0) || n_be == [1] {
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
    use rand_core::RngCore as _;
    use rsa::BigUint;

    fn rng() -> crate::rng::SeededRng {
        crate::rng::SeededRng::from_seed(*b"cardbind fast_rsa unit tests 001")
    }

    fn big(limbs: &[u64]) -> BigUint {
        BigUint::from_bytes_be(&limbs_to_be(limbs, limbs.len() * 8))
    }

    fn to_limbs(x: &BigUint, l: usize) -> Vec<u64> {
        limbs_from_be(&x.to_bytes_be(), l).unwrap()
    }

    /// A random value below `n`.
    fn below(rng: &mut crate::rng::SeededRng, n: &BigUint) -> BigUint {
        let mut bytes = vec![0u8; n.to_bytes_be().len() + 8];
        rng.fill_bytes(&mut bytes);
        BigUint::from_bytes_be(&bytes) % n
    }

    /// Odd moduli of 1 to 64 limbs, including the carry-heavy shapes: all ones, a lone top bit
    /// plus one, a top limb of 1, and random ones with and without their top bit set.
    fn moduli() -> Vec<Vec<u64>> {
        let mut rng = rng();
        let mut out = Vec::new();
        for l in [1usize, 2, 3, 4, 5, 8, 15, 16, 17, 32, 33, 63, 64] {
            out.push(vec![u64::MAX; l]);
            let mut top_bit = vec![0u64; l];
            top_bit[0] = 1;
            top_bit[l - 1] |= 1 << 63;
            out.push(top_bit);
            if l > 1 {
                let mut top_one = vec![u64::MAX; l];
                top_one[l - 1] = 1;
                out.push(top_one);
            }
            for top_set in [true, false] {
                let mut n: Vec<u64> = (0..l).map(|_| rng.next_u64()).collect();
                n[0] |= 1;
                if top_set {
                    n[l - 1] |= 1 << 63;
                } else {
                    n[l - 1] >>= 7;
                    n[l - 1] |= 1;
                }
                out.push(n);
            }
        }
        out
    }

    fn prepared(n: &[u64], e: &[u8]) -> PreparedModulus {
        let k = big(n).to_bytes_be().len();
        PreparedModulus::new(&limbs_to_be(n, k), e).unwrap()
    }

    #[test]
    fn n0_inv_is_minus_the_inverse_of_the_low_limb() {
        for n in moduli() {
            let m = prepared(&n, &[3]);
            assert_eq!(n[0].wrapping_mul(m.n0_inv), u64::MAX, "n0·n0_inv ≡ −1 (mod 2⁶⁴)");
        }
    }

    #[test]
    fn r_squared_is_r_squared_mod_n() {
        for n in moduli() {
            let l = n.len();
            let r2 = (BigUint::from(1u32) << (128 * l)) % big(&n);
            assert_eq!(big(&r_squared(&n)), r2, "{l} limbs");
            assert_eq!(big(&prepared(&n, &[3]).rr), r2);
        }
    }

    #[test]
    fn mont_mul_is_a_times_b_over_r_mod_n() {
        let mut rng = rng();
        for n in moduli() {
            let l = n.len();
            let m = prepared(&n, &[3]);
            let nb = big(&n);
            let r = BigUint::from(1u32) << (64 * l);
            let edges = [BigUint::from(0u32), BigUint::from(1u32), &nb - 1u32, &nb >> 1];
            let mut values: Vec<BigUint> = edges.to_vec();
            values.extend((0..4).map(|_| below(&mut rng, &nb)));
            for a in &values {
                for b in &values {
                    let mut out = vec![0u64; l];
                    m.mont_mul(&to_limbs(a, l), &to_limbs(b, l), &mut out);
                    let got = big(&out);
                    assert!(got < nb, "fully reduced, {l} limbs");
                    // out·R ≡ a·b (mod n), and R is invertible mod an odd n: this pins `out`.
                    assert_eq!((&got * &r) % &nb, (a * b) % &nb, "{l} limbs");
                }
            }
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
    fn limb_conversions_round_trip_and_ignore_leading_zeros() {
        let be = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09];
        let limbs = limbs_from_be(&be, 2).unwrap();
        assert_eq!(limbs, [0x0203_0405_0607_0809, 0x01]);
        assert_eq!(limbs_to_be(&limbs, 9), be);
        assert_eq!(limbs_to_be(&limbs, 16)[..7], [0; 7]);
        assert_eq!(limbs_from_be(&[0, 0, 0, 0x05], 1).unwrap(), [5]);
        assert_eq!(limbs_from_be(&[], 2).unwrap(), [0, 0]);
        assert!(
            limbs_from_be(&be, 1).is_none(),
            "nine significant bytes do not fit one limb"
        );
        assert_eq!(strip_leading_zeros(&[0, 0, 7, 0]), [7, 0]);
        assert_eq!(strip_leading_zeros(&[0, 0]), [0u8; 0]);
    }

    #[test]
    fn less_than_and_subtraction_carry_across_limbs() {
        assert!(less_than(&[u64::MAX, 0], &[0, 1]));
        assert!(!less_than(&[0, 1], &[u64::MAX, 0]));
        assert!(!less_than(&[5, 5], &[5, 5]), "equal is not less");
        let mut a = [0u64, 0, 1];
        sub_in_place(&mut a, &[1, 0, 0]);
        assert_eq!(a, [u64::MAX, u64::MAX, 0], "borrow runs through every limb");
        let mut b = [u64::MAX, 7];
        sub_in_place(&mut b, &[u64::MAX, 7]);
        assert_eq!(b, [0, 0]);
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
