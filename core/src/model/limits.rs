//! The hard limits on received messages ([`crate::text::json`] holds the reader and the
//! figures), returning the codec's error: what providers and bindings call.

use serde_json::{Map, Value};

use super::error::CodecError;
pub use crate::text::json::{MAX_DEPTH, MAX_FIELDS, MAX_FIELD_BYTES, MAX_MESSAGE_BYTES};

/// [`crate::text::json::check_json`].
pub fn check_json(value: &Value) -> Result<(), CodecError> {
    crate::text::json::check_json(value).map_err(CodecError::from)
}

/// [`crate::text::json::parse_json`].
pub fn parse_json(field: &str, bytes: &[u8], max_body: usize) -> Result<Value, CodecError> {
    crate::text::json::parse_json(field, bytes, max_body).map_err(CodecError::from)
}

/// [`crate::text::json::parse_json_reference`].
pub fn parse_json_reference(field: &str, bytes: &[u8], max_body: usize) -> Result<Value, CodecError> {
    crate::text::json::parse_json_reference(field, bytes, max_body).map_err(CodecError::from)
}

/// [`crate::text::json::parse_json_carrying_bodies`].
pub fn parse_json_carrying_bodies(
    field: &str,
    bytes: &[u8],
    max_body: usize,
    max_string: usize,
) -> Result<Value, CodecError> {
    crate::text::json::parse_json_carrying_bodies(field, bytes, max_body, max_string).map_err(CodecError::from)
}

/// [`crate::text::json::parse_json_object`].
pub fn parse_json_object(field: &str, bytes: &[u8], max_body: usize) -> Result<Map<String, Value>, CodecError> {
    crate::text::json::parse_json_object(field, bytes, max_body).map_err(CodecError::from)
}

/// [`crate::text::json::duplicate_key_error`].
pub fn duplicate_key_error(field: &str, key: &str) -> CodecError {
    crate::text::json::duplicate_key_error(field, key).into()
}
