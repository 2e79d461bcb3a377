//! The one way a unified request's provider-specific `extra` fields join the wire fields.

use serde_json::{Map, Value};

use crate::model::{Operation, ValidationError, ValidationRule};
use crate::spec::ProviderSpec;
use crate::text::names::closest;

/// Adds `extra` to `wire`. A name a unified field already set is the caller's mistake, the same
/// one for every provider: [`ValidationRule::SetByUnifiedField`] on `extra.<name>` (a
/// `ValidationError`, kind `invalid_parameter`), never an overwrite.
pub fn merge_extra(wire: &mut Map<String, Value>, extra: &Map<String, Value>) -> Result<(), ValidationError> {
    if let Some(name) = extra.keys().find(|k| wire.contains_key(*k)) {
        return Err(ValidationError::new(
            format!("extra.{name}"),
            ValidationRule::SetByUnifiedField,
        ));
    }
    wire.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(())
}

/// Why `name` is refused in a string-keyed unified call of `operation`, with the fix: when
/// `name` is a request field of the provider's operation behind it, "pass it in `extra`" (where a
/// unified field fills it, `extra` then says so); otherwise a near spelling of a unified field.
/// Never quotes `name` (the error's field names it).
pub fn not_a_unified_field(spec: &ProviderSpec, operation: Operation, name: &str) -> String {
    let fields = operation.field_names();
    let op = operation.name();
    let wire = spec
        .operations
        .iter()
        .filter(|o| o.unified == op)
        .find(|o| o.request.iter().any(|f| f.name == name));
    if let Some(wire) = wire {
        return format!(
            "is not a field of {op} but {}'s wire field (`{}`): pass it in `extra`",
            spec.provider, wire.name
        );
    }
    match closest(name, fields.iter().copied()) {
        Some(near) => format!("is not a field of {op}; did you mean `{near}`?"),
        None => format!("is not a field of {op} (one of {})", fields.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_extra_field_that_a_unified_field_set_is_refused_and_nothing_is_overwritten() {
        let mut wire = json!({"card_no": "6222"}).as_object().unwrap().clone();
        let extra = json!({"memo": "x", "card_no": "other"}).as_object().unwrap().clone();
        let err = merge_extra(&mut wire, &extra).unwrap_err();
        assert_eq!(
            err,
            ValidationError::new("extra.card_no", ValidationRule::SetByUnifiedField)
        );
        assert_eq!(wire, *json!({"card_no": "6222"}).as_object().unwrap());
    }

    #[test]
    fn extra_fields_are_added_in_the_order_given() {
        let mut wire = json!({"a": 1}).as_object().unwrap().clone();
        merge_extra(&mut wire, json!({"c": 3, "b": 2}).as_object().unwrap()).unwrap();
        assert_eq!(wire.keys().collect::<Vec<_>>(), ["a", "c", "b"]);
    }
}
