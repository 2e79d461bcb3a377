//! The strict JSON reader every received document goes through, and its hard limits, so that
//! hostile input costs bounded memory and time.
//!
//! Hard limits on received messages, so that hostile input costs bounded memory and time.
//!
//! Every provider checks them on every JSON document it parses from the wire: the body, JSON
//! decrypted out of an envelope (LianLian `pay_load`, Yixin `params`, Vbao `reqmsg`) and JSON held
//! in a string (xianjincard `args`, Vbao `data`). Body sizes are per provider (each module's
//! `MAX_BODY_BYTES`, xianjincard's `max_body_bytes` setting). Going over any limit is
//! [`JsonError::LimitExceeded`] naming the limit. A key repeated in one object is refused too
//! ([`duplicate_key_error`]): parsers disagree about which copy counts.
//!
//! The figures are far above anything the documents show (a bind-card message has a few dozen
//! fields, nests three levels deep, and its longest value, a bank gateway message in Vbao's
//! `submitParams`, is a few KiB) and far below what would hurt.

use std::cell::RefCell;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

mod error;
mod fast;

pub use error::JsonError;

/// Canonical JSON text: object keys sorted bytewise at every depth, no whitespace, numbers as
/// their exact text (Python `json.dumps(sort_keys=True, separators=(",", ":"),
/// ensure_ascii=False)`). Two documents that differ only in key order or formatting give the same
/// text.
pub fn canonical_text(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Deepest nesting of JSON objects and arrays in one received document (the top object is 1).
pub const MAX_DEPTH: usize = 16;

/// Most JSON values in one received document: every object member and array element at every
/// level counts once.
pub const MAX_FIELDS: usize = 1024;

/// Longest string in a received document, in bytes (object keys and string values alike).
pub const MAX_FIELD_BYTES: usize = 32 * 1024;

/// The largest body any provider's codec decodes (Yixin's, 256 KiB): what a tool that reads a
/// message of any provider (the command line's `sign` and `verify`) accepts.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// Checks a parsed document against [`MAX_DEPTH`], [`MAX_FIELDS`] and [`MAX_FIELD_BYTES`].
/// Iterative, so a deep document cannot exhaust the stack.
pub fn check_json(value: &Value) -> Result<(), JsonError> {
    check_json_with(value, MAX_FIELD_BYTES)
}

/// [`check_json`] with another longest string (a document that carries whole bodies as strings).
fn check_json_with(value: &Value, max_string: usize) -> Result<(), JsonError> {
    let mut fields = 0usize;
    let mut stack: Vec<(&Value, usize)> = vec![(value, 1)];
    let check_field_len = |s: &str| check_string_len(s, max_string);
    while let Some((value, depth)) = stack.pop() {
        match value {
            Value::String(s) => check_field_len(s)?,
            Value::Array(items) => {
                check_depth(depth)?;
                fields = count(fields, items.len())?;
                stack.extend(items.iter().map(|v| (v, depth + 1)));
            }
            Value::Object(members) => {
                check_depth(depth)?;
                fields = count(fields, members.len())?;
                for (k, v) in members {
                    check_field_len(k)?;
                    stack.push((v, depth + 1));
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    Ok(())
}

/// Parses a received JSON document of at most `max_body` bytes and checks it against every limit.
/// Nesting is measured on the bytes before parsing, so that a deeply nested input is a
/// [`JsonError::LimitExceeded`] rather than the parser's recursion error.
///
/// A valid document within the limits takes a one-pass parser built for that case; everything
/// else is judged by [`parse_json_reference`], so both give the same value or the same error.
pub fn parse_json(field: &str, bytes: &[u8], max_body: usize) -> Result<Value, JsonError> {
    check_body_len(bytes, max_body)?;
    match fast::parse(bytes) {
        Some(value) => Ok(value),
        None => parse_json_reference(field, bytes, max_body),
    }
}

/// [`parse_json`] through serde_json's parser (a key repeated in one object refused, see
/// [`duplicate_key_error`]) and [`check_json`] only: the reference the one-pass parser is tested
/// (and fuzzed) against.
pub fn parse_json_reference(field: &str, bytes: &[u8], max_body: usize) -> Result<Value, JsonError> {
    parse_json_carrying_bodies(field, bytes, max_body, MAX_FIELD_BYTES)
}

/// [`parse_json_reference`] with another longest string: for a document that carries whole
/// message bodies as strings (the command line's wire JSON), every other limit unchanged.
pub fn parse_json_carrying_bodies(
    field: &str,
    bytes: &[u8],
    max_body: usize,
    max_string: usize,
) -> Result<Value, JsonError> {
    check_body_len(bytes, max_body)?;
    if nesting_exceeds(bytes, MAX_DEPTH) {
        return Err(depth_error());
    }
    let value = from_slice_strict(field, bytes)?;
    check_json_with(&value, max_string)?;
    Ok(value)
}

/// Why two readers can disagree about a document: one object names the same key twice. Which
/// value counts (first or last wins, or an error) differs between parsers, so a signed document
/// with a repeated key could be read one way by the verifier and another way by whatever reads
/// it next. Every received document is refused for it.
pub fn duplicate_key_error(field: &str, key: &str) -> JsonError {
    // A received key is input: only a plausible field name is echoed.
    let field = if super::names::echoable_name(key, 64) {
        format!("{field}.{key}")
    } else {
        field.to_owned()
    };
    JsonError::Malformed {
        field,
        reason: "duplicate key: the name occurs twice in one JSON object".into(),
    }
}

/// serde_json's `Value`, built by serde_json's parser, except that a key repeated in one object
/// is [`duplicate_key_error`].
fn from_slice_strict(field: &str, bytes: &[u8]) -> Result<Value, JsonError> {
    let repeated = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed = StrictValue { repeated: &repeated }
        .deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value));
    match (parsed, repeated.into_inner()) {
        (_, Some(key)) => Err(duplicate_key_error(field, &key)),
        (Ok(value), None) => Ok(value),
        (Err(e), None) => Err(JsonError::serde(field, &e)),
    }
}

/// serde_json's `arbitrary_precision` number token, and its raw-value token (a literal key equal
/// to either is read the way `serde_json::Value` reads it).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

#[derive(Clone, Copy)]
struct StrictValue<'a> {
    /// The first repeated key found.
    repeated: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for StrictValue<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        Number::from_f64(n)
            .map(Value::Number)
            .ok_or_else(|| E::custom("not a finite number"))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Ok(Value::Object(Map::new()));
        };
        if first == NUMBER_TOKEN {
            let text: String = map.next_value()?;
            return text.parse::<Number>().map(Value::Number).map_err(de::Error::custom);
        }
        if first == RAW_TOKEN {
            let text: String = map.next_value()?;
            let mut inner = serde_json::Deserializer::from_str(&text);
            return self
                .deserialize(&mut inner)
                .and_then(|v| inner.end().map(|()| v))
                .map_err(de::Error::custom);
        }
        let mut object = Map::new();
        let value = map.next_value_seed(self)?;
        object.insert(first, value);
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                let message = "duplicate key";
                self.repeated.borrow_mut().get_or_insert(key);
                return Err(de::Error::custom(message));
            }
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

fn check_body_len(bytes: &[u8], max_body: usize) -> Result<(), JsonError> {
    if bytes.len() > max_body {
        Err(JsonError::LimitExceeded {
            what: "body bytes",
            limit: max_body,
        })
    } else {
        Ok(())
    }
}

/// [`parse_json`] for a document that must be an object.
pub fn parse_json_object(field: &str, bytes: &[u8], max_body: usize) -> Result<Map<String, Value>, JsonError> {
    match parse_json(field, bytes, max_body)? {
        Value::Object(map) => Ok(map),
        _ => Err(JsonError::Malformed {
            field: field.to_owned(),
            reason: "not a JSON object".into(),
        }),
    }
}

/// Whether `{`/`[` nest deeper than `max` outside JSON strings (a lexical over-approximation:
/// exact for valid JSON, and invalid JSON fails to parse anyway).
fn nesting_exceeds(bytes: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

fn depth_error() -> JsonError {
    JsonError::LimitExceeded {
        what: "JSON nesting depth",
        limit: MAX_DEPTH,
    }
}

fn check_depth(depth: usize) -> Result<(), JsonError> {
    if depth > MAX_DEPTH {
        Err(depth_error())
    } else {
        Ok(())
    }
}

fn count(fields: usize, more: usize) -> Result<usize, JsonError> {
    let total = fields.saturating_add(more);
    if total > MAX_FIELDS {
        Err(JsonError::LimitExceeded {
            what: "JSON fields in one message",
            limit: MAX_FIELDS,
        })
    } else {
        Ok(total)
    }
}

fn check_string_len(s: &str, max: usize) -> Result<(), JsonError> {
    if s.len() > max {
        Err(JsonError::LimitExceeded {
            what: "JSON string bytes",
            limit: max,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn depth_up_to_the_limit_parses_and_one_more_is_refused_before_and_after_parsing() {
        assert!(parse_json("b", nested(MAX_DEPTH).as_bytes(), 1 << 20).is_ok());
        let deep = nested(MAX_DEPTH + 1);
        let err = parse_json("b", deep.as_bytes(), 1 << 20).unwrap_err();
        assert_eq!(err, depth_error());
        let value: Value = serde_json::from_str(&deep).unwrap();
        assert_eq!(check_json(&value).unwrap_err(), depth_error());
        // Far beyond serde_json's own recursion limit: still the typed limit, never a crash.
        assert_eq!(
            parse_json("b", nested(100_000).as_bytes(), 1 << 20).unwrap_err(),
            depth_error()
        );
    }

    #[test]
    fn brackets_inside_strings_do_not_count_as_nesting() {
        let text = format!("{{\"a\":\"{}\\\"{}\"}}", "[".repeat(100), "{".repeat(100));
        assert!(parse_json("b", text.as_bytes(), 1 << 20).is_ok());
    }

    #[test]
    fn field_count_counts_members_and_elements_at_every_level() {
        let members: Vec<String> = (0..MAX_FIELDS - 1).map(|i| format!("\"f{i}\":0")).collect();
        let ok = format!("{{{},\"last\":[]}}", members.join(","));
        assert!(parse_json("b", ok.as_bytes(), 1 << 20).is_ok());
        let over = format!("{{{},\"last\":[0]}}", members.join(","));
        assert_eq!(
            parse_json("b", over.as_bytes(), 1 << 20).unwrap_err(),
            JsonError::LimitExceeded {
                what: "JSON fields in one message",
                limit: MAX_FIELDS
            }
        );
    }

    #[test]
    fn long_strings_and_keys_are_refused() {
        let long = "x".repeat(MAX_FIELD_BYTES + 1);
        let limit = JsonError::LimitExceeded {
            what: "JSON string bytes",
            limit: MAX_FIELD_BYTES,
        };
        for text in [format!("{{\"a\":\"{long}\"}}"), format!("{{\"{long}\":1}}")] {
            assert_eq!(parse_json("b", text.as_bytes(), 1 << 20).unwrap_err(), limit);
        }
        let fits = format!("{{\"a\":\"{}\"}}", "x".repeat(MAX_FIELD_BYTES));
        assert!(parse_json("b", fits.as_bytes(), 1 << 20).is_ok());
    }

    #[test]
    fn a_repeated_key_is_refused_by_both_parsers_and_named() {
        let dup = |key: &str| JsonError::Malformed {
            field: format!("body.{key}"),
            reason: "duplicate key: the name occurs twice in one JSON object".into(),
        };
        // The issue's reply: an early 1900 that other readers see, the genuine 0000 later.
        let body = br#"{"ret_code":"1900","ret_msg":"x","ret_code":"0000"}"#;
        assert_eq!(parse_json("body", body, 1 << 20).unwrap_err(), dup("ret_code"));
        assert_eq!(
            parse_json_reference("body", body, 1 << 20).unwrap_err(),
            dup("ret_code")
        );
        // Nested, in an array, and spelled differently (an escape): still one key.
        let nested = br#"{"a":[{"k":1,"k":2}]}"#;
        assert_eq!(parse_json("body", nested, 1 << 20).unwrap_err(), dup("k"));
        // A key that is not a plausible field name is not echoed.
        let odd = "{\"6222022005001212726\":1,\"6222022005001212726\":2}";
        assert_eq!(
            parse_json("body", odd.as_bytes(), 1 << 20).unwrap_err(),
            JsonError::Malformed {
                field: "body".into(),
                reason: "duplicate key: the name occurs twice in one JSON object".into(),
            }
        );
        // serde_json's private tokens do not smuggle a repeat past the check.
        let token = br#"{"$serde_json::private::RawValue":"{\"a\":1,\"a\":2}"}"#;
        assert!(parse_json("body", token, 1 << 20).is_err());
        assert!(parse_json("body", br#"{"a":{"b":1},"c":{"b":1}}"#, 1 << 20).is_ok());
    }

    #[test]
    fn documents_carrying_bodies_take_long_strings_and_nothing_else() {
        let body = format!("{{\"body\":\"{}\"}}", "x".repeat(MAX_FIELD_BYTES + 1));
        assert!(parse_json("w", body.as_bytes(), 1 << 20).is_err());
        assert!(parse_json_carrying_bodies("w", body.as_bytes(), 1 << 20, 1 << 20).is_ok());
        assert_eq!(
            parse_json_carrying_bodies("w", nested(MAX_DEPTH + 1).as_bytes(), 1 << 20, 1 << 20).unwrap_err(),
            depth_error()
        );
        assert!(parse_json_carrying_bodies("w", br#"{"a":1,"a":2}"#, 1 << 20, 1 << 20).is_err());
    }

    #[test]
    fn body_size_is_checked_first() {
        assert_eq!(
            parse_json("b", b"{}   ", 4).unwrap_err(),
            JsonError::LimitExceeded {
                what: "body bytes",
                limit: 4
            }
        );
    }
}
