//! Field validation, driven by the embedded spec (`spec/providers/vbao.json`) plus the rules a
//! table cannot say (formats that depend on another field's value).

use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::form::check_http_url;
use crate::model::pii::{IdNumber, PersonName, Phone};
use crate::model::validate::{self, ValidationError, ValidationRule};
use crate::model::CodecError;
use crate::providers::wire::Unlisted;
use crate::spec::{FieldSpec, OperationSpec, ProviderSpec};

/// The spec file, embedded.
pub const SPEC_JSON: &str = include_str!("../../../../spec/providers/vbao.json");

/// The parsed spec (parsed once; a test guarantees it parses).
pub fn spec() -> Result<&'static ProviderSpec, CodecError> {
    static SPEC: OnceLock<Result<ProviderSpec, String>> = OnceLock::new();
    SPEC.get_or_init(|| ProviderSpec::from_json(SPEC_JSON).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|_| CodecError::config("config", "the embedded spec/providers/vbao.json does not parse"))
}

/// The spec of one operation.
pub fn operation(name: &str) -> Result<&'static OperationSpec, CodecError> {
    spec()?
        .operation(name)
        .ok_or_else(|| CodecError::config("config", format!("operation {name} is missing from the embedded spec")))
}

/// A string member, with `null` and absence meaning `None`; other JSON types are an error.
pub fn optional_str<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, ValidationError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ValidationError::new(
            name,
            ValidationRule::Type {
                expected: "string".into(),
            },
        )),
    }
}

fn is_required(field: &FieldSpec) -> bool {
    field.required == Value::Bool(true)
}

/// Names never sent as unlisted fields: the signature and the envelope.
pub const RESERVED_FIELDS: &[&str] = &["sign", "reqmsg"];

/// No field outside the table (replies to and from the codec's own callers).
pub const TABLE_ONLY: Unlisted<'static> = Unlisted {
    allowed: false,
    reserved: RESERVED_FIELDS,
    strings_only: true,
};

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
    for (name, value) in fields {
        if computed.contains(&name.as_str()) {
            return Err(ValidationError::new(name.as_str(), ValidationRule::UnknownField));
        }
        if !specs.iter().any(|f| &f.name == name) {
            unlisted.check(name, value)?;
        }
    }
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

/// Every documented field of a received business object keeps the JSON type it is documented
/// with (a string): the signature covers its text only, so `"123"` and `123` would both verify.
pub fn check_string_types(fields: &Map<String, Value>, specs: &[FieldSpec]) -> Result<(), CodecError> {
    for (name, value) in fields {
        if specs.iter().any(|f| &f.name == name) && !matches!(value, Value::String(_) | Value::Null) {
            return Err(CodecError::Malformed {
                field: name.clone(),
                reason: "expected a JSON string".into(),
            });
        }
    }
    Ok(())
}

/// Decoding is tolerant (extra fields kept, formats not re-checked) but a message without its
/// required fields cannot be acted on.
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
