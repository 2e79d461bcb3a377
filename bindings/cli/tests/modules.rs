//! The CLI's modules import one another in one direction: no module of `src/` reaches back to one
//! that reaches it (sign.rs and the diagnosis used to import each other), and inside `explain/`
//! each module imports only the ones its `mod.rs` lists before it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The names following `prefix` in `text` (`crate::sign::` gives `sign`).
fn named_after(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .map(|(i, _)| {
            text[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Top-level module of each file (`explain/candidates/values.rs` is `explain`) → the top-level
/// modules it names through `crate::`.
fn top_level_imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(src()).unwrap();
        let module = relative
            .iter()
            .next()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let uses: BTreeSet<String> = named_after(&text, "crate::")
            .into_iter()
            .filter(|m| *m != module)
            .collect();
        graph.entry(module).or_default().extend(uses);
    }
    graph
}

/// A cycle through `start`, if any (depth-first).
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                return Some([path.clone(), vec![next.clone()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push((next.clone(), [path.clone(), vec![next.clone()]].concat()));
            }
        }
    }
    None
}

#[test]
fn no_module_of_the_cli_imports_one_that_imports_it() {
    let graph = top_level_imports();
    assert!(
        graph.get("verify").is_some_and(|uses| uses.contains("explain")),
        "{graph:?}"
    );
    for module in graph.keys() {
        assert_eq!(cycle_from(&graph, module), None, "an import circle");
    }
    // The check finds a circle when there is one.
    let mut planted = graph.clone();
    planted
        .entry("explain".to_owned())
        .or_default()
        .insert("verify".to_owned());
    assert_eq!(
        cycle_from(&planted, "verify"),
        Some(vec!["verify".to_owned(), "explain".to_owned(), "verify".to_owned()])
    );
}

#[test]
fn the_diagnosis_modules_import_only_those_listed_before_them() {
    let explain = src().join("explain");
    let order: Vec<&str> = vec![
        "signature_text",
        "block",
        "attempt",
        "candidate",
        "candidates",
        "conclude",
        "report",
    ];
    let doc = std::fs::read_to_string(explain.join("mod.rs")).unwrap();
    let listed: Vec<&str> = order
        .iter()
        .copied()
        .filter(|m| doc.contains(&format!("`{m}`")))
        .collect();
    assert_eq!(listed, order, "explain/mod.rs documents the order");
    for (i, module) in order.iter().enumerate() {
        let path = if explain.join(module).is_dir() {
            explain.join(module)
        } else {
            explain.join(format!("{module}.rs"))
        };
        let mut files = Vec::new();
        if path.is_dir() {
            rust_files(&path, &mut files);
        } else {
            files.push(path);
        }
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let named: BTreeSet<String> = [named_after(&text, "super::"), named_after(&text, "super::super::")]
                .into_iter()
                .flatten()
                .filter(|n| order.contains(&n.as_str()))
                .collect();
            for n in named {
                let j = order.iter().position(|m| *m == n).unwrap();
                assert!(j < i, "{} imports {n}, listed after it", file.display());
            }
        }
    }
}
