//! Small helpers the provider modules share: strict JSON objects, typed errors, extra fields.

use serde_json::{Map, Number, Value};

use crate::canonical::CanonicalError;
use crate::keys::{PrivateKey, PublicKey};
use crate::model::{CodecError, ValidationError, ValidationRule};

/// Parses an optional configured private key; a bad one is a `Key` error naming `field`.
pub(crate) fn optional_private_key(field: &str, pem: Option<&str>) -> Result<Option<PrivateKey>, CodecError> {
    pem.map(PrivateKey::parse)
        .transpose()
        .map_err(|source| CodecError::Key {
            field: field.to_owned(),
            source,
        })
}

/// Parses an optional configured public key; a bad one is a `Key` error naming `field`.
pub(crate) fn optional_public_key(field: &str, pem: Option<&str>) -> Result<Option<PublicKey>, CodecError> {
    pem.map(PublicKey::parse).transpose().map_err(|source| CodecError::Key {
        field: field.to_owned(),
        source,
    })
}

/// A `Malformed` error on `field` (the reason never quotes input).
pub(crate) fn malformed(field: &str, reason: &str) -> CodecError {
    CodecError::Malformed {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Whether a received operation name (a URL segment, xianjincard `call`) may be echoed in an
/// error: at most `max_len` ASCII letters, digits, `.` and `_`, and no run of six or more digits
/// (no operation name has one; card, ID and phone numbers do).
pub(crate) fn echoable_name(name: &str, max_len: usize) -> bool {
    let mut digit_run = 0usize;
    name.len() <= max_len
        && name.bytes().all(|b| {
            digit_run = if b.is_ascii_digit() { digit_run + 1 } else { 0 };
            (b.is_ascii_alphanumeric() || b == b'.' || b == b'_') && digit_run < 6
        })
}

/// A wrong-JSON-type validation error.
pub(crate) fn type_error(field: &str, expected: &str) -> ValidationError {
    ValidationError::new(
        field,
        ValidationRule::Type {
            expected: expected.to_owned(),
        },
    )
}

/// The text a JSON number is signed as under a `k=v&k=v` rule: exactly its JSON text, where
/// Java signers print it the same ([`crate::canonical::signed_number_text`]); other numbers are
/// refused: the two sides would sign different strings for the same message.
pub(crate) fn signed_number_text<'a>(field: &str, number: &'a Number) -> Result<&'a str, ValidationError> {
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
pub(crate) fn check_signed_numbers(field: &str, value: &Value) -> Result<(), ValidationError> {
    match value {
        Value::Number(n) => signed_number_text(field, n).map(drop),
        Value::Array(items) => items.iter().try_for_each(|v| check_signed_numbers(field, v)),
        Value::Object(members) => members.values().try_for_each(|v| check_signed_numbers(field, v)),
        Value::Null | Value::Bool(_) | Value::String(_) => Ok(()),
    }
}

/// What a verified `k=v&k=v` message hands out: the fields the signature covered. Null and
/// empty-string values are left out of the string to sign, so anyone on the path could add them;
/// they are dropped rather than returned as part of a verified message.
pub(crate) fn keep_signed_only(fields: &mut Map<String, Value>) {
    fields.retain(|_, v| !(v.is_null() || v.as_str() == Some("")));
}

/// A string to sign that could not be built: a value that would split into other fields is the
/// caller's (or sender's) value breaking a rule, named by field; the rest are signature errors on
/// `signature_field`.
pub(crate) fn canonical_error(signature_field: &str, error: CanonicalError) -> CodecError {
    match error {
        CanonicalError::AmbiguousValue { key } => {
            ValidationError::new(key, ValidationRule::SplitsInSignedString).into()
        }
        other => CodecError::signature(signature_field, other.into()),
    }
}

/// How a provider treats a field its spec does not list (see [`crate::model::EncodeOptions`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unlisted<'a> {
    /// The caller opted in (per client or per call).
    pub allowed: bool,
    /// Names never sent this way (the spec's `reserved_fields`).
    pub reserved: &'a [&'a str],
    /// The protocol carries strings only (LianLian, Vbao).
    pub strings_only: bool,
}

impl Unlisted<'_> {
    /// Checks `name`, a field the spec does not list, and its value.
    pub fn check(&self, name: &str, value: &Value) -> Result<(), ValidationError> {
        if self.reserved.contains(&name) {
            return Err(ValidationError::new(name, ValidationRule::Reserved));
        }
        if !self.allowed {
            return Err(ValidationError::new(name, ValidationRule::UnknownField));
        }
        let plain =
            !name.is_empty() && name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !plain {
            return Err(ValidationError::new(
                "unlisted field",
                ValidationRule::Format {
                    expected: "a name of ASCII letters, digits and _ (at most 64)".into(),
                },
            ));
        }
        if self.strings_only && !matches!(value, Value::String(_) | Value::Null) {
            return Err(type_error(name, "string"));
        }
        Ok(())
    }
}

/// Parses `bytes` (at most `limit` of them) as a JSON object within [`crate::model::limits`].
pub(crate) fn json_object(field: &str, bytes: &[u8], limit: usize) -> Result<Map<String, Value>, CodecError> {
    crate::model::limits::parse_json_object(field, bytes, limit)
}

/// Adds a unified request's provider-specific `extra` fields; a name already set is an error.
pub(crate) fn merge_extra(map: &mut Map<String, Value>, extra: &Map<String, Value>) -> Result<(), CodecError> {
    for (k, v) in extra {
        if map.contains_key(k) {
            return Err(CodecError::config(
                format!("extra.{k}"),
                "is already set from a unified field",
            ));
        }
        map.insert(k.clone(), v.clone());
    }
    Ok(())
}
