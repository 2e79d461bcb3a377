//! Verifying a signature, and with `--explain` diagnosing why it does not verify: the result as
//! data, which `cardbind verify` prints and the bindings' `explain` returns.

use cardbind::{PublicKey, SharedSecret, SignatureError, VerifyingKey};
use serde_json::{json, Value};

use crate::error::CliError;
use crate::explain::{self, Attempt, Diagnosis};
use crate::setup::{line_end_note, RuleInput, Setup, Subject};
use crate::signed_string::SignedString;

/// The keys a signature is verified with: the one given, and others the diagnosis tries.
#[derive(Debug)]
pub struct Keys {
    pub key: VerifyingKey,
    /// How the key is named in the diagnosis (`--key`).
    pub label: String,
    /// Other keys or secrets to try, each named (`--also-key FILE`, `--also-secret #1`).
    pub also: Vec<(String, VerifyingKey)>,
}

impl Keys {
    /// The RSA key given, or else the rule's shared secret, and the `--also-secret`s.
    pub fn new(
        setup: &Setup,
        public: Option<PublicKey>,
        also_keys: Vec<(String, PublicKey)>,
        secrets: &[String],
    ) -> Self {
        let key = match public {
            Some(public) => VerifyingKey::Rsa(public),
            None => VerifyingKey::Secret(setup.secret.clone().unwrap_or_else(|| SharedSecret::new(""))),
        };
        let mut also: Vec<(String, VerifyingKey)> = also_keys
            .into_iter()
            .map(|(label, k)| (label, VerifyingKey::Rsa(k)))
            .collect();
        for (i, secret) in secrets.iter().enumerate() {
            also.push((
                format!("--also-secret #{}", i + 1),
                VerifyingKey::Secret(SharedSecret::new(secret.clone())),
            ));
        }
        Self {
            key,
            label: "--key".to_owned(),
            also,
        }
    }
}

/// The signature to verify and where it comes from.
#[derive(Debug, Clone)]
pub struct SignatureInput {
    /// Given outright (`--signature`); else the parameter `field` holds it.
    pub signature: Option<String>,
    pub field: String,
}

/// A verification: the string verified, the result, and (with `--explain`, when it fails) why.
#[derive(Debug)]
pub struct Verification {
    pub signed: SignedString,
    pub result: Result<(), SignatureError>,
    pub diagnosis: Option<Diagnosis>,
    /// What was done to the input that the user may not expect (a line end removed from the
    /// secret's file), without the `note: ` prefix stderr gives it.
    pub notes: Vec<String>,
}

/// Verifies the signature over the string `setup` builds; diagnoses a failure when `explain`.
pub fn check(
    setup: &Setup,
    keys: &Keys,
    signature: &SignatureInput,
    explain: bool,
    show_pii: bool,
) -> Result<Verification, CliError> {
    let sig = match (&signature.signature, &setup.subject) {
        (Some(s), _) => s.clone(),
        (None, Subject::Params { params, .. }) => params.get(&signature.field).map(str::to_owned).ok_or_else(|| {
            CliError::bad(format!(
                "no signature: give --signature or a `{}` parameter",
                signature.field
            ))
        })?,
        (None, Subject::Raw(_)) => return Err(CliError::bad("--raw needs --signature")),
    };
    let message = setup.message()?;
    let result = setup.algorithm.verify(&keys.key, &message, &sig);
    let diagnosis = match (&result, explain) {
        (Err(error), true) => Some(explain::diagnose(&Attempt {
            setup,
            key: &keys.key,
            key_label: &keys.label,
            also_keys: &keys.also,
            signature: &sig,
            signature_field: &signature.field,
            message: &message,
            error,
            show_pii,
        })),
        _ => None,
    };
    Ok(Verification {
        signed: SignedString::of(setup, &message, show_pii),
        result,
        diagnosis,
        notes: notes(setup),
    })
}

/// The notes for `setup`, without their `note: ` prefix.
pub fn notes(setup: &Setup) -> Vec<String> {
    setup
        .secret_line_end_removed
        .map(|end| line_end_note(end).trim_start_matches("note: ").to_owned())
        .into_iter()
        .collect()
}

impl Verification {
    /// `verify --json`'s document.
    pub fn to_json(&self) -> Value {
        let mut doc = self.signed.to_json();
        if let Value::Object(o) = &mut doc {
            o.insert("verified".to_owned(), Value::Bool(self.result.is_ok()));
            if let Err(e) = &self.result {
                o.insert("error".to_owned(), Value::String(e.to_string()));
            }
            if let Some(d) = &self.diagnosis {
                o.insert("diagnosis".to_owned(), d.to_json());
            }
            if !self.notes.is_empty() {
                o.insert("notes".to_owned(), json!(self.notes));
            }
        }
        doc
    }

    /// `verify`'s text output: with `explain`, the string verified first and the diagnosis last.
    pub fn lines(&self, explain: bool) -> Vec<String> {
        let mut lines = if explain { self.signed.lines() } else { Vec::new() };
        lines.push(match &self.result {
            Ok(()) => format!("OK: signature verifies ({})", self.signed.algorithm),
            Err(e) => format!("FAILED: {e}"),
        });
        if let Some(d) = &self.diagnosis {
            lines.extend(d.lines());
        }
        lines
    }
}

/// `verify --explain`'s inputs, in memory: what the bindings' `explain` takes. Keys are PEM, DER
/// or bare base64 bytes; the diagnosis names them as the command-line options would (`--key`,
/// `--also-key #1`, `--also-secret #1`).
#[derive(Debug, Clone)]
pub struct ExplainRequest {
    pub rule: RuleInput,
    pub key: Option<Vec<u8>>,
    pub also_keys: Vec<Vec<u8>>,
    pub also_secrets: Vec<String>,
    pub signature: SignatureInput,
    pub any_case: bool,
    pub show_pii: bool,
}

/// Verifies and diagnoses as `cardbind verify --explain` does. The error is the message
/// `cardbind` would print after `error: ` (bad input, exit 2).
pub fn explain_request(request: ExplainRequest) -> Result<Verification, String> {
    let ExplainRequest {
        mut rule,
        key,
        also_keys,
        also_secrets,
        signature,
        any_case,
        show_pii,
    } = request;
    rule.with_key = key.is_some();
    let run = || -> Result<Verification, CliError> {
        let setup = Setup::resolve(rule, any_case)?;
        let public = key.as_deref().map(|k| parse_public("key", k)).transpose()?;
        let also = also_keys
            .iter()
            .enumerate()
            .map(|(i, k)| Ok((format!("--also-key #{}", i + 1), parse_public("also_keys", k)?)))
            .collect::<Result<Vec<_>, CliError>>()?;
        let keys = Keys::new(&setup, public, also, &also_secrets);
        check(&setup, &keys, &signature, true, show_pii)
    };
    run().map_err(|e| match e {
        CliError::BadInput(message) => message,
        CliError::VerificationFailed => "the signature does not verify".to_owned(),
    })
}

fn parse_public(name: &str, bytes: &[u8]) -> Result<PublicKey, CliError> {
    PublicKey::parse(bytes).map_err(|e| CliError::bad(format!("{name}: {e}")))
}
