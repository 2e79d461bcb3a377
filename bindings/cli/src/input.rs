//! Reading files and stdin, bounded: every input has a size limit, checked while reading (a
//! 100 MB file is refused after its first bytes past the limit, not read whole), and JSON and form
//! inputs are held to the library's limits (`cardbind::model::limits`).

use std::io::Read as _;
use std::path::Path;

use cardbind::model::limits::{self, MAX_FIELDS, MAX_FIELD_BYTES, MAX_MESSAGE_BYTES};
use cardbind::CodecError;
use serde_json::{Map, Value};

use crate::console::Console;
use crate::error::CliError;

/// Largest key or secret file (a 4096-bit private key in PEM is about 3.3 KiB).
pub const MAX_KEY_FILE_BYTES: usize = 64 * 1024;
/// Largest provider configuration (its keys in PEM take a few KiB each).
pub const MAX_CONFIG_BYTES: usize = 256 * 1024;
/// Largest message: parameters to sign or verify, fields to encode, a body to decode. The
/// largest body any provider's codec accepts.
pub const MAX_INPUT_BYTES: usize = MAX_MESSAGE_BYTES;
/// Largest wire JSON (`encode --json` output read back by `decode`): a message body escaped as a
/// JSON string (up to 6 bytes per byte for `\u00XX`) with room for the URL and headers.
pub const MAX_WIRE_BYTES: usize = 6 * MAX_MESSAGE_BYTES + 64 * 1024;

/// Reads `path`, or stdin when it is `-`, refusing more than `limit` bytes. Errors name the path
/// and the limit, never the content.
pub fn read_bytes(console: &Console<'_>, path: &Path, limit: usize) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let read = if path.as_os_str() == "-" {
        console.read_stdin(cap, &mut buf)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(cap).read_to_end(&mut buf))
    };
    read.map_err(|e| CliError::bad(format!("cannot read {}: {e}", shown(path))))?;
    if buf.len() > limit {
        return Err(CliError::bad(format!(
            "{} is larger than {limit} bytes, the limit for this input",
            shown(path)
        )));
    }
    Ok(buf)
}

/// Reads `path` (or stdin) as UTF-8 text, at most `limit` bytes, without a leading byte-order
/// mark (editors on Windows add one; it is not part of the JSON or form text).
pub fn read_text(console: &Console<'_>, path: &Path, limit: usize) -> Result<String, CliError> {
    utf8_text(read_bytes(console, path, limit)?, &shown(path))
}

/// `bytes` as UTF-8 text without a leading byte-order mark; `source` names them in the error.
pub fn utf8_text(bytes: Vec<u8>, source: &str) -> Result<String, CliError> {
    let text = String::from_utf8(bytes).map_err(|_| CliError::bad(format!("{source} is not UTF-8 text")))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// A JSON object held to the library's limits (size, nesting depth, field count, string length,
/// no repeated key). `source` names the input in errors.
pub fn json_object(text: &[u8], source: &str, limit: usize) -> Result<Map<String, Value>, CliError> {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    match limits::parse_json(source, text, limit) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(CliError::bad(format!("{source}: expected a JSON object"))),
        Err(e) => Err(json_error(source, &e)),
    }
}

/// The wire JSON `decode` reads: [`json_object`]'s limits, except that a string may hold a whole
/// message body.
pub fn wire_object(text: &[u8], source: &str) -> Result<Map<String, Value>, CliError> {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    match limits::parse_json_carrying_bodies(source, text, MAX_WIRE_BYTES, MAX_WIRE_BYTES) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(CliError::bad(format!("{source}: expected a JSON object"))),
        Err(e) => Err(json_error(source, &e)),
    }
}

/// A JSON input error in words: a nesting overflow says "too deep" (not the parser's position
/// of where it gave up); other limits say which.
pub fn json_error(source: &str, e: &CodecError) -> CliError {
    match e {
        CodecError::LimitExceeded {
            what: "JSON nesting depth",
            limit,
        } => CliError::bad(format!(
            "{source}: too deep: JSON nested more than {limit} levels (the library's limit)"
        )),
        CodecError::LimitExceeded { what, limit } => CliError::bad(format!(
            "{source}: too large: {what} exceeds the library's limit of {limit}"
        )),
        CodecError::Malformed { reason, .. } => CliError::bad(format!("{source}: not a JSON object ({reason})")),
        other => CliError::bad(format!("{source}: {other}")),
    }
}

/// A form string's pairs held to the library's limits: at most [`MAX_FIELDS`] fields, each name
/// and value at most [`MAX_FIELD_BYTES`].
pub fn check_form_limits(pairs: &[(String, String)], source: &str) -> Result<(), CliError> {
    if pairs.len() > MAX_FIELDS {
        return Err(CliError::bad(format!(
            "{source}: too large: {} fields, the library's limit is {MAX_FIELDS}",
            pairs.len()
        )));
    }
    if pairs
        .iter()
        .any(|(k, v)| k.len() > MAX_FIELD_BYTES || v.len() > MAX_FIELD_BYTES)
    {
        return Err(CliError::bad(format!(
            "{source}: too large: a name or value exceeds the library's limit of {MAX_FIELD_BYTES} bytes"
        )));
    }
    Ok(())
}

/// How a path is named in messages.
pub fn shown(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    }
}

/// 32 bytes of OS randomness, for RSA blinding and randomised padding.
pub fn os_seed() -> Result<[u8; 32], CliError> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| CliError::bad(format!("no OS randomness available: {e}")))?;
    Ok(seed)
}
