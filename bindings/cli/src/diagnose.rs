//! Why a signature does not verify: every common integration mistake is tried as an alternative,
//! and each alternative that verifies is reported (the first is the most likely cause). For RSA
//! the signature is also opened with the public key, which tells a wrong key from a wrong string.

use cardbind::canonical::CanonicalRule;
use cardbind::encoding::{decode_base64_lenient, decode_hex, encode_hex, HexCase};
use cardbind::{
    CaseRule, DigestAlgorithm, KeyOrder, PublicKey, SharedSecret, SignatureAlgorithm, SignatureError, VerifyingKey,
};
use serde_json::{json, Value};

use crate::jsonstyle::Style;
use crate::params::{borrowed, Pairs, Syntax};
use crate::pii;
use crate::rule_args::{Setup, Subject, DEFAULT_SALT_PREFIX};
use crate::sign::{show_message, Shown};

/// The failed verification to diagnose.
#[derive(Debug)]
pub struct Attempt<'a> {
    pub setup: &'a Setup,
    pub key: &'a VerifyingKey,
    pub key_label: &'a str,
    pub also_keys: &'a [(String, VerifyingKey)],
    pub signature: &'a str,
    pub signature_field: &'a str,
    pub message: &'a [u8],
    pub error: &'a SignatureError,
    pub show_pii: bool,
}

/// An alternative that verifies.
#[derive(Debug)]
pub struct Finding {
    /// Stable identifier for scripts (`digest`, `key`, `key_order`...).
    pub cause: &'static str,
    /// What the signer did differently, and the option that reproduces it.
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

    fn to_json(&self) -> Value {
        match self {
            Self::NotBase64(e) => json!({"kind": "not_base64", "error": e}),
            Self::WrongLength { actual, expected } => {
                json!({"kind": "wrong_length", "actual_bytes": actual, "expected_bytes": expected})
            }
            Self::NotPkcs1 => json!({"kind": "not_pkcs1"}),
            Self::Valid { digest, hash } => json!({
                "kind": "valid",
                "digest": digest.map(DigestAlgorithm::name),
                "hash_hex": hash,
            }),
        }
    }
}

/// The outcome of a diagnosis.
#[derive(Debug)]
pub struct Diagnosis {
    /// Alternatives that verify, most likely first.
    pub findings: Vec<Finding>,
    /// When nothing verifies: the most likely cause, and its identifier.
    pub conclusion: String,
    pub conclusion_cause: &'static str,
    /// RSA only: the signature opened with the public key.
    pub block: Option<Block>,
    /// How many alternatives were verified.
    pub tried: usize,
}

impl Diagnosis {
    pub fn to_json(&self) -> Value {
        let finding = |f: &Finding| {
            let mut v = json!({"cause": f.cause, "summary": f.summary});
            if let (Some(s), Value::Object(o)) = (&f.string_to_sign, &mut v) {
                o.insert("string_to_sign".to_owned(), Value::String(s.text.clone()));
            }
            v
        };
        let most_likely = match self.findings.first() {
            Some(f) => finding(f),
            None => json!({"cause": self.conclusion_cause, "summary": self.conclusion}),
        };
        json!({
            "most_likely": most_likely,
            "verified_alternatives": self.findings.iter().map(finding).collect::<Vec<_>>(),
            "signature_block": self.block.as_ref().map(Block::to_json),
            "alternatives_tried": self.tried,
        })
    }
}

/// What a candidate signs.
#[derive(Debug, Clone)]
enum What {
    Pairs(CanonicalRule, Pairs),
    Raw(Vec<u8>),
    /// The same string, hashed as GBK bytes (shown as its UTF-8 text).
    Gbk(Box<What>),
}

impl What {
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

#[derive(Debug, Clone)]
struct Candidate {
    cause: &'static str,
    summary: String,
    what: What,
    algorithm: SignatureAlgorithm,
    key: usize,
    /// A shared secret other than the key's (a variant of it), for salted MD5.
    secret: Option<SharedSecret>,
    /// The signature is this digest in hex, over what MD5 would cover (not a core rule).
    hex_digest: Option<DigestAlgorithm>,
    signature: String,
}

/// Runs the diagnosis. Each alternative is built, tried and dropped before the next one is made:
/// memory stays linear in the number of parameters (one alternative holds a copy of them, and
/// there is an alternative per parameter).
pub fn diagnose(a: &Attempt<'_>) -> Diagnosis {
    let mut findings: Vec<Finding> = Vec::new();
    let mut tried = 0;
    candidates(a, &mut |c| evaluate(a, c, &mut findings, &mut tried));
    let block = match (&a.setup.algorithm, a.key) {
        (SignatureAlgorithm::RsaPkcs1v15 { .. }, VerifyingKey::Rsa(public)) => {
            // A URL-safe signature is opened as what it stands for.
            let url_safe = url_safe_to_standard(a.signature);
            Some(open_block(public, url_safe.as_deref().unwrap_or(a.signature)))
        }
        _ => None,
    };
    // Two mistakes at once: the opened block names the signer's digest, so every other
    // alternative is tried again with that digest.
    if let (true, Some(Block::Valid { digest: Some(d), .. }), SignatureAlgorithm::RsaPkcs1v15 { digest }) =
        (findings.is_empty(), &block, &a.setup.algorithm)
    {
        if d != digest {
            let mut setup = a.setup.clone();
            setup.algorithm = SignatureAlgorithm::RsaPkcs1v15 { digest: *d };
            let shifted = Attempt { setup: &setup, ..*a };
            let prefix = format!(
                "two differences: the signer used {}, not {} (use --digest {}), and ",
                digest_label(*d),
                digest_label(*digest),
                d.name()
            );
            candidates(&shifted, &mut |mut c| {
                if c.cause != "digest" {
                    c.summary = format!("{prefix}{}", c.summary);
                    evaluate(&shifted, c, &mut findings, &mut tried);
                }
            });
        }
    }
    let (conclusion_cause, conclusion) = conclude(a, block.as_ref());
    Diagnosis {
        findings,
        conclusion,
        conclusion_cause,
        block,
        tried,
    }
}

/// Verifies one candidate; it becomes a finding if it verifies (and differs from the attempt
/// itself and from earlier findings). The candidate is dropped either way.
fn evaluate(a: &Attempt<'_>, c: Candidate, findings: &mut Vec<Finding>, tried: &mut usize) {
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
        None => match key_at(a, c.key) {
            Some(key) => key,
            None => return,
        },
    };
    *tried += 1;
    let verifies = match c.hex_digest {
        Some(d) => hex_digest_matches(d, &c.algorithm, key, &message, &c.signature),
        None => c.algorithm.verify(key, &message, &c.signature).is_ok(),
    };
    if !verifies {
        return;
    }
    let duplicate = findings.iter().any(|f| {
        f.message == message
            && f.key == c.key
            && f.secret == c.secret
            && f.hex_digest == c.hex_digest
            && f.algorithm == c.algorithm
            && f.signature == c.signature
    });
    if duplicate {
        return;
    }
    // Not shown when it reads the same as the string built (only a masked secret differs).
    let string_to_sign = c
        .what
        .text()
        .filter(|text| *text != a.message)
        .map(|text| c.what.show(&text, a.show_pii))
        .filter(|shown| shown.text != primary_shown(a).text);
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

fn primary_shown(a: &Attempt<'_>) -> Shown {
    match &a.setup.subject {
        Subject::Params { canonical, pairs, .. } => show_message(Some((canonical, pairs)), a.message, a.show_pii),
        Subject::Raw(_) => show_message(None, a.message, a.show_pii),
    }
}

fn key_at<'a>(a: &'a Attempt<'_>, index: usize) -> Option<&'a VerifyingKey> {
    match index.checked_sub(1) {
        None => Some(a.key),
        Some(i) => a.also_keys.get(i).map(|(_, k)| k),
    }
}

fn digest_label(d: DigestAlgorithm) -> &'static str {
    SignatureAlgorithm::RsaPkcs1v15 { digest: d }.label()
}

const DIGESTS: [DigestAlgorithm; 3] = [DigestAlgorithm::Md5, DigestAlgorithm::Sha1, DigestAlgorithm::Sha256];

/// Hands every alternative, in the order they are reported, to `sink`, one at a time.
#[allow(clippy::too_many_lines)] // one flat list of alternatives, in the order they are reported
fn candidates(a: &Attempt<'_>, sink: &mut dyn FnMut(Candidate)) {
    let slot = secret_slot(a);
    let base_what = match &a.setup.subject {
        Subject::Raw(bytes) => What::Raw(bytes.clone()),
        Subject::Params { canonical, pairs, .. } => What::Pairs(canonical.clone(), pairs.clone()),
    };
    let base = Candidate {
        cause: "",
        summary: String::new(),
        what: base_what.clone(),
        algorithm: a.setup.algorithm.clone(),
        key: 0,
        secret: None,
        hex_digest: None,
        signature: a.signature.to_owned(),
    };
    let mut push = |cause: &'static str, summary: String, edit: &dyn Fn(&mut Candidate)| {
        let mut c = base.clone();
        c.cause = cause;
        c.summary = summary;
        edit(&mut c);
        sink(c);
    };

    // 1. Hex case.
    if let SignatureAlgorithm::Md5Hex {
        case,
        verify_case: CaseRule::Exact,
        ..
    } = &a.setup.algorithm
    {
        let (got, flag) = match case {
            HexCase::Lower => ("upper", "--case upper"),
            HexCase::Upper => ("lower", "--case lower"),
        };
        let expected = if *case == HexCase::Lower { "lower" } else { "upper" };
        push(
            "hex_case",
            format!(
                "the MD5 signature is {got}-case hex but the rule expects {expected}-case (use {flag}, or --any-case)"
            ),
            &|c| {
                if let SignatureAlgorithm::Md5Hex { verify_case, .. } = &mut c.algorithm {
                    *verify_case = CaseRule::Insensitive;
                }
            },
        );
    }

    // 2. The signature text damaged in transport.
    if a.signature.contains(' ') {
        let fixed = a.signature.replace(' ', "+");
        push(
            "signature_plus_as_space",
            "the signature's '+' characters became spaces (it was URL-decoded, or sent unencoded in a form body): \
             URL-encode the signature when sending it"
                .to_owned(),
            &|c| c.signature.clone_from(&fixed),
        );
    }
    if let Some(decoded) = percent_decode(a.signature, false) {
        push(
            "signature_url_encoded",
            "the signature is still URL-encoded (%2B, %2F, %3D): URL-decode it before verifying".to_owned(),
            &|c| c.signature.clone_from(&decoded),
        );
    }
    if let (SignatureAlgorithm::RsaPkcs1v15 { .. }, Some(standard)) =
        (&a.setup.algorithm, url_safe_to_standard(a.signature))
    {
        let (cause, summary) = if a.signature.contains(['-', '_']) {
            let padding = if a.signature.trim_end().ends_with('=') {
                ""
            } else {
                ", without '=' padding"
            };
            (
                "signature_url_safe_base64",
                format!(
                    "the signature is URL-safe base64 ('-' and '_' instead of '+' and '/'{padding}): decode it as \
                     URL-safe base64 (Java Base64.getUrlDecoder, Python base64.urlsafe_b64decode), or ask the \
                     signer for standard base64"
                ),
            )
        } else {
            (
                "signature_base64_unpadded",
                "the signature's base64 lacks its '=' padding: add it before decoding, or ask the signer for \
                 standard (padded) base64"
                    .to_owned(),
            )
        };
        push(cause, summary, &|c| c.signature.clone_from(&standard));
    }

    // A hex digest of another length where MD5 is expected: the same input, that digest.
    if let SignatureAlgorithm::Md5Hex { salt_prefix, .. } = &a.setup.algorithm {
        if let Some(d) = hex_digest_named(a.signature) {
            let input = match salt_prefix {
                Some(p) => format!("string + \"{p}\" + secret"),
                None => "the string".to_owned(),
            };
            push(
                hex_digest_cause(d),
                format!(
                    "the signature is a {}-hex digest: {} where MD5 is expected; hex({}({input})) verifies: the \
                     signer used {} instead of MD5 (ask the signer for MD5, the agreed rule)",
                    d.output_len() * 2,
                    digest_upper(d),
                    d.name(),
                    digest_upper(d)
                ),
                &|c| c.hex_digest = Some(d),
            );
        }
    }

    // 3. Another digest.
    if let SignatureAlgorithm::RsaPkcs1v15 { digest } = &a.setup.algorithm {
        for d in DIGESTS.into_iter().filter(|d| d != digest) {
            push(
                "digest",
                format!(
                    "the signature verifies with {} instead of {} (use --digest {})",
                    digest_label(d),
                    digest_label(*digest),
                    d.name()
                ),
                &|c| c.algorithm = SignatureAlgorithm::RsaPkcs1v15 { digest: d },
            );
        }
    }

    // 4. Another key (with the same digest, then with the others).
    for (i, (label, key)) in a.also_keys.iter().enumerate() {
        let index = i + 1;
        match (&a.setup.algorithm, key) {
            (SignatureAlgorithm::RsaPkcs1v15 { digest }, VerifyingKey::Rsa(public)) => {
                let print = public.fingerprint();
                push(
                    "key",
                    format!("the signature verifies with {label} ({print}), not {}: the signer used another key pair (use it as --key)", a.key_label),
                    &|c| c.key = index,
                );
                for d in DIGESTS.into_iter().filter(|d| d != digest) {
                    push(
                        "key_and_digest",
                        format!(
                            "the signature verifies with {label} ({print}) and {} (use it as --key, with --digest {})",
                            digest_label(d),
                            d.name()
                        ),
                        &|c| {
                            c.key = index;
                            c.algorithm = SignatureAlgorithm::RsaPkcs1v15 { digest: d };
                        },
                    );
                }
            }
            (SignatureAlgorithm::Md5Hex { .. }, VerifyingKey::Secret(other)) => match &slot {
                Some(SecretSlot::Signkey) => push(
                    "xianjincard_signkey",
                    format!(
                        "the signature verifies with {label} as signkey in K = ua + signkey + ua, not the signkey \
                         given: the signer used that signkey (each direction has its own ua/signkey pair: if {label} \
                         is the other direction's, the signer signed with the other direction's signkey)"
                    ),
                    &slot_edit(SecretSlot::Signkey, other.expose()),
                ),
                _ => push(
                    "key",
                    format!("the signature verifies with {label}: the shared secret given is not the signer's"),
                    &|c| c.key = index,
                ),
            },
            _ => {}
        }
    }

    // The signer's secret with a line end or a space that the one given lacks, or the reverse.
    if let (Some(slot), Some(given)) = (&slot, given_secret(a)) {
        let stripped = a.setup.secret_line_end_removed;
        for (cause, variant, what) in [
            (
                "secret_trailing_newline",
                format!("{given}\n"),
                "ends with a line feed (\\n) that the one given here lacks: the signer read it from a file \
                 without removing the line end",
            ),
            (
                "secret_trailing_crlf",
                format!("{given}\r\n"),
                "ends with CR LF (\\r\\n) that the one given here lacks: the signer read it from a file saved \
                 with Windows line ends without removing them",
            ),
            (
                "secret_leading_space",
                format!(" {given}"),
                "starts with a space that the one given here lacks: the signer copied it with the space in \
                 front (as in `key = value`)",
            ),
        ] {
            let note = match stripped {
                Some(end) if variant == format!("{given}{end}") => {
                    " (--secret-file removed that line end from the file: add --keep-secret-newline)"
                }
                _ => "",
            };
            push(
                cause,
                format!("the signer's {} {what}{note}", slot.name()),
                &slot_edit(*slot, &variant),
            );
        }
        let trimmed = given.trim();
        if trimmed != given {
            push(
                "secret_whitespace_trimmed",
                format!(
                    "the {} given here has leading or trailing whitespace that the signer's lacks: trim it",
                    slot.name()
                ),
                &slot_edit(*slot, trimmed),
            );
        }
    }

    if let What::Pairs(rule, pairs) = &base_what {
        pair_candidates(a, rule, pairs, &mut push);
    } else if let What::Raw(bytes) = &base_what {
        if let Some(line) = bytes.strip_suffix(b"\n") {
            let line = line.strip_suffix(b"\r").unwrap_or(line).to_vec();
            push(
                "trailing_newline",
                "the signer signed the string without the input's trailing line end (write it without one, e.g. \
                 printf '%s')"
                    .to_owned(),
                &|c| c.what = What::Raw(line.clone()),
            );
        }
        if let Some(decoded) = std::str::from_utf8(bytes).ok().and_then(|t| percent_decode(t, true)) {
            push(
                "percent_decoded",
                "the signer signed the URL-decoded string; this one is still percent-encoded".to_owned(),
                &|c| c.what = What::Raw(decoded.clone().into_bytes()),
            );
        }
        if !bytes.is_ascii() {
            push(
                "gbk_bytes",
                "the signer hashed the string as GBK bytes, not UTF-8 (Java getBytes(\"GBK\"), a GBK page or \
                 database): hash its UTF-8 bytes"
                    .to_owned(),
                &|c| c.what = What::Gbk(Box::new(base_what.clone())),
            );
        }
    }

    // Last: other ways of appending an MD5 secret.
    if let SignatureAlgorithm::Md5Hex {
        salt_prefix: Some(current),
        ..
    } = &a.setup.algorithm
    {
        for p in [DEFAULT_SALT_PREFIX, "key=", "&", ""] {
            if p == current {
                continue;
            }
            push(
                "salt_prefix",
                format!("the secret was appended after \"{p}\" instead of \"{current}\" (use --salt-prefix '{p}')"),
                &|c| {
                    if let SignatureAlgorithm::Md5Hex { salt_prefix, .. } = &mut c.algorithm {
                        *salt_prefix = Some(p.to_owned());
                    }
                },
            );
        }
    }
}

type Push<'p> = dyn FnMut(&'static str, String, &dyn Fn(&mut Candidate)) + 'p;

/// Where the shared secret goes into what is hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SecretSlot {
    /// Appended after the salt prefix (`&key=` + secret).
    Salt,
    /// The `signkey` field inside the string (xianjincard's `K = ua + signkey + ua`).
    Signkey,
}

impl SecretSlot {
    fn name(self) -> &'static str {
        match self {
            Self::Salt => "shared secret",
            Self::Signkey => "signkey",
        }
    }
}

fn secret_slot(a: &Attempt<'_>) -> Option<SecretSlot> {
    match (&a.setup.subject, &a.setup.algorithm, a.key) {
        (
            Subject::Params {
                canonical: CanonicalRule::WrappedConcat { wrapper, .. },
                pairs,
                ..
            },
            _,
            _,
        ) if wrapper.iter().any(|w| w == "signkey") && pairs.iter().any(|(k, _)| k == "signkey") => {
            Some(SecretSlot::Signkey)
        }
        (
            _,
            SignatureAlgorithm::Md5Hex {
                salt_prefix: Some(_), ..
            },
            VerifyingKey::Secret(_),
        ) => Some(SecretSlot::Salt),
        _ => None,
    }
}

/// The secret given (`--secret`/`--secret-file`), where the slot takes it from.
fn given_secret<'a>(a: &'a Attempt<'_>) -> Option<&'a str> {
    match (&a.setup.subject, a.key) {
        (
            Subject::Params {
                canonical: CanonicalRule::WrappedConcat { .. },
                pairs,
                ..
            },
            _,
        ) => pairs
            .iter()
            .find(|(k, _)| k == "signkey")
            .and_then(|(_, v)| v.as_deref()),
        (_, VerifyingKey::Secret(secret)) => Some(secret.expose()),
        (_, VerifyingKey::Rsa(_)) => None,
    }
}

/// Puts `secret` where the slot takes it.
fn slot_edit(slot: SecretSlot, secret: &str) -> impl Fn(&mut Candidate) {
    let secret = SharedSecret::new(secret);
    move |c: &mut Candidate| match slot {
        SecretSlot::Salt => c.secret = Some(secret.clone()),
        SecretSlot::Signkey => {
            if let What::Pairs(_, pairs) = &mut c.what {
                for (k, v) in pairs.iter_mut() {
                    if k == "signkey" {
                        *v = Some(secret.expose().to_owned());
                    }
                }
            }
        }
    }
}

/// A URL-safe (`-`, `_`) or unpadded base64 signature as standard padded base64; `None` when
/// it is neither (or is not base64 at all).
fn url_safe_to_standard(signature: &str) -> Option<String> {
    let s = signature.trim();
    let url_safe = s.contains(['-', '_']);
    if s.contains(['+', '/']) && url_safe {
        return None;
    }
    let body = s.trim_end_matches('=');
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'+' || b == b'/')
    {
        return None;
    }
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out: String = body
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    (out != signature).then_some(out)
}

/// SHA-1 or SHA-256 when the signature is hex of that length (40, 64).
fn hex_digest_named(signature: &str) -> Option<DigestAlgorithm> {
    let s = signature.trim();
    if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    [DigestAlgorithm::Sha1, DigestAlgorithm::Sha256]
        .into_iter()
        .find(|d| d.output_len() * 2 == s.len())
}

fn hex_digest_cause(d: DigestAlgorithm) -> &'static str {
    match d {
        DigestAlgorithm::Md5 => "md5_hex",
        DigestAlgorithm::Sha1 => "sha1_hex",
        DigestAlgorithm::Sha256 => "sha256_hex",
    }
}

fn digest_upper(d: DigestAlgorithm) -> &'static str {
    match d {
        DigestAlgorithm::Md5 => "MD5",
        DigestAlgorithm::Sha1 => "SHA-1",
        DigestAlgorithm::Sha256 => "SHA-256",
    }
}

fn set_pairs(rule: CanonicalRule, pairs: Pairs) -> impl Fn(&mut Candidate) {
    move |c: &mut Candidate| c.what = What::Pairs(rule.clone(), pairs.clone())
}

/// Alternatives that change the parameters or the canonical rule.
fn pair_candidates(a: &Attempt<'_>, rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    if let CanonicalRule::SortedPairs {
        order,
        exclude,
        skip_empty,
    } = rule
    {
        order_and_empty_candidates(*order, exclude, *skip_empty, pairs, push);
        received_order_candidate(*order, exclude, *skip_empty, pairs, push);
        field_candidates(a, *order, exclude, *skip_empty, pairs, push);
    }
    encoding_candidates(a, rule, pairs, push);
    trimmed_candidates(a, rule, pairs, push);
    gbk_candidate(rule, pairs, push);
    json_candidates(rule, pairs, push);
}

/// The fields joined in the order received, not sorted.
fn received_order_candidate(order: KeyOrder, exclude: &[String], skip_empty: bool, pairs: &Pairs, push: &mut Push<'_>) {
    // Shown as raw text, which masks personal data but not a signing secret: not tried then.
    if pairs.iter().any(|(k, _)| pii::is_signing_secret(k)) {
        return;
    }
    let mut joined = Vec::new();
    for (k, v) in pairs {
        let Some(v) = v else { continue };
        if (skip_empty && v.is_empty()) || exclude.contains(k) {
            continue;
        }
        if !joined.is_empty() {
            joined.push(b'&');
        }
        joined.extend_from_slice(k.as_bytes());
        joined.push(b'=');
        joined.extend_from_slice(v.as_bytes());
    }
    let how = match order {
        KeyOrder::Bytewise => "bytewise",
        KeyOrder::CaseInsensitive => "case-insensitively",
    };
    push(
        "received_order",
        format!("the signer joined the fields in the order received, not sorted by key: sort the keys ({how}) before joining"),
        &|c| c.what = What::Raw(joined.clone()),
    );
}

/// Values with leading or trailing whitespace, trimmed: all of them, then each alone.
fn trimmed_candidates(a: &Attempt<'_>, rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    let padded: Vec<usize> = pairs
        .iter()
        .enumerate()
        .filter(|(_, (k, v))| {
            k != a.signature_field && !pii::is_signing_secret(k) && v.as_deref().is_some_and(|v| v.trim() != v)
        })
        .map(|(i, _)| i)
        .collect();
    let singles = if padded.len() > 1 { padded.len() } else { 0 };
    let sets = std::iter::once(padded.as_slice()).chain((0..singles).filter_map(|i| padded.get(i..=i)));
    for set in sets.filter(|set| !set.is_empty()) {
        let names: Vec<&str> = set
            .iter()
            .filter_map(|i| pairs.get(*i))
            .map(|(k, _)| k.as_str())
            .collect();
        let mut trimmed = pairs.clone();
        for i in set {
            if let Some((_, Some(v))) = trimmed.get_mut(*i) {
                *v = v.trim().to_owned();
            }
        }
        push(
            "value_trimmed",
            format!(
                "the signer trimmed leading/trailing whitespace from {} before signing (Java String.trim, Python \
                 str.strip): sign the values exactly as sent, or send them trimmed",
                quoted(&names)
            ),
            &set_pairs(rule.clone(), trimmed),
        );
    }
}

/// The string hashed as GBK bytes (when a value is not ASCII).
fn gbk_candidate(rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    let names: Vec<&str> = pairs
        .iter()
        .filter(|(_, v)| v.as_deref().is_some_and(|v| !v.is_ascii()))
        .map(|(k, _)| k.as_str())
        .collect();
    if names.is_empty() {
        return;
    }
    push(
        "gbk_bytes",
        format!(
            "the signer hashed the string as GBK bytes, not UTF-8 (Java getBytes(\"GBK\"), a GBK page or \
             database; non-ASCII text in {}): hash its UTF-8 bytes",
            quoted(&names)
        ),
        &|c| c.what = What::Gbk(Box::new(What::Pairs(rule.clone(), pairs.clone()))),
    );
}

/// The other key order; empty values kept vs skipped.
fn order_and_empty_candidates(
    order: KeyOrder,
    exclude: &[String],
    skip_empty: bool,
    pairs: &Pairs,
    push: &mut Push<'_>,
) {
    // 5. Key order.
    let (other, summary) = match order {
        KeyOrder::Bytewise => (
            KeyOrder::CaseInsensitive,
            "the signer sorted the keys case-insensitively (Java String.CASE_INSENSITIVE_ORDER), not bytewise \
             (use --order case-insensitive)",
        ),
        KeyOrder::CaseInsensitive => (
            KeyOrder::Bytewise,
            "the signer sorted the keys bytewise (upper case before lower case), not case-insensitively \
             (use --order bytewise)",
        ),
    };
    let flipped = CanonicalRule::SortedPairs {
        order: other,
        exclude: exclude.to_vec(),
        skip_empty,
    };
    push("key_order", summary.to_owned(), &set_pairs(flipped, pairs.clone()));

    // 6. Empty values.
    let empties: Vec<&str> = pairs
        .iter()
        .filter(|(k, v)| v.as_deref() == Some("") && !exclude.contains(k))
        .map(|(k, _)| k.as_str())
        .collect();
    if !empties.is_empty() {
        let names = quoted(&empties);
        let summary = if skip_empty {
            format!("the signer kept empty fields as `k=` ({names}) (use --keep-empty)")
        } else {
            format!("the signer left empty fields out ({names}) (drop --keep-empty)")
        };
        let flipped = CanonicalRule::SortedPairs {
            order,
            exclude: exclude.to_vec(),
            skip_empty: !skip_empty,
        };
        push("empty_fields", summary, &set_pairs(flipped, pairs.clone()));
    }
}

/// A field excluded or included: sign_type-like fields first, then every other field.
fn field_candidates(
    a: &Attempt<'_>,
    order: KeyOrder,
    exclude: &[String],
    skip_empty: bool,
    pairs: &Pairs,
    push: &mut Push<'_>,
) {
    // 7. A field excluded or included: sign_type-like fields first, then every other field.
    let signed: Vec<&str> = pairs
        .iter()
        .filter(|(k, v)| {
            v.as_deref().is_some_and(|v| !(skip_empty && v.is_empty()))
                && !exclude.contains(k)
                && k != a.signature_field
        })
        .map(|(k, _)| k.as_str())
        .collect();
    let is_sign_meta = |k: &str| {
        let n: String = k.chars().filter(|c| *c != '_').collect::<String>().to_ascii_lowercase();
        n.contains("signtype") || n.contains("signmethod")
    };
    let mut ordered: Vec<&str> = signed.iter().copied().filter(|k| is_sign_meta(k)).collect();
    ordered.extend(signed.iter().copied().filter(|k| !is_sign_meta(k)));
    for field in ordered {
        let mut more = exclude.to_vec();
        more.push(field.to_owned());
        let rule = CanonicalRule::SortedPairs {
            order,
            exclude: more,
            skip_empty,
        };
        push(
            "field_excluded",
            format!("the signer left `{field}` out of the string (use --exclude {field})"),
            &set_pairs(rule, pairs.clone()),
        );
    }
    for field in exclude.iter().filter(|f| *f != a.signature_field) {
        if !pairs.iter().any(|(k, v)| k == field && v.is_some()) {
            continue;
        }
        let fewer: Vec<String> = exclude.iter().filter(|e| *e != field).cloned().collect();
        let rule = CanonicalRule::SortedPairs {
            order,
            exclude: fewer,
            skip_empty,
        };
        push(
            "field_included",
            format!("the signer included `{field}` in the string (do not --exclude {field})"),
            &set_pairs(rule, pairs.clone()),
        );
    }
}

/// Percent-decoded / percent-encoded values.
fn encoding_candidates(a: &Attempt<'_>, rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    // 8. Percent-decoded / percent-encoded values.
    let syntax = match &a.setup.subject {
        Subject::Params { params, .. } => Some((params.syntax, params)),
        Subject::Raw(_) => None,
    };
    if let Some((Syntax::Form, params)) = syntax {
        let mut changed = Vec::new();
        let raw_pairs: Pairs = pairs
            .iter()
            .map(|(k, v)| {
                let raw = params
                    .items
                    .iter()
                    .find(|p| &p.key == k)
                    .and_then(|p| p.form_raw.clone());
                match raw {
                    Some(r) if Some(&r) != v.as_ref() => {
                        changed.push(k.as_str());
                        (k.clone(), Some(r))
                    }
                    _ => (k.clone(), v.clone()),
                }
            })
            .collect();
        if !changed.is_empty() {
            push(
                "form_values_undecoded",
                format!(
                    "the signer signed the form values as sent, before URL-decoding ({})",
                    quoted(&changed)
                ),
                &set_pairs(rule.clone(), raw_pairs),
            );
        }
    }
    for (plus_as_space, cause) in [(true, "percent_decoded"), (false, "percent_decoded_keep_plus")] {
        let mut changed = Vec::new();
        let decoded: Pairs = pairs
            .iter()
            .map(
                |(k, v)| match v.as_deref().and_then(|v| percent_decode(v, plus_as_space)) {
                    Some(d) => {
                        changed.push(k.as_str());
                        (k.clone(), Some(d))
                    }
                    None => (k.clone(), v.clone()),
                },
            )
            .collect();
        if !changed.is_empty() {
            let how = if plus_as_space {
                "URL-decoded ('+' as space)"
            } else {
                "percent-decoded ('+' kept)"
            };
            push(
                cause,
                format!(
                    "the signer signed {how} values; {} still encoded here (decode before building the string)",
                    quoted(&changed)
                ),
                &set_pairs(rule.clone(), decoded),
            );
        }
    }
    {
        let mut changed = Vec::new();
        let encoded: Pairs = pairs
            .iter()
            .map(|(k, v)| match v {
                Some(v) if k != a.signature_field => {
                    let mut e = String::new();
                    cardbind::form::encode_component(v, &mut e);
                    if &e != v {
                        changed.push(k.as_str());
                    }
                    (k.clone(), Some(e))
                }
                other => (k.clone(), other.clone()),
            })
            .collect();
        if !changed.is_empty() {
            push(
                "percent_encoded",
                format!(
                    "the signer signed URL-encoded values ({}), Java URLEncoder style: encode them before building the string",
                    quoted(&changed)
                ),
                &set_pairs(rule.clone(), encoded),
            );
        }
    }
}

/// JSON values serialised another way.
fn json_candidates(rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    // 9. JSON values serialised another way.
    let json_fields: Vec<(usize, Value)> = pairs
        .iter()
        .enumerate()
        .filter_map(|(i, (_, v))| {
            let v = v.as_deref()?;
            let t = v.trim_start();
            if !(t.starts_with('{') || t.starts_with('[')) {
                return None;
            }
            serde_json::from_str::<Value>(v).ok().map(|parsed| (i, parsed))
        })
        .collect();
    if !json_fields.is_empty() {
        let names: Vec<&str> = json_fields
            .iter()
            .filter_map(|(i, _)| pairs.get(*i).map(|(k, _)| k.as_str()))
            .collect();
        for style in Style::ALL {
            let mut restyled = pairs.clone();
            let mut changed = false;
            for (i, parsed) in &json_fields {
                if let Some((_, v)) = restyled.get_mut(*i) {
                    let text = style.write(parsed);
                    if v.as_deref() != Some(text.as_str()) {
                        changed = true;
                        *v = Some(text);
                    }
                }
            }
            if changed {
                push(
                    "json_reserialised",
                    format!("the signer serialised {} as {}", quoted(&names), style.describe()),
                    &set_pairs(rule.clone(), restyled),
                );
            }
        }
    }
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// Percent-decodes `s`; `None` when there is nothing to decode, an escape is malformed or the
/// result is not UTF-8.
fn percent_decode(s: &str, plus_as_space: bool) -> Option<String> {
    if !(s.contains('%') || (plus_as_space && s.contains('+'))) {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let text = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(text, 16).ok()?);
                i += 3;
            }
            b'+' if plus_as_space => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok().filter(|d| d != s)
}

/// RFC 8017 §9.2 note 1 DigestInfo prefixes.
const DIGEST_INFO: [(DigestAlgorithm, &[u8]); 3] = [
    (
        DigestAlgorithm::Md5,
        &[
            0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10,
        ],
    ),
    (
        DigestAlgorithm::Sha1,
        &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
        ],
    ),
    (
        DigestAlgorithm::Sha256,
        &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
            0x20,
        ],
    ),
];

/// Opens the signature with the public key (`s^e mod n`) and reads the PKCS#1 v1.5 block.
/// Only public information is involved: the signature and the public key.
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
    for (digest, prefix) in DIGEST_INFO {
        if let Some(hash) = t.strip_prefix(prefix) {
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

/// The most likely cause when no alternative verifies.
fn conclude(a: &Attempt<'_>, block: Option<&Block>) -> (&'static str, String) {
    match (block, &a.setup.algorithm) {
        (Some(Block::NotBase64(e)), _) => (
            "signature_encoding",
            format!("the signature is not base64 ({e}): it is not an RSA signature as sent, or was damaged in transport"),
        ),
        (Some(Block::WrongLength { actual, expected }), _) => (
            "wrong_key",
            format!(
                "the signature is {actual} bytes but this {}-bit key makes {expected}-byte signatures: it was made with a \
                 {}-bit key, not this one (or was truncated)",
                expected * 8,
                actual * 8
            ),
        ),
        (Some(Block::NotPkcs1), _) => (
            "wrong_key",
            format!(
                "the signature was not made with the private half of {} (it does not open to a PKCS#1 v1.5 block \
                 under that public key): the signer used another key pair, or the signature was altered. Check that \
                 {} is the signer's current public key; --also-key tries others",
                a.key_label, a.key_label
            ),
        ),
        (Some(Block::Valid { digest: Some(d), hash }), SignatureAlgorithm::RsaPkcs1v15 { digest }) => {
            let ours = encode_hex(&d.digest(a.message), HexCase::Lower);
            let what = if d == digest {
                format!("the signature is genuine for this key ({}), but over a different string", digest_label(*d))
            } else {
                format!(
                    "the signer used {} (not {}) and signed a different string",
                    digest_label(*d),
                    digest_label(*digest)
                )
            };
            (
                "different_string",
                format!(
                    "{what}: the signer's string has {} {hash}, the one built here {ours}. Compare the signer's string \
                     to sign with the one above (values, fields present, order, encoding)",
                    d.name()
                ),
            )
        }
        (Some(Block::Valid { digest: None, hash }), _) => (
            "unknown_digest",
            format!(
                "the signature opens under this key but names no MD5/SHA1/SHA256 DigestInfo ({hash}): the signer used \
                 another scheme"
            ),
        ),
        (_, SignatureAlgorithm::Md5Hex { salt_prefix, .. }) if hex_digest_named(a.signature).is_some() => {
            let d = hex_digest_named(a.signature).unwrap_or(DigestAlgorithm::Sha256);
            let input = match salt_prefix {
                Some(p) => format!("string + \"{p}\" + secret"),
                None => "the string".to_owned(),
            };
            (
                match d {
                    DigestAlgorithm::Sha1 => "sha1_where_md5_expected",
                    _ => "sha256_where_md5_expected",
                },
                format!(
                    "the signature is a {}-hex digest: {} where MD5 (32 hex) is expected, and {}({input}) does not \
                     verify either: the signer used {} over another string or with another secret or construction \
                     (e.g. HMAC). Ask the signer for MD5, the agreed rule",
                    d.output_len() * 2,
                    digest_upper(d),
                    d.name(),
                    digest_upper(d)
                ),
            )
        }
        (_, _) if secret_slot(a) == Some(SecretSlot::Signkey) => (
            "signkey_or_string",
            "no alternative verifies: the signkey differs from the signer's, or the signer signed a different string \
             (MD5 cannot tell which). Each direction has its own ua/signkey pair: try the other direction's signkey \
             with --also-secret, and compare the string to sign above with the signer's"
                .to_owned(),
        ),
        (_, _) => match a.error {
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
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_handles_plus_and_rejects_bad_escapes() {
        assert_eq!(percent_decode("a%2Bb+c", true).as_deref(), Some("a+b c"));
        assert_eq!(percent_decode("a%2Bb+c", false).as_deref(), Some("a+b+c"));
        assert_eq!(percent_decode("%E5%BC%A0", false).as_deref(), Some("张"));
        assert_eq!(percent_decode("100%", false), None);
        assert_eq!(percent_decode("plain", true), None);
    }

    #[test]
    fn blocks_are_parsed_by_digest_info() {
        let mut em = vec![0x00, 0x01];
        em.extend(std::iter::repeat_n(0xff, 10));
        em.push(0x00);
        em.extend_from_slice(DIGEST_INFO[2].1);
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
}
