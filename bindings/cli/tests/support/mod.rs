//! What the `verify --explain` tests (`explain.rs`, `explain_outputs.rs`) share.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `verify` arguments for a spec/vectors/explain case (as every language's test builds
/// them); a secret file is written into `dir`.
pub fn verify_args(c: &Value, dir: &Path) -> Vec<String> {
    let text = |v: &Value, f: &str| v[f].as_str().unwrap_or_else(|| panic!("case field {f}")).to_owned();
    let rule = &c["rule"];
    let mut args = vec!["--signature".to_owned(), text(c, "signature")];
    match rule["canonical"].as_str() {
        Some("xianjincard") => args.extend(["--canonical".into(), "xianjincard".into()]),
        Some("raw") => args.push("--raw".into()),
        _ => {}
    }
    if rule["scheme"] == "rsa" {
        let key = root().join(format!("spec/vectors/keys/{}-public-spki.pem", text(rule, "key")));
        args.extend([
            "--key".into(),
            key.to_string_lossy().into_owned(),
            "--digest".into(),
            text(rule, "digest"),
        ]);
    }
    if let Some(secret) = c["secret"].as_str() {
        args.extend(["--secret".into(), secret.to_owned()]);
    }
    if let Some(file_text) = c["secret_file_text"].as_str() {
        let path = dir.join(format!("{}.key", text(c, "id")));
        std::fs::write(&path, file_text).unwrap();
        args.extend(["--secret-file".into(), path.to_string_lossy().into_owned()]);
    }
    for also in c["also_secrets"].as_array().into_iter().flatten() {
        args.extend(["--also-secret".into(), also.as_str().unwrap().to_owned()]);
    }
    args
}
