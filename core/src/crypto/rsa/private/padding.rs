//! PKCS#1 v1.5 (RFC 8017 §7.2, §8.2) and OAEP with SHA-1/MGF1-SHA-1 (§7.1) blocks.
//!
//! Building a block handles public lengths only. Checking a decrypted block is constant-time:
//! every byte is read, validity accumulates in a mask, and the message's start is chosen by
//! masks; the caller learns both through one declassification at the API edge.

use sha1::{Digest as _, Sha1};
use zeroize::Zeroizing;

use crate::crypto::rsa::ct;

/// Shortest padding string PKCS#1 v1.5 allows.
const MIN_PS: usize = 8;
/// SHA-1 output length.
const HASH_LEN: usize = 20;

/// `00 01 FF…FF 00 payload`: signature blocks (payload = DigestInfo) and Vbao's "private-key
/// encryption" (payload = plaintext chunk). `None` if the payload leaves fewer than 8 `FF`s.
pub(crate) fn type1_block(payload: &[u8], k: usize) -> Option<Vec<u8>> {
    let ps = k.checked_sub(payload.len() + 3)?;
    if ps < MIN_PS {
        return None;
    }
    let mut em = Vec::with_capacity(k);
    em.extend_from_slice(&[0x00, 0x01]);
    em.resize(2 + ps, 0xff);
    em.push(0x00);
    em.extend_from_slice(payload);
    Some(em)
}

/// `00 02 PS 00 message` with `PS` non-zero random bytes from `fill`.
pub(crate) fn type2_block(message: &[u8], k: usize, fill: &mut dyn FnMut(&mut [u8])) -> Option<Zeroizing<Vec<u8>>> {
    let ps_len = k.checked_sub(message.len() + 3)?;
    if ps_len < MIN_PS {
        return None;
    }
    let mut em = Zeroizing::new(vec![0u8; k]);
    let (head, rest) = em.split_at_mut(2);
    head.copy_from_slice(&[0x00, 0x02]);
    let (ps, rest) = rest.split_at_mut(ps_len);
    // Each padding byte is 1 + (32 random bits mod 255): non-zero without a redraw loop, so no
    // branch follows the random bytes (a constant divisor compiles to a multiplication); the
    // bias is below 2⁻²⁴ per byte.
    let mut random = Zeroizing::new(vec![0u8; 4 * ps_len]);
    fill(&mut random);
    for (byte, word) in ps.iter_mut().zip(random.chunks_exact(4)) {
        let mut w = [0u8; 4];
        w.copy_from_slice(word);
        *byte = 1 + (u32::from_le_bytes(w) % 255).to_le_bytes()[0];
    }
    let (sep, body) = rest.split_at_mut(1);
    sep.fill(0);
    body.copy_from_slice(message);
    Some(em)
}

/// Checks a decrypted `00 02 PS 00 M` block in constant time: `(valid mask, start of M)`.
#[inline(never)] // callgrind measures it by name (core/ctgrind)
pub(crate) fn type2_check(em: &[u8]) -> (u64, usize) {
    let mut bytes = em.iter().map(|&b| u64::from(b));
    let first = bytes.next().unwrap_or(1);
    let second = bytes.next().unwrap_or(0);
    let mut valid = ct::eq(first, 0) & ct::eq(second, 2);
    let mut looking = u64::MAX;
    let mut zero_at = 0u64;
    for (i, b) in (2u64..).zip(bytes) {
        let hit = looking & ct::is_zero(b);
        zero_at = ct::select(hit, i, zero_at);
        looking &= !hit;
    }
    valid &= !looking; // a separator exists
    valid &= !ct::lt(zero_at, 2 + MIN_PS as u64); // after at least eight padding bytes
    (valid, usize::try_from(zero_at + 1).unwrap_or(usize::MAX))
}

/// `out ^= MGF1-SHA1(seed)` over `out`'s length.
fn mgf1_xor(seed: &[u8], out: &mut [u8]) {
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(HASH_LEN)) {
        let mask = Sha1::new()
            .chain_update(seed)
            .chain_update(counter.to_be_bytes())
            .finalize();
        for (o, m) in chunk.iter_mut().zip(mask.iter()) {
            *o ^= m;
        }
    }
}

/// `SHA-1("")`: OAEP's label hash for the empty label every provider uses.
fn empty_label_hash() -> [u8; HASH_LEN] {
    let mut out = [0u8; HASH_LEN];
    out.copy_from_slice(&Sha1::digest(b""));
    out
}

/// EME-OAEP encoding with SHA-1, MGF1-SHA-1 and an empty label; the seed comes from `fill`.
pub(crate) fn oaep_sha1_block(message: &[u8], k: usize, fill: &mut dyn FnMut(&mut [u8])) -> Option<Zeroizing<Vec<u8>>> {
    let ps_len = k.checked_sub(message.len() + 2 * HASH_LEN + 2)?;
    let mut em = Zeroizing::new(vec![0u8; k]);
    let (_, rest) = em.split_at_mut(1);
    let (seed, db) = rest.split_at_mut(HASH_LEN);
    fill(seed);
    let (lhash, tail) = db.split_at_mut(HASH_LEN);
    lhash.copy_from_slice(&empty_label_hash());
    let (_, tail) = tail.split_at_mut(ps_len);
    let (one, body) = tail.split_at_mut(1);
    one.fill(1);
    body.copy_from_slice(message);
    mgf1_xor(seed, db);
    mgf1_xor(db, seed);
    Some(em)
}

/// Unmasks a decrypted OAEP block in place and checks it in constant time:
/// `(valid mask, start of the message in em)`. `em` must be at least `2·20 + 2` bytes (public).
#[inline(never)] // callgrind measures it by name (core/ctgrind)
pub(crate) fn oaep_sha1_check(em: &mut [u8]) -> (u64, usize) {
    let Some((&mut y, rest)) = em.split_first_mut() else {
        return (0, 0);
    };
    if rest.len() < 2 * HASH_LEN + 1 {
        return (0, 0);
    }
    let (seed, db) = rest.split_at_mut(HASH_LEN);
    mgf1_xor(db, seed);
    mgf1_xor(seed, db);
    let (lhash, tail) = db.split_at_mut(HASH_LEN);
    let mut diff = 0u64;
    for (a, b) in lhash.iter().zip(empty_label_hash()) {
        diff |= u64::from(a ^ b);
    }
    let mut valid = ct::eq(u64::from(y), 0) & ct::is_zero(diff);
    let mut looking = u64::MAX;
    let mut bad = 0u64;
    let mut one_at = 0u64;
    let offset = 1 + 2 * HASH_LEN as u64;
    for (i, &b) in (offset..).zip(tail.iter()) {
        let b = u64::from(b);
        let is_one = ct::eq(b, 1);
        let hit = looking & is_one;
        one_at = ct::select(hit, i, one_at);
        bad |= looking & !is_one & !ct::is_zero(b);
        looking &= !hit;
    }
    valid &= !looking & !bad;
    (valid, usize::try_from(one_at + 1).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter_fill(start: u8) -> impl FnMut(&mut [u8]) {
        let mut next = start;
        move |out: &mut [u8]| {
            for b in out {
                *b = next;
                next = next.wrapping_add(1);
            }
        }
    }

    #[test]
    fn type1_block_layout() {
        assert_eq!(
            type1_block(b"ab", 13).unwrap(),
            [0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, b'a', b'b']
        );
        assert!(type1_block(b"abc", 13).is_none(), "only seven FF bytes would remain");
    }

    #[test]
    fn type2_block_has_nonzero_padding_and_checks_back() {
        // The counter passes through words ≡ 0 (mod 255) and through zero bytes.
        let em = type2_block(b"key", 64, &mut counter_fill(250)).unwrap();
        assert_eq!(em[..2], [0, 2]);
        assert!(em[2..60].iter().all(|&b| b != 0));
        assert_eq!(em[60..], [0, b'k', b'e', b'y']);
        assert_eq!(type2_check(&em), (u64::MAX, 61));
    }

    #[test]
    fn type2_check_refuses_every_malformation() {
        let good = type2_block(b"msg", 32, &mut counter_fill(1)).unwrap();
        let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
        let mut v = good.to_vec();
        v[0] = 1;
        cases.push(("first byte", v));
        let mut v = good.to_vec();
        v[1] = 1;
        cases.push(("block type 1", v));
        let mut v = good.to_vec();
        v[9] = 0;
        cases.push(("separator after seven bytes", v));
        let mut v = good.to_vec();
        v[28] = 7;
        cases.push(("no separator", v));
        cases.push(("empty", Vec::new()));
        for (what, em) in cases {
            assert_eq!(type2_check(&em).0, 0, "{what}");
        }
        let mut v = good.to_vec();
        v[10] = 0; // separator right after eight padding bytes: valid, message starts at 11
        assert_eq!(type2_check(&v), (u64::MAX, 11));
    }

    #[test]
    fn oaep_block_round_trips_and_rejects_tampering() {
        let mut em = oaep_sha1_block(b"secret", 128, &mut counter_fill(9)).unwrap();
        assert_eq!(em[0], 0);
        let pristine = em.clone();
        assert_eq!(oaep_sha1_check(&mut em), (u64::MAX, 122));
        assert_eq!(&em[122..], b"secret");
        for i in [0usize, 1, 30, 127] {
            let mut bad = pristine.to_vec();
            bad[i] ^= 1;
            // Any masked byte feeds both masks: one flip scrambles the whole block.
            assert_eq!(oaep_sha1_check(&mut bad).0, 0, "byte {i}");
        }
        assert_eq!(oaep_sha1_check(&mut [0u8; 41]).0, 0, "too short");
        assert!(
            oaep_sha1_block(&[0u8; 87], 128, &mut counter_fill(0)).is_none(),
            "message too long"
        );
        assert!(oaep_sha1_block(&[0u8; 86], 128, &mut counter_fill(0)).is_some());
    }
}
