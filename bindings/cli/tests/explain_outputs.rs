//! `verify --explain`'s exact output (text and `--json`: stdout, stderr, exit code) on every
//! spec/vectors/explain case, held in spec/vectors/explain/outputs.json. The Python wheel's
//! `cardbind` command, `python -m cardbind`, `cardbind.explain` and the JVM's `Cardbind.explain`
//! are tested against the same file, so each gives what this binary gives.
//!
//! After an intended change of wording, rewrite the file from the binary with
//! `CARDBIND_WRITE_EXPLAIN_OUTPUTS=1 cargo test -p cardbind-cli --test explain_outputs` and review
//! the diff.

use std::path::Path;

mod support;

use assert_cmd::Command;
use serde_json::{json, Map, Value};
use support::{root, verify_args};

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Runs `cardbind [--json] verify --explain ARGS` with the case's message on stdin.
fn run(c: &Value, args: &[String], json: bool) -> Value {
    let stdin = match &c["params"] {
        Value::String(raw) => raw.clone(),
        params => serde_json::to_string(params).unwrap(),
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cardbind"));
    if json {
        cmd.arg("--json");
    }
    let out = cmd
        .args(["verify", "--explain"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    json!({
        "exit_code": out.status.code(),
        "stdout": String::from_utf8(out.stdout).unwrap(),
        "stderr": String::from_utf8(out.stderr).unwrap(),
    })
}

#[test]
fn every_explain_case_gives_exactly_the_recorded_output() {
    let cases = read_json(&root().join("spec/vectors/explain/explain.json"))["cases"].clone();
    let dir = std::env::temp_dir().join(format!("cardbind-explain-outputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut outputs = Map::new();
    for c in cases.as_array().unwrap() {
        let args = verify_args(c, &dir);
        let id = c["id"].as_str().unwrap().to_owned();
        outputs.insert(id, json!({"text": run(c, &args, false), "json": run(c, &args, true)}));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    let count = outputs.len();
    let doc = json!({
        "description": "`cardbind verify --explain` (text) and `cardbind --json verify --explain` on each case of \
                        explain.json: exit code, stdout, stderr. Every binding's tests compare against these.",
        "generator": "CARDBIND_WRITE_EXPLAIN_OUTPUTS=1 cargo test -p cardbind-cli --test explain_outputs",
        "outputs": outputs,
    });
    let path = root().join("spec/vectors/explain/outputs.json");
    if std::env::var_os("CARDBIND_WRITE_EXPLAIN_OUTPUTS").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    }
    let recorded = read_json(&path);
    for (id, got) in doc["outputs"].as_object().unwrap() {
        assert_eq!(
            &recorded["outputs"][id], got,
            "{id}: the output differs from outputs.json"
        );
    }
    assert_eq!(
        recorded["outputs"].as_object().unwrap().len(),
        count,
        "a recorded case is gone"
    );
}

/// The library's `explain_request` (what the bindings call) for a case, from the case's values in
/// memory: the key's bytes, the secret file's text.
fn library_request(c: &Value) -> cardbind_cli::ExplainRequest {
    let rule = &c["rule"];
    let input = match &c["params"] {
        Value::String(raw) => raw.clone().into_bytes(),
        params => serde_json::to_vec(params).unwrap(),
    };
    let (secret, secret_line_end_removed) = match (c["secret"].as_str(), c["secret_file_text"].as_str()) {
        (Some(s), _) => (Some(cardbind::SharedSecret::new(s)), None),
        (None, Some(text)) => {
            let (secret, removed) = cardbind_cli::secret_from_file(text, false);
            (Some(secret), removed)
        }
        (None, None) => (None, None),
    };
    let key = (rule["scheme"] == "rsa").then(|| {
        let name = rule["key"].as_str().unwrap();
        std::fs::read(root().join(format!("spec/vectors/keys/{name}-public-spki.pem"))).unwrap()
    });
    let digest = rule["digest"].as_str().map(|d| match d {
        "md5" => cardbind::DigestAlgorithm::Md5,
        "sha1" => cardbind::DigestAlgorithm::Sha1,
        _ => cardbind::DigestAlgorithm::Sha256,
    });
    cardbind_cli::ExplainRequest {
        rule: cardbind_cli::RuleInput {
            input,
            raw: rule["canonical"] == "raw",
            canonical: if rule["canonical"] == "xianjincard" {
                cardbind_cli::Canonical::Xianjincard
            } else {
                cardbind_cli::Canonical::SortedPairs
            },
            digest,
            secret,
            secret_line_end_removed,
            ..cardbind_cli::RuleInput::new("stdin")
        },
        key,
        also_keys: Vec::new(),
        also_secrets: c["also_secrets"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect(),
        signature: cardbind_cli::SignatureInput {
            signature: c["signature"].as_str().map(str::to_owned),
            field: "sign".to_owned(),
        },
        any_case: false,
        show_pii: false,
    }
}

#[test]
fn the_library_explain_gives_the_json_document_the_command_prints() {
    let cases = read_json(&root().join("spec/vectors/explain/explain.json"))["cases"].clone();
    let recorded = read_json(&root().join("spec/vectors/explain/outputs.json"));
    for c in cases.as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let printed: Value = serde_json::from_str(recorded["outputs"][id]["json"]["stdout"].as_str().unwrap()).unwrap();
        let explained = cardbind_cli::explain_request(library_request(c)).unwrap();
        assert_eq!(explained.to_json(), printed, "{id}");
        assert!(explained.result.is_err(), "{id}");
    }
}
