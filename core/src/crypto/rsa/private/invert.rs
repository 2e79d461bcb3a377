//! `r⁻¹ mod n` for the blinding factor, by crypto-bigint's constant-time safegcd
//! (Bernstein–Yang): the one piece of the private-key path taken from a library rather than
//! written here, since its speed fits (a few µs per call against a 60+ µs exponentiation).

use crypto_bigint::{Odd, Uint};
use zeroize::Zeroizing;

/// `(r⁻¹ mod n, u64::MAX)` if `r` is invertible modulo the odd public `n`, else
/// `(anything, 0)`, without branching on `r`. `None` only for a size that is not compiled or an
/// even `n` (both public).
pub(crate) fn invert_mod(r: &[u64], n: &[u64]) -> Option<(Zeroizing<Vec<u64>>, u64)> {
    match n.len() {
        4 => invert_at::<4>(r, n),
        8 => invert_at::<8>(r, n),
        16 => invert_at::<16>(r, n),
        24 => invert_at::<24>(r, n),
        32 => invert_at::<32>(r, n),
        48 => invert_at::<48>(r, n),
        64 => invert_at::<64>(r, n),
        _ => None,
    }
}

fn invert_at<const L: usize>(r: &[u64], n: &[u64]) -> Option<(Zeroizing<Vec<u64>>, u64)> {
    let n = Odd::new(Uint::<L>::from_words(n.try_into().ok()?)).into_option()?;
    let r = Uint::<L>::from_words(r.try_into().ok()?);
    let inverse = r.invert_odd_mod(&n);
    let ok = inverse.is_some().to_u64_mask();
    let words = inverse.as_inner_unchecked().to_words();
    Some((Zeroizing::new(words.to_vec()), ok))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_times_value_is_one_and_non_units_are_flagged() {
        // n = 2^255 − 19 (prime), padded to 4 limbs.
        let n = [u64::MAX - 18, u64::MAX, u64::MAX, u64::MAX >> 1];
        let (inv, ok) = invert_mod(&[2, 0, 0, 0], &n).unwrap();
        assert_eq!(ok, u64::MAX);
        // 2⁻¹ mod p = (p + 1) / 2.
        assert_eq!(*inv, [u64::MAX - 8, u64::MAX, u64::MAX, u64::MAX >> 2]);
        let (_, ok) = invert_mod(&[0, 0, 0, 0], &n).unwrap();
        assert_eq!(ok, 0, "zero has no inverse");
        // n = 15 = 3·5: 6 shares a factor.
        let (_, ok) = invert_mod(&[6, 0, 0, 0], &[15, 0, 0, 0]).unwrap();
        assert_eq!(ok, 0);
        assert!(
            invert_mod(&[1, 0, 0], &[15, 0, 0]).is_none(),
            "three limbs are not compiled"
        );
        assert!(invert_mod(&[1, 0, 0, 0], &[14, 0, 0, 0]).is_none(), "even modulus");
    }
}
