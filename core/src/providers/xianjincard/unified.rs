//! Unified requests onto xianjincard wire fields.

use serde_json::{Map, Value};

use super::ops::Op;
use crate::model::operation::CardType;
use crate::model::{CodecError, Operation, Provider, UnifiedRequest, ValidationError, ValidationRule};
use crate::providers::kit::fields::in_spec_order;
use crate::providers::kit::merge_extra;

/// Maps a unified request onto an operation name and its wire fields.
pub fn to_wire(request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
    match request {
        UnifiedRequest::BindCardApply(apply) => {
            // xianjincard identifies the user by these details; `user_id` has no wire field.
            let mut mapped = Map::new();
            if let Some(order) = &apply.order_id {
                mapped.insert("order_sn".into(), Value::from(order.as_str()));
            }
            let bank = apply
                .bank
                .ok_or_else(|| ValidationError::new("bank_code", ValidationRule::Required))?;
            let code = bank
                .code_for(Provider::Xianjincard)
                .ok_or_else(|| ValidationError::new("bank_code", ValidationRule::UnsupportedBank))?;
            mapped.insert("bank_code".into(), Value::from(code));
            let name = apply
                .holder_name
                .as_ref()
                .ok_or_else(|| ValidationError::new("user_name", ValidationRule::Required))?;
            mapped.insert("user_name".into(), Value::from(name.expose()));
            let id = apply
                .id_number
                .as_ref()
                .ok_or_else(|| ValidationError::new("user_idcard", ValidationRule::Required))?;
            mapped.insert("user_idcard".into(), Value::from(id.expose()));
            mapped.insert("card_number".into(), Value::from(apply.card_number.expose()));
            mapped.insert("card_phone".into(), Value::from(apply.phone.expose()));
            if let Some(code) = &apply.verify_code {
                mapped.insert("verify_code".into(), Value::from(code.expose()));
            }
            if let Some(card_type) = apply.card_type {
                mapped.insert("card_type".into(), Value::from(card_type_wire(card_type)));
            }
            // `user_phone` (the phone given at admission) and `echo_data` come in `extra`.
            Ok((Op::ApplyBindCard.name(), merge_in_order(&mapped, &apply.extra)?))
        }
        UnifiedRequest::BindCardConfirm(confirm) => {
            // The confirm step repeats BindCard.applyBindCard with the code: the card
            // details come in `extra`. There is no confirm token.
            if confirm.confirm_token.is_some() {
                return Err(ValidationError::new("confirm_token", ValidationRule::UnknownField).into());
            }
            let mut mapped = Map::new();
            if let Some(order) = &confirm.order_id {
                mapped.insert("order_sn".into(), Value::from(order.as_str()));
            }
            mapped.insert("verify_code".into(), Value::from(confirm.verify_code.expose()));
            Ok((Op::ApplyBindCard.name(), merge_in_order(&mapped, &confirm.extra)?))
        }
        UnifiedRequest::ListSupportedBanks { card_type, .. } => {
            let mut fields = Map::new();
            if let Some(card_type) = card_type {
                fields.insert("card_type".into(), Value::from(card_type_wire(*card_type)));
            }
            Ok((Op::GetValidBankList.name(), fields))
        }
        UnifiedRequest::Other { operation, fields } => {
            let op = Op::for_unified(*operation).ok_or_else(|| unsupported_unified(*operation))?;
            Ok((op.name(), fields.clone()))
        }
        UnifiedRequest::ListBoundCards { .. }
        | UnifiedRequest::LookupCardBank { .. }
        | UnifiedRequest::CheckAgreementNeeded { .. } => Err(unsupported_unified(request.operation())),
    }
}

fn unsupported_unified(operation: Operation) -> CodecError {
    super::config::SPEC.unsupported(operation.name())
}

/// Merges unified-mapped fields with `extra` (the kit's one rule: a name set both ways is
/// refused), in the spec's order of `BindCard.applyBindCard` (extra names the spec lacks go last,
/// and validation refuses them without the opt-in).
fn merge_in_order(mapped: &Map<String, Value>, extra: &Map<String, Value>) -> Result<Map<String, Value>, CodecError> {
    let mut merged = mapped.clone();
    merge_extra(&mut merged, extra)?;
    let op = super::config::SPEC.operation(Op::ApplyBindCard.name())?;
    Ok(in_spec_order(&op.request, &merged))
}

const fn card_type_wire(card_type: CardType) -> &'static str {
    match card_type {
        CardType::Credit => "1",
        CardType::Debit => "2",
    }
}
