//! The one policy for fields a provider's spec does not list, applied on encode and on decode,
//! in both roles.
//!
//! Off by default: an unlisted field is refused wherever it appears, so that nothing the caller
//! gives is silently dropped (encode) and nothing a verified message hands out is a field the
//! caller's code was never written for (decode). The opt-in (`allow_unlisted_fields` per client,
//! `EncodeOptions` per call) admits a field with a plain name and a value the protocol can carry;
//! a name the spec reserves (envelope and computed fields, its `reserved_fields`) never passes.

use serde_json::{Map, Value};

use super::fields::{received_name, type_error};
use crate::model::{CodecError, ValidationError, ValidationRule};
use crate::spec::FieldSpec;

/// How a provider treats a field its spec does not list (see [`crate::model::EncodeOptions`]).
#[derive(Debug, Clone, Copy)]
pub struct Unlisted<'a> {
    /// The caller opted in (per client or per call).
    pub allowed: bool,
    /// Names never sent this way (the spec's `reserved_fields`).
    pub reserved: &'a [String],
    /// The protocol carries strings only (LianLian, Vbao): another JSON type would be signed as
    /// text and change under a valid signature (`"123"` and `123` sign alike).
    pub strings_only: bool,
}

/// The longest unlisted name accepted, and its alphabet: ASCII letters, digits and `_`.
const MAX_UNLISTED_NAME: usize = 64;

fn plain_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= MAX_UNLISTED_NAME && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Unlisted<'_> {
    /// This policy with the per-call opt-in added.
    #[must_use]
    pub fn or_allowed(self, per_call: bool) -> Self {
        Self {
            allowed: self.allowed || per_call,
            ..self
        }
    }

    /// This policy for nested objects (list entries): they never take unlisted members.
    #[must_use]
    pub fn nested(self) -> Self {
        Self { allowed: false, ..self }
    }

    /// Encoding: checks `name`, a field the spec does not list, and its value.
    pub fn check(&self, name: &str, value: &Value) -> Result<(), ValidationError> {
        if self.reserved.iter().any(|r| r == name) {
            return Err(ValidationError::new(name, ValidationRule::Reserved));
        }
        if !self.allowed {
            return Err(ValidationError::new(name, ValidationRule::UnknownField));
        }
        if !plain_name(name) {
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

    /// Decoding: checks `name`, a member of a received object at `place` that the spec does not
    /// list. The error is a `Malformed` received message and names the member only through the
    /// echo rule.
    pub fn check_received(&self, place: &str, name: &str, value: &Value) -> Result<(), CodecError> {
        let refuse = |reason: &str| CodecError::Malformed {
            field: received_name(place, name),
            reason: reason.to_owned(),
        };
        if !self.allowed {
            return Err(refuse(
                "a field the spec does not list (allow_unlisted_fields accepts such fields)",
            ));
        }
        if self.reserved.iter().any(|r| r == name) || !plain_name(name) {
            return Err(refuse("a name no field of this message may have"));
        }
        if self.strings_only && !matches!(value, Value::String(_) | Value::Null) {
            return Err(refuse(
                "an unlisted field must be a JSON string: the signature covers its text only",
            ));
        }
        Ok(())
    }

    /// Encoding: every member of `fields` that `specs` does not list (nor `also`) passes
    /// [`Unlisted::check`].
    pub fn check_fields(
        &self,
        specs: &[FieldSpec],
        also: &[&str],
        fields: &Map<String, Value>,
    ) -> Result<(), ValidationError> {
        for (name, value) in fields.iter().filter(|(k, _)| !listed(specs, also, k)) {
            self.check(name, value)?;
        }
        Ok(())
    }

    /// Decoding: every member of the received object `fields` at `place` that `specs` does not
    /// list (nor `also`) passes [`Unlisted::check_received`]; members that are arrays of objects
    /// the spec describes are checked entry by entry against their element fields (no opt-in
    /// reaches inside them).
    pub fn check_received_fields(
        &self,
        place: &str,
        specs: &[FieldSpec],
        also: &[&str],
        fields: &Map<String, Value>,
    ) -> Result<(), CodecError> {
        for (name, value) in fields {
            let Some(spec) = specs.iter().find(|s| s.name == *name) else {
                if !also.contains(&name.as_str()) {
                    self.check_received(place, name, value)?;
                }
                continue;
            };
            if spec.fields.is_empty() {
                continue;
            }
            let inner = format!("{}[]", received_name(place, name));
            let entries: &[Value] = match value {
                Value::Array(items) => items,
                Value::Object(_) => std::slice::from_ref(value),
                _ => &[],
            };
            for entry in entries {
                if let Value::Object(members) = entry {
                    self.nested()
                        .check_received_fields(&inner, &spec.fields, &[], members)?;
                }
            }
        }
        Ok(())
    }
}

fn listed(specs: &[FieldSpec], also: &[&str], name: &str) -> bool {
    specs.iter().any(|s| s.name == name) || also.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(name: &str) -> FieldSpec {
        serde_json::from_value(json!({"name": name, "type": "string", "required": false})).unwrap()
    }

    fn reserved() -> Vec<String> {
        vec!["sign".to_owned()]
    }

    #[test]
    fn a_received_unlisted_field_is_refused_without_the_opt_in_and_named_only_when_echoable() {
        let reserved = reserved();
        let policy = Unlisted {
            allowed: false,
            reserved: &reserved,
            strings_only: true,
        };
        let fields = json!({"ret_code": "0000", "memo": "x"}).as_object().unwrap().clone();
        let err = policy
            .check_received_fields("body", &[spec("ret_code")], &[], &fields)
            .unwrap_err();
        assert!(
            matches!(err, CodecError::Malformed { ref field, .. } if field == "body.memo"),
            "{err}"
        );
        let card = json!({"6222022005001212726": "1"}).as_object().unwrap().clone();
        let err = policy.check_received_fields("body", &[], &[], &card).unwrap_err();
        assert!(!err.to_string().contains("6222022005001212726"), "{err}");
    }

    #[test]
    fn with_the_opt_in_a_strings_only_protocol_still_refuses_another_json_type() {
        let reserved = reserved();
        let policy = Unlisted {
            allowed: true,
            reserved: &reserved,
            strings_only: true,
        };
        let ok = json!({"memo": "123"}).as_object().unwrap().clone();
        policy.check_received_fields("body", &[], &[], &ok).unwrap();
        let retyped = json!({"memo": 123}).as_object().unwrap().clone();
        assert!(policy.check_received_fields("body", &[], &[], &retyped).is_err());
        let flag = json!({"memo": true}).as_object().unwrap().clone();
        assert!(policy.check_received_fields("body", &[], &[], &flag).is_err());
    }

    #[test]
    fn list_entries_take_no_unlisted_members_even_with_the_opt_in() {
        let reserved = reserved();
        let policy = Unlisted {
            allowed: true,
            reserved: &reserved,
            strings_only: false,
        };
        let list: FieldSpec = serde_json::from_value(json!({
            "name": "banks", "type": "array", "required": true,
            "fields": [{"name": "code", "type": "string", "required": true}]
        }))
        .unwrap();
        let fields = json!({"banks": [{"code": "ICBC", "extra": 1}]})
            .as_object()
            .unwrap()
            .clone();
        let err = policy
            .check_received_fields("params", &[list], &[], &fields)
            .unwrap_err();
        assert!(
            matches!(err, CodecError::Malformed { ref field, .. } if field == "params.banks[].extra"),
            "{err}"
        );
    }
}
