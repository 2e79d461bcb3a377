//! The one error type of the bindings and the one place core errors are mapped onto it.
//!
//! Kotlin sees `CardbindException` (a sealed class, one subclass per variant), Swift sees
//! `CardbindError`. Every variant carries the unified [`ErrorKind`] and `detail`, core's
//! `Display` text, which names fields and rules and never quotes input values (core's masking
//! rule), so it is safe to log. A `Signature` error that `cardbind verify --explain` can diagnose
//! ends with that command (core's `Display` stays free of tooling hints).

use std::panic::{catch_unwind, AssertUnwindSafe};

use cardbind::model::{ValidationError, ValidationRule};
use cardbind::{CanonicalError, CodecError, ErrorKind, KeyError, SignatureError};

/// Why a cardbind call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum CardbindError {
    /// A value broke a documented rule (required, length, Luhn, ID checksum, enum value...).
    #[error("{detail}")]
    Validation {
        /// Unified kind (always `InvalidParameter`).
        kind: ErrorKind,
        /// The field's wire name.
        field: String,
        /// The rule broken, snake_case (`required`, `max_length`, `luhn`...).
        rule: String,
        /// Masked description.
        detail: String,
    },
    /// Received bytes or given JSON are not the documented format.
    #[error("{detail}")]
    Malformed {
        /// Unified kind.
        kind: ErrorKind,
        /// Where (`body`, `params_json`, `pay_load`...).
        field: String,
        /// Masked description.
        detail: String,
    },
    /// A signature or MAC is missing, malformed or does not verify; or decryption failed.
    #[error("{detail}")]
    Signature {
        /// Unified kind (`SignatureInvalid`, or `InvalidParameter` when the string to sign
        /// could not be built).
        kind: ErrorKind,
        /// The signature (or encrypted) field, when known.
        field: Option<String>,
        /// Server role: the operation an unauthenticated request claims to be (xianjincard's
        /// `call`), so the answer can take that operation's shape.
        claimed_operation: Option<String>,
        /// Masked description.
        detail: String,
    },
    /// A key is unusable: not RSA, encrypted, too small, malformed, wrong role.
    #[error("{detail}")]
    Key {
        /// Unified kind (`MerchantMisconfigured`).
        kind: ErrorKind,
        /// Which key (configuration field or argument name).
        field: String,
        /// Masked description.
        detail: String,
    },
    /// The string to sign could not be built (duplicate or missing parameter).
    #[error("{detail}")]
    Canonical {
        /// Unified kind (`InvalidParameter`).
        kind: ErrorKind,
        /// The parameter concerned.
        field: String,
        /// Masked description.
        detail: String,
    },
    /// The provider has no such operation, or a timestamp is outside the accepted window, or a
    /// message exceeds a hard limit.
    #[error("{detail}")]
    Refused {
        /// Unified kind.
        kind: ErrorKind,
        /// Masked description.
        detail: String,
    },
    /// The configuration is unusable for this operation or direction.
    #[error("{detail}")]
    Config {
        /// Unified kind (`MerchantMisconfigured`).
        kind: ErrorKind,
        /// The configuration key (`sign_type`, `signing.their_public_key`; `config` for the
        /// document), or `None` when the call lacked context (the current time).
        field: Option<String>,
        /// What was expected, never the configured value.
        detail: String,
    },
    /// An argument given to the bindings is unusable (seed length, unknown provider name...).
    #[error("{detail}")]
    Argument {
        /// Unified kind (`InvalidParameter`).
        kind: ErrorKind,
        /// The argument's name.
        field: String,
        /// Description.
        detail: String,
    },
    /// A bug in cardbind: the call was aborted instead of letting a panic cross the FFI boundary.
    #[error("{detail}")]
    Internal {
        /// Unified kind (`Unknown`).
        kind: ErrorKind,
        /// Description (never the panic's payload, which could quote data).
        detail: String,
    },
}

impl CardbindError {
    /// The unified kind of any variant.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Validation { kind, .. }
            | Self::Malformed { kind, .. }
            | Self::Signature { kind, .. }
            | Self::Key { kind, .. }
            | Self::Canonical { kind, .. }
            | Self::Refused { kind, .. }
            | Self::Config { kind, .. }
            | Self::Argument { kind, .. }
            | Self::Internal { kind, .. } => *kind,
        }
    }

    /// An argument the bindings refuse before calling core.
    pub(crate) fn argument(field: &str, detail: impl Into<String>) -> Self {
        Self::Argument {
            kind: ErrorKind::InvalidParameter,
            field: field.to_owned(),
            detail: format!("{field}: {}", detail.into()),
        }
    }

    /// JSON text given for `field` that parsed but is not an object.
    pub(crate) fn not_an_object(field: &str) -> Self {
        Self::Malformed {
            kind: ErrorKind::InvalidParameter,
            field: field.to_owned(),
            detail: format!("{field}: malformed (must be a JSON object)"),
        }
    }

    /// A codec error; a signature that `cardbind verify --explain` diagnoses gets `command`
    /// appended to its detail: "… (diagnose: cardbind verify --explain --provider …)".
    pub(crate) fn from_codec(err: CodecError, command: Option<String>) -> Self {
        let command = match &err {
            CodecError::Signature { source, .. } if cardbind_cli::diagnoses(source) => command,
            _ => None,
        };
        Self::from(err).diagnosed_by(command)
    }

    /// A signature error of a low-level check, with the command for its rule (as [`Self::from_codec`]).
    pub(crate) fn from_signature(err: SignatureError, command: String) -> Self {
        let diagnosable = cardbind_cli::diagnoses(&err);
        Self::from(err).diagnosed_by(diagnosable.then_some(command))
    }

    fn diagnosed_by(mut self, command: Option<String>) -> Self {
        if let (Some(command), Self::Signature { detail, .. }) = (command, &mut self) {
            *detail = cardbind_cli::with_diagnosis(detail, &command);
        }
        self
    }

    /// A key error on the argument or configuration field `field`.
    pub(crate) fn key(field: &str, source: &KeyError) -> Self {
        Self::Key {
            kind: ErrorKind::MerchantMisconfigured,
            field: field.to_owned(),
            detail: format!("{field}: {source}"),
        }
    }
}

fn rule_name(rule: &ValidationRule) -> String {
    // The serde tag is the stable snake_case name (`max_length`, `luhn`...).
    serde_json::to_value(rule)
        .ok()
        .and_then(|v| v.get("rule").and_then(|r| r.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

impl From<CodecError> for CardbindError {
    fn from(err: CodecError) -> Self {
        let kind = err.kind();
        let detail = err.to_string();
        match err {
            CodecError::Validation(v) => Self::Validation {
                kind,
                rule: rule_name(&v.rule),
                field: v.field,
                detail,
            },
            CodecError::Malformed { field, .. } => Self::Malformed { kind, field, detail },
            CodecError::Signature {
                field,
                claimed_operation,
                ..
            } => Self::Signature {
                kind,
                field: Some(field),
                claimed_operation,
                detail,
            },
            CodecError::Cipher { field, .. } => Self::Signature {
                kind,
                field: Some(field),
                claimed_operation: None,
                detail,
            },
            CodecError::Key { field, .. } => Self::Key { kind, field, detail },
            CodecError::UnsupportedOperation { .. }
            | CodecError::StaleTimestamp { .. }
            | CodecError::LimitExceeded { .. } => Self::Refused { kind, detail },
            CodecError::Config { field, .. } => Self::Config {
                kind,
                field: Some(field),
                detail,
            },
            CodecError::MissingContext { .. } => Self::Config {
                kind,
                field: None,
                detail,
            },
        }
    }
}

impl From<ValidationError> for CardbindError {
    fn from(err: ValidationError) -> Self {
        CodecError::Validation(err).into()
    }
}

impl From<SignatureError> for CardbindError {
    fn from(err: SignatureError) -> Self {
        match err {
            SignatureError::Canonical(c) => c.into(),
            other => Self::Signature {
                kind: ErrorKind::SignatureInvalid,
                field: None,
                claimed_operation: None,
                detail: other.to_string(),
            },
        }
    }
}

impl From<CanonicalError> for CardbindError {
    fn from(err: CanonicalError) -> Self {
        let detail = err.to_string();
        let key = match err {
            CanonicalError::DuplicateKey { key }
            | CanonicalError::MissingField { key }
            | CanonicalError::AmbiguousValue { key } => key,
            // The name is not shown: it is not one any provider uses.
            CanonicalError::UnsplittableKey => String::new(),
        };
        Self::Canonical {
            kind: ErrorKind::InvalidParameter,
            field: key,
            detail,
        }
    }
}

/// Runs one exported call: a panic becomes [`CardbindError::Internal`] instead of unwinding
/// into foreign code.
pub(crate) fn guard<T>(call: impl FnOnce() -> Result<T, CardbindError>) -> Result<T, CardbindError> {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|_| {
        Err(CardbindError::Internal {
            kind: ErrorKind::Unknown,
            detail: "internal error in cardbind (a bug): the call was aborted".to_owned(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codec_errors_keep_kind_field_rule_and_masked_text() {
        let err: CardbindError = CodecError::Validation(ValidationError::new("card_no", ValidationRule::Luhn)).into();
        assert_eq!(
            err,
            CardbindError::Validation {
                kind: ErrorKind::InvalidParameter,
                field: "card_no".into(),
                rule: "luhn".into(),
                detail: "card_no: fails the card number (Luhn) check".into(),
            }
        );
        let err: CardbindError = CodecError::signature("sign", SignatureError::Mismatch).into();
        assert_eq!(err.kind(), ErrorKind::SignatureInvalid);
        assert_eq!(err.to_string(), "sign: signature invalid: signature does not match");
    }

    #[test]
    fn a_signature_that_does_not_match_names_the_command_that_diagnoses_it() {
        let command = Some("cardbind verify --explain --provider vbao".to_owned());
        let err = CardbindError::from_codec(CodecError::signature("sign", SignatureError::Mismatch), command.clone());
        assert_eq!(
            err.to_string(),
            "sign: signature invalid: signature does not match (diagnose: cardbind verify --explain --provider vbao)"
        );
        // A configuration the message names already, or an envelope's MAC: no command.
        let profile = SignatureError::ProfileMismatch {
            received: "SHA256withRSA",
            expected: "RSA",
            setting: "response_sign_type",
        };
        let err = CardbindError::from_codec(CodecError::signature("sign_type", profile), command.clone());
        assert!(!err.to_string().contains("diagnose"), "{err}");
        let err = CardbindError::from_codec(CodecError::signature("pay_load", SignatureError::MacMismatch), command);
        assert!(!err.to_string().contains("diagnose"), "{err}");
    }

    #[test]
    fn canonical_errors_inside_signature_errors_name_the_parameter() {
        let err: CardbindError = SignatureError::Canonical(CanonicalError::MissingField { key: "ua".into() }).into();
        assert_eq!(
            err,
            CardbindError::Canonical {
                kind: ErrorKind::InvalidParameter,
                field: "ua".into(),
                detail: "parameter `ua` is required by the signature rule".into(),
            }
        );
    }

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let got: Result<(), _> = guard(|| -> Result<(), CardbindError> {
            std::panic::panic_any("secret 6222022005001212726");
        });
        let err = got.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unknown);
        assert!(!err.to_string().contains("6222"));
    }
}
