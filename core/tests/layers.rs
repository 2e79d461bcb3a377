//! core's layers import downward only: text → crypto → model → spec → providers → registry.
//! This test reads core's sources and fails on an upward `crate::` path, and on a provider
//! folder reaching into another provider's, so the layering is checked on every `cargo test`
//! (and so by `./scripts/test.sh`), not only by review.
//!
//! Inside the crypto layer, `crypto_layers.rs` checks the finer order of its modules (the shared
//! Montgomery arithmetic below both RSA paths).
//!
//! Why a test and not separate crates: splitting the bottom layers into a workspace crate would
//! let the compiler check them, but every layer above would still need this check, and the public
//! `cardbind::…` paths would become re-exports across crates for no gain in what is enforced.

mod support;

use std::path::Path;

/// Layers, bottom up, and the top-level modules (or their re-exported names) in each.
const LAYERS: &[(&str, &[&str])] = &[
    ("text", &["text", "canonical", "encoding", "form", "mask"]),
    (
        "crypto",
        &[
            "crypto",
            "cipher",
            "digest",
            "keys",
            "rng",
            "rule",
            "signature",
            "fast_rsa",
            "rsa_ct",
            "ct_probe",
        ],
    ),
    ("model", &["model"]),
    ("spec", &["spec", "config"]),
    ("providers", &["providers"]),
    ("registry", &["registry"]),
];

/// Re-exports that keep a former public path working; they add no dependency of code on code.
const COMPAT_REEXPORTS: &[(&str, &str)] = &[(
    "providers/mod.rs",
    "pub use crate::registry::{codec_from_config, spec_json};",
)];

fn layer_of_module(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

/// The layer of a source file, by its path under `src/` (`lib.rs`, the facade, has none).
fn layer_of_file(relative: &str) -> Option<usize> {
    let first = relative.split('/').next().unwrap_or_default();
    let module = first.strip_suffix(".rs").unwrap_or(first);
    if module == "lib" {
        return None;
    }
    layer_of_module(module)
}

/// The top-level modules a line names through `crate::`: `crate::a::…` and `crate::{a, b::c}`.
fn crate_modules(code: &str) -> Vec<&str> {
    let ident = |s: &str| -> usize { s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len()) };
    let mut found = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = code.get(i + "crate::".len()..).unwrap_or_default();
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or_default();
            for item in group.split(',') {
                let item = item.trim();
                found.push(item.get(..ident(item)).unwrap_or_default());
            }
        } else {
            found.push(rest.get(..ident(rest)).unwrap_or_default());
        }
    }
    found.retain(|m| !m.is_empty());
    found
}

/// Every upward import in `text` (a file at `relative`), and every reach into another
/// provider's folder, as `file:line: reason`.
fn violations(relative: &str, text: &str, providers: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let own_layer = layer_of_file(relative);
    let own_provider = relative
        .strip_prefix("providers/")
        .and_then(|r| r.split('/').next())
        .filter(|p| providers.iter().any(|q| q == p));
    for (number, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        if COMPAT_REEXPORTS.contains(&(relative, line.trim())) {
            continue;
        }
        if let Some(own) = own_layer {
            for module in crate_modules(code) {
                match layer_of_module(module) {
                    Some(target) if target > own => out.push(format!(
                        "{relative}:{}: the {} layer imports `crate::{module}` from the {} layer above it",
                        number + 1,
                        LAYERS[own].0,
                        LAYERS[target].0
                    )),
                    Some(_) => {}
                    None => out.push(format!("{relative}:{}: `crate::{module}` is in no layer", number + 1)),
                }
            }
        }
        if let Some(own) = own_provider {
            for other in providers.iter().filter(|p| *p != own) {
                let reaches = [format!("providers::{other}"), format!("super::super::{other}")];
                if reaches.iter().any(|r| code.contains(r.as_str())) {
                    out.push(format!(
                        "{relative}:{}: provider {own} imports provider {other}",
                        number + 1
                    ));
                }
            }
        }
    }
    out
}

fn provider_folders(src: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(src.join("providers"))
        .expect("providers/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n != "kit")
        .collect();
    names.sort();
    names
}

#[test]
fn every_core_file_imports_only_its_own_layer_and_the_layers_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let providers = provider_folders(&src);
    assert_eq!(providers, ["huanbei", "lianlian", "vbao", "xianjincard", "yixin"]);
    let files = support::rust_files(&src);
    let mut found = Vec::new();
    let mut placed = 0;
    for file in &files {
        let relative = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        placed += usize::from(layer_of_file(&relative).is_some());
        let text = std::fs::read_to_string(file).expect("source is UTF-8");
        found.extend(violations(&relative, &text, &providers));
    }
    assert_eq!(placed + 1, files.len(), "every file but lib.rs belongs to a layer");
    assert!(found.is_empty(), "imports that point up:\n{}", found.join("\n"));
}

#[test]
fn the_check_catches_an_upward_import_a_grouped_one_and_a_reach_into_another_provider() {
    let providers = ["lianlian".to_owned(), "yixin".to_owned()];
    let upward = "use crate::providers::kit::fields::echoable_name;\n";
    assert_eq!(violations("text/json/mod.rs", upward, &providers).len(), 1);
    let grouped = "use crate::{encoding::encode_hex, spec::ProviderSpec};\n";
    assert_eq!(violations("model/codec.rs", grouped, &providers).len(), 1);
    assert!(violations("providers/kit/spec.rs", grouped, &providers).is_empty());
    let sideways = "use crate::providers::yixin::envelope::sign;\n";
    assert_eq!(violations("providers/lianlian/mod.rs", sideways, &providers).len(), 1);
    assert!(violations("registry.rs", sideways, &providers).is_empty());
    // A comment naming a path is not an import.
    assert!(violations("text/form.rs", "// see crate::providers::kit\n", &providers).is_empty());
    // The one kept former path.
    let compat = "pub use crate::registry::{codec_from_config, spec_json};\n";
    assert!(violations("providers/mod.rs", compat, &providers).is_empty());
    assert_eq!(violations("providers/kit/mod.rs", compat, &providers).len(), 1);
}
