//! The one error type provider codecs return.

use super::operation::Provider;
use super::outcome::ErrorKind;
use super::validate::ValidationError;
use crate::cipher::CipherError;
use crate::keys::KeyError;
use crate::signature::SignatureError;

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
    /// valid name and lists the provider's operations.
    #[error("{}", crate::providers::unsupported_message(*provider, operation))]
    UnsupportedOperation {
        /// Provider.
        provider: Provider,
        /// The operation asked for.
        operation: String,
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

impl CodecError {
    /// A malformed-JSON error that keeps serde's category and position but never its text
    /// (serde quotes input values in its messages).
    pub fn json(field: impl Into<String>, err: &serde_json::Error) -> Self {
        let category = match err.classify() {
            serde_json::error::Category::Io => "I/O",
            serde_json::error::Category::Syntax => "invalid JSON syntax",
            serde_json::error::Category::Data => "unexpected JSON type or value",
            serde_json::error::Category::Eof => "truncated JSON",
        };
        Self::Malformed {
            field: field.into(),
            reason: format!("{category} at line {} column {}", err.line(), err.column()),
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
