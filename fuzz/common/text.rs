//! Text handling: base64 / hex / form encoding and masking, canonical strings from arbitrary
//! maps, and Vbao's auto-submitting form with arbitrary values.

use cardbind::canonical::{CanonicalError, CanonicalRule, KeyOrder};
use cardbind::encoding::{decode_base64_lenient, decode_hex, encode_base64, encode_hex, HexCase};
use cardbind::providers::vbao::form::render_submit_form;
use cardbind::{form, mask};
use serde_json::{Map, Value};

use super::Input;

// ------------------------------------------------------------------------------------------
// encoding

/// base64, hex and `x-www-form-urlencoded` round trips on arbitrary bytes, and masking of
/// arbitrary text (never panics on any char boundary; never shows a long value whole).
pub fn encoding(data: &[u8]) {
    // base64: decode(encode(x)) = x, and whatever decodes re-encodes to something that decodes the same.
    let encoded = encode_base64(data);
    if data.is_empty() {
        assert!(
            decode_base64_lenient("f", encoded.as_bytes()).is_err(),
            "empty is refused"
        );
    } else {
        assert_eq!(
            decode_base64_lenient("f", encoded.as_bytes()).expect("own base64"),
            data
        );
    }
    if let Ok(bytes) = decode_base64_lenient("f", data) {
        assert_eq!(
            decode_base64_lenient("f", encode_base64(&bytes).as_bytes()).ok(),
            Some(bytes)
        );
    }

    // hex, both cases.
    for case in [HexCase::Lower, HexCase::Upper] {
        assert_eq!(decode_hex(&encode_hex(data, case)).as_deref(), Some(data));
    }
    let text = String::from_utf8_lossy(data);
    if let Some(bytes) = decode_hex(&text) {
        assert_eq!(encode_hex(&bytes, HexCase::Lower), text.to_ascii_lowercase());
    }

    // Forms: whatever decodes re-encodes to the same pairs; arbitrary pairs survive a round trip.
    if let Ok(pairs) = form::decode(data) {
        let again = form::encode(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(form::decode(again.as_bytes()).ok(), Some(pairs));
    }
    let pairs: Vec<(&str, &str)> = text
        .split('\n')
        .map(|l| l.split_once('\t').unwrap_or((l, "")))
        .collect();
    let encoded = form::encode(pairs.iter().copied());
    let decoded = form::decode(encoded.as_bytes()).expect("own form encoding decodes");
    let expected: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    assert_eq!(decoded, expected, "form round trip");

    // Masking: keeps exactly `head` and `tail` characters and stars the rest (all of it when
    // short); never panics on any char boundary.
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    for (masked, head, tail) in [
        (mask::mask_card(&text), 4, 4),
        (mask::mask_id(&text), 3, 2),
        (mask::mask_phone(&text), 3, 4),
    ] {
        let expected: String = if n <= head + tail + 2 {
            "*".repeat(n.max(1))
        } else {
            chars[..head]
                .iter()
                .copied()
                .chain(std::iter::repeat_n('*', n - head - tail))
                .chain(chars[n - tail..].iter().copied())
                .collect()
        };
        assert_eq!(masked, expected, "masking keeps {head}+{tail} characters");
    }
    assert_eq!(mask::mask_all(&text), if text.is_empty() { "" } else { "******" });
    let name: Vec<char> = mask::mask_name(&text).chars().collect();
    if let Some(&first) = chars.first() {
        assert_eq!(name[0], first);
        assert!(name[1..].iter().all(|&c| c == '*') && name.len() == n.max(2));
    } else {
        assert!(name.is_empty());
    }
}

// ------------------------------------------------------------------------------------------
// canonical

/// Parses `key\tvalue` lines; a line `~key` is a JSON null, a line without a tab an empty value.
fn pairs_of(text: &str) -> Vec<(&str, Option<&str>)> {
    text.split('\n')
        .map(|line| match line.split_once('\t') {
            Some((k, v)) => (k, Some(v)),
            None => match line.strip_prefix('~') {
                Some(k) => (k, None),
                None => (line, Some("")),
            },
        })
        .collect()
}

/// Canonical strings from arbitrary maps under every rule shape. Invariants: the result does not
/// depend on input order; a sorted-pairs string is exactly the kept pairs' `k=v` joined by `&`
/// and splits back into exactly those pairs (or the pairs are refused as ambiguous); a wrapped
/// string is exactly `K p1 K p2 K`.
pub fn canonical(data: &[u8]) {
    let mut input = Input::new(data);
    let selector = input.pick(4);
    let text = String::from_utf8_lossy(input.rest());
    let pairs = pairs_of(&text);
    let first_key = pairs.first().map_or("sign", |p| p.0).to_owned();
    let rule = match selector {
        0 => CanonicalRule::sorted_pairs(KeyOrder::Bytewise),
        1 => CanonicalRule::sorted_pairs(KeyOrder::CaseInsensitive),
        2 => CanonicalRule::SortedPairs {
            order: KeyOrder::CaseInsensitive,
            exclude: vec![first_key],
            skip_empty: false,
        },
        _ => CanonicalRule::xianjincard(),
    };
    let result = rule.build(pairs.iter().copied());
    let reversed = rule.build(pairs.iter().rev().copied());
    let mut rotated = pairs.clone();
    rotated.rotate_left(pairs.len() / 2);
    let rotated = rule.build(rotated);
    assert_eq!(result, reversed, "canonical string depends on input order");
    assert_eq!(result, rotated, "canonical string depends on input order");

    let mut keys: Vec<&str> = pairs.iter().map(|p| p.0).collect();
    keys.sort_unstable();
    let has_duplicate = keys.windows(2).any(|w| w[0] == w[1]);
    match (&rule, result) {
        (
            CanonicalRule::SortedPairs {
                order,
                exclude,
                skip_empty,
            },
            Ok(bytes),
        ) => {
            assert!(!has_duplicate, "duplicate keys accepted");
            let kept: Vec<(&str, &str)> = pairs
                .iter()
                .filter_map(|&(k, v)| Some((k, v?)))
                .filter(|(k, v)| !(exclude.iter().any(|e| e == k) || *skip_empty && v.is_empty()))
                .collect();
            let expected_len =
                kept.iter().map(|(k, v)| k.len() + v.len() + 1).sum::<usize>() + kept.len().saturating_sub(1);
            assert_eq!(bytes.len(), expected_len);
            let joined = String::from_utf8(bytes).expect("canonical of UTF-8 is UTF-8");
            for (k, v) in &kept {
                assert!(joined.contains(&format!("{k}={v}")));
            }
            // What was signed reads back as exactly the pairs signed, and as nothing else.
            let mut split = cardbind::canonical::split_signed(*order, &joined).expect("a built string splits");
            let mut kept = kept;
            kept.sort_unstable();
            split.sort_unstable();
            assert_eq!(split, kept, "the signed string splits into other pairs");
        }
        (CanonicalRule::SortedPairs { .. }, Err(e)) => {
            assert!(
                matches!(
                    e,
                    CanonicalError::DuplicateKey { .. }
                        | CanonicalError::UnsplittableKey
                        | CanonicalError::AmbiguousValue { .. }
                ),
                "{e}"
            );
            if let CanonicalError::DuplicateKey { .. } = e {
                assert!(has_duplicate, "a duplicate reported where there is none");
            }
        }
        (CanonicalRule::WrappedConcat { .. }, Ok(bytes)) => {
            let get = |key: &str| -> &str {
                let mut found = pairs.iter().filter(|p| p.0 == key);
                let value = found.next().and_then(|p| p.1).expect("present");
                assert!(found.next().is_none(), "duplicate {key} accepted");
                value
            };
            let k = format!("{}{}{}", get("ua"), get("signkey"), get("ua"));
            assert_eq!(bytes, format!("{k}{}{k}{}{k}", get("call"), get("args")).into_bytes());
        }
        (CanonicalRule::WrappedConcat { .. }, Err(e)) => {
            let _ = e.to_string();
        }
    }
}

// ------------------------------------------------------------------------------------------
// vbao_form

fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn unescape(value: &str) -> String {
    value
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

const TAGS: [&str; 5] = [
    "<form name=\"unionpay_punchout_form\" method=\"",
    "<input type=\"hidden\" name=\"",
    "</form>\n",
    "<script>HTMLFormElement.prototype.submit.call(document.forms[\"unionpay_punchout_form\"]);",
    "</script>\n",
];

/// Vbao's form with arbitrary fields. Mode 0: `submitUrl`, `submitMethod`, `encoding` and
/// `submitParams` text split on U+0001; mode 1: the same URL and method with a `submitParams`
/// object built from arbitrary names and values.
///
/// Invariants of every rendered form: every `<` starts one of the five fixed tags (no value
/// injects markup), quotes pair up, the action is an http(s) URL without whitespace or control
/// characters, and each submitted value appears exactly HTML-escaped.
pub fn vbao_form(data: &[u8]) {
    let mut input = Input::new(data);
    let mode = input.pick(2);
    let text = String::from_utf8_lossy(input.rest());
    let mut fields = text.split('\u{1}');
    let url = fields.next().unwrap_or_default();
    let method = fields.next().unwrap_or_default();
    let encoding = fields.next().filter(|s| !s.is_empty());
    let (params_text, members) = if mode == 0 {
        (fields.next().map(str::to_owned), None)
    } else {
        let mut members = Map::new();
        let rest: Vec<&str> = fields.collect();
        for pair in rest.chunks(2) {
            let name = pair[0];
            let value = pair.get(1).copied().unwrap_or_default();
            members.insert(name.to_owned(), Value::String(value.to_owned()));
        }
        (Some(Value::Object(members.clone()).to_string()), Some(members))
    };
    let Ok(html) = render_submit_form(url, method, encoding, params_text.as_deref()) else {
        return;
    };

    for (i, _) in html.match_indices('<') {
        let at = &html[i..];
        assert!(TAGS.iter().any(|t| at.starts_with(t)), "unexpected markup at byte {i}");
    }
    assert_eq!(html.matches('"').count() % 2, 0, "unbalanced quotes");
    let action_start = html.find("action=\"").expect("action attribute") + "action=\"".len();
    let action_len = html[action_start..].find('"').expect("action closes");
    let action = unescape(&html[action_start..action_start + action_len]);
    let lower = action.to_ascii_lowercase();
    assert!(
        lower.starts_with("http://") || lower.starts_with("https://"),
        "action is not http(s)"
    );
    assert!(!action.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\'));
    if let Some(members) = members {
        for (name, value) in &members {
            let value = value.as_str().unwrap_or_default();
            let needle = format!("name=\"{}\" value=\"{}\">", escape(name), escape(value));
            assert!(
                html.contains(&needle),
                "a submitParams member is missing or not escaped"
            );
        }
    }
}

// json_differential

/// `limits::parse_json` (one-pass parser first, serde_json for the rest) against
/// `limits::parse_json_reference` (serde_json only): the same value with the same member order and
/// number text, or the same error. The whole input is the document.
pub fn json_differential(data: &[u8]) {
    use cardbind::model::limits::{parse_json, parse_json_reference};
    let shown = |r: Result<serde_json::Value, cardbind::CodecError>| {
        r.map(|v| serde_json::to_string(&v).expect("a parsed value serialises"))
    };
    let limit = 64 * 1024;
    let fast = shown(parse_json("body", data, limit));
    let reference = shown(parse_json_reference("body", data, limit));
    assert_eq!(fast, reference, "one-pass and serde_json parses differ");
}
