//! Canonical "strings to sign": the byte strings a provider's signature covers.

use std::cmp::Ordering;

/// How keys are ordered in a sorted `k=v&k=v` string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyOrder {
    /// By UTF-8 bytes (PHP `ksort`, Python `sorted`).
    Bytewise,
    /// By ASCII-lower-cased bytes, ties broken bytewise (Java `CASE_INSENSITIVE_ORDER` on ASCII keys).
    CaseInsensitive,
}

/// A rule that turns named parameters into the exact bytes that get signed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CanonicalRule {
    /// Sorted `k=v` pairs joined with `&`, values raw (never URL-encoded). Null values are always
    /// dropped; empty strings too when `skip_empty`. LianLian, Vbao, Yixin.
    SortedPairs {
        /// Key order.
        order: KeyOrder,
        /// Keys left out (always at least the signature field itself).
        #[serde(default = "default_exclude")]
        exclude: Vec<String>,
        /// Drop parameters whose value is the empty string.
        #[serde(default = "yes")]
        skip_empty: bool,
    },
    /// `K + p1 + K + p2 + … + K` where `K` is the concatenation of the `wrapper` fields.
    /// xianjincard: `K = ua + signkey + ua`, parts `call`, `args`.
    WrappedConcat {
        /// Fields whose values, concatenated, form `K`.
        #[serde(default = "xianjincard_wrapper")]
        wrapper: Vec<String>,
        /// Fields placed between the `K`s, in order.
        #[serde(default = "xianjincard_parts")]
        parts: Vec<String>,
    },
}

fn default_exclude() -> Vec<String> {
    vec!["sign".to_owned()]
}
fn yes() -> bool {
    true
}
fn xianjincard_wrapper() -> Vec<String> {
    vec!["ua".to_owned(), "signkey".to_owned(), "ua".to_owned()]
}
fn xianjincard_parts() -> Vec<String> {
    vec!["call".to_owned(), "args".to_owned()]
}

/// Why a canonical string could not be built. Names keys, never values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    /// A key occurs twice; which value is signed would be ambiguous.
    #[error("parameter `{key}` occurs more than once")]
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// A field the rule concatenates is absent (or null).
    #[error("parameter `{key}` is required by the signature rule")]
    MissingField {
        /// The missing key.
        key: String,
    },
    /// A signed name that a `k=v&k=v` string cannot carry unambiguously: empty, or holding `&`
    /// or `=` (the name itself is not shown: it is not one any provider uses).
    #[error("a parameter name is empty or contains `&` or `=`: it cannot be signed as `k=v&k=v`")]
    UnsplittableKey,
    /// The value of `key` holds `&name=` with `name` sorting after `key`: the signed string would
    /// split back into other pairs, so the signature could not tell them apart.
    #[error(
        "the value of `{key}` holds `&name=` with a name sorting after `{key}`: the string to sign \
         would split into other fields"
    )]
    AmbiguousValue {
        /// The parameter whose value is ambiguous.
        key: String,
    },
}

impl CanonicalRule {
    /// LianLian's and Vbao's rule: bytewise sort, `sign` excluded, empties skipped.
    pub fn sorted_pairs(order: KeyOrder) -> Self {
        Self::SortedPairs {
            order,
            exclude: default_exclude(),
            skip_empty: true,
        }
    }

    /// xianjincard's `K+call+K+args+K`, `K = ua+signkey+ua`.
    pub fn xianjincard() -> Self {
        Self::WrappedConcat {
            wrapper: xianjincard_wrapper(),
            parts: xianjincard_parts(),
        }
    }

    /// Builds the string to sign from `(key, value)` pairs; `None` is a JSON null.
    pub fn build<'a, I>(&self, params: I) -> Result<Vec<u8>, CanonicalError>
    where
        I: IntoIterator<Item = (&'a str, Option<&'a str>)>,
    {
        match self {
            Self::SortedPairs {
                order,
                exclude,
                skip_empty,
            } => {
                let order = *order;
                // Each key's first eight bytes as a number decide almost every comparison
                // without comparing the strings (see `key_prefix`).
                let mut pairs: Vec<(u64, &str, Option<&str>)> =
                    params.into_iter().map(|(k, v)| (key_prefix(order, k), k, v)).collect();
                pairs.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| compare_keys(order, a.1, b.1)));
                if let Some(w) = pairs.windows(2).find(|w| matches!(w, [a, b] if a.1 == b.1)) {
                    let key = w.first().map(|p| shown_key(p.1)).unwrap_or_default();
                    return Err(CanonicalError::DuplicateKey { key });
                }
                let mut out =
                    Vec::with_capacity(pairs.iter().map(|(_, k, v)| k.len() + v.map_or(0, str::len) + 2).sum());
                for (_, k, v) in pairs {
                    let Some(v) = v else { continue };
                    if (*skip_empty && v.is_empty()) || exclude.iter().any(|e| e == k) {
                        continue;
                    }
                    check_splittable(order, k, v)?;
                    if !out.is_empty() {
                        out.push(b'&');
                    }
                    out.extend_from_slice(k.as_bytes());
                    out.push(b'=');
                    out.extend_from_slice(v.as_bytes());
                }
                Ok(out)
            }
            Self::WrappedConcat { wrapper, parts } => {
                let pairs: Vec<(&str, Option<&str>)> = params.into_iter().collect();
                let lookup = |key: &str| -> Result<&str, CanonicalError> {
                    let mut found = pairs.iter().filter(|(k, _)| *k == key);
                    let first = found.next().and_then(|(_, v)| *v);
                    if found.next().is_some() {
                        return Err(CanonicalError::DuplicateKey { key: shown_key(key) });
                    }
                    first.ok_or_else(|| CanonicalError::MissingField { key: key.to_owned() })
                };
                let mut k = String::new();
                for w in wrapper {
                    k.push_str(lookup(w)?);
                }
                let mut out = Vec::new();
                out.extend_from_slice(k.as_bytes());
                for p in parts {
                    out.extend_from_slice(lookup(p)?.as_bytes());
                    out.extend_from_slice(k.as_bytes());
                }
                Ok(out)
            }
        }
    }
}

/// How an error names a key that may have been received: the key when it looks like a field
/// name, never a card or phone number sent as one ([`crate::text::names::received_name`]).
fn shown_key(key: &str) -> String {
    crate::text::names::received_name("", key)
}

/// Refuses a pair whose `k=v` text could be read back as other pairs (see [`split_signed`]).
///
/// Why this is enough: in a sorted string every separator `&` is followed by `name=` with `name`
/// sorting after the key before it. If no signed value holds `&name=` with `name` sorting after
/// its own key, the first `&` two readings of one string disagree on would, in one of them, sit
/// inside the value of some key `k` and start `name=` with `name > k`, which that reading's
/// values cannot hold. So a string built by this rule has exactly one reading: what was signed.
fn check_splittable(order: KeyOrder, key: &str, value: &str) -> Result<(), CanonicalError> {
    if key.is_empty() || key.bytes().any(|b| b == b'&' || b == b'=') {
        return Err(CanonicalError::UnsplittableKey);
    }
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        rest = rest.get(at + 1..).unwrap_or_default();
        if let Some(name) = name_before_equals(rest) {
            if compare_keys(order, name, key) == Ordering::Greater {
                return Err(CanonicalError::AmbiguousValue { key: shown_key(key) });
            }
        }
    }
    Ok(())
}

/// The `name` of text starting `name=` (one or more characters other than `&` and `=`).
fn name_before_equals(text: &str) -> Option<&str> {
    let end = text.find(['&', '='])?;
    let name = text.get(..end)?;
    (!name.is_empty() && text.get(end..)?.starts_with('=')).then_some(name)
}

/// Reads a sorted `k=v&k=v` string back into its pairs: an `&` separates two pairs exactly when
/// it is followed by `name=` with `name` sorting after the key before it (otherwise it belongs to
/// the value). For any string [`CanonicalRule::build`] made, this gives back exactly the pairs
/// it signed, which is how a verifier knows the fields it returns are the fields that were signed.
/// `None` when the text does not start with a `name=`.
pub fn split_signed(order: KeyOrder, signed: &str) -> Option<Vec<(&str, &str)>> {
    if signed.is_empty() {
        return Some(Vec::new());
    }
    let mut pairs = Vec::new();
    let mut key = name_before_equals(signed)?;
    let mut value_start = key.len() + 1;
    let mut search = value_start;
    while let Some(at) = signed.get(search..).and_then(|t| t.find('&')).map(|i| i + search) {
        let after = signed.get(at + 1..).unwrap_or_default();
        match name_before_equals(after) {
            Some(next) if compare_keys(order, next, key) == Ordering::Greater => {
                pairs.push((key, signed.get(value_start..at).unwrap_or_default()));
                key = next;
                value_start = at + 1 + next.len() + 1;
                search = value_start;
            }
            _ => search = at + 1,
        }
    }
    pairs.push((key, signed.get(value_start..).unwrap_or_default()));
    Some(pairs)
}

/// The text a JSON number is signed as in a `k=v&k=v` string: exactly its JSON text, when every
/// signer prints the number as written. Java signers do not for some: LianLian's SDKs read JSON
/// with fastjson (decimals as `BigDecimal`), which prints `1e2` as `1E+2`, `-0` as `0` and
/// `0.0000001` as `1E-7`; for those (exponent notation, negative zero, a fraction below 1E-6)
/// this is `None`, and the number cannot be signed unambiguously.
pub fn signed_number_text(number: &serde_json::Number) -> Option<&str> {
    let text = number.as_str();
    java_prints_as_written(text).then_some(text)
}

/// Whether `BigDecimal(text).toString()` (or, for integers, `Long`/`BigInteger`) gives `text`.
fn java_prints_as_written(text: &str) -> bool {
    if text.contains(['e', 'E']) {
        return false;
    }
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = || int.bytes().chain(frac.bytes());
    if text.starts_with('-') && digits().all(|b| b == b'0') {
        return false;
    }
    // BigDecimal switches to E notation when the adjusted exponent is below -6.
    let significant = digits().skip_while(|&b| b == b'0').count().max(1);
    let adjusted = i64::try_from(significant).unwrap_or(i64::MAX) - 1 - i64::try_from(frac.len()).unwrap_or(i64::MAX);
    adjusted >= -6
}

/// The key's first eight bytes (lower-cased for [`KeyOrder::CaseInsensitive`]), zero-padded, as a
/// big-endian number. Different prefixes order keys as [`compare_keys`] does: either they differ
/// at a byte both keys have, or one key ends there (padding 0) while the other goes on with a
/// byte above 0, so the shorter sorts first. Equal prefixes need the full comparison.
fn key_prefix(order: KeyOrder, key: &str) -> u64 {
    let mut prefix = [0u8; 8];
    for (p, b) in prefix.iter_mut().zip(key.bytes()) {
        *p = match order {
            KeyOrder::Bytewise => b,
            KeyOrder::CaseInsensitive => b.to_ascii_lowercase(),
        };
    }
    u64::from_be_bytes(prefix)
}

fn compare_keys(order: KeyOrder, a: &str, b: &str) -> Ordering {
    match order {
        KeyOrder::Bytewise => a.as_bytes().cmp(b.as_bytes()),
        KeyOrder::CaseInsensitive => a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
            .then_with(|| a.as_bytes().cmp(b.as_bytes())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn key_prefixes_never_contradict_the_full_comparison(
            a in "[aAbB_\\x00-\\x02é]{0,10}",
            b in "[aAbB_\\x00-\\x02é]{0,10}",
        ) {
            for order in [KeyOrder::Bytewise, KeyOrder::CaseInsensitive] {
                let full = compare_keys(order, &a, &b);
                let fast = key_prefix(order, &a).cmp(&key_prefix(order, &b)).then_with(|| compare_keys(order, &a, &b));
                prop_assert_eq!(fast, full, "{:?} {:?} {:?}", order, a, b);
            }
        }
    }

    proptest! {
        #[test]
        fn every_built_string_splits_back_into_exactly_the_pairs_signed(
            pairs in proptest::collection::vec(("[a-d&=_]{0,3}", proptest::option::of("[a-d&= ]{0,6}")), 0..6),
            folded in proptest::bool::ANY,
        ) {
            let order = if folded { KeyOrder::CaseInsensitive } else { KeyOrder::Bytewise };
            let rule = CanonicalRule::sorted_pairs(order);
            let borrowed: Vec<(&str, Option<&str>)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_deref())).collect();
            if let Ok(bytes) = rule.build(borrowed.iter().copied()) {
                let text = String::from_utf8(bytes).unwrap();
                let mut kept: Vec<(&str, &str)> = borrowed
                    .iter()
                    .filter_map(|&(k, v)| Some((k, v?)))
                    .filter(|(k, v)| !v.is_empty() && *k != "sign")
                    .collect();
                kept.sort_by(|a, b| compare_keys(order, a.0, b.0));
                prop_assert_eq!(split_signed(order, &text), Some(kept), "{:?}", text);
            }
        }
    }

    #[test]
    fn numbers_are_signed_as_written_only_where_java_prints_them_so() {
        for ok in [
            "0",
            "12",
            "-12",
            "18446744073709551616",
            "1.50",
            "0.000001",
            "123.0000001",
            "0.000",
        ] {
            assert!(java_prints_as_written(ok), "{ok}");
        }
        // fastjson/BigDecimal: 1E+2, 0, 0.0, 1E-7, 0E-8.
        for refused in ["1e+2", "1E5", "2.0e-3", "-0", "-0.0", "0.0000001", "0.00000000"] {
            assert!(!java_prints_as_written(refused), "{refused}");
        }
        let n: serde_json::Number = "1.50".parse().unwrap();
        assert_eq!(signed_number_text(&n), Some("1.50"));
    }

    #[test]
    fn a_value_that_would_split_into_a_later_field_is_refused() {
        let rule = CanonicalRule::sorted_pairs(KeyOrder::Bytewise);
        // The reply: a token that re-splits as `token=T1` and `user_id=2013051500001`.
        let err = rule
            .build([("token", Some("T1&user_id=2013051500001")), ("ret_code", Some("0000"))])
            .unwrap_err();
        assert_eq!(err, CanonicalError::AmbiguousValue { key: "token".into() });
        // The rewritten form of the same string is what a verifier sees instead: it splits back
        // into its own pairs, so only one of the two can ever have been signed by this rule.
        let rewritten = rule
            .build([
                ("token", Some("T1")),
                ("user_id", Some("2013051500001")),
                ("ret_code", Some("0000")),
            ])
            .unwrap();
        assert_eq!(rewritten, b"ret_code=0000&token=T1&user_id=2013051500001");
        assert_eq!(
            split_signed(KeyOrder::Bytewise, "ret_code=0000&token=T1&user_id=2013051500001"),
            Some(vec![
                ("ret_code", "0000"),
                ("token", "T1"),
                ("user_id", "2013051500001")
            ])
        );
    }

    #[test]
    fn ampersands_and_equals_that_cannot_start_a_later_field_are_signed_raw() {
        let rule = CanonicalRule::sorted_pairs(KeyOrder::Bytewise);
        let pairs = [
            ("notify_url", Some("https://m.example/n?a=1&b=2&c")),
            ("key", Some("QUJD==")),
            ("memo", Some("a&&b &c= & =y&")),
        ];
        let text = String::from_utf8(rule.build(pairs).unwrap()).unwrap();
        assert_eq!(
            text,
            "key=QUJD==&memo=a&&b &c= & =y&&notify_url=https://m.example/n?a=1&b=2&c"
        );
        assert_eq!(
            split_signed(KeyOrder::Bytewise, &text),
            Some(vec![
                ("key", "QUJD=="),
                ("memo", "a&&b &c= & =y&"),
                ("notify_url", "https://m.example/n?a=1&b=2&c")
            ])
        );
        // `&z=` inside notify_url could be a separate field `z`: refused.
        let err = rule
            .build([("notify_url", Some("https://m.example/n?a=1&z=2"))])
            .unwrap_err();
        assert_eq!(
            err,
            CanonicalError::AmbiguousValue {
                key: "notify_url".into()
            }
        );
        // Under the case-insensitive order `B` sorts after `a`.
        let folded = CanonicalRule::sorted_pairs(KeyOrder::CaseInsensitive);
        assert!(folded.build([("a", Some("x&B=1"))]).is_err());
        assert!(rule.build([("a", Some("x&B=1"))]).is_ok());
    }

    #[test]
    fn names_that_cannot_be_split_on_are_refused_without_being_shown() {
        let rule = CanonicalRule::sorted_pairs(KeyOrder::Bytewise);
        for key in ["", "a&b", "a=b", "="] {
            assert_eq!(
                rule.build([(key, Some("1"))]).unwrap_err(),
                CanonicalError::UnsplittableKey,
                "{key:?}"
            );
        }
        // Left out of the string (empty, null or excluded), such a name does no harm.
        assert_eq!(
            rule.build([("a&b", Some("")), ("=", None), ("x", Some("1"))]).unwrap(),
            b"x=1"
        );
        assert_eq!(split_signed(KeyOrder::Bytewise, "=1"), None);
        assert_eq!(split_signed(KeyOrder::Bytewise, ""), Some(vec![]));
    }

    #[test]
    fn key_prefix_orders_prefixes_zero_bytes_and_case() {
        let sorted = |order: KeyOrder, keys: &[&str]| {
            let mut pairs: Vec<(&str, Option<&str>)> = keys.iter().map(|k| (*k, Some("v"))).collect();
            pairs.reverse();
            let rule = CanonicalRule::SortedPairs {
                order,
                exclude: vec![],
                skip_empty: true,
            };
            String::from_utf8(rule.build(pairs).unwrap()).unwrap()
        };
        let keys = [
            "a",
            "a\u{0}",
            "a\u{0}b",
            "aB",
            "ab",
            "abcdefgh",
            "abcdefgh\u{0}",
            "abcdefghA",
            "abcdefgha",
            "b",
        ];
        assert_eq!(
            sorted(KeyOrder::Bytewise, &keys),
            "a=v&a\u{0}=v&a\u{0}b=v&aB=v&ab=v&abcdefgh=v&abcdefgh\u{0}=v&abcdefghA=v&abcdefgha=v&b=v"
        );
        assert_eq!(
            sorted(KeyOrder::CaseInsensitive, &keys),
            "a=v&a\u{0}=v&a\u{0}b=v&aB=v&ab=v&abcdefgh=v&abcdefgh\u{0}=v&abcdefghA=v&abcdefgha=v&b=v"
        );
        assert_eq!(sorted(KeyOrder::Bytewise, &["B", "a", "Ab"]), "Ab=v&B=v&a=v");
        assert_eq!(sorted(KeyOrder::CaseInsensitive, &["B", "a", "Ab"]), "a=v&Ab=v&B=v");
    }

    #[test]
    fn sorted_pairs_skips_sign_null_and_empty_and_keeps_values_raw() {
        let rule = CanonicalRule::sorted_pairs(KeyOrder::Bytewise);
        let got = rule
            .build([
                ("user_id", Some("u 1&a=2")),
                ("sign", Some("zzz")),
                ("no_order", Some("")),
                ("acct_name", Some("张三")),
                ("opt", None),
                ("sign_type", Some("RSA")),
            ])
            .unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            "acct_name=张三&sign_type=RSA&user_id=u 1&a=2"
        );
    }

    #[test]
    fn case_insensitive_order_differs_from_bytewise() {
        let params = [("akey", Some("1")), ("Bkey", Some("2")), ("Ckey", Some("3"))];
        let bytewise = CanonicalRule::sorted_pairs(KeyOrder::Bytewise).build(params).unwrap();
        let folded = CanonicalRule::sorted_pairs(KeyOrder::CaseInsensitive)
            .build(params)
            .unwrap();
        assert_eq!(bytewise, b"Bkey=2&Ckey=3&akey=1");
        assert_eq!(folded, b"akey=1&Bkey=2&Ckey=3");
    }

    #[test]
    fn duplicate_keys_are_refused_by_name() {
        let err = CanonicalRule::sorted_pairs(KeyOrder::Bytewise)
            .build([("a", Some("1")), ("a", Some("2"))])
            .unwrap_err();
        assert_eq!(err, CanonicalError::DuplicateKey { key: "a".into() });
    }

    #[test]
    fn a_key_that_looks_like_a_personal_number_is_never_named_in_the_error() {
        let rule = CanonicalRule::sorted_pairs(KeyOrder::Bytewise);
        let card = "6222022005001212726";
        let err = rule.build([(card, Some("1")), (card, Some("2"))]).unwrap_err();
        assert_eq!(
            err,
            CanonicalError::DuplicateKey {
                key: "(unprintable name)".into()
            }
        );
        let err = rule.build([(card, Some("x&z=1"))]).unwrap_err();
        assert_eq!(
            err,
            CanonicalError::AmbiguousValue {
                key: "(unprintable name)".into()
            }
        );
        assert!(!err.to_string().contains(card));
    }

    #[test]
    fn wrapped_concat_is_k_call_k_args_k() {
        let got = CanonicalRule::xianjincard()
            .build([
                ("ua", Some("U")),
                ("signkey", Some("S")),
                ("call", Some("C")),
                ("args", Some("{}")),
            ])
            .unwrap();
        assert_eq!(got, b"USUCUSU{}USU");
        let err = CanonicalRule::xianjincard().build([("ua", Some("U"))]).unwrap_err();
        assert_eq!(err, CanonicalError::MissingField { key: "signkey".into() });
    }
}
