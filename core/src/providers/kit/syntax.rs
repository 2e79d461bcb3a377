//! Received forms, read once for every provider: a field cap and each name once, in linear time.
//! (JSON has the same rules in [`crate::text::json`]; query strings and headers in
//! [`crate::model::transport`], applied by `Codec::decode_request` and `decode_response`.)

use crate::model::limits::MAX_FIELDS;
use crate::model::CodecError;
use crate::text::form::{self, FormError};

use crate::text::names::received_top_level_name;

/// Decodes a received `application/x-www-form-urlencoded` body at `place`: at most
/// [`MAX_FIELDS`] fields, each name once (a repeat is named only through the echo rule).
pub fn received_form(place: &str, body: &[u8]) -> Result<Vec<(String, String)>, CodecError> {
    form::decode_received(body, MAX_FIELDS).map_err(|e| form_error(place, e))
}

fn form_error(place: &str, error: FormError) -> CodecError {
    match error {
        FormError::TooManyFields { limit } => CodecError::LimitExceeded {
            what: "form fields in one message",
            limit,
        },
        FormError::Repeated { name } => CodecError::Malformed {
            field: received_top_level_name(place, &name),
            reason: "occurs more than once".into(),
        },
        other @ (FormError::BadEscape { .. } | FormError::NotUtf8) => CodecError::Malformed {
            field: place.to_owned(),
            reason: other.to_string(),
        },
    }
}
