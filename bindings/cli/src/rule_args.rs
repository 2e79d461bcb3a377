//! Turning `sign`/`verify` options into a signature rule, keys and the string to sign.

use std::path::Path;

use cardbind::canonical::CanonicalRule;
use cardbind::{
    CaseRule, DigestAlgorithm, HexCase, KeyOrder, PrivateKey, Provider, PublicKey, SharedSecret, SignatureAlgorithm,
    SignatureRule,
};
use serde_json::Value;

use crate::cli::{CanonicalKind, Case, Digest, Order, RuleArgs};
use crate::error::CliError;
use crate::input::{read_bytes, read_text, shown, MAX_INPUT_BYTES, MAX_KEY_FILE_BYTES};
use crate::params::{borrowed, Pairs, Params};

/// Default text between the string and an MD5 shared secret (LianLian, Vbao).
pub const DEFAULT_SALT_PREFIX: &str = "&key=";

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

pub fn digest_of(d: Digest) -> DigestAlgorithm {
    match d {
        Digest::Md5 => DigestAlgorithm::Md5,
        Digest::Sha1 => DigestAlgorithm::Sha1,
        Digest::Sha256 => DigestAlgorithm::Sha256,
    }
}

fn order_of(o: Order) -> KeyOrder {
    match o {
        Order::Bytewise => KeyOrder::Bytewise,
        Order::CaseInsensitive => KeyOrder::CaseInsensitive,
    }
}

/// The shared secret, and the line end removed from the end of `--secret-file` (an editor or
/// `echo` adds one; `--keep-secret-newline` keeps it as part of the secret).
fn secret_of(args: &RuleArgs) -> Result<(Option<SharedSecret>, Option<&'static str>), CliError> {
    if let Some(s) = &args.secret {
        return Ok((Some(SharedSecret::new(s.clone())), None));
    }
    if let Some(path) = &args.secret_file {
        let text = zeroize::Zeroizing::new(read_text(path, MAX_KEY_FILE_BYTES)?);
        if args.keep_secret_newline {
            return Ok((Some(SharedSecret::new(text.as_str())), None));
        }
        let (secret, removed) = match line_end(&text) {
            Some(end) => (text.strip_suffix(end).unwrap_or_default(), Some(end)),
            None => (text.as_str(), None),
        };
        return Ok((Some(SharedSecret::new(secret)), removed));
    }
    Ok((None, None))
}

/// The one line end `text` ends with, if any.
fn line_end(text: &str) -> Option<&'static str> {
    ["\r\n", "\n", "\r"].into_iter().find(|end| text.ends_with(end))
}

/// The note that `--secret-file` lost a line end, naming it and the option that keeps it.
pub fn line_end_note(removed: &str) -> String {
    format!(
        "note: --secret-file: one trailing line end ({}) was removed from the secret; if it is part of the \
         secret, add --keep-secret-newline",
        removed.escape_default()
    )
}

impl Setup {
    /// Reads the input and resolves the rule. `any_case` is verify's `--any-case`.
    pub fn from_args(args: &RuleArgs, any_case: bool) -> Result<Self, CliError> {
        Self::resolve(args, any_case, false)
    }

    /// The string to sign only (`sign --string-only`): no key needed.
    pub fn for_string_only(args: &RuleArgs) -> Result<Self, CliError> {
        Self::resolve(args, false, true)
    }

    fn resolve(args: &RuleArgs, any_case: bool, string_only: bool) -> Result<Self, CliError> {
        let (secret, secret_line_end_removed) = secret_of(args)?;
        let source = shown(&args.input);
        let params = if args.raw {
            None
        } else {
            Some(Params::parse(&read_text(&args.input, MAX_INPUT_BYTES)?, &source)?)
        };
        let preset = match &args.provider {
            Some(name) => Some(provider_rule(name, args.profile.as_deref(), params.as_ref())?),
            None => None,
        };
        let canonical = match (&preset, args.canonical) {
            (Some((label, rule)), _) => with_order(label, rule.canonical.clone(), args.order)?,
            (None, CanonicalKind::SortedPairs) => CanonicalRule::SortedPairs {
                order: order_of(args.order.unwrap_or(Order::Bytewise)),
                exclude: if args.exclude.is_empty() {
                    vec!["sign".to_owned()]
                } else {
                    args.exclude.clone()
                },
                skip_empty: !args.keep_empty,
            },
            (None, CanonicalKind::Xianjincard) => CanonicalRule::xianjincard(),
        };
        let wrapped = params.is_some() && matches!(canonical, CanonicalRule::WrappedConcat { .. });
        let subject = match params {
            None => Subject::Raw(read_bytes(&args.input, MAX_INPUT_BYTES)?),
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
            (Some((_, rule)), true) => rule.algorithm.clone(),
            (None, true) if args.key.is_none() && secret.is_none() => SignatureAlgorithm::Md5Hex {
                salt_prefix: None,
                case: HexCase::Lower,
                verify_case: CaseRule::Exact,
            },
            (Some((label, rule)), false) => preset_algorithm(label, rule, args, secret.is_some() || wrapped, any_case)?,
            (None, _) => low_level_algorithm(args, secret.is_some(), wrapped, any_case)?,
        };
        Ok(Self {
            subject,
            algorithm,
            secret,
            preset: preset.map(|(label, _)| label),
            secret_line_end_removed,
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
fn with_order(label: &str, canonical: CanonicalRule, order: Option<Order>) -> Result<CanonicalRule, CliError> {
    match (canonical, order) {
        (canonical, None) => Ok(canonical),
        (
            CanonicalRule::SortedPairs {
                exclude, skip_empty, ..
            },
            Some(order),
        ) => Ok(CanonicalRule::SortedPairs {
            order: order_of(order),
            exclude,
            skip_empty,
        }),
        (CanonicalRule::WrappedConcat { .. }, Some(_)) => Err(CliError::bad(format!(
            "--order applies to sorted pairs; the {label} rule concatenates fixed fields"
        ))),
    }
}

fn low_level_algorithm(
    args: &RuleArgs,
    has_secret: bool,
    wrapped: bool,
    any_case: bool,
) -> Result<SignatureAlgorithm, CliError> {
    if args.key.is_some() {
        let digest = args.digest.ok_or_else(|| {
            CliError::bad("--digest is required with --key (md5 = MD5withRSA, sha1 = SHA1withRSA, sha256)")
        })?;
        return Ok(SignatureAlgorithm::RsaPkcs1v15 {
            digest: digest_of(digest),
        });
    }
    if !(has_secret || wrapped) {
        return Err(CliError::bad(
            "no key: give --key FILE (RSA) or --secret/--secret-file (MD5 with a shared secret)",
        ));
    }
    if matches!(args.digest, Some(Digest::Sha1 | Digest::Sha256)) {
        return Err(CliError::bad(
            "shared-secret signatures are MD5 hex; --digest sha1/sha256 applies to RSA keys (--key)",
        ));
    }
    let salt_prefix = match (&args.salt_prefix, wrapped) {
        (Some(p), _) => Some(p.clone()),
        // xianjincard's secret is inside the string (signkey), nothing is appended.
        (None, true) => None,
        (None, false) => Some(DEFAULT_SALT_PREFIX.to_owned()),
    };
    Ok(SignatureAlgorithm::Md5Hex {
        salt_prefix,
        case: match args.case {
            Case::Lower => HexCase::Lower,
            Case::Upper => HexCase::Upper,
        },
        verify_case: if any_case {
            CaseRule::Insensitive
        } else {
            CaseRule::Exact
        },
    })
}

fn preset_algorithm(
    label: &str,
    rule: &SignatureRule,
    args: &RuleArgs,
    has_secret: bool,
    any_case: bool,
) -> Result<SignatureAlgorithm, CliError> {
    let mut algorithm = rule.algorithm.clone();
    match &mut algorithm {
        SignatureAlgorithm::RsaPkcs1v15 { .. } if args.key.is_none() => {
            return Err(CliError::bad(format!(
                "the {label} rule is {}: give --key FILE",
                rule.algorithm.label()
            )));
        }
        SignatureAlgorithm::RsaPkcs1v15 { .. } => {}
        SignatureAlgorithm::Md5Hex { .. } if args.key.is_some() || !has_secret => {
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
    let provider = Provider::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Provider::ALL.iter().map(|p| p.name()).collect();
        CliError::bad(format!("unknown provider `{name}` (one of: {})", names.join(", ")))
    })?;
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

/// Loads an RSA private key; errors name the option and the file.
pub fn load_private(option: &str, path: &Path) -> Result<PrivateKey, CliError> {
    let bytes = read_bytes(path, MAX_KEY_FILE_BYTES)?;
    PrivateKey::parse(&bytes).map_err(|e| CliError::bad(format!("{option} {}: {e}", shown(path))))
}

/// Loads an RSA public key; errors name the option and the file.
pub fn load_public(option: &str, path: &Path) -> Result<PublicKey, CliError> {
    let bytes = read_bytes(path, MAX_KEY_FILE_BYTES)?;
    PublicKey::parse(&bytes).map_err(|e| CliError::bad(format!("{option} {}: {e}", shown(path))))
}
