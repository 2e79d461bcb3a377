//! Reading fields out of a JSON object, the same way for every provider, and naming received
//! names in errors only through the echo rule.

use serde_json::{Map, Number, Value};

use crate::canonical::CanonicalError;
use crate::model::{CodecError, ValidationError, ValidationRule};
use crate::spec::FieldSpec;
pub use crate::text::names::received_name;

/// A `Malformed` error on `field` (the reason never quotes input).
pub fn malformed(field: &str, reason: &str) -> CodecError {
    CodecError::Malformed {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

/// A wrong-JSON-type validation error.
pub fn type_error(field: &str, expected: &str) -> ValidationError {
    ValidationError::new(
        field,
        ValidationRule::Type {
            expected: expected.to_owned(),
        },
    )
}

/// A string member: absent and `null` are `None`, another JSON type is a type error.
pub fn optional_str<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, ValidationError> {
    string_value(name, fields.get(name))
}

/// [`optional_str`] for a member already looked up.
pub fn string_value<'a>(name: &str, value: Option<&'a Value>) -> Result<Option<&'a str>, ValidationError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(type_error(name, "string")),
    }
}

/// A string member of a received message: absent and `null` are `None`; another JSON type is
/// a malformed message (the sender's fault, not the caller's).
pub fn received_str<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, CodecError> {
    received_value(name, fields.get(name))
}

/// [`received_str`] for a member already looked up.
pub fn received_value<'a>(name: &str, value: Option<&'a Value>) -> Result<Option<&'a str>, CodecError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(malformed(name, "expected a JSON string")),
    }
}

/// A string member that must be present and hold more than white space.
pub fn required_str<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<&'a str, ValidationError> {
    required_value(name, fields.get(name))
}

/// [`required_str`] for a member already looked up (errors name it `name`).
pub fn required_value<'a>(name: &str, value: Option<&'a Value>) -> Result<&'a str, ValidationError> {
    string_value(name, value)?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| ValidationError::new(name, ValidationRule::Required))
}

/// Puts the fields in spec order, then the unlisted ones the caller was allowed to add, in the
/// order given.
pub fn in_spec_order(specs: &[FieldSpec], fields: &Map<String, Value>) -> Map<String, Value> {
    let listed = specs
        .iter()
        .filter_map(|s| fields.get(&s.name).map(|v| (s.name.clone(), v.clone())));
    let unlisted = fields
        .iter()
        .filter(|(k, _)| !specs.iter().any(|s| s.name == **k))
        .map(|(k, v)| (k.clone(), v.clone()));
    listed.chain(unlisted).collect()
}

/// Every field of a received object that the spec documents as text (`string`, `json_string`)
/// is a JSON string: a signature covering text only would let `"123"` arrive as `123` (or
/// `"true"` as `true`) unnoticed.
pub fn check_received_strings(specs: &[FieldSpec], fields: &Map<String, Value>) -> Result<(), CodecError> {
    for (name, value) in fields {
        let text = specs
            .iter()
            .any(|s| s.name == *name && matches!(s.ty.as_str(), "string" | "json_string"));
        if text && !matches!(value, Value::String(_) | Value::Null) {
            return Err(malformed(name, "expected a JSON string"));
        }
    }
    Ok(())
}

/// A member of a received envelope that must be a non-empty string; anything else is a
/// malformed message naming the member.
pub fn envelope_str<'a>(object: &'a Map<String, Value>, name: &str) -> Result<&'a str, CodecError> {
    match object.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        None | Some(Value::Null | Value::String(_)) => Err(malformed(name, "missing or empty")),
        Some(_) => Err(malformed(name, "not a JSON string")),
    }
}

/// Whether a member is absent, `null` or the empty string (documents treat them alike).
pub fn is_blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

/// The text a JSON number is signed as under a `k=v&k=v` rule: exactly its JSON text, where
/// Java signers print it the same ([`crate::canonical::signed_number_text`]); other numbers are
/// refused: the two sides would sign different strings for the same message.
pub fn signed_number_text<'a>(field: &str, number: &'a Number) -> Result<&'a str, ValidationError> {
    crate::canonical::signed_number_text(number).ok_or_else(|| {
        ValidationError::new(
            field,
            ValidationRule::Format {
                expected: "a number in plain notation that Java's BigDecimal prints as written (no exponent, \
                           no negative zero, nothing below 1E-6), or a string"
                    .into(),
            },
        )
    })
}

/// [`signed_number_text`]'s rule for every number inside `value` (objects and arrays signed as
/// their JSON text).
pub fn check_signed_numbers(field: &str, value: &Value) -> Result<(), ValidationError> {
    match value {
        Value::Number(n) => signed_number_text(field, n).map(drop),
        Value::Array(items) => items.iter().try_for_each(|v| check_signed_numbers(field, v)),
        Value::Object(members) => members.values().try_for_each(|v| check_signed_numbers(field, v)),
        Value::Null | Value::Bool(_) | Value::String(_) => Ok(()),
    }
}

pub use super::empty::keep_signed_only;

/// A string to sign that could not be built: a value that would split into other fields is the
/// caller's (or sender's) value breaking a rule, named by field; the rest are signature errors on
/// `signature_field`.
pub fn canonical_error(signature_field: &str, error: CanonicalError) -> CodecError {
    match error {
        CanonicalError::AmbiguousValue { key } => {
            ValidationError::new(key, ValidationRule::SplitsInSignedString).into()
        }
        other => CodecError::signature(signature_field, other.into()),
    }
}

/// Parses an optional configured private key; a bad one is a `Key` error naming `field`.
pub fn optional_private_key(field: &str, pem: Option<&str>) -> Result<Option<crate::keys::PrivateKey>, CodecError> {
    pem.map(crate::keys::PrivateKey::parse)
        .transpose()
        .map_err(|source| CodecError::Key {
            field: field.to_owned(),
            source,
        })
}

/// Parses an optional configured public key; a bad one is a `Key` error naming `field`.
pub fn optional_public_key(field: &str, pem: Option<&str>) -> Result<Option<crate::keys::PublicKey>, CodecError> {
    pem.map(crate::keys::PublicKey::parse)
        .transpose()
        .map_err(|source| CodecError::Key {
            field: field.to_owned(),
            source,
        })
}

/// The most common key mistake: configuring our own public key as the other party's. Every
/// first reply then fails as `signature_invalid`; refusing the configuration says why, once, at
/// construction. `fields` are the configuration keys (ours, theirs); `theirs_is` says whose key
/// belongs in the second (`LianLian's public key (a mock LianLian: the merchant's)`).
pub fn check_not_own_key(
    ours: Option<&crate::keys::PrivateKey>,
    theirs: Option<&crate::keys::PublicKey>,
    (ours_field, theirs_field): (&str, &str),
    theirs_is: &str,
) -> Result<(), CodecError> {
    match (ours, theirs) {
        (Some(ours), Some(theirs)) if ours.public_key() == theirs => Err(CodecError::config(
            theirs_field,
            format!(
                "is the public half of {ours_field}, our own key: it must be {theirs_is}, the key the other side \
                 signs with; ask them for it (the public half of {ours_field} is what you give them)"
            ),
        )),
        _ => Ok(()),
    }
}

/// Parses `bytes` (at most `limit` of them) as a JSON object within [`crate::model::limits`].
pub fn json_object(field: &str, bytes: &[u8], limit: usize) -> Result<Map<String, Value>, CodecError> {
    crate::model::limits::parse_json_object(field, bytes, limit)
}
