//! Test helpers shared by the arithmetic's unit tests: bignum conversions and odd moduli of
//! every shape the carries find hard.

use num_bigint::BigUint;
use rand_core::Rng as _;

use super::limbs::{limbs_from_be, limbs_to_be};
use crate::crypto::rng::SeededRng;

pub(crate) fn rng() -> SeededRng {
    SeededRng::from_seed(*b"cardbind fast_rsa unit tests 001")
}

pub(crate) fn big(limbs: &[u64]) -> BigUint {
    BigUint::from_bytes_be(&limbs_to_be(limbs, limbs.len() * 8))
}

pub(crate) fn to_limbs(x: &BigUint, l: usize) -> Vec<u64> {
    limbs_from_be(&x.to_bytes_be(), l).unwrap()
}

/// A random value below `n`.
pub(crate) fn below(rng: &mut SeededRng, n: &BigUint) -> BigUint {
    let mut bytes = vec![0u8; n.to_bytes_be().len() + 8];
    rng.fill_bytes(&mut bytes);
    BigUint::from_bytes_be(&bytes) % n
}

/// Odd moduli of 1 to 64 limbs, including the carry-heavy shapes: all ones, a lone top bit
/// plus one, a top limb of 1, and random ones with and without their top bit set.
pub(crate) fn moduli() -> Vec<Vec<u64>> {
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
