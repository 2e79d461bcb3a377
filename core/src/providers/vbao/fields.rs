//! Field validation, driven by the embedded spec (`spec/providers/vbao.json`) plus the rules a
//! table cannot say (formats that depend on another field's value).

use serde_json::{Map, Value};

use super::config::SPEC;
use super::form::check_http_url;
use crate::model::pii::{IdNumber, PersonName, Phone};
use crate::model::validate::{self, ValidationError, ValidationRule};
use crate::model::CodecError;
use crate::providers::kit::Unlisted;
use crate::spec::{FieldSpec, OperationSpec};

/// The spec of one operation.
pub fn operation(name: &str) -> Result<&'static OperationSpec, CodecError> {
    SPEC.operation(name)
}

pub use crate::providers::kit::fields::optional_str;

fn is_required(field: &FieldSpec) -> bool {
    field.required == Value::Bool(true)
}

/// Table rules for every field of `specs` found in `fields`: only known names (unless `unlisted`
/// lets the caller add others), strings only,
/// required present and non-empty, max length, enum values. `computed` names fields the codec
/// itself supplies (`sign`): giving one is an error.
pub fn check_table(
    fields: &Map<String, Value>,
    specs: &[FieldSpec],
    computed: &[&str],
    unlisted: Unlisted<'_>,
) -> Result<(), ValidationError> {
    if let Some(name) = fields.keys().find(|k| computed.contains(&k.as_str())) {
        return Err(ValidationError::new(name.as_str(), ValidationRule::UnknownField));
    }
    unlisted.check_fields(specs, &[], fields)?;
    for spec in specs.iter().filter(|f| !computed.contains(&f.name.as_str())) {
        let value = optional_str(fields, &spec.name)?;
        match value {
            None | Some("") if is_required(spec) => {
                return Err(ValidationError::new(spec.name.as_str(), ValidationRule::Required))
            }
            None | Some("") => {}
            Some(v) => {
                if let Some(max) = spec.max_length {
                    validate::max_chars(&spec.name, v, max)?;
                }
                if !spec.values.is_empty() {
                    let allowed: Vec<&str> = spec.values.iter().map(|e| e.value.as_str()).collect();
                    validate::one_of(&spec.name, v, &allowed)?;
                }
            }
        }
    }
    Ok(())
}

/// `bindCard/create` request rules beyond the table.
pub fn check_create_request(fields: &Map<String, Value>) -> Result<(), ValidationError> {
    let text = |name: &str| optional_str(fields, name).map(Option::unwrap_or_default);
    let identify_id = text("identifyId")?;
    match text("userType")? {
        "PHONE" => {
            Phone::new("identifyId", identify_id)?;
        }
        "ID_CARD" => {
            IdNumber::new("identifyId", identify_id)?;
        }
        "EMAIL" if !is_email_like(identify_id) => {
            return Err(ValidationError::new(
                "identifyId",
                ValidationRule::Format {
                    expected: "an e-mail address (name@domain) for userType EMAIL".into(),
                },
            ))
        }
        _ => {}
    }
    PersonName::new("bankCardName", text("bankCardName")?)?;
    if text("certType")? == "ID" {
        IdNumber::new("certNo", text("certNo")?)?;
    }
    Phone::new("mobile", text("mobile")?)?;
    let expired = text("expiredTime")?;
    if !expired.is_empty() {
        validate::datetime_ymd_hms("expiredTime", expired)?;
    }
    check_http_url("bindNotifyUrl", text("bindNotifyUrl")?)?;
    check_http_url("pageReturnUrl", text("pageReturnUrl")?)?;
    Ok(())
}

fn is_email_like(value: &str) -> bool {
    value
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !domain.contains('@'))
}

/// Bind-result notification rules beyond the table: `bindCardId` when the bind succeeded.
pub fn check_notify(fields: &Map<String, Value>) -> Result<(), ValidationError> {
    let code = optional_str(fields, "errCode")?.unwrap_or_default();
    let card_id = optional_str(fields, "bindCardId")?.unwrap_or_default();
    if code == super::codes::ErrCode::Success.as_str() && card_id.is_empty() {
        return Err(ValidationError::new(
            "bindCardId",
            ValidationRule::RequiredWhen {
                condition: "errCode is 0000".into(),
            },
        ));
    }
    Ok(())
}

/// Decoding does not re-check formats (the sender's business), but a message without its
/// required fields cannot be acted on (unlisted fields are the kit's rule, checked before).
pub fn check_received(fields: &Map<String, Value>, specs: &[FieldSpec]) -> Result<(), CodecError> {
    for spec in specs
        .iter()
        .filter(|f| is_required(f) && f.name != super::envelope::SIGN)
    {
        match fields.get(&spec.name) {
            Some(Value::String(s)) if !s.is_empty() => {}
            None | Some(Value::Null | Value::String(_)) => {
                return Err(ValidationError::new(spec.name.as_str(), ValidationRule::Required).into())
            }
            Some(_) => {
                return Err(ValidationError::new(
                    spec.name.as_str(),
                    ValidationRule::Type {
                        expected: "string".into(),
                    },
                )
                .into())
            }
        }
    }
    Ok(())
}
