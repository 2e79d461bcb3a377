//! One alternative way the signer may have signed, and trying it: an alternative that verifies
//! becomes a finding.

use cardbind::canonical::CanonicalRule;
use cardbind::encoding::decode_hex;
use cardbind::{DigestAlgorithm, SharedSecret, SignatureAlgorithm, VerifyingKey};

use super::attempt::Attempt;
use crate::params::{borrowed, Pairs};
use crate::setup::Subject;
use crate::shown::{show_message, Shown};

/// What a candidate signs.
#[derive(Debug, Clone)]
pub enum What {
    Pairs(CanonicalRule, Pairs),
    Raw(Vec<u8>),
    /// The same string, hashed as GBK bytes (shown as its UTF-8 text).
    Gbk(Box<What>),
}

impl What {
    /// What the attempt itself signs.
    pub fn of(a: &Attempt<'_>) -> Self {
        match &a.setup.subject {
            Subject::Raw(bytes) => Self::Raw(bytes.clone()),
            Subject::Params { canonical, pairs, .. } => Self::Pairs(canonical.clone(), pairs.clone()),
        }
    }

    /// The string as UTF-8, what is shown.
    fn text(&self) -> Option<Vec<u8>> {
        match self {
            Self::Raw(bytes) => Some(bytes.clone()),
            Self::Pairs(rule, pairs) => rule.build(borrowed(pairs)).ok(),
            Self::Gbk(inner) => inner.text(),
        }
    }

    /// The bytes hashed; `None` when the string cannot be built (or has no GBK form).
    fn bytes(&self) -> Option<Vec<u8>> {
        match self {
            Self::Gbk(inner) => {
                let text = String::from_utf8(inner.text()?).ok()?;
                let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
                (!unmappable).then(|| bytes.into_owned())
            }
            other => other.text(),
        }
    }

    fn show(&self, message: &[u8], show_pii: bool) -> Shown {
        match self {
            Self::Pairs(rule, pairs) => show_message(Some((rule, pairs)), message, show_pii),
            Self::Raw(_) => show_message(None, message, show_pii),
            Self::Gbk(inner) => inner.show(message, show_pii),
        }
    }
}

/// An alternative to try.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub cause: &'static str,
    pub summary: String,
    pub what: What,
    pub algorithm: SignatureAlgorithm,
    /// Index of the key (see [`Attempt::key_at`]).
    pub key: usize,
    /// A shared secret other than the key's (a variant of it), for salted MD5.
    pub secret: Option<SharedSecret>,
    /// The signature is this digest in hex, over what MD5 would cover (not a core rule).
    pub hex_digest: Option<DigestAlgorithm>,
    pub signature: String,
}

impl Candidate {
    /// The attempt itself, which each alternative edits.
    pub fn base(a: &Attempt<'_>) -> Self {
        Self {
            cause: "",
            summary: String::new(),
            what: What::of(a),
            algorithm: a.setup.algorithm.clone(),
            key: 0,
            secret: None,
            hex_digest: None,
            signature: a.signature.to_owned(),
        }
    }
}

/// Hands one alternative on: its cause, its summary and how it edits the attempt.
pub type Push<'p> = dyn FnMut(&'static str, String, &dyn Fn(&mut Candidate)) + 'p;

/// An alternative that verifies.
#[derive(Debug)]
pub struct Finding {
    /// Stable identifier for scripts (`digest`, `key`, `key_order`...).
    pub cause: &'static str,
    /// What the signer did differently, and who changes what.
    pub summary: String,
    /// The string that verifies, when it differs from the one built.
    pub string_to_sign: Option<Shown>,
    message: Vec<u8>,
    key: usize,
    secret: Option<SharedSecret>,
    hex_digest: Option<DigestAlgorithm>,
    algorithm: SignatureAlgorithm,
    signature: String,
}

impl Finding {
    /// Whether `c`, signing `message`, is this finding again.
    fn is(&self, c: &Candidate, message: &[u8]) -> bool {
        self.message == message
            && self.key == c.key
            && self.secret == c.secret
            && self.hex_digest == c.hex_digest
            && self.algorithm == c.algorithm
            && self.signature == c.signature
    }
}

/// Verifies one candidate; it becomes a finding if it verifies (and differs from the attempt
/// itself and from earlier findings). The candidate is dropped either way.
pub fn evaluate(a: &Attempt<'_>, c: Candidate, findings: &mut Vec<Finding>, tried: &mut usize) {
    let Some(message) = c.what.bytes() else { return };
    let same_as_primary = message == a.message
        && c.algorithm == a.setup.algorithm
        && c.key == 0
        && c.secret.is_none()
        && c.hex_digest.is_none()
        && c.signature == a.signature;
    if same_as_primary {
        return;
    }
    let varied;
    let key = match &c.secret {
        Some(secret) => {
            varied = VerifyingKey::Secret(secret.clone());
            &varied
        }
        None => match a.key_at(c.key) {
            Some(key) => key,
            None => return,
        },
    };
    *tried += 1;
    let verifies = match c.hex_digest {
        Some(d) => hex_digest_matches(d, &c.algorithm, key, &message, &c.signature),
        None => c.algorithm.verify(key, &message, &c.signature).is_ok(),
    };
    if !verifies || findings.iter().any(|f| f.is(&c, &message)) {
        return;
    }
    // Not shown when it reads the same as the string built (only a masked secret differs).
    let string_to_sign = c
        .what
        .text()
        .filter(|text| *text != a.message)
        .map(|text| c.what.show(&text, a.show_pii))
        .filter(|shown| shown.text != a.primary_shown().text);
    findings.push(Finding {
        cause: c.cause,
        summary: c.summary,
        string_to_sign,
        message,
        key: c.key,
        secret: c.secret,
        hex_digest: c.hex_digest,
        algorithm: c.algorithm,
        signature: c.signature,
    });
}

/// Whether `signature` is hex of `digest` over what the MD5 rule covers (the string, then the
/// salt prefix and secret when it appends them). Compared without early exit.
fn hex_digest_matches(
    digest: DigestAlgorithm,
    algorithm: &SignatureAlgorithm,
    key: &VerifyingKey,
    message: &[u8],
    signature: &str,
) -> bool {
    let (SignatureAlgorithm::Md5Hex { salt_prefix, .. }, VerifyingKey::Secret(secret)) = (algorithm, key) else {
        return false;
    };
    let Some(got) = decode_hex(signature.trim()) else {
        return false;
    };
    let mut input = message.to_vec();
    if let Some(prefix) = salt_prefix {
        input.extend_from_slice(prefix.as_bytes());
        input.extend_from_slice(secret.expose().as_bytes());
    }
    let expected = digest.digest(&input);
    expected.len() == got.len() && expected.iter().zip(&got).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An edit that makes the candidate sign `pairs` under `rule`.
pub fn set_pairs(rule: CanonicalRule, pairs: Pairs) -> impl Fn(&mut Candidate) {
    move |c: &mut Candidate| c.what = What::Pairs(rule.clone(), pairs.clone())
}

/// Field names as a summary lists them: `` `a`, `b` ``.
pub fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// `s` percent-decoded (`+` as space when `plus_as_space`); `None` when it does not decode (a
/// malformed escape, not UTF-8) or decoding changes nothing: then it is not an alternative.
pub fn percent_decoded(s: &str, plus_as_space: bool) -> Option<String> {
    cardbind::form::percent_decode(s, plus_as_space).filter(|d| d != s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_handles_plus_and_rejects_bad_escapes() {
        assert_eq!(percent_decoded("a%2Bb+c", true).as_deref(), Some("a+b c"));
        assert_eq!(percent_decoded("a%2Bb+c", false).as_deref(), Some("a+b+c"));
        assert_eq!(percent_decoded("%E5%BC%A0", false).as_deref(), Some("张"));
        assert_eq!(percent_decoded("%e5%bc%a0", false).as_deref(), Some("张"));
        assert_eq!(percent_decoded("100%", false), None);
        assert_eq!(percent_decoded("%ZZ", false), None);
        assert_eq!(percent_decoded("%FF", false), None);
    }

    #[test]
    fn a_value_that_decodes_to_itself_is_no_alternative() {
        assert_eq!(percent_decoded("plain", true), None);
        assert_eq!(percent_decoded("a+b", false), None);
        assert_eq!(percent_decoded("a+b", true).as_deref(), Some("a b"));
    }
}
