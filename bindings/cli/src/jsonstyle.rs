//! JSON serialised the ways other languages' defaults do it, to find out how a signer produced a
//! JSON value it signed (LianLian `risk_item`, xianjincard `args`).

use std::fmt::Write as _;

use serde_json::Value;

/// A serialisation style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `{"a":"张三"}`: no spaces, UTF-8 kept (serde_json, Jackson, fastjson, Gson).
    Compact,
    /// `{"a": "\u5f20\u4e09"}`: Python `json.dumps` defaults.
    Python,
    /// `{"a": "张三"}`: Python `json.dumps(..., ensure_ascii=False)`.
    PythonUtf8,
    /// `{"a":"\u5f20\u4e09","u":"http:\/\/x"}`: PHP `json_encode` defaults.
    Php,
    /// Compact with object keys sorted bytewise at every level.
    SortedKeys,
    /// Indented by two spaces.
    Pretty,
}

impl Style {
    /// Every style, in the order they are tried.
    pub const ALL: [Style; 6] = [
        Self::Compact,
        Self::Python,
        Self::PythonUtf8,
        Self::Php,
        Self::SortedKeys,
        Self::Pretty,
    ];

    /// How the style is named in diagnoses.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Compact => "compact JSON without spaces, non-ASCII as UTF-8 (Jackson, fastjson, serde_json)",
            Self::Python => "Python json.dumps defaults (\", \" and \": \" separators, non-ASCII as \\uXXXX)",
            Self::PythonUtf8 => "Python json.dumps(ensure_ascii=False) (\", \" and \": \" separators)",
            Self::Php => "PHP json_encode defaults (non-ASCII as \\uXXXX, / as \\/)",
            Self::SortedKeys => "compact JSON with keys sorted",
            Self::Pretty => "indented (pretty-printed) JSON",
        }
    }

    /// Serialises `value` in this style.
    pub fn write(self, value: &Value) -> String {
        if self == Self::Pretty {
            return serde_json::to_string_pretty(value).unwrap_or_default();
        }
        let mut out = String::new();
        write_value(self, value, &mut out);
        out
    }
}

fn write_value(style: Style, value: &Value, out: &mut String) {
    let (comma, colon) = match style {
        Style::Python | Style::PythonUtf8 => (", ", ": "),
        _ => (",", ":"),
    };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // Numbers keep their text (arbitrary_precision).
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(style, s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(comma);
                }
                write_value(style, item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if style == Style::SortedKeys {
                entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            }
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(comma);
                }
                write_string(style, k, out);
                out.push_str(colon);
                write_value(style, v, out);
            }
            out.push('}');
        }
    }
}

fn write_string(style: Style, s: &str, out: &mut String) {
    let ascii_only = matches!(style, Style::Python | Style::Php);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '/' if style == Style::Php => out.push_str("\\/"),
            c if u32::from(c) < 0x20 || (ascii_only && !c.is_ascii()) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_match_python_and_php_defaults() {
        let v: Value = serde_json::from_str(r#"{"b":"张三","a":[1,2.50],"u":"http://x/😀"}"#).unwrap();
        assert_eq!(
            Style::Compact.write(&v),
            r#"{"b":"张三","a":[1,2.50],"u":"http://x/😀"}"#
        );
        assert_eq!(
            Style::Python.write(&v),
            r#"{"b": "\u5f20\u4e09", "a": [1, 2.50], "u": "http://x/\ud83d\ude00"}"#
        );
        assert_eq!(
            Style::Php.write(&v),
            r#"{"b":"\u5f20\u4e09","a":[1,2.50],"u":"http:\/\/x\/\ud83d\ude00"}"#
        );
        assert_eq!(
            Style::SortedKeys.write(&v),
            r#"{"a":[1,2.50],"b":"张三","u":"http://x/😀"}"#
        );
    }
}
