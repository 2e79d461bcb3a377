//! The one reply↔operation check: a reply decoded as an operation it does not answer is an
//! error naming the operation it answers, never a plausible outcome (a replayed "code sent"
//! reply must not read as "card bound").
//!
//! What tells is declared in each spec: a member only another operation's reply lists, and the
//! `reply_binding.codes` only one operation answers with. Where a provider's replies carry nothing
//! that tells, its spec's `reply_binding.residual_risk` says so and SECURITY.md names the risk.

use serde_json::{Map, Value};

use crate::model::CodecError;
use crate::spec::{OperationSpec, ProviderSpec};

/// The code a reply carries, for [`check_reply_answers`]: its scope (`ret_code`, `status`...)
/// and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyCode<'a> {
    /// The spec scope the code belongs to.
    pub scope: &'a str,
    /// The code as text.
    pub code: &'a str,
}

/// Checks that the reply whose business members are `fields` (and whose code is `code`) answers
/// `op`.
pub fn check_reply_answers(
    spec: &ProviderSpec,
    op: &OperationSpec,
    fields: &Map<String, Value>,
    code: Option<ReplyCode<'_>>,
) -> Result<(), CodecError> {
    let mismatch = |field: &str, other: &str| CodecError::Malformed {
        field: field.to_owned(),
        reason: format!(
            "this reply answers {other}, not {}: decode a reply as the operation that was sent",
            op.name
        ),
    };
    if let Some(code) = code {
        let answers_other = spec
            .reply_binding
            .codes
            .iter()
            .find(|c| c.scope == code.scope && c.code == code.code && c.answers != op.name);
        if let Some(marker) = answers_other {
            return Err(mismatch(&marker.scope, &marker.answers));
        }
    }
    let lists = |o: &OperationSpec, name: &str| o.response.iter().any(|f| f.name == name);
    for (name, value) in fields {
        if value.is_null() || lists(op, name) {
            continue;
        }
        if let Some(other) = spec.operations.iter().find(|o| o.name != op.name && lists(o, name)) {
            return Err(mismatch(name, &other.name));
        }
    }
    Ok(())
}
