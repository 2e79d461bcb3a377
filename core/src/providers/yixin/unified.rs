//! Unified requests → Yixin's `method` and business fields, and the unified names of those fields.

use serde_json::{Map, Value};

use super::config::SPEC;
use crate::model::{CodecError, UnifiedRequest, ValidationError, ValidationRule};
use crate::providers::kit::merge_extra;

/// `(wire name, unified name)` of every wire field a unified field fills.
pub const UNIFIED_FIELD_NAMES: &[(&str, &str)] = &[
    ("outerUserNo", "user_id"),
    ("cardNo", "card_number"),
    ("bizNo", "order_id"),
    ("bizId", "confirm_token"),
    ("verifyCode", "verify_code"),
];

fn put(map: &mut Map<String, Value>, key: &str, value: &str) {
    map.insert(key.to_owned(), Value::from(value));
}

/// The `method` and business fields of `request`.
pub fn to_wire(request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
    let mut map = Map::new();
    let operation = match request {
        UnifiedRequest::BindCardApply(apply) => {
            put(&mut map, "outerUserNo", &apply.user_id);
            put(&mut map, "cardNo", apply.card_number.expose());
            put(&mut map, "phone", apply.phone.expose());
            if let Some(order) = &apply.order_id {
                put(&mut map, "bizNo", order);
            }
            // Yixin's bindCard carries no code (verifyCode does) and no name, ID, bank or
            // card type (Yixin knows the user by outerUserNo). A code here would be lost.
            if apply.verify_code.is_some() {
                return Err(ValidationError::new("verifyCode", ValidationRule::UnknownField).into());
            }
            merge_extra(&mut map, &apply.extra)?;
            if !map.contains_key("bizType") {
                return Err(ValidationError::new("bizType", ValidationRule::Required).into());
            }
            "bindCard"
        }
        UnifiedRequest::BindCardConfirm(confirm) => {
            put(&mut map, "outerUserNo", &confirm.user_id);
            let biz_id = confirm
                .confirm_token
                .as_deref()
                .ok_or_else(|| ValidationError::new("bizId", ValidationRule::Required))?;
            put(&mut map, "bizId", biz_id);
            put(&mut map, "verifyCode", confirm.verify_code.expose());
            merge_extra(&mut map, &confirm.extra)?;
            "verifyCode"
        }
        UnifiedRequest::ListBoundCards { user_id } => {
            put(&mut map, "outerUserNo", user_id);
            "cardList"
        }
        UnifiedRequest::ListSupportedBanks { user_id, .. } => {
            let user_id = user_id
                .as_deref()
                .ok_or_else(|| ValidationError::new("outerUserNo", ValidationRule::Required))?;
            put(&mut map, "outerUserNo", user_id);
            "bankList"
        }
        UnifiedRequest::LookupCardBank { card_number } => {
            put(&mut map, "cardNo", card_number.expose());
            "cardBank"
        }
        UnifiedRequest::CheckAgreementNeeded { user_id, card_number } => {
            put(&mut map, "outerUserNo", user_id);
            put(&mut map, "cardNo", card_number.expose());
            "needCardSign"
        }
        UnifiedRequest::Other { operation, .. } => return Err(SPEC.unsupported(operation.name())),
    };
    Ok((operation, map))
}
