//! Hard limits on received messages, so that hostile input costs bounded memory and time.
//!
//! Every provider checks them on every JSON document it parses from the wire: the body, JSON
//! decrypted out of an envelope (LianLian `pay_load`, Yixin `params`, Vbao `reqmsg`) and JSON held
//! in a string (xianjincard `args`, Vbao `data`). Body sizes are per provider (each module's
//! `MAX_BODY_BYTES`, xianjincard's `max_body_bytes` setting). Going over any limit is
//! [`CodecError::LimitExceeded`] naming the limit.
//!
//! The figures are far above anything the documents show (a bind-card message has a few dozen
//! fields, nests three levels deep, and its longest value, a bank gateway message in Vbao's
//! `submitParams`, is a few KiB) and far below what would hurt.

use serde_json::{Map, Value};

use super::error::CodecError;

/// Deepest nesting of JSON objects and arrays in one received document (the top object is 1).
pub const MAX_DEPTH: usize = 16;

/// Most JSON values in one received document: every object member and array element at every
/// level counts once.
pub const MAX_FIELDS: usize = 1024;

/// Longest string in a received document, in bytes (object keys and string values alike).
pub const MAX_FIELD_BYTES: usize = 32 * 1024;

/// Checks a parsed document against [`MAX_DEPTH`], [`MAX_FIELDS`] and [`MAX_FIELD_BYTES`].
/// Iterative, so a deep document cannot exhaust the stack.
pub fn check_json(value: &Value) -> Result<(), CodecError> {
    let mut fields = 0usize;
    let mut stack: Vec<(&Value, usize)> = vec![(value, 1)];
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
/// [`CodecError::LimitExceeded`] rather than the parser's recursion error.
///
/// A valid document within the limits takes a one-pass parser built for that case; everything
/// else is judged by [`parse_json_reference`], so both give the same value or the same error.
pub fn parse_json(field: &str, bytes: &[u8], max_body: usize) -> Result<Value, CodecError> {
    check_body_len(bytes, max_body)?;
    match super::fast_json::parse(bytes) {
        Some(value) => Ok(value),
        None => parse_json_reference(field, bytes, max_body),
    }
}

/// [`parse_json`] through serde_json and [`check_json`] only: the reference the one-pass parser
/// is tested (and fuzzed) against.
pub fn parse_json_reference(field: &str, bytes: &[u8], max_body: usize) -> Result<Value, CodecError> {
    check_body_len(bytes, max_body)?;
    if nesting_exceeds(bytes, MAX_DEPTH) {
        return Err(depth_error());
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| CodecError::json(field, &e))?;
    check_json(&value)?;
    Ok(value)
}

fn check_body_len(bytes: &[u8], max_body: usize) -> Result<(), CodecError> {
    if bytes.len() > max_body {
        Err(CodecError::LimitExceeded {
            what: "body bytes",
            limit: max_body,
        })
    } else {
        Ok(())
    }
}

/// [`parse_json`] for a document that must be an object.
pub fn parse_json_object(field: &str, bytes: &[u8], max_body: usize) -> Result<Map<String, Value>, CodecError> {
    match parse_json(field, bytes, max_body)? {
        Value::Object(map) => Ok(map),
        _ => Err(CodecError::Malformed {
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

fn depth_error() -> CodecError {
    CodecError::LimitExceeded {
        what: "JSON nesting depth",
        limit: MAX_DEPTH,
    }
}

fn check_depth(depth: usize) -> Result<(), CodecError> {
    if depth > MAX_DEPTH {
        Err(depth_error())
    } else {
        Ok(())
    }
}

fn count(fields: usize, more: usize) -> Result<usize, CodecError> {
    let total = fields.saturating_add(more);
    if total > MAX_FIELDS {
        Err(CodecError::LimitExceeded {
            what: "JSON fields in one message",
            limit: MAX_FIELDS,
        })
    } else {
        Ok(total)
    }
}

fn check_field_len(s: &str) -> Result<(), CodecError> {
    if s.len() > MAX_FIELD_BYTES {
        Err(CodecError::LimitExceeded {
            what: "JSON string bytes",
            limit: MAX_FIELD_BYTES,
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
            CodecError::LimitExceeded {
                what: "JSON fields in one message",
                limit: MAX_FIELDS
            }
        );
    }

    #[test]
    fn long_strings_and_keys_are_refused() {
        let long = "x".repeat(MAX_FIELD_BYTES + 1);
        let limit = CodecError::LimitExceeded {
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
    fn body_size_is_checked_first() {
        assert_eq!(
            parse_json("b", b"{}   ", 4).unwrap_err(),
            CodecError::LimitExceeded {
                what: "body bytes",
                limit: 4
            }
        );
    }
}
