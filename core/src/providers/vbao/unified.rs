//! Unified requests → Vbao's operations and wire fields.

use serde_json::{Map, Value};

use super::config::SPEC;
use super::{BIND_CARD_CREATE, BIND_NOTIFY};
use crate::model::{CodecError, Operation, UnifiedRequest, ValidationError, ValidationRule};

/// Vbao's one-click bind has no card-number field (the bank's page collects the card), so a
/// typed [`crate::model::BindCardApply`] cannot be sent without losing its card number: use
/// `UnifiedRequest::Other { operation: BindCardApply, fields }` with Vbao's wire fields.
pub fn to_wire(request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
    match request {
        UnifiedRequest::BindCardApply(_) => {
            Err(ValidationError::new("card_number", ValidationRule::UnknownField).into())
        }
        UnifiedRequest::Other {
            operation: Operation::BindCardApply,
            fields,
        } => Ok((BIND_CARD_CREATE, fields.clone())),
        UnifiedRequest::Other {
            operation: Operation::BindResultNotification,
            fields,
        } => Ok((BIND_NOTIFY, fields.clone())),
        other => Err(SPEC.unsupported(other.operation().name())),
    }
}
