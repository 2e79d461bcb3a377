//! `application/x-www-form-urlencoded`, as browsers and Java's `URLEncoder` produce it.

/// A form body or query string could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// A `%` not followed by two hex digits.
    #[error("malformed percent-escape at byte {offset}")]
    BadEscape {
        /// Byte offset of the `%`.
        offset: usize,
    },
    /// The decoded bytes are not UTF-8.
    #[error("form field is not UTF-8 after decoding")]
    NotUtf8,
    /// More fields than the reader accepts ([`decode_received`]).
    #[error("more than {limit} fields")]
    TooManyFields {
        /// The most fields accepted.
        limit: usize,
    },
    /// A name occurs more than once ([`decode_received`]). The name is input: whoever reports
    /// it decides whether it may be echoed.
    #[error("a field name occurs more than once")]
    Repeated {
        /// The repeated name.
        name: String,
    },
}

/// Percent-encodes one component: unreserved `A-Z a-z 0-9 - . _ *` kept, space as `+`.
pub fn encode_component(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                for nibble in [b >> 4, b & 0x0f] {
                    out.push(HEX.get(usize::from(nibble)).map_or('0', |&c| char::from(c)));
                }
            }
        }
    }
}

/// Encodes pairs as `k=v&k=v`, in the given order.
pub fn encode<'a, I>(pairs: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        encode_component(k, &mut out);
        out.push('=');
        encode_component(v, &mut out);
    }
    out
}

/// Decodes `k=v&k=v` (`+` is space); empty segments are skipped, a key without `=` has value "".
/// Order and duplicates are kept: the caller decides what a repeat means.
pub fn decode(input: &[u8]) -> Result<Vec<(String, String)>, FormError> {
    let mut pairs = Vec::new();
    let mut offset = 0;
    for segment in input.split(|&b| b == b'&') {
        if !segment.is_empty() {
            let (k, v) = match segment.iter().position(|&b| b == b'=') {
                Some(i) => (
                    segment.get(..i).unwrap_or_default(),
                    segment.get(i + 1..).unwrap_or_default(),
                ),
                None => (segment, &[][..]),
            };
            let key_end = offset + k.len() + 1;
            pairs.push((decode_component(k, offset)?, decode_component(v, key_end)?));
        }
        offset += segment.len() + 1;
    }
    Ok(pairs)
}

/// The first name that occurs more than once among `pairs`, if any, in linear time. A repeated
/// form field is refused wherever a message is received: which copy a reader takes (first, last,
/// both) differs between frameworks, so a signed and an unsigned copy could be read differently.
pub fn first_repeated(pairs: &[(String, String)]) -> Option<&str> {
    let mut seen = std::collections::HashSet::with_capacity(pairs.len());
    pairs.iter().map(|(k, _)| k.as_str()).find(|k| !seen.insert(*k))
}

/// [`decode`] for a received message: at most `max_fields` fields (counted before anything is
/// decoded, so an oversized form costs one scan) and each name once ([`first_repeated`]).
pub fn decode_received(input: &[u8], max_fields: usize) -> Result<Vec<(String, String)>, FormError> {
    let fields = input.split(|&b| b == b'&').filter(|s| !s.is_empty()).count();
    if fields > max_fields {
        return Err(FormError::TooManyFields { limit: max_fields });
    }
    let pairs = decode(input)?;
    match first_repeated(&pairs) {
        Some(name) => Err(FormError::Repeated { name: name.to_owned() }),
        None => Ok(pairs),
    }
}

/// Percent-decodes one component (`+` as space when `plus_as_space`); `None` when an escape is
/// malformed or the result is not UTF-8. Diagnosis tools use it to try a value as decoded.
pub fn percent_decode(input: &str, plus_as_space: bool) -> Option<String> {
    if plus_as_space {
        decode_component(input.as_bytes(), 0).ok()
    } else {
        let kept = input.replace('+', "%2B");
        decode_component(kept.as_bytes(), 0).ok()
    }
}

fn decode_component(input: &[u8], base: usize) -> Result<String, FormError> {
    let mut out = Vec::with_capacity(input.len());
    let mut iter = input.iter().enumerate();
    while let Some((i, &b)) = iter.next() {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = iter.next().and_then(|(_, &c)| hex_val(c));
                let lo = iter.next().and_then(|(_, &c)| hex_val(c));
                match (hi, lo) {
                    (Some(h), Some(l)) => out.push(h << 4 | l),
                    _ => return Err(FormError::BadEscape { offset: base + i }),
                }
            }
            _ => out.push(b),
        }
    }
    String::from_utf8(out).map_err(|_| FormError::NotUtf8)
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_received_form_over_the_field_cap_is_refused_before_decoding() {
        let form = ["f0", "f1", "f2", "f3", "f4"].map(|n| format!("{n}=1")).join("&");
        assert_eq!(
            decode_received(form.as_bytes(), 4),
            Err(FormError::TooManyFields { limit: 4 })
        );
        assert_eq!(decode_received(form.as_bytes(), 5).unwrap().len(), 5);
    }

    #[test]
    fn a_received_form_with_a_repeated_name_is_refused() {
        assert_eq!(
            decode_received(b"a=1&b=2&a=3", 10),
            Err(FormError::Repeated { name: "a".into() })
        );
        // `a` and `a%3D` differ once decoded; `%61` is `a`.
        assert_eq!(
            decode_received(b"a=1&%61=2", 10),
            Err(FormError::Repeated { name: "a".into() })
        );
    }

    #[test]
    fn encodes_like_java_urlencoder() {
        assert_eq!(
            encode([("args", r#"{"a":"张 三"}"#), ("ua", "SH_XJ")]),
            "args=%7B%22a%22%3A%22%E5%BC%A0+%E4%B8%89%22%7D&ua=SH_XJ"
        );
    }

    #[test]
    fn decodes_plus_percent_and_keeps_order_and_duplicates() {
        let got = decode(b"b=1+2&a=%E5%BC%A0&&b=&c").unwrap();
        assert_eq!(
            got,
            vec![
                ("b".into(), "1 2".into()),
                ("a".into(), "张".into()),
                ("b".into(), String::new()),
                ("c".into(), String::new())
            ]
        );
        assert_eq!(first_repeated(&got), Some("b"));
        assert_eq!(first_repeated(&decode(b"a=1&b=2&ab=3").unwrap()), None);
        assert_eq!(decode(b"a=%Z1").unwrap_err(), FormError::BadEscape { offset: 2 });
        assert_eq!(decode(b"a=%E5").unwrap_err(), FormError::NotUtf8);
    }
}
