//! Constant-time Montgomery arithmetic modulo one (possibly secret) odd modulus.
//!
//! The products are [`crate::crypto::rsa::mont`]'s, compiled with the masked final subtraction
//! (`MontOps<L, true>`); everything around them (conversion into Montgomery form, modular
//! addition and subtraction, exponentiation) is written here without a branch or an address that
//! depends on a value. Only lengths, the limb count and public exponents steer control flow.

use zeroize::{Zeroize as _, Zeroizing};

use crate::crypto::rsa::ct;
use crate::crypto::rsa::limbs::{be_into_limbs, strip_leading_zeros};
use crate::crypto::rsa::mont::{neg_inverse, MontOps, LIMB_SIZES};

/// Widest fixed window of the secret-exponent ladder (2⁵ table entries).
const MAX_WINDOW: usize = 5;
const TABLE: usize = 1 << MAX_WINDOW;

/// Window width at `L` limbs: 4 up to 512-bit moduli, where reading a 32-entry table for every
/// window costs more than the multiplications a wider window saves (callgrind: −3% per
/// 1024-bit signature), else 5.
const fn window_bits(limbs: usize) -> usize {
    if limbs <= 8 {
        4
    } else {
        5
    }
}

/// An odd modulus with its Montgomery constants, limbs zero-padded to a compiled size.
pub(crate) struct Modulus {
    n: Zeroizing<Vec<u64>>,
    /// `−n⁻¹ mod 2⁶⁴`.
    n0_inv: u64,
    /// `R² mod n`, `R = 2^(64·limbs)`.
    rr: Zeroizing<Vec<u64>>,
    /// Bit length of `n`: public (it is the key size, or half of it).
    bits: usize,
}

impl Modulus {
    /// Prepares a secret modulus (a prime of a private key) without branching on its value.
    /// `None` for an even, zero or oversized value. Its bit length is treated as public.
    pub(crate) fn new_secret(n_be: &[u8]) -> Option<Self> {
        let n_be = strip_leading_zeros(n_be);
        let limbs = LIMB_SIZES.into_iter().find(|&l| l * 8 >= n_be.len())?;
        let mut n = Zeroizing::new(vec![0u64; limbs]);
        be_into_limbs(n_be, &mut n)?;
        let low = *n.first()?;
        if low & 1 == 0 {
            return None;
        }
        let top = n_be.first().copied().unwrap_or(0);
        let bits = n_be.len() * 8 - top.leading_zeros() as usize;
        let rr = Zeroizing::new(r_squared_ct(&n));
        Some(Self {
            n0_inv: neg_inverse(low),
            n,
            rr,
            bits,
        })
    }

    /// Copies a public modulus' constants (computed by [`crate::crypto::rsa::PreparedModulus`]).
    pub(crate) fn from_public(n: &[u64], n0_inv: u64, rr: &[u64]) -> Self {
        let bits = n
            .iter()
            .rposition(|&l| l != 0)
            .map_or(0, |i| 64 * i + 64 - n.get(i).map_or(0, |l| l.leading_zeros() as usize));
        Self {
            n: Zeroizing::new(n.to_vec()),
            n0_inv,
            rr: Zeroizing::new(rr.to_vec()),
            bits,
        }
    }

    /// Padded limb count.
    pub(crate) fn limbs(&self) -> usize {
        self.n.len()
    }

    /// Bit length of the modulus.
    pub(crate) fn bits(&self) -> usize {
        self.bits
    }

    /// The modulus limbs (secret for a prime).
    pub(crate) fn value(&self) -> &[u64] {
        &self.n
    }

    /// The modulus and its constants (for the valgrind harness).
    pub(crate) fn visit_secrets(&self, visit: &mut dyn FnMut(&[u64])) {
        visit(&self.n);
        visit(core::slice::from_ref(&self.n0_inv));
        visit(&self.rr);
    }

    /// A fixed-size view for arithmetic at `L` limbs.
    pub(crate) fn view<const L: usize>(&self, ops: &'static MontOps<L, true>) -> Option<Mont<'_, L>> {
        Some(Mont {
            n: self.n.as_slice().try_into().ok()?,
            rr: self.rr.as_slice().try_into().ok()?,
            n0_inv: self.n0_inv,
            ops,
        })
    }
}

/// Runs `$body` with `$mont` bound to `$modulus` viewed at its limb count (straight-line
/// products at 8 and 16 limbs). Evaluates to `$body`'s `Option`, or `None` for a size that is
/// not compiled.
macro_rules! with_mont {
    ($modulus:expr, |$mont:ident| $body:expr) => {{
        use $crate::crypto::rsa::mont::MontOps;
        let m: &$crate::crypto::rsa::private::modulus::Modulus = $modulus;
        match m.limbs() {
            4 => m.view::<4>(&MontOps::<4, true>::LOOPED).and_then(|$mont| $body),
            8 => m.view::<8>(&MontOps::<8, true>::UNROLLED).and_then(|$mont| $body),
            16 => m.view::<16>(&MontOps::<16, true>::UNROLLED).and_then(|$mont| $body),
            24 => m.view::<24>(&MontOps::<24, true>::LOOPED).and_then(|$mont| $body),
            32 => m.view::<32>(&MontOps::<32, true>::LOOPED).and_then(|$mont| $body),
            48 => m.view::<48>(&MontOps::<48, true>::LOOPED).and_then(|$mont| $body),
            64 => m.view::<64>(&MontOps::<64, true>::LOOPED).and_then(|$mont| $body),
            _ => None,
        }
    }};
}
pub(crate) use with_mont;

/// Arithmetic modulo `n` at `L` limbs. Values are `[u64; L]` below `n`; "Montgomery form" of
/// `x` is `x·R mod n`.
pub(crate) struct Mont<'a, const L: usize> {
    n: &'a [u64; L],
    rr: &'a [u64; L],
    n0_inv: u64,
    ops: &'static MontOps<L, true>,
}

impl<const L: usize> Mont<'_, L> {
    /// `a·b·R⁻¹ mod n`; needs `a·b < n·R` (e.g. `a < R`, `b < n`).
    #[inline]
    pub(crate) fn mul(&self, a: &[u64; L], b: &[u64; L]) -> [u64; L] {
        self.ops.mul(a, b, self.n, self.n0_inv)
    }

    #[inline]
    pub(crate) fn sqr(&self, a: &[u64; L]) -> [u64; L] {
        self.ops.sqr(a, self.n, self.n0_inv)
    }

    /// `(a + b) mod n` for `a, b < n`.
    pub(crate) fn add(&self, a: &[u64; L], b: &[u64; L]) -> [u64; L] {
        let mut s = *a;
        let carry = ct::add_assign(&mut s, b);
        ct::reduce_once(&mut s, carry, self.n);
        s
    }

    /// `(a − b) mod n` for `a, b < n`.
    pub(crate) fn sub(&self, a: &[u64; L], b: &[u64; L]) -> [u64; L] {
        let mut d = *a;
        let borrow = ct::sub_assign(&mut d, b);
        let mask = ct::mask_from_bit(borrow);
        let mut fix = *self.n;
        for limb in &mut fix {
            *limb &= mask;
        }
        ct::add_assign(&mut d, &fix);
        fix.zeroize();
        d
    }

    /// Montgomery form of `x mod n` for a little-endian value of any length (Horner's rule over
    /// `L`-limb chunks from the top: each step multiplies by `R` and adds the next chunk·R).
    pub(crate) fn to_mont(&self, x: &[u64]) -> [u64; L] {
        let mut acc = [0u64; L];
        let chunks = x.len().div_ceil(L).max(1);
        for c in (0..chunks).rev() {
            let mut chunk = [0u64; L];
            for (dst, src) in chunk.iter_mut().zip(x.iter().skip(c * L)) {
                *dst = *src;
            }
            let shifted = self.mul(&acc, self.rr); // acc·R
            let term = self.mul(&chunk, self.rr); // chunk·R (chunk < R, R² mod n < n)
            acc = self.add(&shifted, &term);
            chunk.zeroize();
        }
        acc
    }

    /// Leaves Montgomery form: `a·R⁻¹ mod n`.
    pub(crate) fn leave_mont(&self, a: &[u64; L]) -> [u64; L] {
        let mut one = [0u64; L];
        if let Some(first) = one.first_mut() {
            *first = 1;
        }
        self.mul(a, &one)
    }

    /// Montgomery form of 1 (`R mod n`).
    pub(crate) fn one(&self) -> [u64; L] {
        self.leave_mont(self.rr)
    }

    /// `base^e` for a public exponent given as bits (most significant first, leading bit 1):
    /// the exponent steers the loop, the base never does. Montgomery form in and out.
    pub(crate) fn pow_public(&self, base: &[u64; L], e_bits: &[bool]) -> [u64; L] {
        let Some((_, rest)) = e_bits.split_first() else {
            return self.one();
        };
        let mut acc = *base;
        for &bit in rest {
            acc = self.sqr(&acc);
            if bit {
                acc = self.mul(&acc, base);
            }
        }
        acc
    }

    /// `base^exp` for a secret exponent (little-endian limbs) of at most `exp_bits` bits, by a
    /// fixed window: every window costs five squarings and one multiplication by a table entry
    /// read in full, whatever its bits. Montgomery form in and out.
    pub(crate) fn pow_secret(&self, base: &[u64; L], exp: &[u64], exp_bits: usize) -> [u64; L] {
        let bits = window_bits(L);
        let mut table = [[0u64; L]; TABLE];
        let entries = table.get_mut(..1 << bits).unwrap_or_default();
        // entries[i] = base^i: even powers by squaring (cheaper), odd ones by one multiplication.
        for i in 0..entries.len() {
            let next = match i {
                0 => self.one(),
                1 => *base,
                _ if i % 2 == 0 => self.sqr(entries.get(i / 2).unwrap_or(base)),
                _ => self.mul(entries.get(i - 1).unwrap_or(base), base),
            };
            if let Some(entry) = entries.get_mut(i) {
                *entry = next;
            }
        }
        let windows = exp_bits.div_ceil(bits).max(1);
        let mut acc = [0u64; L];
        let mut factor = [0u64; L];
        ct::table_select(entries, window(exp, windows - 1, bits), &mut acc);
        for w in (0..windows - 1).rev() {
            for _ in 0..bits {
                acc = self.sqr(&acc);
            }
            let digit = window(exp, w, bits);
            #[cfg(feature = "ct-seeded-div")]
            seeded_division(digit);
            ct::table_select(entries, digit, &mut factor);
            acc = self.mul(&acc, &factor);
        }
        table.zeroize();
        factor.zeroize();
        acc
    }
}

/// A division by a secret exponent window: the deliberately variable-latency instruction (`div`)
/// built only by `core/ctgrind`'s self-test to show that the instruction check reports it.
#[cfg(feature = "ct-seeded-div")]
fn seeded_division(digit: u64) {
    core::hint::black_box(u64::MAX / core::hint::black_box(digit | 1));
}

/// Bits `[bits·w, bits·(w+1))` of the little-endian limbs `exp`. The position is public; the
/// bits are read with shifts only.
fn window(exp: &[u64], w: usize, bits: usize) -> u64 {
    let bit = w * bits;
    let (limb, shift) = (bit / 64, bit % 64);
    let low = exp.get(limb).copied().unwrap_or(0) >> shift;
    let high = if shift + bits > 64 {
        exp.get(limb + 1).copied().unwrap_or(0) << (64 - shift)
    } else {
        0
    };
    (low | high) & ((1 << bits) - 1)
}

/// `R² mod n` by doubling 1 modulo `n`, `2·64·limbs` times, each doubling reduced by a mask.
fn r_squared_ct(n: &[u64]) -> Vec<u64> {
    let mut x = vec![0u64; n.len()];
    let mut d = vec![0u64; n.len()];
    if let Some(first) = x.first_mut() {
        *first = 1;
    }
    for _ in 0..(2 * 64 * n.len()) {
        let mut carry = 0u64;
        for limb in &mut x {
            let next = *limb >> 63;
            *limb = (*limb << 1) | carry;
            carry = next;
        }
        d.copy_from_slice(&x);
        let borrow = ct::sub_assign(&mut d, n);
        ct::assign_if(ct::mask_from_bit(carry | (borrow ^ 1)), &mut x, &d);
    }
    d.zeroize();
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;

    fn big(limbs: &[u64]) -> BigUint {
        BigUint::from_bytes_be(&crate::crypto::rsa::limbs::limbs_to_be(limbs, limbs.len() * 8))
    }

    fn limbs(x: &BigUint, l: usize) -> Vec<u64> {
        let mut out = vec![0u64; l];
        be_into_limbs(&x.to_bytes_be(), &mut out).unwrap();
        out
    }

    fn moduli() -> Vec<BigUint> {
        let mut out = Vec::new();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for bytes in [24usize, 32, 63, 64, 96, 128, 192, 256, 384, 512] {
            let mut be: Vec<u8> = (0..bytes)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed.to_le_bytes()[0]
                })
                .collect();
            be[0] |= 0x80;
            *be.last_mut().unwrap() |= 1;
            out.push(BigUint::from_bytes_be(&be));
            out.push(BigUint::from_bytes_be(&vec![0xff; bytes])); // all ones: carry-heavy
        }
        out
    }

    #[test]
    fn secret_moduli_get_the_same_constants_as_the_public_path() {
        for n in moduli() {
            let m = Modulus::new_secret(&n.to_bytes_be()).unwrap();
            let l = m.limbs();
            assert_eq!(big(&m.rr), (BigUint::from(1u32) << (128 * l)) % &n);
            assert_eq!(m.bits() as u64, n.bits());
            assert_eq!(m.n0_inv.wrapping_mul(m.n[0]), u64::MAX);
        }
        assert!(Modulus::new_secret(&[0x0c, 0xa0]).is_none(), "even");
        assert!(Modulus::new_secret(&[]).is_none(), "empty");
        assert!(Modulus::new_secret(&[0xff; 513]).is_none(), "over 4096 bits");
    }

    fn check_arithmetic<const L: usize>(m: &Modulus, mont: &Mont<'_, L>) {
        let n = big(m.value());
        let r = BigUint::from(1u32) << (64 * L);
        let vals = [
            BigUint::from(0u32),
            BigUint::from(1u32),
            &n - 1u32,
            &n >> 1,
            (&n * 3u32) / 7u32,
        ];
        for a in &vals {
            let al: [u64; L] = limbs(a, L).try_into().unwrap();
            let am = mont.to_mont(&al);
            assert_eq!(big(&am), (a * &r) % &n, "to_mont");
            assert_eq!(big(&mont.leave_mont(&am)), a.clone(), "leave_mont");
            for b in &vals {
                let bl: [u64; L] = limbs(b, L).try_into().unwrap();
                assert_eq!(big(&mont.add(&al, &bl)), (a + b) % &n, "add");
                assert_eq!(big(&mont.sub(&al, &bl)), (a + &n - b) % &n, "sub");
            }
            // A wide value (three chunks) reduces like the bignum.
            let wide = a * &r * &r + a * &r + 12345u32;
            let wl = limbs(&wide, 3 * L);
            assert_eq!(big(&mont.leave_mont(&mont.to_mont(&wl))), &wide % &n, "wide to_mont");
            // Full-length exponents at 48 and 64 limbs only cost debug-build time: the ladder
            // is the same code at every size.
            if L > 32 {
                continue;
            }
            for e in [
                BigUint::from(0u32),
                BigUint::from(1u32),
                BigUint::from(65537u32),
                &n - 2u32,
                (&n * 5u32) / 11u32,
            ] {
                let el = limbs(&e, L);
                let got = mont.leave_mont(&mont.pow_secret(&am, &el, m.bits()));
                assert_eq!(big(&got), a.modpow(&e, &n), "pow_secret");
            }
            let e_bits: Vec<bool> = [
                true, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
                false, true,
            ]
            .to_vec();
            let got = mont.leave_mont(&mont.pow_public(&am, &e_bits));
            assert_eq!(big(&got), a.modpow(&BigUint::from(65537u32), &n), "pow_public");
        }
    }

    #[test]
    fn arithmetic_matches_bignum_at_every_compiled_size() {
        for n in moduli() {
            let m = Modulus::new_secret(&n.to_bytes_be()).unwrap();
            with_mont!(&m, |mont| {
                check_arithmetic(&m, &mont);
                Some(())
            })
            .unwrap();
        }
    }

    #[test]
    fn window_reads_bits_across_limb_boundaries() {
        let exp = [0x8000_0000_0000_0000u64 | 0b1_0110, 0b11];
        assert_eq!(window(&exp, 0, 5), 0b1_0110);
        // Bits 60..65: limb 0's top four bits (1000) and limb 1's lowest bit (1).
        assert_eq!(window(&exp, 12, 5), 0b1_1000);
        assert_eq!(window(&exp, 13, 5), 0b1);
        assert_eq!(window(&exp, 40, 5), 0, "past the end reads zeros");
        assert_eq!(window(&exp, 0, 4), 0b0110);
        assert_eq!(window(&exp, 15, 4), 0b1000, "bits 60..64");
        assert_eq!(window(&exp, 16, 4), 0b11);
    }
}
