//! Small helpers the provider modules share: strict JSON objects, typed errors, extra fields.

use serde_json::{Map, Value};

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

/// Parses `bytes` (at most `limit` of them) as a JSON object within [`crate::model::limits`].
pub(crate) fn json_object(field: &str, bytes: &[u8], limit: usize) -> Result<Map<String, Value>, CodecError> {
    crate::model::limits::parse_json_object(field, bytes, limit)
}

/// Adds a unified request's provider-specific `extra` fields; a name already set is an error.
pub(crate) fn merge_extra(map: &mut Map<String, Value>, extra: &Map<String, Value>) -> Result<(), CodecError> {
    for (k, v) in extra {
        if map.contains_key(k) {
            return Err(CodecError::Config {
                what: format!("extra field `{k}` is already set from a unified field"),
            });
        }
        map.insert(k.clone(), v.clone());
    }
    Ok(())
}
