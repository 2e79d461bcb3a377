//! Huanbei's field rules: a `bindCard` request and reply before they are encoded.

use serde_json::{Map, Value};

use crate::model::validate::one_of;
use crate::model::{
    Bank, CardNumber, IdNumber, PersonName, Phone, Provider, ValidationError, ValidationRule, VerifyCode,
};
use crate::providers::kit::fields::{optional_str, required_str, type_error};
use crate::providers::kit::Unlisted;
use crate::spec::OperationSpec;

/// Query parameters a caller may pass among the params (they never reach the body).
pub const QUERY_PARAMS: [&str; 2] = ["r_i", "r_t"];

/// Fields a new card (`bind_card_src` = 1) must carry.
pub const NEW_CARD_FIELDS: [&str; 5] = [
    "user_name",
    "id_number",
    "user_mobile",
    "bank_address",
    "bank_card_type",
];

const NEW_CARD: &str = "bind_card_src = 1";

/// A string field; absent, null and `""` are `None`.
fn opt_str<'a>(params: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, ValidationError> {
    Ok(optional_str(params, field)?.filter(|s| !s.is_empty()))
}

/// An integer field as its decimal text; absent and null are `None`.
fn opt_int(params: &Map<String, Value>, field: &str) -> Result<Option<String>, ValidationError> {
    match params.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
        Some(_) => Err(type_error(field, "integer")),
    }
}

fn opt_object(params: &Map<String, Value>, field: &str) -> Result<(), ValidationError> {
    match params.get(field) {
        None | Some(Value::Null | Value::Object(_)) => Ok(()),
        Some(_) => Err(type_error(field, "object")),
    }
}

/// Checks every documented rule of a `bindCard` request: types, formats, enum values, the bank
/// code, and the fields a new card needs. Unknown fields are refused (a typo would be lost)
/// unless the caller opted in (`unlisted`).
pub(crate) fn bind_card(
    op: &OperationSpec,
    params: &Map<String, Value>,
    unlisted: Unlisted<'_>,
) -> Result<(), ValidationError> {
    unlisted.check_fields(&op.request, &QUERY_PARAMS, params)?;
    required_str(params, "user_id")?;
    CardNumber::new("bank_card", required_str(params, "bank_card")?)?;
    let bank = required_str(params, "open_bank")?;
    if Bank::from_code(Provider::Huanbei, bank).is_none() {
        return Err(ValidationError::new("open_bank", ValidationRule::UnsupportedBank));
    }
    let src = opt_int(params, "bind_card_src")?
        .ok_or_else(|| ValidationError::new("bind_card_src", ValidationRule::Required))?;
    one_of("bind_card_src", &src, &["1", "2"])?;

    if let Some(name) = opt_str(params, "user_name")? {
        PersonName::new("user_name", name)?;
    }
    if let Some(id) = opt_str(params, "id_number")? {
        IdNumber::new("id_number", id)?;
    }
    if let Some(phone) = opt_str(params, "user_mobile")? {
        Phone::new("user_mobile", phone)?;
    }
    if opt_str(params, "bank_address")?.is_some_and(|a| a.trim().is_empty()) {
        return Err(ValidationError::new("bank_address", ValidationRule::Required));
    }
    if let Some(card_type) = opt_int(params, "bank_card_type")? {
        one_of("bank_card_type", &card_type, &["0", "1"])?;
    }
    opt_object(params, "extra_info")?;
    opt_object(params, "contacts")?;
    if let Some(code) = opt_str(params, "verify_code")? {
        VerifyCode::new("verify_code", code)?;
    }

    if src == "1" {
        for field in NEW_CARD_FIELDS {
            let present = match params.get(field) {
                None | Some(Value::Null) => false,
                Some(Value::String(s)) => !s.trim().is_empty(),
                Some(_) => true,
            };
            if !present {
                return Err(ValidationError::new(
                    field,
                    ValidationRule::RequiredWhen {
                        condition: NEW_CARD.to_owned(),
                    },
                ));
            }
        }
    }
    Ok(())
}

/// Checks a response's fields before encoding: `code` an integer, `message` a string.
pub(crate) fn response(
    op: &OperationSpec,
    fields: &Map<String, Value>,
    unlisted: Unlisted<'_>,
) -> Result<(), ValidationError> {
    unlisted.check_fields(&op.response, &[], fields)?;
    opt_int(fields, "code")?.ok_or_else(|| ValidationError::new("code", ValidationRule::Required))?;
    match fields.get("message") {
        Some(Value::String(_)) => Ok(()),
        None | Some(Value::Null) => Err(ValidationError::new("message", ValidationRule::Required)),
        Some(_) => Err(type_error("message", "string")),
    }
}
