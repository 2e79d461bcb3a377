//! Unified requests → Huanbei's one operation and its body fields.

use serde_json::{Map, Value};

use super::config::SPEC;
use super::BIND_CARD;
use crate::model::{CodecError, Provider, UnifiedRequest, ValidationError, ValidationRule};
use crate::providers::kit::merge_extra;

fn put(map: &mut Map<String, Value>, key: &str, value: impl Into<Value>) {
    map.insert(key.to_owned(), value.into());
}

/// `(wire name, unified name)` of every wire field a unified field fills.
pub const UNIFIED_FIELD_NAMES: &[(&str, &str)] = &[
    ("bank_card", "card_number"),
    ("open_bank", "bank"),
    ("user_name", "holder_name"),
    ("id_number", "id_number"),
    ("user_mobile", "phone"),
    ("bank_card_type", "card_type"),
];

/// The wire operation and body fields of `request`.
pub fn to_wire(request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
    let UnifiedRequest::BindCardApply(apply) = request else {
        // Huanbei has one call; confirming a new card is bindCard again with `verify_code`
        // (a BindCardApply carrying the code), since the confirm needs every card field.
        return Err(SPEC.unsupported(request.operation().name()));
    };
    let mut map = Map::new();
    put(&mut map, "user_id", apply.user_id.as_str());
    put(&mut map, "bank_card", apply.card_number.expose());
    let bank = apply
        .bank
        .ok_or_else(|| ValidationError::new("open_bank", ValidationRule::Required))?;
    let code = bank
        .code_for(Provider::Huanbei)
        .ok_or_else(|| ValidationError::new("open_bank", ValidationRule::UnsupportedBank))?;
    put(&mut map, "open_bank", code);
    if let Some(name) = &apply.holder_name {
        put(&mut map, "user_name", name.expose());
    }
    if let Some(id) = &apply.id_number {
        put(&mut map, "id_number", id.expose());
    }
    put(&mut map, "user_mobile", apply.phone.expose());
    if let Some(card_type) = apply.card_type {
        let wire = match card_type {
            crate::model::CardType::Debit => 0,
            crate::model::CardType::Credit => 1,
        };
        put(&mut map, "bank_card_type", wire);
    }
    if let Some(code) = &apply.verify_code {
        put(&mut map, "verify_code", code.expose());
    }
    merge_extra(&mut map, &apply.extra)?;
    map.entry("bind_card_src").or_insert_with(|| Value::from(1));
    Ok((BIND_CARD, map))
}
