//! Unified requests → LianLian's wire fields, and the unified names of those fields.

use serde_json::{Map, Value};

use crate::model::{CardType, CodecError, UnifiedRequest, ValidationError, ValidationRule};
use crate::providers::kit::merge_extra;

use super::config::SPEC;
use super::{APPLY, VERIFY};

/// `(wire name, unified name)` of every wire field a unified field fills.
pub const UNIFIED_FIELD_NAMES: &[(&str, &str)] = &[
    ("card_no", "card_number"),
    ("bind_mob", "phone"),
    ("acct_name", "holder_name"),
    ("id_no", "id_number"),
    ("id_type", "id_number"),
    ("no_order", "order_id"),
    ("pay_type", "card_type"),
    ("token", "confirm_token"),
];

/// The wire operation and fields of `request`.
pub fn to_wire(request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
    match request {
        UnifiedRequest::BindCardApply(apply) => {
            for (present, field) in [
                (apply.bank.is_some(), "bank"),
                (apply.verify_code.is_some(), "verify_code"),
            ] {
                if present {
                    return Err(ValidationError::new(field, ValidationRule::UnknownField).into());
                }
            }
            let mut wire = Map::new();
            let mut put = |k: &str, v: &str| wire.insert(k.to_owned(), Value::String(v.to_owned()));
            put("user_id", &apply.user_id);
            put("card_no", apply.card_number.expose());
            put("bind_mob", apply.phone.expose());
            if let Some(name) = &apply.holder_name {
                put("acct_name", name.expose());
            }
            if let Some(id) = &apply.id_number {
                put("id_type", "0");
                put("id_no", id.expose());
            }
            if let Some(order) = &apply.order_id {
                put("no_order", order);
            }
            // pay_type: quick payment by card type; `P` (authenticated payment) comes as
            // extra pay_type, without a card type.
            if let Some(card_type) = apply.card_type {
                put(
                    "pay_type",
                    match card_type {
                        CardType::Debit => "2",
                        CardType::Credit => "3",
                    },
                );
            }
            merge_extra(&mut wire, &apply.extra)?;
            Ok((APPLY, wire))
        }
        UnifiedRequest::BindCardConfirm(confirm) => {
            let mut wire = Map::new();
            let mut put = |k: &str, v: &str| wire.insert(k.to_owned(), Value::String(v.to_owned()));
            put("user_id", &confirm.user_id);
            let token = confirm
                .confirm_token
                .as_deref()
                .ok_or_else(|| CodecError::from(ValidationError::new("token", ValidationRule::Required)))?;
            put("token", token);
            put("verify_code", confirm.verify_code.expose());
            if let Some(order) = &confirm.order_id {
                put("no_order", order);
            }
            merge_extra(&mut wire, &confirm.extra)?;
            Ok((VERIFY, wire))
        }
        other => Err(SPEC.unsupported(other.operation().name())),
    }
}
