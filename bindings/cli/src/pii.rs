//! Which parameters hold personal data, and masking them for display (unless `--show-pii`).
//!
//! Field names are matched case-insensitively with `_` and `-` ignored, so `card_no`, `cardNo`
//! and `CARD-NO` are one name. Values that are JSON objects (LianLian's `risk_item`) are masked
//! field by field inside.

use cardbind::mask::{mask_all, mask_as, PiiKind};
use serde_json::Value;

use crate::params::Pairs;

fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The personal-data class of a field name, if any: `spec/pii-names.json`'s common names, then
/// every provider's personal-data fields (its spec), both matched case-insensitively with `_`
/// and `-` ignored.
pub fn kind_of(name: &str) -> Option<PiiKind> {
    let n = normalise(name);
    cardbind::spec::pii_names().common_kind(name).or_else(|| {
        cardbind::Provider::ALL.into_iter().find_map(|p| {
            cardbind::registry::pii_fields(p)
                .iter()
                .find(|(known, _)| normalise(known) == n)
                .map(|(_, kind)| *kind)
        })
    })
}

/// `value` of field `key` masked for display; JSON objects and arrays are masked inside.
pub fn mask_field(key: &str, value: &str) -> String {
    if let Some(kind) = kind_of(key) {
        return mask_as(kind, value);
    }
    let trimmed = value.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(parsed) = serde_json::from_str::<Value>(value) {
            let masked = mask_json(&parsed);
            if masked != parsed {
                return serde_json::to_string(&masked).unwrap_or_default();
            }
        }
    }
    value.to_owned()
}

/// A copy of `value` with personal-data fields masked at any depth.
pub fn mask_json(value: &Value) -> Value {
    match value {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| {
                    let masked = match (kind_of(k), v) {
                        (Some(kind), Value::String(s)) => Value::String(mask_as(kind, s)),
                        (Some(_), Value::Null) => Value::Null,
                        (Some(kind), Value::Number(n)) => Value::String(mask_as(kind, &n.to_string())),
                        (None, Value::String(s)) => Value::String(mask_field(k, s)),
                        (_, other) => mask_json(other),
                    };
                    (k.clone(), masked)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(mask_json).collect()),
        other => other.clone(),
    }
}

/// A message body for display: JSON (and JSON inside its string values) or a form string, with
/// personal-data fields masked. Anything else (ciphertext, XML) is returned unchanged.
pub fn mask_body(body: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(body) else {
        return body.to_vec();
    };
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            let masked = mask_json(&v);
            if masked != v {
                return serde_json::to_string(&masked).unwrap_or_default().into_bytes();
            }
        }
        return body.to_vec();
    }
    if text.contains('=') {
        if let Ok(pairs) = cardbind::form::decode(body) {
            let mut changed = false;
            let masked: Vec<(String, String)> = pairs
                .iter()
                .map(|(k, v)| {
                    let m = mask_field(k, v);
                    changed |= &m != v;
                    (k.clone(), m)
                })
                .collect();
            if changed {
                return cardbind::form::encode(masked.iter().map(|(k, v)| (k.as_str(), v.as_str()))).into_bytes();
            }
        }
    }
    body.to_vec()
}

/// Whether `name` holds a signing secret (shown to nobody, not even with `--show-pii`).
pub fn is_signing_secret(name: &str) -> bool {
    matches!(normalise(name).as_str(), "signkey" | "md5key")
}

/// Pairs with only signing secrets masked, and whether anything was.
pub fn mask_signing_secrets(pairs: &Pairs) -> (Pairs, bool) {
    let mut changed = false;
    let masked = pairs
        .iter()
        .map(|(k, v)| match v {
            Some(v) if is_signing_secret(k) && !v.is_empty() => {
                changed = true;
                (k.clone(), Some(mask_all(v)))
            }
            other => (k.clone(), other.clone()),
        })
        .collect();
    (masked, changed)
}

/// Pairs with personal data masked, and whether anything was.
pub fn mask_pairs(pairs: &Pairs) -> (Pairs, bool) {
    let mut changed = false;
    let masked = pairs
        .iter()
        .map(|(k, v)| {
            let mv = v.as_deref().map(|v| {
                let m = mask_field(k, v);
                changed |= m != v;
                m
            });
            (k.clone(), mv)
        })
        .collect();
    (masked, changed)
}

/// Masks a `k=v&k=v` text whose structure is unknown (a raw string to sign): each segment whose
/// key names personal data has its value masked.
pub fn mask_pairs_text(text: &str) -> (String, bool) {
    let mut changed = false;
    let masked: Vec<String> = text
        .split('&')
        .map(|segment| match segment.split_once('=') {
            Some((k, v)) => {
                let m = mask_field(k, v);
                changed |= m != v;
                format!("{k}={m}")
            }
            None => segment.to_owned(),
        })
        .collect();
    (masked.join("&"), changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_naming_styles() {
        assert_eq!(kind_of("card_no"), Some(PiiKind::Card));
        assert_eq!(kind_of("cardNo"), Some(PiiKind::Card));
        assert_eq!(kind_of("bind_mob"), Some(PiiKind::Phone));
        assert_eq!(kind_of("oid_partner"), None);
        // From spec/providers/vbao.json only.
        assert_eq!(kind_of("bankCardName"), Some(PiiKind::Name));
    }

    #[test]
    fn nested_json_values_are_masked_inside() {
        let got = mask_field("extra", r#"{"user_info_full_name":"张三","frms_ware_category":"2009"}"#);
        assert_eq!(got, r#"{"user_info_full_name":"张*","frms_ware_category":"2009"}"#);
    }
}
