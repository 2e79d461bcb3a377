//! Replay keys: what a receiver remembers to refuse a message it has already accepted.
//!
//! A time window cannot stop a replay of a field the signature does not cover (xianjincard's
//! `timestamp`), and even a signed time leaves the window open. Only remembering what was accepted
//! stops a replayer, and a no-I/O core cannot remember: it hands the caller the key to store.
//!
//! The key is a digest of exactly the bytes the signature covers (never a secret, never an
//! unsigned field), with the provider and the operation: rewriting or deleting an unsigned field
//! gives the same key, changing any signed byte gives another. Unsigned messages have none.

use crate::digest::DigestAlgorithm;
use crate::encoding::{encode_hex, HexCase};
use crate::model::Provider;

/// Domain separation, so a key never equals a digest computed for another purpose.
const DOMAIN: &[u8] = b"cardbind replay key v1\0";

/// The replay key of a verified message of `provider`'s `operation` whose signature covers
/// `covered` (in order, each part length-prefixed so that parts cannot run into each other):
/// 64 lower-case hex characters of SHA-256.
pub fn replay_key(provider: Provider, operation: &str, covered: &[&[u8]]) -> String {
    let mut input = Vec::with_capacity(DOMAIN.len() + 64 + covered.iter().map(|c| c.len() + 8).sum::<usize>());
    input.extend_from_slice(DOMAIN);
    for part in [provider.name().as_bytes(), operation.as_bytes()].iter().chain(covered) {
        input.extend_from_slice(&(part.len() as u64).to_be_bytes());
        input.extend_from_slice(part);
    }
    encode_hex(&DigestAlgorithm::Sha256.digest(&input), HexCase::Lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_depends_on_provider_operation_and_every_covered_byte_and_parts_cannot_shift() {
        let key = replay_key(Provider::Xianjincard, "BindCard.applyBindCard", &[b"call", b"{}"]);
        assert_eq!(key.len(), 64);
        assert_eq!(
            key,
            replay_key(Provider::Xianjincard, "BindCard.applyBindCard", &[b"call", b"{}"])
        );
        assert_ne!(
            key,
            replay_key(Provider::Yixin, "BindCard.applyBindCard", &[b"call", b"{}"])
        );
        assert_ne!(
            key,
            replay_key(Provider::Xianjincard, "User.isUserAccept", &[b"call", b"{}"])
        );
        assert_ne!(
            key,
            replay_key(Provider::Xianjincard, "BindCard.applyBindCard", &[b"call", b"{ }"])
        );
        assert_ne!(
            key,
            replay_key(Provider::Xianjincard, "BindCard.applyBindCard", &[b"cal", b"l{}"])
        );
    }
}
