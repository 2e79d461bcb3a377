//! What is signed and how: a signature rule (low-level options or a provider's spec) resolved
//! over the input. Everything here is in memory; `rule_args` reads the files `sign`/`verify` name,
//! and the library's `explain` takes the same inputs from its caller.

use cardbind::canonical::CanonicalRule;
use cardbind::{CaseRule, DigestAlgorithm, HexCase, KeyOrder, SharedSecret, SignatureAlgorithm, SignatureRule};
use serde_json::Value;

use crate::error::CliError;
use crate::input::utf8_text;
use crate::params::{borrowed, Pairs, Params};

/// Default text between the string and an MD5 shared secret (LianLian, Vbao).
pub const DEFAULT_SALT_PREFIX: &str = "&key=";

/// How the string to sign is built, when no provider's rule is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Canonical {
    /// Sorted `k=v&k=v` pairs.
    #[default]
    SortedPairs,
    /// xianjincard's `K+call+K+args+K`.
    Xianjincard,
}

/// The rule options and the input of `sign`/`verify`, in memory.
#[derive(Debug, Clone)]
pub struct RuleInput {
    /// Parameters (a JSON object or a form string), or with `raw` the exact string.
    pub input: Vec<u8>,
    /// How the input is named in errors (`stdin`, its path).
    pub source: String,
    pub raw: bool,
    /// A provider whose spec gives the rule, and which of its rules (`profile`).
    pub provider: Option<String>,
    pub profile: Option<String>,
    pub canonical: Canonical,
    /// The key order (default bytewise; a provider's spec order unless given).
    pub order: Option<KeyOrder>,
    /// Fields left out of the string (default: `sign`).
    pub exclude: Vec<String>,
    pub keep_empty: bool,
    /// The digest inside an RSA signature (required with an RSA key).
    pub digest: Option<DigestAlgorithm>,
    /// An RSA key is given (the rule is then RSA).
    pub with_key: bool,
    /// The shared secret (MD5 rules; xianjincard's signkey).
    pub secret: Option<SharedSecret>,
    /// The line end removed from the end of the secret's file (`\n`, `\r\n` or `\r`), if any.
    pub secret_line_end_removed: Option<&'static str>,
    /// Text between the string and the MD5 secret (default `&key=`; xianjincard: none).
    pub salt_prefix: Option<String>,
    /// Hex case of MD5 signatures.
    pub case: HexCase,
}

impl RuleInput {
    /// The defaults of `sign`/`verify`: sorted pairs, bytewise, `sign` excluded, empty values
    /// skipped, lower-case MD5 hex with `&key=`; the input empty and named `source` in errors.
    pub fn new(source: &str) -> Self {
        Self {
            input: Vec::new(),
            source: source.to_owned(),
            raw: false,
            provider: None,
            profile: None,
            canonical: Canonical::SortedPairs,
            order: None,
            exclude: Vec::new(),
            keep_empty: false,
            digest: None,
            with_key: false,
            secret: None,
            secret_line_end_removed: None,
            salt_prefix: None,
            case: HexCase::Lower,
        }
    }
}

/// A secret read from a file: one trailing line end (an editor or `echo` adds it) is removed
/// and returned, unless `keep_newline`.
pub fn secret_from_file(text: &str, keep_newline: bool) -> (SharedSecret, Option<&'static str>) {
    if keep_newline {
        return (SharedSecret::new(text), None);
    }
    match ["\r\n", "\n", "\r"].into_iter().find(|end| text.ends_with(end)) {
        Some(end) => (SharedSecret::new(text.strip_suffix(end).unwrap_or_default()), Some(end)),
        None => (SharedSecret::new(text), None),
    }
}

/// The note that a secret file lost a line end, naming it and the option that keeps it.
pub fn line_end_note(removed: &str) -> String {
    format!(
        "note: --secret-file: one trailing line end ({}) was removed from the secret; if it is part of the \
         secret, add --keep-secret-newline",
        removed.escape_default()
    )
}

/// What is signed: the canonical rule over parameters, or raw bytes.
#[derive(Debug, Clone)]
pub enum Subject {
    /// Parameters and the rule that canonicalises them. `pairs` includes xianjincard's
    /// `signkey` when it came from `--secret`.
    Params {
        canonical: CanonicalRule,
        params: Params,
        pairs: Pairs,
    },
    /// `--raw`: the bytes are the string to sign.
    Raw(Vec<u8>),
}

/// Everything a `sign` or `verify` needs besides the key.
#[derive(Debug, Clone)]
pub struct Setup {
    pub subject: Subject,
    pub algorithm: SignatureAlgorithm,
    /// The shared secret (MD5 rules).
    pub secret: Option<SharedSecret>,
    /// `--provider`: whose rule this is (`lianlian RSA`, `vbao`).
    pub preset: Option<String>,
    /// The line end removed from the end of `--secret-file` (`\n`, `\r\n` or `\r`), if any.
    pub secret_line_end_removed: Option<&'static str>,
}

impl Setup {
    /// Resolves the rule over the input. `any_case` is verify's `--any-case`.
    pub fn resolve(rule: RuleInput, any_case: bool) -> Result<Self, CliError> {
        Self::build(rule, any_case, false)
    }

    /// The string to sign only (`sign --string-only`): no key needed.
    pub fn for_string_only(rule: RuleInput) -> Result<Self, CliError> {
        Self::build(rule, false, true)
    }

    fn build(mut rule: RuleInput, any_case: bool, string_only: bool) -> Result<Self, CliError> {
        let input = std::mem::take(&mut rule.input);
        let (params, raw) = if rule.raw {
            (None, input)
        } else {
            let text = utf8_text(input, &rule.source)?;
            (Some(Params::parse(&text, &rule.source)?), Vec::new())
        };
        let preset = match &rule.provider {
            Some(name) => Some(provider_rule(name, rule.profile.as_deref(), params.as_ref())?),
            None => None,
        };
        let canonical = match (&preset, rule.canonical) {
            (Some((label, spec_rule)), _) => with_order(label, spec_rule.canonical.clone(), rule.order)?,
            (None, Canonical::SortedPairs) => CanonicalRule::SortedPairs {
                order: rule.order.unwrap_or(KeyOrder::Bytewise),
                exclude: if rule.exclude.is_empty() {
                    vec!["sign".to_owned()]
                } else {
                    rule.exclude.clone()
                },
                skip_empty: !rule.keep_empty,
            },
            (None, Canonical::Xianjincard) => CanonicalRule::xianjincard(),
        };
        let secret = rule.secret.take();
        let wrapped = params.is_some() && matches!(canonical, CanonicalRule::WrappedConcat { .. });
        let subject = match params {
            None => Subject::Raw(raw),
            Some(params) => {
                let mut pairs = params.pairs();
                if let (true, Some(secret)) = (wrapped, &secret) {
                    if params.get("signkey").is_some() {
                        return Err(CliError::bad(
                            "the input has a `signkey` parameter and --secret/--secret-file was given: use one",
                        ));
                    }
                    pairs.push(("signkey".to_owned(), Some(secret.expose().to_owned())));
                }
                Subject::Params {
                    canonical,
                    params,
                    pairs,
                }
            }
        };
        let algorithm = match (&preset, string_only) {
            // Only the string is wanted: the algorithm is described, never run.
            (Some((_, spec_rule)), true) => spec_rule.algorithm.clone(),
            (None, true) if !rule.with_key && secret.is_none() => SignatureAlgorithm::Md5Hex {
                salt_prefix: None,
                case: HexCase::Lower,
                verify_case: CaseRule::Exact,
            },
            (Some((label, spec_rule)), false) => {
                preset_algorithm(label, spec_rule, &rule, secret.is_some() || wrapped, any_case)?
            }
            (None, _) => low_level_algorithm(&rule, secret.is_some(), wrapped, any_case)?,
        };
        Ok(Self {
            subject,
            algorithm,
            secret,
            preset: preset.map(|(label, _)| label),
            secret_line_end_removed: rule.secret_line_end_removed,
        })
    }

    /// The exact bytes signed.
    pub fn message(&self) -> Result<Vec<u8>, CliError> {
        match &self.subject {
            Subject::Raw(bytes) => Ok(bytes.clone()),
            Subject::Params { canonical, pairs, .. } => canonical
                .build(borrowed(pairs))
                .map_err(|e| CliError::bad(format!("cannot build the string to sign: {e}"))),
        }
    }

    /// The string-building half of the rule in words.
    pub fn describe_canonical(&self) -> String {
        let canonical = match &self.subject {
            Subject::Raw(_) => "raw (the input is the string to sign)".to_owned(),
            Subject::Params { canonical, .. } => describe_canonical(canonical),
        };
        match &self.preset {
            Some(label) => format!("{label} (from its spec): {canonical}"),
            None => canonical,
        }
    }

    /// The rule in words.
    pub fn describe(&self) -> String {
        let canonical = match &self.subject {
            Subject::Raw(_) => "raw (the input is the string to sign)".to_owned(),
            Subject::Params { canonical, .. } => describe_canonical(canonical),
        };
        let rule = format!("{canonical}; {}", describe_algorithm(&self.algorithm));
        match &self.preset {
            Some(label) => format!("{label} (from its spec): {rule}"),
            None => rule,
        }
    }
}

/// A provider's canonical rule with the key order `--order` asks for (sorted pairs only).
fn with_order(label: &str, canonical: CanonicalRule, order: Option<KeyOrder>) -> Result<CanonicalRule, CliError> {
    match (canonical, order) {
        (canonical, None) => Ok(canonical),
        (
            CanonicalRule::SortedPairs {
                exclude, skip_empty, ..
            },
            Some(order),
        ) => Ok(CanonicalRule::SortedPairs {
            order,
            exclude,
            skip_empty,
        }),
        (CanonicalRule::WrappedConcat { .. }, Some(_)) => Err(CliError::bad(format!(
            "--order applies to sorted pairs; the {label} rule concatenates fixed fields"
        ))),
    }
}

fn low_level_algorithm(
    rule: &RuleInput,
    has_secret: bool,
    wrapped: bool,
    any_case: bool,
) -> Result<SignatureAlgorithm, CliError> {
    if rule.with_key {
        let digest = rule.digest.ok_or_else(|| {
            CliError::bad("--digest is required with --key (md5 = MD5withRSA, sha1 = SHA1withRSA, sha256)")
        })?;
        return Ok(SignatureAlgorithm::RsaPkcs1v15 { digest });
    }
    if !(has_secret || wrapped) {
        return Err(CliError::bad(
            "no key: give --key FILE (RSA) or --secret/--secret-file (MD5 with a shared secret)",
        ));
    }
    if matches!(rule.digest, Some(DigestAlgorithm::Sha1 | DigestAlgorithm::Sha256)) {
        return Err(CliError::bad(
            "shared-secret signatures are MD5 hex; --digest sha1/sha256 applies to RSA keys (--key)",
        ));
    }
    let salt_prefix = match (&rule.salt_prefix, wrapped) {
        (Some(p), _) => Some(p.clone()),
        // xianjincard's secret is inside the string (signkey), nothing is appended.
        (None, true) => None,
        (None, false) => Some(DEFAULT_SALT_PREFIX.to_owned()),
    };
    Ok(SignatureAlgorithm::Md5Hex {
        salt_prefix,
        case: rule.case,
        verify_case: if any_case {
            CaseRule::Insensitive
        } else {
            CaseRule::Exact
        },
    })
}

fn preset_algorithm(
    label: &str,
    spec_rule: &SignatureRule,
    rule: &RuleInput,
    has_secret: bool,
    any_case: bool,
) -> Result<SignatureAlgorithm, CliError> {
    let mut algorithm = spec_rule.algorithm.clone();
    match &mut algorithm {
        SignatureAlgorithm::RsaPkcs1v15 { .. } if !rule.with_key => {
            return Err(CliError::bad(format!(
                "the {label} rule is {}: give --key FILE",
                spec_rule.algorithm.label()
            )));
        }
        SignatureAlgorithm::RsaPkcs1v15 { .. } => {}
        SignatureAlgorithm::Md5Hex { .. } if rule.with_key || !has_secret => {
            return Err(CliError::bad(format!(
                "the {label} rule is MD5 with a shared secret: give --secret or --secret-file (not --key)"
            )));
        }
        SignatureAlgorithm::Md5Hex { verify_case, .. } => {
            if any_case {
                *verify_case = CaseRule::Insensitive;
            }
        }
    }
    Ok(algorithm)
}

/// A provider's signature rule from its embedded spec: `signature.rule`, a profile of
/// `signature.profiles` (chosen by `--profile` or the `sign_type` parameter), or
/// `signature.canonical` + `signature.algorithm`.
fn provider_rule(
    name: &str,
    profile: Option<&str>,
    params: Option<&Params>,
) -> Result<(String, SignatureRule), CliError> {
    let provider = crate::names::provider(name)?;
    let spec: Value = serde_json::from_str(cardbind::providers::spec_json(provider))
        .map_err(|_| CliError::bad(format!("the {name} spec is not available in this build")))?;
    let signature = &spec["signature"];
    let (label, rule) = if let Some(rule) = signature.get("rule") {
        if profile.is_some() {
            return Err(CliError::bad(format!(
                "{name} has one signature rule: --profile does not apply"
            )));
        }
        (name.to_owned(), rule.clone())
    } else if let Some(profiles) = signature.get("profiles").and_then(Value::as_object) {
        let names: Vec<&str> = profiles.keys().map(String::as_str).collect();
        let chosen = profile
            .or_else(|| params.and_then(|p| p.get("sign_type")))
            .ok_or_else(|| {
                CliError::bad(format!(
                    "{name} has several signature rules ({}): give --profile or a sign_type parameter",
                    names.join(", ")
                ))
            })?;
        let p = profiles.get(chosen).ok_or_else(|| {
            CliError::bad(format!(
                "{name} has no signature profile `{chosen}` (one of: {})",
                names.join(", ")
            ))
        })?;
        (
            format!("{name} {chosen}"),
            serde_json::json!({"canonical": p["canonical"], "algorithm": p["algorithm"]}),
        )
    } else if let (Some(c), Some(a)) = (signature.get("canonical"), signature.get("algorithm")) {
        (name.to_owned(), serde_json::json!({"canonical": c, "algorithm": a}))
    } else {
        let what = signature
            .get("string_to_sign")
            .and_then(Value::as_str)
            .unwrap_or("see its spec");
        return Err(CliError::bad(format!(
            "{name} has no reusable signature rule ({what}): build the string yourself and use --raw with --key/--digest"
        )));
    };
    let rule = serde_json::from_value::<SignatureRule>(rule)
        .map_err(|_| CliError::bad(format!("the {name} spec's signature rule is not a SignatureRule")))?;
    Ok((label, rule))
}

pub fn describe_canonical(canonical: &CanonicalRule) -> String {
    match canonical {
        CanonicalRule::SortedPairs {
            order,
            exclude,
            skip_empty,
        } => format!(
            "sorted pairs ({} order, excluding {}, empty values {})",
            match order {
                KeyOrder::Bytewise => "bytewise",
                KeyOrder::CaseInsensitive => "case-insensitive",
            },
            exclude.join(", "),
            if *skip_empty { "skipped" } else { "kept" }
        ),
        CanonicalRule::WrappedConcat { wrapper, parts } => format!(
            "wrapped concat K+{}+K with K = {}",
            parts.join("+K+"),
            wrapper.join("+")
        ),
    }
}

pub fn describe_algorithm(algorithm: &SignatureAlgorithm) -> String {
    match algorithm {
        SignatureAlgorithm::Md5Hex { salt_prefix, case, .. } => {
            let case = match case {
                HexCase::Lower => "lower",
                HexCase::Upper => "upper",
            };
            match salt_prefix {
                Some(p) => format!("MD5 hex ({case} case) of string + \"{p}\" + secret"),
                None => format!("MD5 hex ({case} case) of the string"),
            }
        }
        SignatureAlgorithm::RsaPkcs1v15 { .. } => algorithm.label().to_owned(),
    }
}
