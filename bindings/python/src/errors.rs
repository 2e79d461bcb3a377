//! The one place where Rust errors become Python exceptions (pyca/cryptography style).
//!
//! Every core error type converts into [`BindingError`]; `BindingError` converts into the matching
//! class from `cardbind.exceptions`. Messages are core's, which never quote input values, so
//! personal data cannot leak through an exception. An `InvalidSignature`'s message ends with the
//! `cardbind` command that diagnoses it (core's messages stay free of tooling hints).

use cardbind::model::validate::ValidationError;
use cardbind::{CanonicalError, CipherError, CodecError, ErrorKind, KeyError, SignatureError};
use pyo3::exceptions::{PyOSError, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

/// A core failure on its way to Python.
#[derive(Debug)]
pub enum BindingError {
    /// Any codec-level failure.
    Codec(CodecError),
    /// A key that cannot be used.
    Key(KeyError),
    /// A signature that does not verify or cannot be made.
    Signature(SignatureError),
    /// A canonical string that cannot be built.
    Canonical(CanonicalError),
    /// An argument the binding itself refuses (wrong type, unknown name).
    Argument { field: String, rule: String },
    /// The operating system's random source failed (only when the caller passed no seed).
    OsRandomness,
    /// A failure whose signature error, if it is one, is diagnosed by `command`.
    Diagnosable { error: Box<BindingError>, command: String },
}

impl BindingError {
    /// This error, with the command that diagnoses it if it is a signature failure that
    /// `verify --explain` diagnoses (not a configuration the message names, say).
    #[must_use]
    pub fn diagnosed_by(self, command: Option<String>) -> Self {
        let diagnosable = match &self {
            Self::Codec(CodecError::Signature { source, .. }) | Self::Signature(source) => {
                cardbind_cli::diagnoses(source)
            }
            _ => false,
        };
        match command {
            Some(command) if diagnosable => Self::Diagnosable {
                error: Box::new(self),
                command,
            },
            _ => self,
        }
    }

    pub fn argument(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::Argument {
            field: field.into(),
            rule: rule.into(),
        }
    }
}

impl From<CodecError> for BindingError {
    fn from(e: CodecError) -> Self {
        Self::Codec(e)
    }
}
impl From<KeyError> for BindingError {
    fn from(e: KeyError) -> Self {
        Self::Key(e)
    }
}
impl From<SignatureError> for BindingError {
    fn from(e: SignatureError) -> Self {
        Self::Signature(e)
    }
}
impl From<CanonicalError> for BindingError {
    fn from(e: CanonicalError) -> Self {
        Self::Canonical(e)
    }
}
impl From<ValidationError> for BindingError {
    fn from(e: ValidationError) -> Self {
        Self::Codec(CodecError::Validation(e))
    }
}
impl From<CipherError> for BindingError {
    fn from(e: CipherError) -> Self {
        Self::Codec(CodecError::cipher("data", e))
    }
}

/// What a Python exception is built from.
struct Spec {
    class: &'static str,
    message: String,
    kind: ErrorKind,
    field: Option<String>,
    rule: Option<String>,
    /// `InvalidSignature.operation`: what an unauthenticated request claimed to be.
    operation: Option<String>,
}

fn spec(error: BindingError) -> Spec {
    let plain = |class, message: String, kind, field: Option<String>| Spec {
        class,
        message,
        kind,
        field,
        rule: None,
        operation: None,
    };
    match error {
        BindingError::Codec(e) => {
            let kind = e.kind();
            let message = e.to_string();
            match e {
                CodecError::Validation(v) => Spec {
                    class: "ValidationError",
                    message,
                    kind,
                    field: Some(v.field),
                    rule: Some(v.rule.to_string()),
                    operation: None,
                },
                CodecError::Malformed { field, .. } => plain("DecodeError", message, kind, Some(field)),
                CodecError::Signature {
                    field,
                    claimed_operation,
                    ..
                } => Spec {
                    operation: claimed_operation,
                    ..plain("InvalidSignature", message, kind, Some(field))
                },
                CodecError::Cipher { field, .. } => plain("DecryptionError", message, kind, Some(field)),
                CodecError::Key { field, .. } => plain("KeyFormatError", message, kind, Some(field)),
                CodecError::UnsupportedOperation { .. } => plain("UnsupportedOperation", message, kind, None),
                CodecError::StaleTimestamp { field, .. } => plain("StaleTimestamp", message, kind, Some(field)),
                CodecError::Config { field, .. } => plain("ConfigError", message, kind, Some(field)),
                CodecError::MissingContext { .. } => plain("ConfigError", message, kind, None),
                CodecError::LimitExceeded { what, .. } => plain("LimitExceeded", message, kind, Some(what.to_owned())),
            }
        }
        BindingError::Key(e) => plain("KeyFormatError", e.to_string(), ErrorKind::MerchantMisconfigured, None),
        BindingError::Signature(e) => plain("InvalidSignature", e.to_string(), ErrorKind::SignatureInvalid, None),
        BindingError::Canonical(e) => plain("ValidationError", e.to_string(), ErrorKind::InvalidParameter, None),
        BindingError::OsRandomness => plain(
            "CardbindError",
            "OS randomness unavailable".to_owned(),
            ErrorKind::Unknown,
            None,
        ),
        BindingError::Diagnosable { error, command } => {
            let mut inner = spec(*error);
            inner.message = cardbind_cli::with_diagnosis(&inner.message, &command);
            inner
        }
        BindingError::Argument { field, rule } => Spec {
            class: "ValidationError",
            message: format!("{field}: {rule}"),
            kind: ErrorKind::InvalidParameter,
            field: Some(field),
            rule: Some(rule),
            operation: None,
        },
    }
}

/// The snake_case name of an error kind (`verify_code_wrong`), as in the specs.
pub fn kind_name(kind: ErrorKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "unknown".to_owned(),
    }
}

static EXCEPTIONS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

impl From<BindingError> for PyErr {
    fn from(error: BindingError) -> Self {
        if matches!(error, BindingError::OsRandomness) {
            // As `os.urandom` would: an environment failure, not a cardbind one.
            return PyOSError::new_err("the operating system's random source failed");
        }
        let Spec {
            class,
            message,
            kind,
            field,
            rule,
            operation,
        } = spec(error);
        Python::attach(|py| {
            let built = EXCEPTIONS
                .get_or_try_init(py, || PyModule::import(py, "cardbind.exceptions").map(Bound::unbind))
                .and_then(|module| module.bind(py).getattr(class))
                .and_then(|cls| cls.call1((message.clone(), kind_name(kind), field, rule)))
                .and_then(|instance| match operation {
                    Some(op) => instance.setattr("operation", op).map(|()| instance),
                    None => Ok(instance),
                });
            match built {
                Ok(instance) => PyErr::from_value(instance),
                // Only if the pure-Python half of the package is missing.
                Err(_) => PyRuntimeError::new_err(message),
            }
        })
    }
}

pub type BindingResult<T> = Result<T, BindingError>;
