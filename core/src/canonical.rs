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
                    let key = w.first().map(|p| p.1.to_owned()).unwrap_or_default();
                    return Err(CanonicalError::DuplicateKey { key });
                }
                let mut out =
                    Vec::with_capacity(pairs.iter().map(|(_, k, v)| k.len() + v.map_or(0, str::len) + 2).sum());
                for (_, k, v) in pairs {
                    let Some(v) = v else { continue };
                    if (*skip_empty && v.is_empty()) || exclude.iter().any(|e| e == k) {
                        continue;
                    }
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
                        return Err(CanonicalError::DuplicateKey { key: key.to_owned() });
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
                ("user_id", Some("u 1&x=2")),
                ("sign", Some("zzz")),
                ("no_order", Some("")),
                ("acct_name", Some("张三")),
                ("opt", None),
                ("sign_type", Some("RSA")),
            ])
            .unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            "acct_name=张三&sign_type=RSA&user_id=u 1&x=2"
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
