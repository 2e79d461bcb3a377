//! The JSON reader's own error: a limit or a malformed document. The codec layer converts it
//! (`From<JsonError> for CodecError`) without changing a word, so the reader needs nothing above it.

/// Why a received JSON document was refused. Messages name the place and the rule, never the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// The document is not JSON, or not the shape asked for.
    #[error("{field}: malformed ({reason})")]
    Malformed {
        /// Where (`body`, `params`...), possibly with an echoable key appended.
        field: String,
        /// What is wrong, without quoting the input.
        reason: String,
    },
    /// The document exceeds a hard limit.
    #[error("{what} exceeds the limit of {limit}")]
    LimitExceeded {
        /// Which limit.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
}

impl JsonError {
    /// A serde_json error, keeping its category and position but never its text (serde quotes
    /// input values in its messages).
    pub fn serde(field: impl Into<String>, err: &serde_json::Error) -> Self {
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
}
