//! Field-level rules: spec-driven validation, what gets signed, JSON parsing helpers.

use serde_json::{Map, Value};

use crate::model::validate::{datetime_compact, http_url, max_chars, one_of};
use crate::model::{CardNumber, CodecError, IdNumber, PersonName, Phone, ValidationError, ValidationRule, VerifyCode};
use crate::providers::kit::fields::signed_number_text;
use crate::providers::kit::Unlisted;
use crate::spec::FieldSpec;

use super::MAX_BODY_BYTES;

/// Top-level `(key, value)` pairs as LianLian signs them: strings raw, numbers by their exact JSON
/// text (only where Java prints the same text: [`signed_number_text`]), booleans as
/// `true`/`false`, nulls dropped; nested objects and arrays are refused (never signed by LianLian).
pub(super) fn signable_pairs(fields: &Map<String, Value>) -> Result<Vec<(&str, Option<&str>)>, CodecError> {
    fields
        .iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => Some(s.as_str()),
                Value::Number(n) => Some(signed_number_text(k, n)?),
                Value::Bool(b) => Some(if *b { "true" } else { "false" }),
                Value::Null => None,
                Value::Object(_) | Value::Array(_) => {
                    return Err(CodecError::Malformed {
                        field: k.clone(),
                        reason: "a nested object or array cannot be signed; LianLian sends JSON strings".into(),
                    })
                }
            };
            Ok((k.as_str(), text))
        })
        .collect()
}

pub(super) fn parse_object(field: &str, body: &[u8]) -> Result<Map<String, Value>, CodecError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(CodecError::LimitExceeded {
            what: "LianLian message body bytes",
            limit: MAX_BODY_BYTES,
        });
    }
    match crate::model::limits::parse_json(field, body, MAX_BODY_BYTES)? {
        Value::Object(map) => Ok(map),
        _ => Err(CodecError::Malformed {
            field: field.to_owned(),
            reason: "expected a JSON object".into(),
        }),
    }
}

pub(super) fn is_required(spec: &FieldSpec, ret_code: Option<&str>) -> bool {
    match &spec.required {
        Value::Bool(b) => *b,
        // Conditions in the spec have the form `ret_code = 8888`.
        _ => spec
            .condition
            .as_deref()
            .and_then(|c| c.strip_prefix("ret_code = "))
            .is_some_and(|code| Some(code) == ret_code),
    }
}

/// Validates `fields` against the spec's field list: no unknown fields, strings only, required,
/// max length, enum values, then (requests only) each field's own format rule. Replies are not
/// format-checked: LianLian echoes card_no as it likes (the document says 4 characters, its
/// sample shows a whole number).
pub(super) fn validate(
    specs: &[FieldSpec],
    fields: &Map<String, Value>,
    ret_code: Option<&str>,
    unlisted: Unlisted<'_>,
) -> Result<(), ValidationError> {
    unlisted.check_fields(specs, &[], fields)?;
    for spec in specs.iter().filter(|s| s.name != "sign") {
        let name = spec.name.as_str();
        let value = match fields.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => {
                return Err(ValidationError::new(
                    name,
                    ValidationRule::Type {
                        expected: "string".into(),
                    },
                ))
            }
        };
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            if is_required(spec, ret_code) {
                return Err(ValidationError::new(name, ValidationRule::Required));
            }
            continue;
        };
        if let Some(max) = spec.max_length {
            max_chars(name, value, max)?;
        }
        if !spec.values.is_empty() {
            let allowed: Vec<&str> = spec.values.iter().map(|v| v.value.as_str()).collect();
            one_of(name, value, &allowed)?;
        }
        if ret_code.is_none() {
            field_format(name, &spec.ty, value, fields)?;
        }
    }
    Ok(())
}

/// Format rules beyond length and enums (the spec's `pii` and `type` say which fields have them).
fn field_format(name: &str, ty: &str, value: &str, fields: &Map<String, Value>) -> Result<(), ValidationError> {
    match name {
        "card_no" => CardNumber::new(name, value).map(drop),
        "bind_mob" => Phone::new(name, value).map(drop),
        "acct_name" => PersonName::new(name, value).map(drop),
        "verify_code" => VerifyCode::new(name, value).map(drop),
        // id_type 0 is the mainland resident ID card.
        "id_no" if fields.get("id_type").and_then(Value::as_str) == Some("0") => IdNumber::new(name, value).map(drop),
        "notify_url" => http_url(name, value),
        "dt_order" => datetime_compact(name, value),
        "vali_date" => year_month(name, value),
        _ if ty == "json_string" => json_object_text(name, value),
        _ => Ok(()),
    }
}

/// A JSON object serialised as a string (`risk_item`), parsed as strictly as a received body: a
/// repeated key is refused, whichever side reads it.
pub(super) fn json_object_text(name: &str, value: &str) -> Result<(), ValidationError> {
    match crate::model::limits::parse_json(name, value.as_bytes(), MAX_BODY_BYTES) {
        Ok(Value::Object(_)) => Ok(()),
        _ => Err(ValidationError::new(
            name,
            ValidationRule::Format {
                expected: "a JSON object serialised as a string, each key once".into(),
            },
        )),
    }
}

/// `vali_date`: 4 digits YYMM with a month 01-12.
fn year_month(name: &str, value: &str) -> Result<(), ValidationError> {
    let month = value.get(2..4).and_then(|m| m.parse::<u8>().ok());
    if value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()) && month.is_some_and(|m| (1..=12).contains(&m)) {
        Ok(())
    } else {
        Err(ValidationError::new(
            name,
            ValidationRule::Format {
                expected: "YYMM (4 digits)".into(),
            },
        ))
    }
}
