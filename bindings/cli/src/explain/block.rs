//! An RSA signature opened with the public key (`s^e mod n`): which key pair made it, and over
//! which digest and hash. Only public information is involved: the signature and the public key.

use cardbind::encoding::{decode_base64_lenient, encode_hex, HexCase};
use cardbind::signature::digest_info_prefix;
use cardbind::{DigestAlgorithm, PublicKey};
use serde_json::{json, Value};

use super::signature_text::DIGESTS;

/// What opening an RSA signature with the public key shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The signature text is not base64.
    NotBase64(String),
    /// The signature has another key's length.
    WrongLength { actual: usize, expected: usize },
    /// Not a PKCS#1 v1.5 signature block under this key: another key made it (or it was altered).
    NotPkcs1,
    /// A valid block: made with this key pair, over `hash` with `digest` (`None`: a DigestInfo
    /// for no digest cardbind knows; `hash` is then the whole DigestInfo).
    Valid {
        digest: Option<DigestAlgorithm>,
        hash: String,
    },
}

impl Block {
    pub fn describe(&self) -> String {
        match self {
            Self::NotBase64(e) => format!("not base64 ({e})"),
            Self::WrongLength { actual, expected } => {
                format!("{actual} bytes, but this key makes {expected}-byte signatures")
            }
            Self::NotPkcs1 => "does not open to a PKCS#1 v1.5 block under this public key".to_owned(),
            Self::Valid { digest: Some(d), hash } => format!(
                "valid PKCS#1 v1.5 block under this public key, {} hash {hash}",
                d.name()
            ),
            Self::Valid { digest: None, hash } => {
                format!("PKCS#1 v1.5 padding under this public key with an unknown DigestInfo {hash}")
            }
        }
    }

    /// The stable name scripts read (`--json`'s `signature_block.kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotBase64(_) => "not_base64",
            Self::WrongLength { .. } => "wrong_length",
            Self::NotPkcs1 => "not_pkcs1",
            Self::Valid { .. } => "valid",
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            Self::NotBase64(e) => json!({"kind": self.kind(), "error": e}),
            Self::WrongLength { actual, expected } => {
                json!({"kind": self.kind(), "actual_bytes": actual, "expected_bytes": expected})
            }
            Self::NotPkcs1 => json!({"kind": self.kind()}),
            Self::Valid { digest, hash } => json!({
                "kind": self.kind(),
                "digest": digest.map(DigestAlgorithm::name),
                "hash_hex": hash,
            }),
        }
    }
}

/// Opens the signature with the public key and reads the PKCS#1 v1.5 block.
pub fn open_block(public: &PublicKey, signature_b64: &str) -> Block {
    let sig = match decode_base64_lenient("signature", signature_b64.as_bytes()) {
        Ok(s) => s,
        Err(e) => return Block::NotBase64(e.reason.to_owned()),
    };
    let k = public.size();
    if sig.len() != k {
        return Block::WrongLength {
            actual: sig.len(),
            expected: k,
        };
    }
    // Out of range (≥ n) is not a PKCS#1 signature of anything.
    match public.raw_public_operation(&sig) {
        Some(em) => parse_block(&em),
        None => Block::NotPkcs1,
    }
}

/// `00 01 FF…FF 00 DigestInfo` with at least 8 `FF`s.
fn parse_block(em: &[u8]) -> Block {
    let Some(rest) = em.strip_prefix(&[0x00, 0x01]) else {
        return Block::NotPkcs1;
    };
    let ff = rest.iter().take_while(|&&b| b == 0xff).count();
    let Some(t) = rest.get(ff..).and_then(|r| r.strip_prefix(&[0x00])) else {
        return Block::NotPkcs1;
    };
    if ff < 8 {
        return Block::NotPkcs1;
    }
    for digest in DIGESTS {
        if let Some(hash) = t.strip_prefix(digest_info_prefix(digest)) {
            if hash.len() == digest.output_len() {
                return Block::Valid {
                    digest: Some(digest),
                    hash: encode_hex(hash, HexCase::Lower),
                };
            }
        }
    }
    Block::Valid {
        digest: None,
        hash: encode_hex(t, HexCase::Lower),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_parsed_by_digest_info() {
        let mut em = vec![0x00, 0x01];
        em.extend(std::iter::repeat_n(0xff, 10));
        em.push(0x00);
        // RFC 8017 §9.2 note 1, written out here rather than taken from core.
        em.extend_from_slice(&[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
            0x20,
        ]);
        em.extend_from_slice(&[0xab; 32]);
        assert_eq!(
            parse_block(&em),
            Block::Valid {
                digest: Some(DigestAlgorithm::Sha256),
                hash: "ab".repeat(32)
            }
        );
        assert_eq!(parse_block(&[0x00, 0x02, 0xff]), Block::NotPkcs1);
    }

    #[test]
    fn a_block_with_too_little_padding_or_an_unknown_digest_info_is_told_apart() {
        let mut short = vec![0x00, 0x01];
        short.extend(std::iter::repeat_n(0xff, 7));
        short.extend_from_slice(&[0x00, 0x30]);
        assert_eq!(parse_block(&short), Block::NotPkcs1);
        let mut unknown = vec![0x00, 0x01];
        unknown.extend(std::iter::repeat_n(0xff, 8));
        unknown.extend_from_slice(&[0x00, 0x30, 0x01]);
        assert_eq!(
            parse_block(&unknown),
            Block::Valid {
                digest: None,
                hash: "3001".to_owned()
            }
        );
    }
}
