//! The one error type provider codecs return.

use super::operation::{Operation, Provider};
use super::outcome::ErrorKind;
use super::validate::ValidationError;
use crate::cipher::CipherError;
use crate::keys::KeyError;
use crate::signature::SignatureError;
use crate::text::json::JsonError;

/// Everything that can go wrong encoding or decoding a provider message. Messages name fields
/// and rules; they never contain values (which may be personal data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    /// A value broke a documented rule.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// Received bytes are not the documented format.
    #[error("{field}: malformed ({reason})")]
    Malformed {
        /// Where (`body`, `params`, `pay_load`...).
        field: String,
        /// What is wrong, without quoting the input.
        reason: String,
    },
    /// A signature or MAC is missing, malformed or does not verify.
    #[error("{field}: signature invalid: {source}")]
    Signature {
        /// The signature field.
        field: String,
        /// The failure.
        #[source]
        source: SignatureError,
        /// Server role: the operation the unauthenticated request claims to be (xianjincard's
        /// `call`), so the receiver can answer in that operation's shape. Not authenticated.
        claimed_operation: Option<String>,
    },
    /// Decryption or encryption failed.
    #[error("{field}: {source}")]
    Cipher {
        /// The encrypted field.
        field: String,
        /// The failure.
        #[source]
        source: CipherError,
    },
    /// A configured key is unusable.
    #[error("{field}: {source}")]
    Key {
        /// Which configured key.
        field: String,
        /// The failure.
        #[source]
        source: KeyError,
    },
    /// The provider has no such operation in this direction. The message suggests the nearest
    /// valid name and lists the provider's operations ([`CodecError::unsupported`]).
    #[error("{} {hint}", provider.name())]
    UnsupportedOperation {
        /// Provider.
        provider: Provider,
        /// The operation asked for, or `(unrecognised name)` when the name, taken from received
        /// input, may not be echoed ([`crate::text::names::echoable_name`]).
        operation: String,
        /// What to use instead: the nearest valid name and the list, or the wire operation a
        /// unified name stands for.
        hint: String,
    },
    /// A timestamp is outside the accepted window.
    #[error("{field}: timestamp is {skew_ms} ms away from now, outside ±{window_ms} ms")]
    StaleTimestamp {
        /// The timestamp field.
        field: String,
        /// Received minus now.
        skew_ms: i64,
        /// Accepted window.
        window_ms: i64,
    },
    /// The operation needs something the caller did not pass (e.g. the current time).
    #[error("missing context: {what}")]
    MissingContext {
        /// What is missing.
        what: &'static str,
    },
    /// A configuration value is missing or unusable for this operation or direction.
    #[error("configuration: {field}: {reason}")]
    Config {
        /// The configuration key, as a dotted path (`sign_type`, `signing.their_public_key`), or
        /// `config` for the document as a whole.
        field: String,
        /// What was expected, without quoting the configured value.
        reason: String,
    },
    /// A message exceeds a hard limit (body size, nesting, field count).
    #[error("{what} exceeds the limit of {limit}")]
    LimitExceeded {
        /// Which limit.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
}

/// "does not support the operation `x`; did you mean `y`? (its operations: ...)", with unified
/// names when `operation` looks like one (snake_case, or a known [`Operation`]).
fn not_supported_hint<'a>(
    operation: &str,
    echoable: bool,
    operations: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
) -> String {
    let looks_unified =
        Operation::from_name(operation).is_some() || (operation.contains('_') && !operation.contains('.'));
    let (what, mut names): (&str, Vec<&str>) = if looks_unified && echoable {
        ("unified operation", operations.into_iter().map(|(_, u)| u).collect())
    } else {
        ("operation", operations.into_iter().map(|(w, _)| w).collect())
    };
    names.dedup();
    let suggestion = crate::text::names::closest(operation, names.iter().copied())
        .filter(|near| echoable && *near != operation)
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default();
    format!(
        "does not support the {what} `{operation}`{suggestion} (its {what}s: {})",
        quoted(&names)
    )
}

/// What an unsupported operation is called when its name may not be echoed.
pub const UNRECOGNISED_NAME: &str = "(unrecognised name)";

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

impl From<JsonError> for CodecError {
    fn from(error: JsonError) -> Self {
        match error {
            JsonError::Malformed { field, reason } => Self::Malformed { field, reason },
            JsonError::LimitExceeded { what, limit } => Self::LimitExceeded { what, limit },
        }
    }
}

impl CodecError {
    /// A malformed-JSON error that keeps serde's category and position but never its text
    /// (serde quotes input values in its messages).
    pub fn json(field: impl Into<String>, err: &serde_json::Error) -> Self {
        JsonError::serde(field, err).into()
    }

    /// `provider` has no operation `name`. `operations` are the provider's `(wire name, unified
    /// name)` pairs. A unified name the provider serves says which wire operation to use; otherwise
    /// the nearest valid name of the same kind is suggested and the names are listed.
    pub fn unsupported<'a>(
        provider: Provider,
        name: &str,
        operations: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    ) -> Self {
        let echoable = crate::text::names::echoable_name(name, 64);
        let operation = if echoable { name } else { UNRECOGNISED_NAME };
        let serving: Vec<&str> = operations
            .clone()
            .into_iter()
            .filter(|(_, u)| *u == name)
            .map(|(w, _)| w)
            .collect();
        let hint = if serving.is_empty() {
            not_supported_hint(operation, echoable, operations)
        } else {
            format!(
                "takes its own operation names here: `{operation}` is the unified name of {}",
                quoted(&serving)
            )
        };
        Self::UnsupportedOperation {
            provider,
            operation: operation.to_owned(),
            hint,
        }
    }

    /// A configuration error on key `field`.
    pub fn config(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Config {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// A signature failure on `field`.
    pub fn signature(field: impl Into<String>, source: SignatureError) -> Self {
        Self::Signature {
            field: field.into(),
            source,
            claimed_operation: None,
        }
    }

    /// This error, for a request that claims to be `operation` (see
    /// [`CodecError::Signature::claimed_operation`]); other errors are returned unchanged.
    #[must_use]
    pub fn claiming(self, operation: &str) -> Self {
        match self {
            Self::Signature { field, source, .. } => Self::Signature {
                field,
                source,
                claimed_operation: Some(operation.to_owned()),
            },
            other => other,
        }
    }

    /// A cipher failure on `field`.
    pub fn cipher(field: impl Into<String>, source: CipherError) -> Self {
        Self::Cipher {
            field: field.into(),
            source,
        }
    }

    /// The unified kind of this local failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Validation(_)
            | Self::Malformed { .. }
            | Self::LimitExceeded { .. }
            | Self::UnsupportedOperation { .. }
            | Self::StaleTimestamp { .. } => ErrorKind::InvalidParameter,
            Self::Signature { .. } | Self::Cipher { .. } => ErrorKind::SignatureInvalid,
            Self::Key { .. } | Self::Config { .. } | Self::MissingContext { .. } => ErrorKind::MerchantMisconfigured,
        }
    }
}
