//! The string a rule signs, as `--explain` reports it: the rule in words, the string (masked),
//! its length and the digest the signature covers.

use cardbind::canonical::CanonicalRule;
use cardbind::encoding::{encode_hex, HexCase};
use cardbind::{DigestAlgorithm, SignatureAlgorithm};
use serde_json::{json, Value};

use crate::params::Pairs;
use crate::setup::{Setup, Subject};
use crate::shown::{show_message, Shown};

/// The string signed, described.
#[derive(Debug, Clone)]
pub struct SignedString {
    /// The rule in words.
    pub rule: String,
    /// The algorithm's name (`MD5withRSA`, `MD5`).
    pub algorithm: String,
    /// The string, as shown.
    pub shown: Shown,
    /// Its length in bytes.
    pub bytes: usize,
    /// MD5 rules that append the secret: the text between string and secret.
    pub salt_prefix: Option<String>,
    /// The digest the signature covers, and its hex.
    pub digest: DigestAlgorithm,
    pub digest_hex: String,
}

impl SignedString {
    /// `message`, built by `setup`, described (personal data masked unless `show_pii`).
    pub fn of(setup: &Setup, message: &[u8], show_pii: bool) -> Self {
        let secret = setup.secret.as_ref().map(cardbind::SharedSecret::expose);
        let (digest, digest_hex) = digest_of(&setup.algorithm, secret, message);
        let salt_prefix = match &setup.algorithm {
            SignatureAlgorithm::Md5Hex { salt_prefix, .. } => salt_prefix.clone(),
            SignatureAlgorithm::RsaPkcs1v15 { .. } => None,
        };
        Self {
            rule: setup.describe(),
            algorithm: setup.algorithm.label().to_owned(),
            shown: show_message(subject_pairs(&setup.subject), message, show_pii),
            bytes: message.len(),
            salt_prefix,
            digest,
            digest_hex,
        }
    }

    /// Text lines describing the rule, the string and its digest.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!("rule:           {}", self.rule)];
        let label = if self.shown.hex {
            "string to sign (hex, not UTF-8):"
        } else {
            "string to sign:"
        };
        lines.push(label.to_owned());
        lines.push(format!("  {}", self.shown.text));
        let mut length = format!("length:         {} bytes", self.bytes);
        if self.shown.masked {
            length.push_str(" (personal data masked above; --show-pii shows it)");
        }
        lines.push(length);
        if let Some(prefix) = &self.salt_prefix {
            lines.push(format!(
                "md5 input:      string + \"{prefix}\" + secret (secret not shown)"
            ));
        }
        let label = format!("digest ({}):", self.digest.name());
        lines.push(format!("{label:<16}{}", self.digest_hex));
        lines
    }

    /// The same as a JSON object (the start of `sign`/`verify --json`'s document).
    pub fn to_json(&self) -> Value {
        json!({
            "rule": self.rule,
            "algorithm": self.algorithm,
            "string_to_sign": self.shown.text,
            "string_to_sign_encoding": if self.shown.hex { "hex" } else { "utf8" },
            "string_to_sign_masked": self.shown.masked,
            "string_to_sign_bytes": self.bytes,
            "digest": { "algorithm": self.digest.name(), "hex": self.digest_hex },
        })
    }
}

/// The rule and pairs a subject's string is built from (`None`: a raw string).
pub fn subject_pairs(subject: &Subject) -> Option<(&CanonicalRule, &Pairs)> {
    match subject {
        Subject::Params { canonical, pairs, .. } => Some((canonical, pairs)),
        Subject::Raw(_) => None,
    }
}

/// The digest the signature covers: the message's hash for RSA, the salted MD5 for MD5 rules.
fn digest_of(algorithm: &SignatureAlgorithm, secret: Option<&str>, message: &[u8]) -> (DigestAlgorithm, String) {
    match algorithm {
        SignatureAlgorithm::RsaPkcs1v15 { digest } => (*digest, encode_hex(&digest.digest(message), HexCase::Lower)),
        SignatureAlgorithm::Md5Hex { salt_prefix, .. } => {
            let mut parts: Vec<&[u8]> = vec![message];
            if let Some(prefix) = salt_prefix {
                parts.push(prefix.as_bytes());
                parts.push(secret.unwrap_or_default().as_bytes());
            }
            (
                DigestAlgorithm::Md5,
                encode_hex(&cardbind::digest::md5(&parts), HexCase::Lower),
            )
        }
    }
}
