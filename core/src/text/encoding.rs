//! Base64 and hex as the providers use them.
//!
//! Providers hand out base64 wrapped at 64 or 76 columns with CRLF, or on one line, sometimes with
//! stray surrounding whitespace; decoders here accept all of those and nothing else.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// A base64 input was not valid base64 (after removing ASCII whitespace).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: not valid base64 ({reason})")]
pub struct Base64Error {
    /// Which input was being decoded (a field or parameter name, never its value).
    pub field: &'static str,
    /// Why it was rejected.
    pub reason: &'static str,
}

/// Decodes standard base64 (with padding), ignoring ASCII whitespace anywhere in the input.
pub fn decode_base64_lenient(field: &'static str, input: &[u8]) -> Result<Vec<u8>, Base64Error> {
    // One-line input (the usual case on the wire) decodes as it is, without a scan for whitespace:
    // base64 has no whitespace in its alphabet, so input that decodes had none to remove.
    if !input.is_empty() {
        if let Ok(bytes) = STANDARD.decode(input) {
            return Ok(bytes);
        }
    }
    let compact: std::borrow::Cow<'_, [u8]> = if input.iter().any(u8::is_ascii_whitespace) {
        input.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect()
    } else {
        input.into()
    };
    if compact.is_empty() {
        return Err(Base64Error { field, reason: "empty" });
    }
    STANDARD.decode(&compact).map_err(|e| Base64Error {
        field,
        reason: match e {
            base64::DecodeError::InvalidByte(..) => "invalid character",
            base64::DecodeError::InvalidLength(_) => "invalid length",
            base64::DecodeError::InvalidLastSymbol(..) => "invalid last symbol",
            base64::DecodeError::InvalidPadding => "invalid padding",
        },
    })
}

/// Encodes as standard base64 with padding, on one line.
pub fn encode_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Letter case of a hex string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HexCase {
    /// `0-9a-f`
    Lower,
    /// `0-9A-F`
    Upper,
}

/// Hex-encodes `bytes` in the given case.
pub fn encode_hex(bytes: &[u8], case: HexCase) -> String {
    let table: &[u8; 16] = match case {
        HexCase::Lower => b"0123456789abcdef",
        HexCase::Upper => b"0123456789ABCDEF",
    };
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            out.push(table.get(usize::from(nibble)).map_or('0', |&c| char::from(c)));
        }
    }
    out
}

/// Decodes hex of either case; `None` if the length is odd or a character is not hex.
pub fn decode_hex(input: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let bytes = input.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => Some(nibble(*hi)? << 4 | nibble(*lo)?),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_tolerates_crlf_wrapping_and_surrounding_whitespace() {
        let got = decode_base64_lenient("sig", b"  aGVs\r\nbG8g\nd29y bGQ=\r\n ").unwrap();
        assert_eq!(got, b"hello world");
    }

    #[test]
    fn base64_rejects_non_alphabet_and_bad_padding_and_empty() {
        assert_eq!(
            decode_base64_lenient("sig", b"aGVs*G8=").unwrap_err().reason,
            "invalid character"
        );
        assert_eq!(
            decode_base64_lenient("sig", b"aGVsbG8").unwrap_err().reason,
            "invalid padding"
        );
        assert_eq!(decode_base64_lenient("sig", b" \r\n").unwrap_err().reason, "empty");
    }

    #[test]
    fn base64_one_line_and_wrapped_inputs_give_the_same_bytes_and_errors_name_the_compacted_input() {
        assert_eq!(
            decode_base64_lenient("sig", b"aGVsbG8gd29ybGQ=").unwrap(),
            b"hello world"
        );
        assert_eq!(
            decode_base64_lenient("sig", b"aGVsbG8g\r\nd29ybGQ=").unwrap(),
            b"hello world"
        );
        assert_eq!(decode_base64_lenient("sig", b"").unwrap_err().reason, "empty");
        // Judged after whitespace is removed: one stray space does not make padding wrong.
        assert_eq!(
            decode_base64_lenient("sig", b"aGVsbG8 ").unwrap_err().reason,
            "invalid padding"
        );
        assert_eq!(
            decode_base64_lenient("sig", b"aGVs\n*G8=").unwrap_err().reason,
            "invalid character"
        );
        assert_eq!(
            decode_base64_lenient("sig", b"aGVsbG9=").unwrap_err().reason,
            "invalid last symbol"
        );
    }

    #[test]
    fn hex_round_trips_in_both_cases() {
        assert_eq!(encode_hex(&[0x00, 0xab, 0xff], HexCase::Lower), "00abff");
        assert_eq!(encode_hex(&[0x00, 0xab, 0xff], HexCase::Upper), "00ABFF");
        assert_eq!(decode_hex("00AbfF"), Some(vec![0x00, 0xab, 0xff]));
        assert_eq!(decode_hex("abc"), None);
        assert_eq!(decode_hex("zz"), None);
    }
}
