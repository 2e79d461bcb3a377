//! Message digests and MACs the providers sign with.

use digest::Digest as _;
use hmac::{KeyInit as _, Mac as _};

/// A hash function used in a provider's signature rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestAlgorithm {
    /// MD5: still what LianLian (`MD5withRSA`), Vbao and xianjincard sign with.
    Md5,
    /// SHA-1 (Huanbei's `SHA1withRSA`, OAEP's hash).
    Sha1,
    /// SHA-256.
    Sha256,
}

impl DigestAlgorithm {
    /// Output length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Md5 => 16,
            Self::Sha1 => 20,
            Self::Sha256 => 32,
        }
    }

    /// The name used in `spec/` and the CLI (`md5`, `sha1`, `sha256`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Md5 => "md5",
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
        }
    }

    /// Hashes `data` in one go.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        self.digest_parts(&[data])
    }

    /// Hashes the concatenation of `parts` without building it.
    pub fn digest_parts(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: digest::Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut h = D::new();
            for p in parts {
                h.update(p);
            }
            h.finalize().to_vec()
        }
        match self {
            Self::Md5 => run::<md5::Md5>(parts),
            Self::Sha1 => run::<sha1::Sha1>(parts),
            Self::Sha256 => run::<sha2::Sha256>(parts),
        }
    }
}

/// MD5 of the concatenation of `parts`.
pub fn md5(parts: &[&[u8]]) -> [u8; 16] {
    let mut h = md5::Md5::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// HMAC-SHA256 of `data` under `key` (any key length, as RFC 2104 allows).
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // `new_from_slice` only fails for fixed-size-key MACs; HMAC takes any length.
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of every length")
    };
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}
