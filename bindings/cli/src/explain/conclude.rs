//! The most likely cause when no alternative verifies: what the opened RSA block shows, or for
//! MD5 what the signature's text and the rule allow to say.

use cardbind::encoding::{encode_hex, HexCase};
use cardbind::{DigestAlgorithm, SignatureAlgorithm, SignatureError};

use super::attempt::{Attempt, SecretSlot};
use super::block::Block;
use super::signature_text::{digest_label, digest_upper, hex_digest_named, md5_input};

/// The conclusion's cause (a stable identifier) and its text.
pub type Conclusion = (&'static str, String);

/// The most likely cause when no alternative verifies.
pub fn conclude(a: &Attempt<'_>, block: Option<&Block>) -> Conclusion {
    if let Some(conclusion) = block.and_then(|b| from_block(a, b)) {
        return conclusion;
    }
    if let SignatureAlgorithm::Md5Hex { salt_prefix, .. } = &a.setup.algorithm {
        if let Some(d) = hex_digest_named(a.signature) {
            return other_hex_digest(d, salt_prefix.as_deref());
        }
    }
    if a.secret_slot() == Some(SecretSlot::Signkey) {
        return (
            "signkey_or_string",
            "no alternative verifies: the signkey differs from the signer's, or the signer signed a different string \
             (MD5 cannot tell which). Each direction has its own ua/signkey pair: try the other direction's signkey \
             with --also-secret, and compare the string to sign above with the signer's"
                .to_owned(),
        );
    }
    from_error(a.error)
}

/// What the opened RSA signature block says.
fn from_block(a: &Attempt<'_>, block: &Block) -> Option<Conclusion> {
    Some(match (block, &a.setup.algorithm) {
        (Block::NotBase64(e), _) => (
            "signature_encoding",
            format!(
                "the signature is not base64 ({e}): the signer sent something other than a base64 RSA signature, or \
                 it was damaged on the way"
            ),
        ),
        (Block::WrongLength { actual, expected }, _) => (
            "wrong_key",
            format!(
                "the signature is {actual} bytes but this {}-bit key makes {expected}-byte signatures: the signer used \
                 a {}-bit key, not this one (or the signature was truncated): verify with the signer's current public \
                 key",
                expected * 8,
                actual * 8
            ),
        ),
        (Block::NotPkcs1, _) => (
            "wrong_key",
            format!(
                "the signature was not made with the private half of {} (it does not open to a PKCS#1 v1.5 block \
                 under that public key): the signer used another key pair, or the signature was altered. Check that \
                 {} is the signer's current public key; --also-key tries others",
                a.key_label, a.key_label
            ),
        ),
        (Block::Valid { digest: Some(d), hash }, SignatureAlgorithm::RsaPkcs1v15 { digest }) => {
            different_string(a, *d, *digest, hash)
        }
        (Block::Valid { digest: None, hash }, _) => (
            "unknown_digest",
            format!(
                "the signature opens under this key but names no MD5/SHA1/SHA256 DigestInfo ({hash}): the signer used \
                 another scheme and must use the agreed digest"
            ),
        ),
        (Block::Valid { .. }, SignatureAlgorithm::Md5Hex { .. }) => return None,
    })
}

/// A genuine signature by this key over another string (perhaps with another digest).
fn different_string(a: &Attempt<'_>, signers: DigestAlgorithm, ours: DigestAlgorithm, hash: &str) -> Conclusion {
    let our_hash = encode_hex(&signers.digest(a.message), HexCase::Lower);
    let what = if signers == ours {
        format!(
            "the signature is genuine for this key ({}), but over a different string",
            digest_label(signers)
        )
    } else {
        format!(
            "the signer used {} (not {}) and signed a different string",
            digest_label(signers),
            digest_label(ours)
        )
    };
    (
        "different_string",
        format!(
            "{what}: the signer's string has {} {hash}, the one built here {our_hash}. Compare the signer's string \
             to sign with the one above (values, fields present, order, encoding)",
            signers.name()
        ),
    )
}

/// A SHA-1/SHA-256 hex signature where MD5 is expected, that does not verify as that digest either.
fn other_hex_digest(d: DigestAlgorithm, salt_prefix: Option<&str>) -> Conclusion {
    (
        match d {
            DigestAlgorithm::Sha1 => "sha1_where_md5_expected",
            _ => "sha256_where_md5_expected",
        },
        format!(
            "the signature is a {}-hex digest: {} where MD5 (32 hex) is expected, and {}({}) does not \
             verify either: the signer used {} over another string or with another secret or construction \
             (e.g. HMAC), and must use MD5, the agreed rule",
            d.output_len() * 2,
            digest_upper(d),
            d.name(),
            md5_input(salt_prefix),
            digest_upper(d)
        ),
    )
}

/// What the verification error itself says, for MD5.
fn from_error(error: &SignatureError) -> Conclusion {
    match error {
        SignatureError::MalformedHex => (
            "signature_encoding",
            "the signature is not 32 hex characters, so not an MD5 hex signature (an RSA signature is base64: use \
             --key)"
                .to_owned(),
        ),
        SignatureError::Missing => ("signature_missing", "the signature is empty".to_owned()),
        _ => (
            "secret_or_string",
            "no alternative verifies: the shared secret differs from the signer's, or the signer signed a different \
             string (MD5 cannot tell which). Compare the string to sign above with the signer's; --also-secret tries \
             other secrets"
                .to_owned(),
        ),
    }
}
