//! `limits::parse_json` takes a one-pass parser for valid documents within the limits and
//! serde_json for everything else. These tests hold it to `limits::parse_json_reference`
//! (serde_json and the limit checks only): the same value with the same member order and number
//! text, or the same error, on generated documents (valid, over a limit, and mutated into
//! invalid ones) and on every committed fuzz corpus file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

use cardbind::model::limits::{parse_json, parse_json_reference, MAX_FIELD_BYTES};
use cardbind::CodecError;
use proptest::prelude::*;
use serde_json::Value;

/// The result with member order and number text made visible (`Map`'s `==` ignores order).
fn observed(result: Result<Value, CodecError>) -> Result<String, CodecError> {
    result.map(|v| serde_json::to_string(&v).unwrap())
}

fn agree(doc: &[u8], max_body: usize) -> Result<String, CodecError> {
    let fast = observed(parse_json("body", doc, max_body));
    let reference = observed(parse_json_reference("body", doc, max_body));
    assert_eq!(fast, reference, "document {:?}", String::from_utf8_lossy(doc));
    fast
}

#[test]
fn a_lianlian_reply_parses_to_the_same_fields_in_the_same_order() {
    let body =
        "{\"ret_code\":\"0000\",\"ret_msg\":\"交易成功\",\"sign_type\":\"RSA\",\"oid_partner\":\"201408071000001543\",\
                \"user_id\":\"2013051500001\",\"card_no\":\"6222022005001212726\",\"no_agree\":\"2024031500012345\",\
                \"no_order\":\"BIND20240315000001\",\"sign\":\"YWJj+/9=\"}";
    assert_eq!(agree(body.as_bytes(), 65536).unwrap(), body);
}

#[test]
fn errors_are_those_of_the_reference_path() {
    let deep = format!("{}1{}", "[".repeat(17), "]".repeat(17));
    let long = format!("{{\"a\":\"{}\"}}", "x".repeat(MAX_FIELD_BYTES + 1));
    let many = format!("[{}]", vec!["1"; 1025].join(","));
    for doc in [
        deep.as_str(),
        long.as_str(),
        many.as_str(),
        "{\"a\":1,}",
        "{\"a\":\"\\ud800\"}",
        "",
        "[1] x",
        "{\"$serde_json::private::Number\":\"12\"}",
        "{\"$serde_json::private::RawValue\":\"[1]\"}",
    ] {
        assert!(
            agree(doc.as_bytes(), 1 << 20).is_ok() == doc.starts_with("{\"$"),
            "{doc}"
        );
    }
    // serde_json's private tokens are honoured as before (the fast path leaves them alone).
    assert_eq!(agree(b"{\"$serde_json::private::Number\":\"12\"}", 100).unwrap(), "12");
    assert_eq!(
        parse_json("body", b"{}  ", 3).unwrap_err(),
        CodecError::LimitExceeded {
            what: "body bytes",
            limit: 3
        }
    );
    assert!(matches!(agree(b"\"\xff\"", 10), Err(CodecError::Malformed { .. })));
}

#[test]
fn every_fuzz_corpus_file_and_its_tails_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let mut checked = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let data = std::fs::read(file.unwrap().path()).unwrap();
            // Targets read a few selector bytes before the message.
            for skip in 0..data.len().min(4) {
                agree(&data[skip..], 1 << 20).ok();
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked} corpus inputs");
}

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a",
        "Z9",
        " ",
        "交易",
        "😀",
        "\\\"",
        "\\\\",
        "\\/",
        "\\b\\f\\n\\r\\t",
        "\\u0041",
        "\\u00e9",
        "\\u4E2D",
        "\\ud83d\\ude00",
        "\\ud83d",
        "\\ude00",
        "\\u12",
        "\\x",
        "\u{1}",
        "\u{7f}",
        "$",
        "[{",
    ])
}

fn string_literal() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..8).prop_map(|p| format!("\"{}\"", p.concat()))
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(vec!["\"ret_code\"", "\"sign\"", "\"a\"", "\"\"", "\"k\\u0065y\""]).prop_map(str::to_owned),
        2 => string_literal(),
        1 => Just("\"$serde_json::private::Number\"".to_owned()),
    ]
}

fn number() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "-"]),
        prop::sample::select(vec![
            "0",
            "7",
            "10",
            "18446744073709551615",
            "18446744073709551616",
            "9223372036854775808",
            "00",
        ]),
        prop::sample::select(vec!["", ".5", ".000", "."]),
        prop::sample::select(vec!["", "e5", "E+10", "e-3", "E", "e+"]),
    )
        .prop_map(|(s, i, f, e)| format!("{s}{i}{f}{e}"))
}

fn ws() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "", "", " ", "\n\t", "\r", "\u{c}"])
}

fn document() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        number(),
        string_literal(),
    ];
    leaf.prop_recursive(20, 96, 6, |inner| {
        prop_oneof![
            (prop::collection::vec(inner.clone(), 0..6), ws())
                .prop_map(|(items, w)| format!("[{w}{}{w}]", items.join(&format!("{w},{w}")))),
            (prop::collection::vec((key(), inner), 0..7), ws()).prop_map(|(members, w)| {
                let members: Vec<String> = members.into_iter().map(|(k, v)| format!("{k}{w}:{w}{v}")).collect();
                format!("{{{w}{}{w}}}", members.join(&format!("{w},{w}")))
            }),
        ]
    })
}

/// One byte deleted, inserted or replaced (bytes that matter to JSON more often than others).
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        document(),
        0..3u8,
        any::<prop::sample::Index>(),
        prop_oneof![prop::sample::select(b"{}[]\",:\\ 0e-.".to_vec()), any::<u8>()],
    )
        .prop_map(|(doc, op, at, byte)| {
            let mut bytes = doc.into_bytes();
            let i = at.index(bytes.len() + 1);
            match op {
                0 if i < bytes.len() => {
                    bytes.remove(i);
                }
                1 if i < bytes.len() => bytes[i] = byte,
                _ => bytes.insert(i, byte),
            }
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_agree(doc in document()) {
        agree(doc.as_bytes(), 1 << 20).ok();
    }

    #[test]
    fn mutated_documents_agree(doc in mutated()) {
        agree(&doc, 1 << 20).ok();
    }

    #[test]
    fn nested_documents_near_the_depth_limit_agree(depth in 1usize..20, inner in document()) {
        let doc = format!("{}{inner}{}", "{\"k\":[".repeat(depth / 2), "]}".repeat(depth / 2));
        agree(doc.as_bytes(), 1 << 20).ok();
    }
}
