//! Branch-free building blocks. Every function here runs the same instructions and touches the
//! same addresses whatever the values of its arguments; a "mask" is `0` or `u64::MAX`.
//!
//! `black_box` on masks keeps LLVM from proving a mask is a boolean and turning the selection
//! back into a branch; the valgrind test (`core/ctgrind`) checks the compiled result.

use core::hint::black_box;

/// `u64::MAX` if `bit` (0 or 1) is 1, else 0.
#[inline]
pub(crate) fn mask_from_bit(bit: u64) -> u64 {
    black_box(0u64.wrapping_sub(bit & 1))
}

/// `u64::MAX` if `x == 0`.
#[inline]
pub(crate) fn is_zero(x: u64) -> u64 {
    // The top bit of `x | −x` is set for every non-zero x.
    mask_from_bit(((x | x.wrapping_neg()) >> 63) ^ 1)
}

/// `u64::MAX` if `a == b`.
#[inline]
pub(crate) fn eq(a: u64, b: u64) -> u64 {
    is_zero(a ^ b)
}

/// `u64::MAX` if `a < b`.
#[inline]
pub(crate) fn lt(a: u64, b: u64) -> u64 {
    let (_, borrow) = a.overflowing_sub(b);
    mask_from_bit(u64::from(borrow))
}

/// `a` where `mask` is set, else `b`.
#[inline]
pub(crate) fn select(mask: u64, a: u64, b: u64) -> u64 {
    (a & mask) | (b & !mask)
}

/// `dst = src` where `mask` is set; `dst` unchanged otherwise.
#[inline]
pub(crate) fn assign_if(mask: u64, dst: &mut [u64], src: &[u64]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = select(mask, s, *d);
    }
}

/// `a − b` into `a`, returning the borrow (0 or 1).
#[inline]
pub(crate) fn sub_assign(a: &mut [u64], b: &[u64]) -> u64 {
    let mut borrow = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(borrow);
        *x = d2;
        borrow = u64::from(b1) | u64::from(b2);
    }
    borrow
}

/// `a + b` into `a`, returning the carry (0 or 1).
#[inline]
pub(crate) fn add_assign(a: &mut [u64], b: &[u64]) -> u64 {
    let mut carry = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let (s1, c1) = x.overflowing_add(y);
        let (s2, c2) = s1.overflowing_add(carry);
        *x = s2;
        carry = u64::from(c1) | u64::from(c2);
    }
    carry
}

/// For `top·R + t < 2n`: replaces `t` with `(top·R + t) mod n`. Both candidates are computed and
/// the result is chosen by a mask.
#[inline]
pub(crate) fn reduce_once<const L: usize>(t: &mut [u64; L], top: u64, n: &[u64; L]) {
    let mut d = *t;
    let borrow = sub_assign(&mut d, n);
    // The value is ≥ n exactly when the top word is set or `t − n` did not borrow.
    #[cfg(not(feature = "ct-seeded-branch"))]
    assign_if(mask_from_bit(top | (borrow ^ 1)), t, &d);
    #[cfg(feature = "ct-seeded-branch")]
    reduce_once_by_branch(t, &d, top | (borrow ^ 1));
}

/// The deliberately variable-time final subtraction (Schindler's timing attack on Montgomery
/// products), built only by `core/ctgrind`'s self-test to show that memcheck reports it. Out of
/// line, so that the report names it.
#[cfg(feature = "ct-seeded-branch")]
#[inline(never)]
fn reduce_once_by_branch<const L: usize>(t: &mut [u64; L], d: &[u64; L], at_least_n: u64) {
    if at_least_n != 0 {
        *t = *d;
    }
}

/// `u64::MAX` if the little-endian limbs `a` and `b` (same length) are equal.
#[inline]
pub(crate) fn limbs_eq(a: &[u64], b: &[u64]) -> u64 {
    let mut diff = 0u64;
    for (&x, &y) in a.iter().zip(b) {
        diff |= x ^ y;
    }
    is_zero(diff)
}

/// `u64::MAX` if the little-endian limbs `a < b` (same length).
#[inline]
pub(crate) fn limbs_lt(a: &[u64], b: &[u64]) -> u64 {
    let mut borrow = 0u64;
    for (&x, &y) in a.iter().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (_, b2) = d1.overflowing_sub(borrow);
        borrow = u64::from(b1) | u64::from(b2);
    }
    mask_from_bit(borrow)
}

/// Copies `table[index]` into `out` by reading every entry (no secret-dependent address).
#[inline]
pub(crate) fn table_select<const L: usize>(table: &[[u64; L]], index: u64, out: &mut [u64; L]) {
    // A local accumulator: through `out` every entry's OR would be stored back to memory.
    let mut acc = [0u64; L];
    for (i, entry) in (0u64..).zip(table) {
        let mask = eq(i, index);
        for (o, &e) in acc.iter_mut().zip(entry) {
            *o |= e & mask;
        }
    }
    *out = acc;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_are_all_ones_or_zero() {
        assert_eq!(is_zero(0), u64::MAX);
        for x in [1, 2, u64::MAX, 1 << 63] {
            assert_eq!(is_zero(x), 0, "{x}");
        }
        assert_eq!(eq(7, 7), u64::MAX);
        assert_eq!(eq(7, 8), 0);
        assert_eq!(lt(3, 4), u64::MAX);
        assert_eq!(lt(4, 4), 0);
        assert_eq!(lt(u64::MAX, 0), 0);
        assert_eq!(select(u64::MAX, 1, 2), 1);
        assert_eq!(select(0, 1, 2), 2);
    }

    #[test]
    fn limb_comparisons_carry_across_limbs() {
        assert_eq!(limbs_lt(&[u64::MAX, 0], &[0, 1]), u64::MAX);
        assert_eq!(limbs_lt(&[0, 1], &[u64::MAX, 0]), 0);
        assert_eq!(limbs_lt(&[5, 5], &[5, 5]), 0, "equal is not less");
        assert_eq!(limbs_eq(&[5, 5], &[5, 5]), u64::MAX);
        assert_eq!(limbs_eq(&[5, 5], &[5, 4]), 0);
    }

    #[test]
    fn reduce_once_subtracts_exactly_when_at_least_n() {
        let n = [7u64, 1];
        let mut below = [6u64, 1];
        reduce_once(&mut below, 0, &n);
        assert_eq!(below, [6, 1]);
        let mut equal = [7u64, 1];
        reduce_once(&mut equal, 0, &n);
        assert_eq!(equal, [0, 0]);
        let mut above = [u64::MAX, 1];
        reduce_once(&mut above, 0, &n);
        assert_eq!(above, [u64::MAX - 7, 0]);
        // top·R + t with top = 1: R + 3 − n, where R = 2¹²⁸.
        let mut wrapped = [3u64, 0];
        reduce_once(&mut wrapped, 1, &[u64::MAX, u64::MAX]);
        assert_eq!(wrapped, [4, 0]);
    }

    #[test]
    fn table_select_reads_the_indexed_entry() {
        let table: Vec<[u64; 2]> = (0..32u64).map(|i| [i, i * 100]).collect();
        let mut out = [9u64; 2];
        for i in 0..32u64 {
            table_select(&table, i, &mut out);
            assert_eq!(out, [i, i * 100]);
        }
        table_select(&table, 32, &mut out);
        assert_eq!(out, [0, 0], "out of range selects nothing");
    }

    #[test]
    fn add_and_sub_return_their_carries() {
        let mut a = [u64::MAX, u64::MAX];
        assert_eq!(add_assign(&mut a, &[1, 0]), 1);
        assert_eq!(a, [0, 0]);
        assert_eq!(sub_assign(&mut a, &[1, 0]), 1);
        assert_eq!(a, [u64::MAX, u64::MAX]);
        let mut dst = [1u64, 2];
        assign_if(0, &mut dst, &[3, 4]);
        assert_eq!(dst, [1, 2]);
        assign_if(u64::MAX, &mut dst, &[3, 4]);
        assert_eq!(dst, [3, 4]);
    }
}
