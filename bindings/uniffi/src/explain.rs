//! `cardbind verify --explain` as data (`explain`): why a signature does not verify. The same
//! Rust code as the command-line tool (the `cardbind_cli` library); the request's fields are the
//! command's options, and the diagnosis names them as the command does (`--digest`, `--also-secret #1`).

use cardbind::{DigestAlgorithm, ErrorKind, HexCase, KeyOrder, SharedSecret};
use cardbind_cli::{Block, Canonical, ExplainRequest as CliRequest, RuleInput, SignatureInput, Verification};

use crate::error::{guard, CardbindError};

/// How the string to sign is built when no `provider` gives the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ExplainCanonical {
    /// Sorted `k=v&k=v` pairs (`order`, `exclude`, `keep_empty`).
    SortedPairs,
    /// xianjincard's `K + call + K + args + K`, `K = ua + signkey + ua` (`secret` is the signkey).
    Xianjincard,
}

/// What `cardbind verify --explain` takes: the message, the signature and the rule, in memory.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
#[allow(clippy::struct_excessive_bools)] // the command's independent flags, one each
pub struct ExplainRequest {
    /// The parameters as received (a JSON object or a form string, UTF-8), or with `raw` the
    /// exact bytes signed.
    pub message: Vec<u8>,
    /// The signature; `None`: the `signature_field` parameter.
    #[uniffi(default)]
    pub signature: Option<String>,
    #[uniffi(default = "sign")]
    pub signature_field: String,
    /// A provider whose spec gives the rule (`lianlian`...), and which of its rules (LianLian:
    /// default the message's `sign_type`).
    #[uniffi(default)]
    pub provider: Option<String>,
    #[uniffi(default)]
    pub profile: Option<String>,
    /// Default sorted pairs.
    #[uniffi(default)]
    pub canonical: Option<ExplainCanonical>,
    /// `message` is the exact string signed.
    #[uniffi(default)]
    pub raw: bool,
    /// Key order of sorted pairs (default bytewise; a provider's spec order).
    #[uniffi(default)]
    pub order: Option<KeyOrder>,
    /// Fields left out of the string (default `sign`).
    #[uniffi(default)]
    pub exclude: Vec<String>,
    /// Empty values signed as `k=` (default: left out).
    #[uniffi(default)]
    pub keep_empty: bool,
    /// The digest inside an RSA signature (required with `key`).
    #[uniffi(default)]
    pub digest: Option<DigestAlgorithm>,
    /// The signer's RSA public key: PEM, DER or bare base64.
    #[uniffi(default)]
    pub key: Option<Vec<u8>>,
    /// The MD5 shared secret (xianjincard: the signkey).
    #[uniffi(default)]
    pub secret: Option<String>,
    /// Instead of `secret`: a secret file's text, read as `--secret-file` reads it (one trailing
    /// line end removed, and noted, unless `keep_secret_newline`).
    #[uniffi(default)]
    pub secret_file_text: Option<String>,
    #[uniffi(default)]
    pub keep_secret_newline: bool,
    /// Text between the string and the MD5 secret (default `&key=`).
    #[uniffi(default)]
    pub salt_prefix: Option<String>,
    /// Hex case of MD5 signatures (default lower).
    #[uniffi(default)]
    pub hex_case: Option<HexCase>,
    /// Accept MD5 hex of either case.
    #[uniffi(default)]
    pub any_case: bool,
    /// Other public keys and secrets to try as the signer's (`--also-key #1`, `--also-secret #1`).
    #[uniffi(default)]
    pub also_keys: Vec<Vec<u8>>,
    #[uniffi(default)]
    pub also_secrets: Vec<String>,
    /// Personal data unmasked in the strings shown.
    #[uniffi(default)]
    pub show_pii: bool,
}

// The message, keys and secrets are not shown: only the rule's options.
impl std::fmt::Debug for ExplainRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExplainRequest")
            .field("message_bytes", &self.message.len())
            .field("provider", &self.provider)
            .field("canonical", &self.canonical)
            .field("raw", &self.raw)
            .field("digest", &self.digest)
            .finish_non_exhaustive()
    }
}

/// One cause: an alternative that verifies, or (when none does) the conclusion.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct Finding {
    /// A stable identifier (`received_order`, `percent_encoded`, `wrong_key`...).
    pub cause: String,
    /// What the signer did and who must change what.
    pub summary: String,
    /// The string that verifies (masked unless `show_pii`), when it reads differently.
    pub string_to_sign: Option<String>,
}

impl std::fmt::Debug for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finding")
            .field("cause", &self.cause)
            .field("summary", &self.summary)
            .finish_non_exhaustive()
    }
}

/// An RSA signature opened with the public key.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct SignatureBlock {
    /// `not_base64`, `wrong_length`, `not_pkcs1` or `valid`.
    pub kind: String,
    /// `not_base64`: why.
    pub error: Option<String>,
    /// `wrong_length`: the signature's length, and the key's.
    pub actual_bytes: Option<u64>,
    pub expected_bytes: Option<u64>,
    /// `valid`: the signer's digest (`None`: one cardbind does not know) and hash.
    pub digest: Option<DigestAlgorithm>,
    pub hash_hex: Option<String>,
}

/// Why the signature does not verify.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct Diagnosis {
    /// The first alternative that verifies, else the conclusion.
    pub most_likely: Finding,
    /// Every alternative that verifies, most likely first.
    pub verified_alternatives: Vec<Finding>,
    /// RSA only.
    pub signature_block: Option<SignatureBlock>,
    pub alternatives_tried: u64,
}

impl std::fmt::Debug for Diagnosis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Diagnosis")
            .field("most_likely", &self.most_likely)
            .field("verified_alternatives", &self.verified_alternatives.len())
            .field("signature_block", &self.signature_block)
            .field("alternatives_tried", &self.alternatives_tried)
            .finish()
    }
}

/// The string verified, the result and, when it does not verify, why: the fields of
/// `cardbind --json verify --explain`, and `report`, the command's text output.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct Explanation {
    pub verified: bool,
    /// Why it does not verify (`signature does not match`).
    pub error: Option<String>,
    /// The rule in words, and the algorithm's name.
    pub rule: String,
    pub algorithm: String,
    /// The exact string verified (masked unless `show_pii`; hex when not UTF-8).
    pub string_to_sign: String,
    /// `utf8` or `hex`.
    pub string_to_sign_encoding: String,
    pub string_to_sign_masked: bool,
    pub string_to_sign_bytes: u64,
    /// The digest the signature covers.
    pub digest: DigestAlgorithm,
    pub digest_hex: String,
    pub diagnosis: Option<Diagnosis>,
    /// What was done to the input one may not expect (a line end removed from the secret file).
    pub notes: Vec<String>,
    /// The text `cardbind verify --explain` prints.
    pub report: String,
}

// The string verified may be unmasked (`show_pii`): the verdict only.
impl std::fmt::Debug for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Explanation")
            .field("verified", &self.verified)
            .field("error", &self.error)
            .field("algorithm", &self.algorithm)
            .field("diagnosis", &self.diagnosis)
            .finish_non_exhaustive()
    }
}

/// Verifies the signature and, when it does not verify, says why, as `cardbind verify
/// --explain` does. Arguments the command would refuse throw `Argument` with its message.
#[uniffi::export]
pub fn explain(request: ExplainRequest) -> Result<Explanation, CardbindError> {
    guard(|| {
        let verification =
            cardbind_cli::explain_request(cli_request(request)).map_err(|detail| CardbindError::Argument {
                kind: ErrorKind::InvalidParameter,
                field: "explain".to_owned(),
                detail,
            })?;
        Ok(explanation(&verification))
    })
}

fn cli_request(r: ExplainRequest) -> CliRequest {
    let (secret, secret_line_end_removed) = match (r.secret, r.secret_file_text) {
        (Some(s), _) => (Some(SharedSecret::new(s)), None),
        (None, Some(text)) => {
            let (secret, removed) = cardbind_cli::secret_from_file(&text, r.keep_secret_newline);
            (Some(secret), removed)
        }
        (None, None) => (None, None),
    };
    CliRequest {
        rule: RuleInput {
            input: r.message,
            raw: r.raw,
            provider: r.provider,
            profile: r.profile,
            canonical: match r.canonical {
                Some(ExplainCanonical::Xianjincard) => Canonical::Xianjincard,
                Some(ExplainCanonical::SortedPairs) | None => Canonical::SortedPairs,
            },
            order: r.order,
            exclude: r.exclude,
            keep_empty: r.keep_empty,
            digest: r.digest,
            secret,
            secret_line_end_removed,
            salt_prefix: r.salt_prefix,
            case: r.hex_case.unwrap_or(HexCase::Lower),
            ..RuleInput::new("message")
        },
        key: r.key,
        also_keys: r.also_keys,
        also_secrets: r.also_secrets,
        signature: SignatureInput {
            signature: r.signature,
            field: r.signature_field,
        },
        any_case: r.any_case,
        show_pii: r.show_pii,
    }
}

fn explanation(v: &Verification) -> Explanation {
    let mut report = v.lines(true).join("\n");
    report.push('\n');
    Explanation {
        verified: v.result.is_ok(),
        error: v.result.as_ref().err().map(ToString::to_string),
        rule: v.signed.rule.clone(),
        algorithm: v.signed.algorithm.clone(),
        string_to_sign: v.signed.shown.text.clone(),
        string_to_sign_encoding: if v.signed.shown.hex { "hex" } else { "utf8" }.to_owned(),
        string_to_sign_masked: v.signed.shown.masked,
        string_to_sign_bytes: v.signed.bytes as u64,
        digest: v.signed.digest,
        digest_hex: v.signed.digest_hex.clone(),
        diagnosis: v.diagnosis.as_ref().map(diagnosis),
        notes: v.notes.clone(),
        report,
    }
}

fn finding(cause: &str, summary: &str, string_to_sign: Option<&cardbind_cli::Shown>) -> Finding {
    Finding {
        cause: cause.to_owned(),
        summary: summary.to_owned(),
        string_to_sign: string_to_sign.map(|s| s.text.clone()),
    }
}

fn diagnosis(d: &cardbind_cli::Diagnosis) -> Diagnosis {
    let found: Vec<Finding> = d
        .findings
        .iter()
        .map(|f| finding(f.cause, &f.summary, f.string_to_sign.as_ref()))
        .collect();
    Diagnosis {
        most_likely: found
            .first()
            .cloned()
            .unwrap_or_else(|| finding(d.conclusion_cause, &d.conclusion, None)),
        verified_alternatives: found,
        signature_block: d.block.as_ref().map(block),
        alternatives_tried: d.tried as u64,
    }
}

fn block(b: &Block) -> SignatureBlock {
    let mut out = SignatureBlock {
        kind: b.kind().to_owned(),
        error: None,
        actual_bytes: None,
        expected_bytes: None,
        digest: None,
        hash_hex: None,
    };
    match b {
        Block::NotBase64(e) => out.error = Some(e.clone()),
        Block::WrongLength { actual, expected } => {
            out.actual_bytes = Some(*actual as u64);
            out.expected_bytes = Some(*expected as u64);
        }
        Block::NotPkcs1 => {}
        Block::Valid { digest, hash } => {
            out.digest = *digest;
            out.hash_hex = Some(hash.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// The defaults Kotlin's constructor gives (`#[uniffi(default)]`).
    fn request(message: &[u8]) -> ExplainRequest {
        ExplainRequest {
            message: message.to_vec(),
            signature: None,
            signature_field: "sign".to_owned(),
            provider: None,
            profile: None,
            canonical: None,
            raw: false,
            order: None,
            exclude: Vec::new(),
            keep_empty: false,
            digest: None,
            key: None,
            secret: None,
            secret_file_text: None,
            keep_secret_newline: false,
            salt_prefix: None,
            hex_case: None,
            any_case: false,
            also_keys: Vec::new(),
            also_secrets: Vec::new(),
            show_pii: false,
        }
    }

    fn json(path: &str) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
    }

    #[test]
    fn every_explain_case_reports_what_the_command_prints() {
        let outputs = json("spec/vectors/explain/outputs.json");
        for c in json("spec/vectors/explain/explain.json")["cases"].as_array().unwrap() {
            let rule = &c["rule"];
            let message = match &c["params"] {
                serde_json::Value::String(raw) => raw.clone().into_bytes(),
                params => serde_json::to_vec(params).unwrap(),
            };
            let key = (rule["scheme"] == "rsa").then(|| {
                let name = rule["key"].as_str().unwrap();
                std::fs::read(root().join(format!("spec/vectors/keys/{name}-public-spki.pem"))).unwrap()
            });
            let digest = rule["digest"].as_str().map(|d| match d {
                "md5" => DigestAlgorithm::Md5,
                "sha1" => DigestAlgorithm::Sha1,
                _ => DigestAlgorithm::Sha256,
            });
            let request = ExplainRequest {
                signature: c["signature"].as_str().map(str::to_owned),
                canonical: (rule["canonical"] == "xianjincard").then_some(ExplainCanonical::Xianjincard),
                raw: rule["canonical"] == "raw",
                digest,
                key,
                secret: c["secret"].as_str().map(str::to_owned),
                secret_file_text: c["secret_file_text"].as_str().map(str::to_owned),
                also_secrets: c["also_secrets"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect(),
                ..request(&message)
            };
            let id = c["id"].as_str().unwrap();
            let explained = explain(request).unwrap();
            assert_eq!(
                explained.report,
                outputs["outputs"][id]["text"]["stdout"].as_str().unwrap(),
                "{id}"
            );
            let cause = explained.diagnosis.unwrap().most_likely.cause;
            assert_eq!(cause, c["expected_cause"].as_str().unwrap(), "{id}");
        }
    }

    #[test]
    fn an_argument_the_command_refuses_throws_with_its_message() {
        let request = ExplainRequest {
            provider: Some("LianLian".to_owned()),
            secret: Some("s".to_owned()),
            ..request(b"{\"a\":\"1\",\"sign\":\"x\"}")
        };
        let err = explain(request).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown provider `LianLian`: did you mean `lianlian`? (one of: lianlian, xianjincard, yixin, vbao, huanbei)"
        );
    }
}
