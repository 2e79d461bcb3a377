//! One rule for empty and null values, applied by encode and decode alike (each spec's
//! `empty_values`).
//!
//! Where the signature covers the bytes as sent (a JSON document, a ciphertext), empty strings and
//! nulls are sent and received as given. Where a `k=v&` string to sign leaves them out, they are
//! not signed: a verified message must not hand them out, so decoding drops them; and a sender
//! must not believe it sent what the receiver never sees, so encoding refuses an empty string
//! (naming the field) and leaves a null out, a null meaning "absent" in every binding.

use serde_json::{Map, Value};

use crate::model::{ValidationError, ValidationRule};
use crate::spec::ProviderSpec;

/// The fields to encode under `spec`'s rule: as given where empty values are signed; otherwise
/// an empty string is refused and nulls are left out.
pub fn outgoing(spec: &ProviderSpec, fields: &Map<String, Value>) -> Result<Map<String, Value>, ValidationError> {
    if spec.empty_values.signed {
        return Ok(fields.clone());
    }
    if let Some((name, _)) = fields.iter().find(|(_, v)| v.as_str() == Some("")) {
        return Err(ValidationError::new(name.as_str(), ValidationRule::EmptyNotSigned));
    }
    Ok(fields
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect())
}

/// What a verified `k=v&k=v` message hands out: the fields the signature covered. Null and
/// empty-string values are left out of the string to sign, so anyone on the path could add them;
/// they are dropped rather than returned as part of a verified message.
pub fn keep_signed_only(fields: &mut Map<String, Value>) {
    fields.retain(|_, v| !(v.is_null() || v.as_str() == Some("")));
}
