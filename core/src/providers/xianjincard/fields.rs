//! Field rules, driven by the embedded spec: required, JSON type, maximum length and enum values
//! come from `spec/providers/xianjincard.json`; formats the spec only describes in words (card
//! numbers, ID numbers, phones, dates, bank codes) are checked here by field name.
//!
//! Encoding validates strictly; decoding only checks what it must to hand out typed fields
//! (presence of unconditional fields and JSON types), because the platform's own examples break
//! the formats (masked phones, Luhn-invalid cards, the date 2017-02-29).

use serde_json::{Map, Value};

use super::ops::Op;
use crate::model::validate::{date_ymd, max_chars, one_of};
use crate::model::{
    Bank, CardNumber, CodecError, IdNumber, PersonName, Phone, Provider, ValidationError, ValidationRule, VerifyCode,
};
use crate::providers::kit::fields::is_blank;
use crate::providers::kit::Unlisted;
use crate::spec::FieldSpec;

/// Which half of an operation a field list belongs to (format rules differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    /// Request `args`.
    Request,
    /// Response `response`.
    Response,
}

fn err(field: &str, rule: ValidationRule) -> ValidationError {
    ValidationError::new(field, rule)
}

/// The digits of a non-negative JSON integer, read from its text (never through a float).
pub fn integer_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => {
            let text = n.to_string();
            (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then_some(text)
        }
        _ => None,
    }
}

/// Compares two digit strings as numbers without parsing (no overflow, no float).
fn cmp_digits(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Validates `fields` against `specs` before encoding. Unknown fields are refused unless the
/// caller opted in (`unlisted`): nothing the caller gives is silently dropped.
pub fn validate(
    op: Op,
    half: Half,
    specs: &[FieldSpec],
    fields: &Map<String, Value>,
    unlisted: Unlisted<'_>,
) -> Result<(), ValidationError> {
    unlisted.check_fields(specs, &[], fields)?;
    for spec in specs {
        let value = fields.get(&spec.name);
        if is_blank(value) {
            if spec.required == Value::Bool(true) {
                return Err(err(&spec.name, ValidationRule::Required));
            }
            continue;
        }
        if let Some(value) = value {
            check_value(op, half, spec, value, unlisted)?;
        }
    }
    conditional(op, half, fields)
}

fn check_value(
    op: Op,
    half: Half,
    spec: &FieldSpec,
    value: &Value,
    unlisted: Unlisted<'_>,
) -> Result<(), ValidationError> {
    let name = spec.name.as_str();
    let type_err = || {
        err(
            name,
            ValidationRule::Type {
                expected: spec.ty.clone(),
            },
        )
    };
    match spec.ty.as_str() {
        "string" => {
            let Value::String(text) = value else {
                return Err(type_err());
            };
            if let Some(max) = spec.max_length {
                max_chars(name, text, max)?;
            }
            if !spec.values.is_empty() {
                let allowed: Vec<&str> = spec.values.iter().map(|v| v.value.as_str()).collect();
                one_of(name, text, &allowed)?;
            }
            string_format(op, half, name, text)
        }
        "integer" => {
            let digits = integer_text(value).ok_or_else(type_err)?;
            if !spec.values.is_empty() {
                let allowed: Vec<&str> = spec.values.iter().map(|v| v.value.as_str()).collect();
                one_of(name, &digits, &allowed)?;
            }
            Ok(())
        }
        "array" => {
            let Value::Array(items) = value else {
                return Err(type_err());
            };
            array_items(op, spec, items, unlisted.nested())
        }
        _ => Err(type_err()),
    }
}

/// Formats the spec describes only in words.
fn string_format(op: Op, half: Half, name: &str, text: &str) -> Result<(), ValidationError> {
    match (op, half, name) {
        // Admission gets the phone without its last 3 digits and the ID without its last 4.
        (Op::IsUserAccept, Half::Request, "user_phone") => masked(name, text, 11, |c| c.is_ascii_digit()),
        (Op::IsUserAccept, Half::Request, "user_idcard") => {
            masked(name, text, 18, |c| c.is_ascii_digit() || c == 'X' || c == 'x')
        }
        (Op::IsUserAccept, Half::Request, "md5") => {
            if text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
                Ok(())
            } else {
                Err(err(
                    name,
                    ValidationRule::Format {
                        expected: "32 hex characters".into(),
                    },
                ))
            }
        }
        (Op::IsUserAccept, Half::Response, "can_loan_time") => date_ymd(name, text),
        (_, _, "bank_code") => Bank::from_code(Provider::Xianjincard, text)
            .map(|_| ())
            .ok_or_else(|| err(name, ValidationRule::UnsupportedBank)),
        (Op::ApplyBindCard, Half::Request, "user_name") => PersonName::new(name, text).map(|_| ()),
        (Op::ApplyBindCard, Half::Request, "user_idcard") => IdNumber::new(name, text).map(|_| ()),
        (Op::ApplyBindCard, Half::Request, "card_number") => CardNumber::new(name, text).map(|_| ()),
        (Op::ApplyBindCard, Half::Request, "card_phone" | "user_phone") => Phone::new(name, text).map(|_| ()),
        (Op::ApplyBindCard, Half::Request, "verify_code") => VerifyCode::new(name, text).map(|_| ()),
        (_, _, "bank_icon") => http_url(name, text),
        _ => Ok(()),
    }
}

/// `len` characters: a prefix of characters `ok` for the position, then only `*`. The first
/// character of a phone must be `1`.
fn masked(name: &str, text: &str, len: usize, ok: impl Fn(char) -> bool) -> Result<(), ValidationError> {
    let chars: Vec<char> = text.chars().collect();
    let clear = chars.iter().take_while(|c| **c != '*').count();
    let well_formed = chars.len() == len
        && clear > 0
        && chars.iter().take(clear).all(|c| ok(*c))
        && chars.iter().skip(clear).all(|c| *c == '*');
    if well_formed {
        Ok(())
    } else {
        Err(err(
            name,
            ValidationRule::Format {
                expected: format!("{len} characters: digits, optionally masked at the end with *"),
            },
        ))
    }
}

fn http_url(name: &str, text: &str) -> Result<(), ValidationError> {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !text.chars().any(char::is_whitespace) => Ok(()),
        _ => Err(err(name, ValidationRule::HttpUrl)),
    }
}

/// `nested` is the policy for entries: list entries never take unlisted members.
fn array_items(op: Op, spec: &FieldSpec, items: &[Value], nested: Unlisted<'_>) -> Result<(), ValidationError> {
    if spec.fields.is_empty() {
        // `terms`: one or more positive integers.
        if items.is_empty() {
            return Err(err(
                &spec.name,
                ValidationRule::Format {
                    expected: "positive integers".into(),
                },
            ));
        }
        for item in items {
            match integer_text(item) {
                Some(d) if d.trim_start_matches('0').is_empty() => {
                    return Err(err(
                        &spec.name,
                        ValidationRule::Format {
                            expected: "positive integers".into(),
                        },
                    ))
                }
                Some(_) => {}
                None => {
                    return Err(err(
                        &spec.name,
                        ValidationRule::Type {
                            expected: "array of integers".into(),
                        },
                    ))
                }
            }
        }
        return Ok(());
    }
    for item in items {
        let Value::Object(object) = item else {
            return Err(err(
                &spec.name,
                ValidationRule::Type {
                    expected: "array of objects".into(),
                },
            ));
        };
        validate(op, Half::Response, &spec.fields, object, nested)?;
        // "银行编号和银行名称必须使用银行Code映射关系中的值": the name must be the table's name.
        if let (Some(Value::String(code)), Some(Value::String(bank_name))) =
            (object.get("bank_code"), object.get("bank_name"))
        {
            if let Some(bank) = Bank::from_code(Provider::Xianjincard, code) {
                one_of("bank_name", bank_name, &[bank.name_zh()])?;
            }
        }
    }
    Ok(())
}

/// Rules that depend on other fields (admission answers).
fn conditional(op: Op, half: Half, fields: &Map<String, Value>) -> Result<(), ValidationError> {
    if (op, half) != (Op::IsUserAccept, Half::Response) {
        return Ok(());
    }
    let result = fields.get("result").and_then(integer_text).unwrap_or_default();
    let need = |name: &str, condition: &str| -> Result<(), ValidationError> {
        if is_blank(fields.get(name)) {
            Err(err(
                name,
                ValidationRule::RequiredWhen {
                    condition: condition.into(),
                },
            ))
        } else {
            Ok(())
        }
    };
    if result == "200" {
        for name in ["amount", "terms", "term_type", "loan_mode"] {
            need(name, "result = 200")?;
        }
    } else {
        need("can_loan_time", "result != 200")?;
    }
    if result == "505" {
        need("remark", "result = 505")?;
    }
    if let (Some(min), Some(max)) = (
        fields.get("min_amount").and_then(integer_text),
        fields.get("amount").and_then(integer_text),
    ) {
        if cmp_digits(&min, &max).is_gt() {
            return Err(err(
                "min_amount",
                ValidationRule::Format {
                    expected: "at most amount".into(),
                },
            ));
        }
    }
    Ok(())
}

/// Decode-side checks: unconditional fields present (a missing one is a missing-field error
/// naming it), JSON types right. Strings may arrive as numbers and integers as digit strings
/// (both seen from PHP partners); values are kept as received.
pub fn check_received(field_path: &str, specs: &[FieldSpec], fields: &Map<String, Value>) -> Result<(), CodecError> {
    for spec in specs {
        let value = fields.get(&spec.name);
        let malformed = |reason: &str| CodecError::Malformed {
            field: format!("{field_path}.{}", spec.name),
            reason: reason.to_owned(),
        };
        match value {
            None | Some(Value::Null) => {
                // A field the document requires that the platform's own calls lack (the spec's
                // may_be_absent_on_receipt: echo_data) is accepted absent.
                if spec.required == Value::Bool(true) && !spec.may_be_absent_on_receipt {
                    return Err(
                        ValidationError::new(format!("{field_path}.{}", spec.name), ValidationRule::Required).into(),
                    );
                }
            }
            Some(value) => {
                let ok = match spec.ty.as_str() {
                    "string" => matches!(value, Value::String(_) | Value::Number(_)),
                    "integer" => {
                        integer_text(value).is_some()
                            || matches!(value, Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                    }
                    "array" => matches!(value, Value::Array(_)),
                    _ => false,
                };
                if !ok {
                    return Err(malformed(&format!("expected {}", spec.ty)));
                }
                if let (Value::Array(items), false) = (value, spec.fields.is_empty()) {
                    for item in items {
                        let Value::Object(object) = item else {
                            return Err(malformed("expected an array of objects"));
                        };
                        check_received(&format!("{field_path}.{}[]", spec.name), &spec.fields, object)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// A code field's text: a JSON string or integer (`"200"` or `200`).
pub fn code_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
