//! Montgomery products on `u64` limbs, shared by both RSA paths.
//!
//! Product scanning (FIPS Montgomery), monomorphised for a fixed limb count: a modulus is
//! zero-padded up to a [`LIMB_SIZES`] entry, so loops have constant bounds and no bounds checks.
//! At 8 and 16 limbs the products are straight-line code ([`MontOps::UNROLLED`]). `CT = true`
//! compiles the final subtraction as a masked selection (`rsa::private`: secret operands),
//! `CT = false` as a branch (`rsa::public`: public values only). Column sums are carry chains
//! without branches: `_addcarry_u64`/`_subborrow_u64` on x86_64 from Rust 1.93 (`core/build.rs`),
//! `overflowing_*` elsewhere.

#![allow(clippy::many_single_char_names, clippy::cast_possible_truncation)] // textbook names; u128 halves

use core::marker::PhantomData;

use super::ct;

/// Limb counts the arithmetic is compiled for; a modulus is zero-padded to the next one.
/// (Montgomery form only needs `n < R = 2^(64·L)`; padding costs time, never correctness.)
pub(crate) const LIMB_SIZES: [usize; 7] = [4, 8, 16, 24, 32, 48, 64];

/// The column accumulator of the Montgomery products, kept negated: three words holding
/// `−acc mod 2¹⁹²`, so adding a product `a·b` is `mul` and a sub/sbb/sbb chain. Kept positive,
/// the sum is an add/adc/adc chain that LLVM ties to the product's `rax`/`rdx` and so copies
/// both out of them first (7 instructions per product instead of 5; a subtraction cannot be
/// commuted). callgrind per 2048-bit signature: 8.0M instructions against 10.0M for the positive
/// three-word form (unrolled) and a `u128` + word form (loops). Wall time moved far less (2–3%):
/// on this Zen 4 a column's mul + three flag operations run at 2 cycles per product either way
/// (benches/RESULTS.md). A column holds at most 2·64 + 1 products and a doubled cross sum, far
/// below 2¹⁹¹, so read as a signed number the accumulator is exactly `−acc`.
#[derive(Clone, Copy, Default)]
struct NegColumn<C: Carries> {
    w0: u64,
    w1: u64,
    w2: u64,
    carries: PhantomData<C>,
}

impl<C: Carries> NegColumn<C> {
    #[inline]
    fn mul_add(&mut self, a: u64, b: u64) {
        let p = u128::from(a) * u128::from(b);
        let (w0, borrow) = C::sbb(0, self.w0, p as u64);
        let (w1, borrow) = C::sbb(borrow, self.w1, (p >> 64) as u64);
        let (w2, _) = C::sbb(borrow, self.w2, 0);
        (self.w0, self.w1, self.w2) = (w0, w1, w2);
    }

    /// The lowest word of `−acc`.
    #[inline]
    fn negated_low(&self) -> u64 {
        self.w0
    }

    /// Adds `2·other`: the sum of negations is the negated sum.
    #[inline]
    fn add_doubled(&mut self, other: Self) {
        let d0 = other.w0 << 1;
        let d1 = (other.w1 << 1) | (other.w0 >> 63);
        let d2 = (other.w2 << 1) | (other.w1 >> 63);
        let (w0, carry) = C::adc(0, self.w0, d0);
        let (w1, carry) = C::adc(carry, self.w1, d1);
        let (w2, _) = C::adc(carry, self.w2, d2);
        (self.w0, self.w1, self.w2) = (w0, w1, w2);
    }

    /// Adds `m·n0`, with `m` chosen so that the sum's lowest word is zero, and carries the sum
    /// into the next column. The low words cancel exactly (`−acc ≡ m·n0 mod 2⁶⁴`), without a
    /// borrow, so only the high half is subtracted; and `−(sum >> 64)` is then the arithmetic
    /// shift of `−sum`.
    #[inline]
    fn reduce_word(&mut self, m: u64, n0: u64) {
        let high = ((u128::from(m) * u128::from(n0)) >> 64) as u64;
        let (w1, borrow) = C::sbb(0, self.w1, high);
        let (w2, _) = C::sbb(borrow, self.w2, 0);
        let sign = 0u64.wrapping_sub(w2 >> 63);
        (self.w0, self.w1, self.w2) = (w1, w2, sign);
    }

    /// Takes the lowest word of `acc` out and carries the rest into the next column:
    /// `−(acc >> 64)` is the arithmetic shift of `−acc` plus the borrow of negating its low word.
    #[inline]
    fn shift(&mut self) -> u64 {
        let (low, borrow) = C::sbb(0, 0, self.w0);
        let sign = 0u64.wrapping_sub(self.w2 >> 63);
        let (w0, carry) = C::adc(borrow, self.w1, 0);
        let (w1, carry) = C::adc(carry, self.w2, 0);
        let (w2, _) = C::adc(carry, sign, 0);
        (self.w0, self.w1, self.w2) = (w0, w1, w2);
        low
    }
}

/// Add-with-carry and subtract-with-borrow on words (carry and borrow are 0 or 1).
trait Carries: Copy + Default {
    fn adc(carry: u8, a: u64, b: u64) -> (u64, u8);
    fn sbb(borrow: u8, a: u64, b: u64) -> (u64, u8);
}

/// Carries from `overflowing_*`: any target. (`u64::carrying_add` is stable only since Rust
/// 1.91, past the MSRV.)
#[cfg(any(test, not(all(target_arch = "x86_64", cardbind_safe_adc))))]
#[derive(Clone, Copy, Default)]
struct PortableCarries;

#[cfg(any(test, not(all(target_arch = "x86_64", cardbind_safe_adc))))]
impl Carries for PortableCarries {
    #[inline]
    fn adc(carry: u8, a: u64, b: u64) -> (u64, u8) {
        let (sum, c1) = a.overflowing_add(b);
        let (sum, c2) = sum.overflowing_add(u64::from(carry));
        (sum, u8::from(c1 | c2))
    }

    #[inline]
    fn sbb(borrow: u8, a: u64, b: u64) -> (u64, u8) {
        let (diff, b1) = a.overflowing_sub(b);
        let (diff, b2) = diff.overflowing_sub(u64::from(borrow));
        (diff, u8::from(b1 | b2))
    }
}

/// Carries through the `adc`/`sbb` intrinsics, safe to call since Rust 1.93 (`build.rs` sets
/// `cardbind_safe_adc`; older compilers use [`PortableCarries`]). LLVM keeps their carries in the
/// flags; from `overflowing_*` it rebuilds some of them with `setb` (callgrind, 2048-bit
/// signature: 8.4M instructions against 9.6M).
#[cfg(all(target_arch = "x86_64", cardbind_safe_adc))]
#[derive(Clone, Copy, Default)]
struct X86Carries;

#[cfg(all(target_arch = "x86_64", cardbind_safe_adc))]
impl Carries for X86Carries {
    #[inline]
    fn adc(carry: u8, a: u64, b: u64) -> (u64, u8) {
        let mut sum = 0;
        let carry = core::arch::x86_64::_addcarry_u64(carry, a, b, &mut sum);
        (sum, carry)
    }

    #[inline]
    fn sbb(borrow: u8, a: u64, b: u64) -> (u64, u8) {
        let mut diff = 0;
        let borrow = core::arch::x86_64::_subborrow_u64(borrow, a, b, &mut diff);
        (diff, borrow)
    }
}

/// The carries the products use on this target and compiler.
#[cfg(all(target_arch = "x86_64", cardbind_safe_adc))]
type NativeCarries = X86Carries;
#[cfg(not(all(target_arch = "x86_64", cardbind_safe_adc)))]
type NativeCarries = PortableCarries;

/// `t − n` if `top·R + t ≥ n`, for a result known to be below `2n`. With `CT` the subtraction is
/// always computed and the result chosen by a mask (private-key and secret-base arithmetic);
/// without it, a branch (public-key verification, where nothing is secret).
#[inline]
fn reduce_once<const L: usize, const CT: bool>(mut t: [u64; L], top: u64, n: &[u64; L]) -> [u64; L] {
    if CT {
        ct::reduce_once(&mut t, top, n);
    } else if top != 0 || !less_than(&t, n) {
        sub_in_place(&mut t, n);
    }
    t
}

/// `a·b·R⁻¹ mod n` for `a, b < n`: Montgomery multiplication by product scanning (FIPS: each
/// output column sums its `a·b` and `m·n` products, then the reduction word `m[i]` is chosen).
#[allow(clippy::indexing_slicing)] // every index is below L, the arrays' length, by loop bounds
#[inline]
fn mont_mul<const L: usize, const CT: bool, C: Carries>(
    a: &[u64; L],
    b: &[u64; L],
    n: &[u64; L],
    n0_inv: u64,
) -> [u64; L] {
    let n0_inv_neg = n0_inv.wrapping_neg(); // m[i] = acc·n0_inv = (−acc)·n⁻¹ mod 2⁶⁴
    let mut m = [0u64; L];
    let mut t = [0u64; L];
    let mut acc = NegColumn::<C>::default();
    for i in 0..L {
        for j in 0..i {
            acc.mul_add(a[j], b[i - j]);
            acc.mul_add(m[j], n[i - j]);
        }
        acc.mul_add(a[i], b[0]);
        m[i] = acc.negated_low().wrapping_mul(n0_inv_neg);
        acc.reduce_word(m[i], n[0]);
    }
    for i in L..2 * L {
        for j in i + 1 - L..L {
            acc.mul_add(a[j], b[i - j]);
            acc.mul_add(m[j], n[i - j]);
        }
        t[i - L] = acc.shift();
    }
    // The result is below 2n < 2R: what is left in the accumulator is its top bit.
    reduce_once::<L, CT>(t, acc.negated_low().wrapping_neg(), n)
}

/// `a²·R⁻¹ mod n` for `a < n`: as [`mont_mul`], but each column's cross products `a[j]·a[k]`,
/// `j < k`, are computed once and doubled.
#[allow(clippy::indexing_slicing)] // every index is below L by loop bounds
#[inline]
fn mont_sqr<const L: usize, const CT: bool, C: Carries>(a: &[u64; L], n: &[u64; L], n0_inv: u64) -> [u64; L] {
    let n0_inv_neg = n0_inv.wrapping_neg(); // m[i] = acc·n0_inv = (−acc)·n⁻¹ mod 2⁶⁴
    let mut m = [0u64; L];
    let mut t = [0u64; L];
    let mut acc = NegColumn::<C>::default();
    for i in 0..2 * L {
        let mut cross = NegColumn::<C>::default();
        let (mut j, mut k) = (i.saturating_sub(L - 1), i.min(L - 1));
        while j < k {
            cross.mul_add(a[j], a[k]);
            j += 1;
            k -= 1;
        }
        acc.add_doubled(cross);
        if j == k {
            acc.mul_add(a[j], a[j]);
        }
        if i < L {
            for j in 0..i {
                acc.mul_add(m[j], n[i - j]);
            }
            m[i] = acc.negated_low().wrapping_mul(n0_inv_neg);
            acc.reduce_word(m[i], n[0]);
        } else {
            for j in i + 1 - L..L {
                acc.mul_add(m[j], n[i - j]);
            }
            t[i - L] = acc.shift();
        }
    }
    reduce_once::<L, CT>(t, acc.negated_low().wrapping_neg(), n)
}

/// Runs `$body` for each `$i` of a literal list `[0 1 …]` that passes `$guard`, as straight-line
/// code: each `$i` is a constant, so the guards fold away at compile time (and rustc's lints see
/// that the copies they remove would index out of bounds). LLVM does not fully unroll the product
/// loops by itself (too long for its thresholds); rolled, they cost about twice the instructions
/// per limb product.
macro_rules! unroll {
    ([$($n:literal)*], $i:ident if $guard:expr => $body:block) => {{
        $( {
            let $i: usize = $n;
            if $guard $body
        } )*
    }};
}

/// [`mont_mul`] (`b` is `Some`) or [`mont_sqr`] (`b` is `None`) at `L` limbs, with the column and
/// limb loops written out over the literal lists `limbs` (`[0 … L−1]`) and `columns`
/// (`[0 … 2L−1]`). Column `i` sums the products `x[j]·y[i−j]` with `j` and `i − j` both below `L`.
macro_rules! unrolled_montgomery {
    ($a:expr, $b:expr, $n:expr, $n0_inv:expr; L = $l:literal, limbs = $limbs:tt, columns = $columns:tt) => {{
        let (a, b, n, n0_inv): (&[u64; $l], Option<&[u64; $l]>, &[u64; $l], u64) = ($a, $b, $n, $n0_inv);
        // m[i] = acc·n0_inv = (−acc)·n⁻¹ mod 2⁶⁴.
        let n0_inv_neg = n0_inv.wrapping_neg();
        let mut m = [0u64; $l];
        let mut t = [0u64; $l];
        let mut acc = NegColumn::<C>::default();
        unroll!($columns, i if true => {
            match b {
                Some(b) => unroll!($limbs, j if j + $l > i && j <= i => {
                    acc.mul_add(a[j], b[i - j]);
                }),
                None => {
                    let mut cross = NegColumn::<C>::default();
                    unroll!($limbs, j if j + $l > i && 2 * j < i => {
                        cross.mul_add(a[j], a[i - j]);
                    });
                    acc.add_doubled(cross);
                    if i % 2 == 0 {
                        acc.mul_add(a[i / 2], a[i / 2]);
                    }
                }
            }
            unroll!($limbs, j if j + $l > i && j < i => {
                acc.mul_add(m[j], n[i - j]);
            });
            if i < $l {
                let m_i = acc.negated_low().wrapping_mul(n0_inv_neg);
                m[i] = m_i;
                acc.reduce_word(m_i, n[0]);
            } else {
                t[i - $l] = acc.shift();
            }
        });
        reduce_once::<$l, CT>(t, acc.negated_low().wrapping_neg(), n)
    }};
}

/// Montgomery multiplication `(a, b, n, n0_inv) → a·b·R⁻¹ mod n` and squaring
/// `(a, n, n0_inv) → a²·R⁻¹ mod n` at one limb count; `CT` selects the masked final subtraction.
pub(crate) struct MontOps<const L: usize, const CT: bool> {
    mul: fn(&Limbs<L>, &Limbs<L>, &Limbs<L>, u64) -> Limbs<L>,
    sqr: fn(&Limbs<L>, &Limbs<L>, u64) -> Limbs<L>,
}

type Limbs<const L: usize> = [u64; L];

impl<const L: usize, const CT: bool> MontOps<L, CT> {
    /// The looped form, for any limb count.
    pub(crate) const LOOPED: Self = Self {
        mul: mont_mul::<L, CT, NativeCarries>,
        sqr: mont_sqr::<L, CT, NativeCarries>,
    };

    /// [`Self::LOOPED`] with portable carries, which other targets use: tested on every target.
    #[cfg(test)]
    pub(crate) const LOOPED_PORTABLE: Self = Self {
        mul: mont_mul::<L, CT, PortableCarries>,
        sqr: mont_sqr::<L, CT, PortableCarries>,
    };

    #[inline]
    pub(crate) fn mul(&self, a: &[u64; L], b: &[u64; L], n: &[u64; L], n0_inv: u64) -> [u64; L] {
        (self.mul)(a, b, n, n0_inv)
    }

    #[inline]
    pub(crate) fn sqr(&self, a: &[u64; L], n: &[u64; L], n0_inv: u64) -> [u64; L] {
        (self.sqr)(a, n, n0_inv)
    }
}

impl<const CT: bool> MontOps<16, CT> {
    /// Straight-line form for 1024-bit moduli (public keys; 2048-bit keys' CRT halves), where
    /// LianLian and xianjincard-era keys live and a verification is nearly all modular
    /// arithmetic. (Unrolled 2048-bit code is ~190 KB, far past the instruction cache, and
    /// measured no faster than the loops.)
    pub(crate) const UNROLLED: Self = Self {
        mul: unrolled_mul_16::<CT, NativeCarries>,
        sqr: unrolled_sqr_16::<CT, NativeCarries>,
    };

    /// [`Self::UNROLLED`] with portable carries, which other targets use: tested on every target.
    #[cfg(test)]
    pub(crate) const UNROLLED_PORTABLE: Self = Self {
        mul: unrolled_mul_16::<CT, PortableCarries>,
        sqr: unrolled_sqr_16::<CT, PortableCarries>,
    };
}

impl<const CT: bool> MontOps<8, CT> {
    /// Straight-line form for 512-bit moduli: the CRT halves of 1024-bit private keys.
    pub(crate) const UNROLLED: Self = Self {
        mul: unrolled_mul_8::<CT, NativeCarries>,
        sqr: unrolled_sqr_8::<CT, NativeCarries>,
    };

    /// As at 16 limbs.
    #[cfg(test)]
    pub(crate) const UNROLLED_PORTABLE: Self = Self {
        mul: unrolled_mul_8::<CT, PortableCarries>,
        sqr: unrolled_sqr_8::<CT, PortableCarries>,
    };
}

// Constant indices below 16. `unused_assignments`: the lint also sees the folded-away copies.
#[allow(clippy::indexing_slicing, unused_assignments)]
fn unrolled_mul_16<const CT: bool, C: Carries>(a: &[u64; 16], b: &[u64; 16], n: &[u64; 16], n0_inv: u64) -> [u64; 16] {
    unrolled_montgomery!(a, Some(b), n, n0_inv; L = 16,
        limbs = [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15],
        columns = [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31])
}

#[allow(clippy::indexing_slicing, unused_assignments)] // as above
fn unrolled_sqr_16<const CT: bool, C: Carries>(a: &[u64; 16], n: &[u64; 16], n0_inv: u64) -> [u64; 16] {
    unrolled_montgomery!(a, None, n, n0_inv; L = 16,
        limbs = [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15],
        columns = [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31])
}

#[allow(clippy::indexing_slicing, unused_assignments)] // as above, below 8
fn unrolled_mul_8<const CT: bool, C: Carries>(a: &[u64; 8], b: &[u64; 8], n: &[u64; 8], n0_inv: u64) -> [u64; 8] {
    unrolled_montgomery!(a, Some(b), n, n0_inv; L = 8,
        limbs = [0 1 2 3 4 5 6 7],
        columns = [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15])
}

#[allow(clippy::indexing_slicing, unused_assignments)] // as above, below 8
fn unrolled_sqr_8<const CT: bool, C: Carries>(a: &[u64; 8], n: &[u64; 8], n0_inv: u64) -> [u64; 8] {
    unrolled_montgomery!(a, None, n, n0_inv; L = 8,
        limbs = [0 1 2 3 4 5 6 7],
        columns = [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15])
}

/// `−n0⁻¹ mod 2⁶⁴` for an odd low limb `n0`, by Newton's iteration (each step doubles the correct
/// low bits; no branch, so secret primes may use it).
pub(crate) fn neg_inverse(n0: u64) -> u64 {
    let mut inv: u64 = 1;
    for _ in 0..6 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(n0.wrapping_mul(inv)));
    }
    inv.wrapping_neg()
}

/// `a < b` for little-endian limbs of the same length (variable-time: public values only).
pub(crate) fn less_than(a: &[u64], b: &[u64]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a − b` into `a` (variable-time: public values only).
pub(crate) fn sub_in_place(a: &mut [u64], b: &[u64]) {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
        *x = d2;
        borrow = b1 || b2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::rsa::testing::{below, big, moduli, rng, to_limbs};
    use num_bigint::BigUint;

    /// A modulus zero-padded to the next compiled limb count, with its `−n⁻¹ mod 2⁶⁴`.
    struct Padded {
        n: Vec<u64>,
        n0_inv: u64,
    }

    fn padded(n: &[u64]) -> Padded {
        let limbs = LIMB_SIZES.into_iter().find(|&l| l >= n.len()).unwrap();
        let mut padded = n.to_vec();
        padded.resize(limbs, 0);
        Padded {
            n0_inv: neg_inverse(n[0]),
            n: padded,
        }
    }

    /// `a·b·R⁻¹` and `a²·R⁻¹` at the padded modulus' limb count, from every form
    /// compiled for that size (looped, and unrolled at 8 and 16 limbs), each with native and
    /// portable carries.
    fn mul_and_sqr(m: &Padded, a: &[u64], b: &[u64]) -> Vec<(Vec<u64>, Vec<u64>)> {
        fn run<const L: usize>(ops: &MontOps<L, false>, m: &Padded, a: &[u64], b: &[u64]) -> (Vec<u64>, Vec<u64>) {
            let n: &[u64; L] = m.n.as_slice().try_into().unwrap();
            let a: [u64; L] = a.try_into().unwrap();
            let b: [u64; L] = b.try_into().unwrap();
            (ops.mul(&a, &b, n, m.n0_inv).to_vec(), ops.sqr(&a, n, m.n0_inv).to_vec())
        }
        fn looped<const L: usize>(m: &Padded, a: &[u64], b: &[u64]) -> Vec<(Vec<u64>, Vec<u64>)> {
            vec![
                run(&MontOps::<L, false>::LOOPED, m, a, b),
                run(&MontOps::<L, false>::LOOPED_PORTABLE, m, a, b),
            ]
        }
        match m.n.len() {
            4 => looped::<4>(m, a, b),
            8 => [
                looped::<8>(m, a, b),
                vec![
                    run(&MontOps::<8, false>::UNROLLED, m, a, b),
                    run(&MontOps::<8, false>::UNROLLED_PORTABLE, m, a, b),
                ],
            ]
            .concat(),
            16 => [
                looped::<16>(m, a, b),
                vec![
                    run(&MontOps::<16, false>::UNROLLED, m, a, b),
                    run(&MontOps::<16, false>::UNROLLED_PORTABLE, m, a, b),
                ],
            ]
            .concat(),
            24 => looped::<24>(m, a, b),
            32 => looped::<32>(m, a, b),
            48 => looped::<48>(m, a, b),
            64 => looped::<64>(m, a, b),
            other => panic!("unexpected limb count {other}"),
        }
    }

    #[test]
    fn n0_inv_is_minus_the_inverse_of_the_low_limb() {
        for n in moduli() {
            assert_eq!(
                n[0].wrapping_mul(neg_inverse(n[0])),
                u64::MAX,
                "n0·n0_inv ≡ −1 (mod 2⁶⁴)"
            );
        }
    }

    #[test]
    fn mont_mul_and_mont_sqr_are_products_over_r_mod_n() {
        let mut rng = rng();
        for n in moduli() {
            let m = padded(&n);
            let l = m.n.len();
            let nb = big(&n);
            let r = BigUint::from(1u32) << (64 * l);
            let edges = [BigUint::from(0u32), BigUint::from(1u32), &nb - 1u32, &nb >> 1];
            let mut values: Vec<BigUint> = edges.to_vec();
            values.extend((0..4).map(|_| below(&mut rng, &nb)));
            for a in &values {
                for b in &values {
                    let forms = mul_and_sqr(&m, &to_limbs(a, l), &to_limbs(b, l));
                    for (form, (prod, square)) in forms.into_iter().enumerate() {
                        let (prod, square) = (big(&prod), big(&square));
                        let what = format!("{} limbs, form {form}", n.len());
                        assert!(prod < nb && square < nb, "fully reduced, {what}");
                        // x·R ≡ y (mod n), and R is invertible mod an odd n: this pins x.
                        assert_eq!((&prod * &r) % &nb, (a * b) % &nb, "mul, {what}");
                        assert_eq!((&square * &r) % &nb, (a * a) % &nb, "sqr, {what}");
                    }
                }
            }
        }
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
}
