//! The common case of [`super::parse_json`] in one pass: a valid document within every
//! limit, parsed straight from the bytes (strings without escapes are copied once, no lookahead
//! scan for nesting, no second walk for the limits, maps sized once).
//!
//! It builds exactly the `Value` serde_json builds (member order, numbers through serde_json's own
//! `Number` parser) and gives up, returning `None`, on everything else: syntax errors, any limit
//! reached, unpaired surrogates, a key repeated in one object, and keys starting with `$`
//! (serde_json reads its private `$serde_json::private::*` tokens specially). The caller then runs
//! the reference parser and the limit checks, so every refused document gets exactly the error
//! the reference gives it.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use super::{MAX_DEPTH, MAX_FIELDS, MAX_FIELD_BYTES};

/// The document `bytes` hold, or `None` when the full parser must judge it.
pub(crate) fn parse(bytes: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut parser = Parser {
        text,
        bytes,
        pos: 0,
        fields: 0,
        members: Vec::new(),
    };
    parser.skip_ws();
    let value = parser.value(1)?;
    parser.skip_ws();
    (parser.pos == bytes.len()).then_some(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Object members and array elements so far, counted as `check_json` counts them.
    fields: usize,
    /// Members of the objects being parsed, innermost last: one buffer for the whole document,
    /// so each map is allocated once at its final size.
    members: Vec<(String, Value)>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn eat(&mut self, expected: u8) -> bool {
        let found = self.peek() == Some(expected);
        if found {
            self.pos += 1;
        }
        found
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn count_field(&mut self) -> Option<()> {
        self.fields += 1;
        (self.fields <= MAX_FIELDS).then_some(())
    }

    /// `depth` is the nesting depth a container starting here would have (the top one is 1).
    fn value(&mut self, depth: usize) -> Option<Value> {
        match self.next()? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => Some(Value::String(self.string()?.into_owned())),
            b't' => self.literal(b"rue", Value::Bool(true)),
            b'f' => self.literal(b"alse", Value::Bool(false)),
            b'n' => self.literal(b"ull", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, rest: &[u8], value: Value) -> Option<Value> {
        let end = self.pos + rest.len();
        (self.bytes.get(self.pos..end)? == rest).then(|| {
            self.pos = end;
            value
        })
    }

    /// After the `{`.
    fn object(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        if self.members.capacity() == 0 {
            // Skips the 4-member step; measured cheaper than 16 at once with glibc malloc.
            self.members.reserve(8);
        }
        let start = self.members.len();
        self.skip_ws();
        if self.eat(b'}') {
            return Some(Value::Object(Map::new()));
        }
        loop {
            if !self.eat(b'"') {
                return None;
            }
            let key = self.string()?.into_owned();
            if key.starts_with('$') {
                return None;
            }
            self.skip_ws();
            if !self.eat(b':') {
                return None;
            }
            self.skip_ws();
            let value = self.value(depth + 1)?;
            self.count_field()?;
            self.members.push((key, value));
            self.skip_ws();
            match self.next()? {
                b',' => self.skip_ws(),
                b'}' => break,
                _ => return None,
            }
        }
        let mut map = Map::with_capacity(self.members.len().saturating_sub(start));
        for (key, value) in self.members.drain(start..) {
            if map.insert(key, value).is_some() {
                // A repeated key: the reference parser names it in its error.
                return None;
            }
        }
        Some(Value::Object(map))
    }

    /// After the `[`.
    fn array(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        self.skip_ws();
        if self.eat(b']') {
            return Some(Value::Array(items));
        }
        loop {
            let value = self.value(depth + 1)?;
            self.count_field()?;
            items.push(value);
            self.skip_ws();
            match self.next()? {
                b',' => self.skip_ws(),
                b']' => break,
                _ => return None,
            }
        }
        Some(Value::Array(items))
    }

    /// After the `-` or first digit: JSON's number grammar, then serde_json's own `Number` from
    /// that text (its arbitrary-precision form keeps the digits and spells exponents `e+`/`e-`).
    fn number(&mut self) -> Option<Value> {
        let start = self.pos - 1;
        let first = if self.bytes.get(start) == Some(&b'-') {
            self.next()?
        } else {
            self.bytes.get(start).copied()?
        };
        match first {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat(b'.') {
            self.at_least_one_digit()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.at_least_one_digit()?;
        }
        let text = self.text.get(start..self.pos)?;
        text.parse::<Number>().ok().map(Value::Number)
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn at_least_one_digit(&mut self) -> Option<()> {
        let start = self.pos;
        self.digits();
        (self.pos > start).then_some(())
    }

    /// After the opening quote; borrowed unless the string has escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.pos;
        let end = plain_run_end(self.bytes, start);
        let text = self.text.get(start..end)?;
        match self.bytes.get(end)? {
            b'"' => {
                self.pos = end + 1;
                (text.len() <= MAX_FIELD_BYTES).then_some(Cow::Borrowed(text))
            }
            b'\\' => {
                self.pos = end;
                self.escaped(text).map(Cow::Owned)
            }
            _ => None, // a control character: invalid in a JSON string
        }
    }

    /// The rest of a string that has an escape at `pos`; `done` is the text before it.
    fn escaped(&mut self, done: &str) -> Option<String> {
        let mut out = String::with_capacity(done.len() + 16);
        out.push_str(done);
        loop {
            match self.next()? {
                b'"' => break,
                b'\\' => self.escape(&mut out)?,
                _ => return None,
            }
            let start = self.pos;
            let end = plain_run_end(self.bytes, start);
            out.push_str(self.text.get(start..end)?);
            self.pos = end;
        }
        (out.len() <= MAX_FIELD_BYTES).then_some(out)
    }

    /// After a backslash.
    fn escape(&mut self, out: &mut String) -> Option<()> {
        let c = match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        // A leading surrogate needs its trailing one; serde_json refuses it alone.
                        if self.next()? != b'\\' || self.next()? != b'u' {
                            return None;
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        0x1_0000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    _ => unit,
                };
                char::from_u32(code)?
            }
            _ => return None,
        };
        out.push(c);
        Some(())
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut unit = 0u32;
        for _ in 0..4 {
            let digit = char::from(self.next()?).to_digit(16)?;
            unit = unit << 4 | digit;
        }
        Some(unit)
    }
}

/// Where the run of ordinary string bytes starting at `i` ends: the first `"`, `\` or control
/// character, or the end. Eight bytes at a time (SWAR): for each test, the lowest flagged byte
/// of a word is exact, false flags can only sit above a real one.
fn plain_run_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let zero_byte = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else { break };
        let w = u64::from_le_bytes(chunk);
        let flags = zero_byte(w ^ (ONES * u64::from(b'"')))
            | zero_byte(w ^ (ONES * u64::from(b'\\')))
            | (w.wrapping_sub(ONES * 0x20) & !w & HIGHS);
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: &Value) -> String {
        serde_json::to_string(v).unwrap()
    }

    #[test]
    fn plain_run_end_finds_the_first_quote_backslash_or_control_at_every_offset() {
        for len in 0..40 {
            for (at, stop) in (0..len).flat_map(|at| [b'"', b'\\', 0x00, 0x1f, b'\n'].map(|s| (at, s))) {
                let mut bytes = vec![b'a'; len];
                bytes[at] = stop;
                // Bytes after the stop that would also stop, and high bytes before it, must not matter.
                for b in bytes.iter_mut().skip(at + 1) {
                    *b = b'"';
                }
                for b in bytes.iter_mut().take(at) {
                    *b = 0xE4;
                }
                assert_eq!(plain_run_end(&bytes, 0), at, "len {len} stop {stop:#x} at {at}");
            }
            let clean: Vec<u8> = (0..len)
                .map(|i| [b'a', 0x7f, 0x20, 0xff, b'!', b'#', b'['][i % 7])
                .collect();
            assert_eq!(plain_run_end(&clean, 0), len);
        }
    }

    #[test]
    fn flat_object_keeps_member_order_and_exact_values() {
        let body = "{\"z\":\"1\",\"a\":\"交易成功\",\"n\":null,\"t\":true,\"f\":false,\"e\":\"\"}";
        let value = parse(body.as_bytes()).unwrap();
        assert_eq!(text(&value), body);
        assert_eq!(value["a"], "交易成功");
    }

    #[test]
    fn escapes_decode_exactly() {
        let value = parse(br#"{"k\"ey":"a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u4e2d\ud83d\ude00z"}"#).unwrap();
        assert_eq!(value["k\"ey"], "a\"b\\c/d\u{8}\u{c}\n\r\tA\u{e9}\u{4e2d}\u{1f600}z");
        // An escape as the very first and very last character.
        assert_eq!(parse(br#""\n""#).unwrap(), "\n");
        assert_eq!(parse(br#""x\u0022""#).unwrap(), "x\"");
    }

    #[test]
    fn a_repeated_key_is_left_to_the_reference_parser_at_any_depth() {
        assert_eq!(parse(br#"{"a":"1","b":"2","a":"3"}"#), None);
        assert_eq!(parse(br#"{"x":[{"a":1,"a":1}]}"#), None);
        // The same key in two different objects is not a repeat.
        assert!(parse(br#"{"a":{"a":1},"b":{"a":2}}"#).is_some());
    }

    #[test]
    fn numbers_keep_serde_json_arbitrary_precision_text() {
        let cases = [
            ("0", "0"),
            ("-0", "-0"),
            ("12", "12"),
            ("-12", "-12"),
            ("18446744073709551616", "18446744073709551616"),
            ("-9223372036854775809", "-9223372036854775809"),
            ("1.50", "1.50"),
            ("1E5", "1e+5"),
            ("1e-5", "1e-5"),
            ("2.0E+10", "2.0e+10"),
            (
                "123456789012345678901234567890.123456789",
                "123456789012345678901234567890.123456789",
            ),
        ];
        for (input, expected) in cases {
            let doc = format!("[{input}]");
            let value = parse(doc.as_bytes()).unwrap();
            assert_eq!(text(&value), format!("[{expected}]"), "{input}");
            assert_eq!(
                text(&value),
                text(&serde_json::from_str::<Value>(&doc).unwrap()),
                "{input}"
            );
        }
    }

    #[test]
    fn nesting_up_to_the_limit_is_parsed_and_beyond_it_is_left_to_serde_json() {
        let nested = |d: usize| format!("{}{{\"k\":1}}{}", "[".repeat(d - 1), "]".repeat(d - 1));
        let value = parse(nested(MAX_DEPTH).as_bytes()).unwrap();
        assert_eq!(text(&value), nested(MAX_DEPTH));
        assert_eq!(parse(nested(MAX_DEPTH + 1).as_bytes()), None);
    }

    #[test]
    fn limits_and_everything_invalid_are_left_to_serde_json() {
        let long = "x".repeat(MAX_FIELD_BYTES + 1);
        let escaped_long = format!("\"\\n{}\"", "x".repeat(MAX_FIELD_BYTES));
        let many = format!("[{}]", vec!["0"; MAX_FIELDS + 1].join(","));
        let refused: Vec<Vec<u8>> = vec![
            format!("\"{long}\"").into_bytes(),
            escaped_long.into_bytes(),
            format!("{{\"{long}\":1}}").into_bytes(),
            many.into_bytes(),
            b"{\"a\":\"\xff\"}".to_vec(),
            b"{\"a\":\"\xe4\xb8\"}".to_vec(),
            b"\"a\x01\"".to_vec(),
            br#""\ud83d""#.to_vec(),
            br#""\ud83dx""#.to_vec(),
            br#""\ud83d\u0041""#.to_vec(),
            br#""\ude00""#.to_vec(),
            br#""\u12g4""#.to_vec(),
            br#""\x""#.to_vec(),
            br#"{"$serde_json::private::Number":"1"}"#.to_vec(),
            br#"{"$serde_json::private::RawValue":"[]"}"#.to_vec(),
            br#"{"a":1,}"#.to_vec(),
            br"[1,]".to_vec(),
            br#"{"a" 1}"#.to_vec(),
            br"{a:1}".to_vec(),
            b"01".to_vec(),
            b"-".to_vec(),
            b"1.".to_vec(),
            b"1e".to_vec(),
            b"1e+".to_vec(),
            b".5".to_vec(),
            b"+1".to_vec(),
            b"tru".to_vec(),
            b"nulll".to_vec(),
            b"{} {}".to_vec(),
            b"".to_vec(),
            b"  ".to_vec(),
            b"\"open".to_vec(),
            b"{\"a\":1".to_vec(),
            b"\xef\xbb\xbf{}".to_vec(),
        ];
        for doc in refused {
            assert_eq!(parse(&doc), None, "{}", String::from_utf8_lossy(&doc));
        }
        let fits = format!("\"{}\"", "x".repeat(MAX_FIELD_BYTES));
        assert!(parse(fits.as_bytes()).is_some());
        let most = format!("[{}]", vec!["0"; MAX_FIELDS].join(","));
        assert!(parse(most.as_bytes()).is_some());
    }

    #[test]
    fn whitespace_between_tokens_is_json_whitespace_only() {
        let value = parse(b" \t\r\n{ \"a\" :\n[ 1 , \"b\" ] ,\"c\":{ } }\n ").unwrap();
        assert_eq!(text(&value), r#"{"a":[1,"b"],"c":{}}"#);
        assert_eq!(parse(b"\x0c{}"), None);
        assert_eq!(parse("\u{a0}{}".as_bytes()), None);
    }
}
