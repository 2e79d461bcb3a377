//! The crypto layer imports downward only (core/src/crypto/mod.rs draws the order). This test
//! reads the sources under `core/src/crypto`, resolves every `crate::…`, `$crate::…` and
//! `super::…` path (in `use` trees and inline), and fails on an import of a module ranked at or
//! above the importing one, or of anything in the crate outside crypto but the text layer.

use std::collections::BTreeSet;
use std::path::Path;

mod support;

/// What crypto may import from the rest of the crate: the text layer below it.
const TEXT_LAYER: [&str; 4] = ["encoding", "canonical", "form", "text"];

/// Items `crypto/rsa/mod.rs` defines itself (plain types with no imports); anything else reached
/// through `rsa::` is a re-export of `rsa::private` or `rsa::public`.
const RSA_OWN_TYPES: [&str; 2] = ["RsaComponents", "RsaOpError"];

/// Rank of a unit of the crypto layer: a unit imports only units of lower rank (or itself).
fn rank(unit: &str) -> Option<u32> {
    Some(match unit {
        "digest" | "rng" => 0,
        "rsa::limbs" | "rsa::ct" | "rsa::types" => 10,
        "rsa::testing" => 15,
        "rsa::mont" => 20,
        "rsa::public" => 30,
        "rsa::private" => 40,
        "rsa" => 45,
        "keys" => 50,
        "signature" | "cipher" => 60,
        "rule" => 70,
        "probe" => 80,
        "" => 90,
        _ => return None,
    })
}

/// The unit a path inside crypto (its segments after `crypto::`) belongs to.
fn unit_of(segments: &[&str]) -> String {
    match segments {
        ["rsa", sub @ ("limbs" | "ct" | "mont" | "public" | "private" | "testing"), ..] => format!("rsa::{sub}"),
        ["rsa", item, ..] if RSA_OWN_TYPES.contains(item) => "rsa::types".to_owned(),
        ["rsa", ..] => "rsa".to_owned(),
        [first, ..] => (*first).to_owned(),
        [] => String::new(),
    }
}

/// The module path of a source file, relative to `crypto` (`rsa/private/crt.rs` → rsa, private, crt).
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Code without comments and without the contents of string and character literals.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1).copied()) {
            ('/', Some('/')) => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            ('/', Some('*')) => {
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
            }
            ('"', _) => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            ('\'', Some('\\')) => {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            }
            ('\'', Some(_)) if chars.get(i + 2) == Some(&'\'') => i += 3,
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Expands a `use` tree (`a::{b, c::{d, e as f}}`) into its paths.
fn expand_use_tree(tree: &str) -> Vec<String> {
    let words: Vec<&str> = tree.split_whitespace().collect();
    let mut kept = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i] == "as" {
            i += 2; // `as name` renames; the path is what is imported
            continue;
        }
        kept.push(words[i]);
        i += 1;
    }
    let tree: String = kept.concat();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|item| !item.is_empty() && *item != "self")
        .flat_map(|item| expand_use_tree(item).into_iter().map(move |p| format!("{prefix}{p}")))
        .collect()
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Where the `use` keyword starts in a statement, if it is a `use` declaration.
fn use_keyword(statement: &str) -> Option<usize> {
    let bytes = statement.as_bytes();
    statement.match_indices("use").map(|(i, _)| i).find(|&i| {
        let before_ok = i == 0 || !(is_word_byte(bytes[i - 1]) || bytes[i - 1] == b':' || bytes[i - 1] == b'.');
        before_ok && bytes.get(i + 3).is_some_and(u8::is_ascii_whitespace)
    })
}

/// The paths named inline in `code` (`crate::a::b`, `$crate::a`, `super::a`).
fn inline_paths(code: &str) -> Vec<String> {
    let bytes = code.as_bytes();
    let mut paths = Vec::new();
    for prefix in ["crate::", "super::"] {
        for (start, _) in code.match_indices(prefix) {
            if start > 0 && is_word_byte(bytes[start - 1]) {
                continue;
            }
            let rest = &code[start..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            if prefix == "super::" && start >= 7 && code[..start].ends_with("super::") {
                continue; // the second `super` of `super::super::`
            }
            paths.push(rest[..end].trim_end_matches(':').to_owned());
        }
    }
    paths
}

/// Every crate-relative path the code names, resolved to segments from the crate root. An inline
/// `mod name {` (a file's tests) is taken to run to the end of the file, as tests modules do.
fn imported_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let inline_modules: Vec<(usize, String)> = code
        .match_indices("mod ")
        .filter_map(|(i, _)| {
            let rest = &code[i + 4..];
            let name_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
            rest[name_end..]
                .trim_start()
                .starts_with('{')
                .then(|| (i, rest[..name_end].to_owned()))
        })
        .collect();
    let mut resolved = Vec::new();
    let mut offset = 0;
    for statement in code.split(';') {
        let mut paths = Vec::new();
        match use_keyword(statement) {
            Some(at) => {
                paths.extend(inline_paths(&statement[..at]));
                paths.extend(expand_use_tree(&statement[at + 3..]));
            }
            None => paths.extend(inline_paths(statement)),
        }
        let mut here: Vec<String> = std::iter::once("crypto".to_owned())
            .chain(module.iter().cloned())
            .collect();
        here.extend(
            inline_modules
                .iter()
                .filter(|(at, _)| *at < offset + statement.len())
                .map(|(_, n)| n.clone()),
        );
        offset += statement.len() + 1;
        for path in paths {
            let mut segments: Vec<String> = path.split("::").map(str::to_owned).collect();
            match segments.first().map(String::as_str) {
                Some("crate" | "$crate") => {
                    segments.remove(0);
                    resolved.push(segments);
                }
                Some("super") => {
                    let mut base = here.clone();
                    while segments.first().is_some_and(|s| s == "super") {
                        segments.remove(0);
                        base.pop();
                    }
                    base.extend(segments);
                    resolved.push(base);
                }
                _ => {} // an external crate, or a child module (always below its parent)
            }
        }
    }
    resolved
}

/// The upward imports of one file (`relative` to `core/src/crypto`).
fn violations(relative: &Path, text: &str) -> (Vec<String>, usize) {
    let module = module_path(relative);
    let module_refs: Vec<&str> = module.iter().map(String::as_str).collect();
    let own = unit_of(&module_refs);
    let own_rank = rank(&own).unwrap_or_else(|| panic!("{}: no rank for unit `{own}`", relative.display()));
    let mut found = Vec::new();
    let paths = imported_paths(&code_only(text), &module);
    for segments in &paths {
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segments.as_slice() {
            ["crypto", rest @ ..] => {
                let unit = unit_of(rest);
                let ok = unit == own || rank(&unit).is_some_and(|r| r < own_rank);
                if !ok {
                    found.push(format!(
                        "{}: `{}` imports `{unit}`",
                        relative.display(),
                        segments.join("::")
                    ));
                }
            }
            [first, ..] if TEXT_LAYER.contains(first) => {}
            _ => found.push(format!(
                "{}: `{}` reaches outside crypto and the text layer",
                relative.display(),
                segments.join("::")
            )),
        }
    }
    (found, paths.len())
}

#[test]
fn crypto_imports_only_lower_crypto_modules_and_the_text_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/crypto");
    let files = support::rust_files(&root);
    let mut units = BTreeSet::new();
    let (mut all, mut imports) = (Vec::new(), 0);
    for file in &files {
        let relative = file.strip_prefix(&root).expect("under crypto");
        let module = module_path(relative);
        units.insert(unit_of(&module.iter().map(String::as_str).collect::<Vec<_>>()));
        let (found, count) = violations(relative, &std::fs::read_to_string(file).expect("UTF-8 source"));
        all.extend(found);
        imports += count;
    }
    assert!(all.is_empty(), "upward imports in crypto:\n{}", all.join("\n"));
    // Not vacuous: every unit was seen, and the files import each other a lot.
    let expected = [
        "",
        "cipher",
        "digest",
        "keys",
        "probe",
        "rng",
        "rsa",
        "rsa::ct",
        "rsa::limbs",
        "rsa::mont",
        "rsa::private",
        "rsa::public",
        "rsa::testing",
        "rule",
        "signature",
    ];
    assert_eq!(units, expected.iter().map(|u| (*u).to_owned()).collect(), "{files:?}");
    assert!(imports > 60, "only {imports} crate paths found");
}

#[test]
fn an_upward_import_in_crypto_is_reported() {
    let cases = [
        ("keys.rs", "use crate::model::Codec;\n", "reaches outside crypto"),
        (
            "rsa/mont.rs",
            "use super::private::RsaPrivate;\n",
            "imports `rsa::private`",
        ),
        ("rsa/mont.rs", "use super::{ct, PreparedModulus};\n", "imports `rsa`"),
        (
            "rsa/public.rs",
            "let x = crate::crypto::keys::PublicKey::parse(b);\n",
            "imports `keys`",
        ),
        (
            "rsa/limbs.rs",
            "use crate::crypto::rsa::{mont::MontOps};\n",
            "imports `rsa::mont`",
        ),
        (
            "rsa/ct.rs",
            "let y = super::limbs::strip_leading_zeros(x);\n",
            "imports `rsa::limbs`",
        ),
        (
            "signature.rs",
            "use crate::{encoding::HexCase, spec::ProviderSpec};\n",
            "reaches outside crypto",
        ),
        (
            "rsa/private/crt.rs",
            "use crate::crypto::signature::SignatureError;\n",
            "imports `signature`",
        ),
    ];
    for (file, code, expected) in cases {
        let (found, _) = violations(Path::new(file), code);
        assert!(
            found.len() == 1 && found[0].contains(expected),
            "{file}: {code:?} gave {found:?}"
        );
    }
    let (found, count) = violations(
        Path::new("rsa/private/crt.rs"),
        "use super::modulus::Modulus;\nuse crate::crypto::rsa::{ct, limbs::be_into_limbs_ct};\n// use crate::model::X;\n",
    );
    assert_eq!(
        (found, count),
        (Vec::<String>::new(), 3),
        "downward and same-module imports pass"
    );
}
