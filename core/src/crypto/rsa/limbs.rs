//! Big-endian bytes ↔ little-endian `u64` limbs: the one place numbers change representation.
//!
//! [`be_into_limbs`] skips leading zero bytes (a branch per byte: public values only);
//! [`be_into_limbs_ct`] reads every byte whatever its value (secrets).

/// `bytes` without its leading zero bytes (variable-time: public values, or lengths that are).
pub(crate) fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

/// Big-endian bytes to `limbs` little-endian limbs; `None` if they do not fit.
pub(crate) fn limbs_from_be(bytes: &[u8], limbs: usize) -> Option<Vec<u64>> {
    let mut out = vec![0u64; limbs];
    be_into_limbs(bytes, &mut out)?;
    Some(out)
}

/// Big-endian bytes into little-endian limbs; `None` if they do not fit.
pub(crate) fn be_into_limbs(bytes: &[u8], out: &mut [u64]) -> Option<()> {
    let bytes = strip_leading_zeros(bytes);
    if bytes.len() > out.len() * 8 {
        return None;
    }
    out.fill(0);
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks(8)) {
        let mut word = [0u8; 8];
        word.get_mut(8 - chunk.len()..)?.copy_from_slice(chunk);
        *limb = u64::from_be_bytes(word);
    }
    Some(())
}

/// Big-endian bytes into little-endian limbs without looking at their values (no stripping of
/// leading zeros, unlike [`be_into_limbs`]). `None` only if the length cannot fit (public).
pub(crate) fn be_into_limbs_ct(bytes: &[u8], out: &mut [u64]) -> Option<()> {
    if bytes.len() > out.len() * 8 {
        return None;
    }
    out.fill(0);
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks(8)) {
        *limb = chunk.iter().fold(0u64, |word, &b| (word << 8) | u64::from(b));
    }
    Some(())
}

/// The low `k` bytes of `limbs`, big-endian.
pub(crate) fn limbs_to_be(limbs: &[u64], k: usize) -> Vec<u8> {
    let mut out = vec![0u8; k];
    for (chunk, limb) in out.rchunks_mut(8).zip(limbs) {
        let word = limb.to_be_bytes();
        if let Some(low) = word.get(8 - chunk.len()..) {
            chunk.copy_from_slice(low);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn be_into_limbs_ct_keeps_leading_zero_bytes_and_refuses_overflow() {
        let mut out = [7u64; 2];
        be_into_limbs_ct(&[0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], &mut out).unwrap();
        assert_eq!(out, [0x0203_0405_0607_0809, 0x01]);
        be_into_limbs_ct(&[], &mut out).unwrap();
        assert_eq!(out, [0, 0]);
        assert!(be_into_limbs_ct(&[0; 17], &mut out).is_none());
    }
}
