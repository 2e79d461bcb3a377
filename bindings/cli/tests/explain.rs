//! `verify --explain` over partner mistakes signed independently by
//! spec/vectors/explain/make_explain_vectors.py (Python cryptography/hashlib, never cardbind):
//! each must be reported as the most likely cause, with the exact text.

mod support;

use assert_cmd::Command;
use serde_json::Value;
use support::{root, verify_args};

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(root().join("spec/vectors/explain/explain.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

fn case(id: &str) -> Value {
    cases()
        .into_iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

fn text<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field].as_str().unwrap_or_else(|| panic!("case field {field}"))
}

/// Every secret a case holds (none may appear in any output).
fn secrets(c: &Value) -> Vec<String> {
    let mut all: Vec<String> = ["secret", "secret_file_text"]
        .iter()
        .filter_map(|f| c[*f].as_str())
        .map(|s| s.trim().to_owned())
        .collect();
    if let Some(also) = c["also_secrets"].as_array() {
        all.extend(also.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    all
}

struct Explained {
    /// `--json` output's `diagnosis`.
    diagnosis: Value,
    /// The text output's `most likely cause:` line.
    most_likely: String,
    stdout: String,
    stderr: String,
}

/// Runs `verify --explain` on a case (text and `--json`), which must fail verification (exit 1).
fn explain(c: &Value) -> Explained {
    let dir = std::env::temp_dir().join(format!("cardbind-explain-{}-{}", std::process::id(), text(c, "id")));
    std::fs::create_dir_all(&dir).unwrap();
    let args = verify_args(c, &dir);
    let stdin = match &c["params"] {
        Value::String(raw) => raw.clone(),
        params => serde_json::to_string(params).unwrap(),
    };
    let run = |json: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cardbind"));
        if json {
            cmd.arg("--json");
        }
        let out = cmd
            .args(["verify", "--explain"])
            .args(&args)
            .write_stdin(stdin.clone())
            .assert()
            .code(1)
            .get_output()
            .clone();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (stdout, stderr) = run(false);
    let (json_out, json_err) = run(true);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(stderr, json_err, "{}", text(c, "id"));
    let doc: Value = serde_json::from_str(&json_out).unwrap();
    let most_likely = stdout
        .lines()
        .find_map(|l| l.strip_prefix("most likely cause: "))
        .unwrap_or_else(|| panic!("no diagnosis in {stdout}"))
        .to_owned();
    for secret in secrets(c) {
        for out in [&stdout, &json_out, &stderr] {
            assert!(!out.contains(&secret), "{}: a secret is printed", text(c, "id"));
        }
    }
    Explained {
        diagnosis: doc["diagnosis"].clone(),
        most_likely,
        stdout,
        stderr,
    }
}

/// Asserts the case's diagnosis: its id (from the vector file), the exact text in both outputs,
/// and whether it is an alternative that verifies or a conclusion.
fn assert_diagnosis(id: &str, summary: &str) -> Explained {
    let c = case(id);
    let e = explain(&c);
    let most = &e.diagnosis["most_likely"];
    assert_eq!(most["cause"], c["expected_cause"], "{id}: {most}");
    assert_eq!(most["summary"], summary, "{id}");
    assert_eq!(e.most_likely, summary, "{id}");
    let verified = e.diagnosis["verified_alternatives"].as_array().unwrap();
    assert_eq!(!verified.is_empty(), c["expected_verifies"].as_bool().unwrap(), "{id}");
    e
}

#[test]
fn diagnoses_fields_signed_in_received_order() {
    let summary = "the signer joined the fields in the order received, not sorted by key: the signer must sort the \
                   keys (bytewise) before joining";
    let e = assert_diagnosis("received-order-md5", summary);
    assert_eq!(
        e.diagnosis["most_likely"]["string_to_sign"],
        "user_id=2013051500001&oid_partner=201408071000001543&sign_type=MD5&no_order=LL20240315000123&\
         dt_order=20240315101010&money_order=0.01"
    );
    assert_diagnosis("received-order-rsa", summary);
}

#[test]
fn diagnoses_values_signed_as_gbk_bytes() {
    let e = assert_diagnosis(
        "gbk-md5",
        "the signer hashed the string as GBK bytes, not UTF-8 (Java getBytes(\"GBK\"), a GBK page or database; \
         non-ASCII text in `acct_name`, `name_goods`): the signer must hash its UTF-8 bytes",
    );
    // The text is the same as the one built (only its bytes differ), and the name stays masked.
    assert!(e.diagnosis["most_likely"].get("string_to_sign").is_none());
    assert!(!e.stdout.contains("张三"), "{}", e.stdout);
    assert_diagnosis(
        "gbk-rsa",
        "the signer hashed the string as GBK bytes, not UTF-8 (Java getBytes(\"GBK\"), a GBK page or database; \
         non-ASCII text in `ret_msg`): the signer must hash its UTF-8 bytes",
    );
    assert_diagnosis(
        "gbk-raw",
        "the signer hashed the string as GBK bytes, not UTF-8 (Java getBytes(\"GBK\"), a GBK page or database): \
         the signer must hash its UTF-8 bytes",
    );
}

#[test]
fn diagnoses_a_value_trimmed_before_signing() {
    let e = assert_diagnosis(
        "trimmed-value",
        "the signer trimmed leading/trailing whitespace from `info_order` before signing (Java String.trim, Python \
         str.strip): the signer must sign the values exactly as sent, or send them trimmed",
    );
    assert_eq!(
        e.diagnosis["most_likely"]["string_to_sign"],
        "info_order=bind card&no_order=LL20240315000125&oid_partner=201408071000001543&sign_type=MD5&\
         user_id=2013051500001"
    );
}

#[test]
fn diagnoses_a_url_safe_base64_rsa_signature_with_or_without_padding() {
    let e = assert_diagnosis(
        "url-safe-base64-unpadded",
        "the signer encoded the signature as URL-safe base64 ('-' and '_' instead of '+' and '/', without '=' \
         padding): decode it as URL-safe base64 (Java Base64.getUrlDecoder, Python base64.urlsafe_b64decode), or \
         the signer must send standard base64",
    );
    // The signature is opened as the standard base64 it stands for.
    assert_eq!(e.diagnosis["signature_block"]["kind"], "valid");
    assert_eq!(e.diagnosis["signature_block"]["digest"], "sha256");
    assert_diagnosis(
        "url-safe-base64-padded",
        "the signer encoded the signature as URL-safe base64 ('-' and '_' instead of '+' and '/'): decode it as \
         URL-safe base64 (Java Base64.getUrlDecoder, Python base64.urlsafe_b64decode), or the signer must send \
         standard base64",
    );
}

#[test]
fn diagnoses_an_md5_secret_with_a_line_end_or_a_leading_space() {
    assert_diagnosis(
        "secret-trailing-lf",
        "the signer's shared secret ends with a line feed (\\n) that the one given here lacks: the signer read it \
         from a file without removing the line end, and must remove it",
    );
    assert_diagnosis(
        "secret-trailing-crlf",
        "the signer's shared secret ends with CR LF (\\r\\n) that the one given here lacks: the signer read it from \
         a file saved with Windows line ends without removing them, and must remove them",
    );
    assert_diagnosis(
        "secret-leading-space",
        "the signer's shared secret starts with a space that the one given here lacks: the signer copied it with the \
         space in front (as in `key = value`), and must remove it",
    );
    assert_diagnosis(
        "secret-given-padded",
        "the shared secret given here has leading or trailing whitespace that the signer's lacks: trim it",
    );
}

const LINE_END_NOTE: &str = "note: --secret-file: one trailing line end (\\n) was removed from the secret; if it is \
                             part of the secret, add --keep-secret-newline\n";

#[test]
fn secret_file_line_end_removal_is_announced_diagnosed_and_can_be_kept() {
    let e = assert_diagnosis(
        "secret-file-newline-stripped",
        "the signer's shared secret ends with a line feed (\\n) that the one given here lacks: the signer read it \
         from a file without removing the line end, and must remove it (--secret-file removed that line end from \
         the file given: if it belongs to the secret, add --keep-secret-newline)",
    );
    assert_eq!(e.stderr, LINE_END_NOTE);

    // --keep-secret-newline: the file's bytes are the secret, and it verifies without a note.
    let c = case("secret-file-newline-stripped");
    let dir = std::env::temp_dir().join(format!("cardbind-keep-newline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut args = verify_args(&c, &dir);
    args.push("--keep-secret-newline".to_owned());
    let stdin = serde_json::to_string(&c["params"]).unwrap();
    Command::new(env!("CARGO_BIN_EXE_cardbind"))
        .arg("verify")
        .args(&args)
        .write_stdin(stdin.clone())
        .assert()
        .code(0)
        .stdout("OK: signature verifies (MD5)\n")
        .stderr("");
    // In --json output the note is also under `notes`.
    args.pop();
    let out = Command::new(env!("CARGO_BIN_EXE_cardbind"))
        .args(["--json", "verify"])
        .args(&args)
        .write_stdin(stdin)
        .assert()
        .code(1)
        .stderr(LINE_END_NOTE)
        .get_output()
        .stdout
        .clone();
    std::fs::remove_dir_all(&dir).unwrap();
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        doc["notes"],
        serde_json::json!([LINE_END_NOTE.trim_start_matches("note: ").trim_end()])
    );
}

#[test]
fn diagnoses_a_sha256_hex_signature_where_md5_is_expected() {
    assert_diagnosis(
        "sha256-hex-salted",
        "the signature is a 64-hex digest: SHA-256 where MD5 is expected; hex(sha256(string + \"&key=\" + secret)) \
         verifies: the signer used SHA-256 instead of MD5 and must use MD5, the agreed rule",
    );
    assert_diagnosis(
        "sha256-hex-other-secret",
        "the signature is a 64-hex digest: SHA-256 where MD5 (32 hex) is expected, and sha256(string + \"&key=\" + \
         secret) does not verify either: the signer used SHA-256 over another string or with another secret or \
         construction (e.g. HMAC), and must use MD5, the agreed rule",
    );
}

#[test]
fn diagnoses_xianjincard_signed_with_the_other_directions_signkey() {
    let e = assert_diagnosis(
        "xianjincard-other-direction-signkey",
        "the signer used --also-secret #2 as signkey in K = ua + signkey + ua, not the signkey given. Each direction \
         has its own ua/signkey pair: if --also-secret #2 is the other direction's, the signer must sign with this \
         direction's signkey; if it is this direction's, verify with it",
    );
    // Only the signkey differs, and it is masked: no second copy of the same masked string.
    assert!(e.diagnosis["most_likely"].get("string_to_sign").is_none());
    assert_diagnosis(
        "xianjincard-other-direction-signkey-not-given",
        "no alternative verifies: the signkey differs from the signer's, or the signer signed a different string \
         (MD5 cannot tell which). Each direction has its own ua/signkey pair: try the other direction's signkey with \
         --also-secret, and compare the string to sign above with the signer's",
    );
    assert_diagnosis(
        "xianjincard-signkey-trailing-crlf",
        "the signer's signkey ends with CR LF (\\r\\n) that the one given here lacks: the signer read it from a file \
         saved with Windows line ends without removing them, and must remove them",
    );
}

#[test]
fn diagnoses_values_url_encoded_before_signing_as_the_signers_to_change() {
    let e = assert_diagnosis(
        "percent-encoded-values",
        "the signer signed percent-encoded values (`acct_name`, `notify_url`, `info_order`, Java URLEncoder style): \
         the signer must sign the raw values",
    );
    assert_eq!(
        e.diagnosis["most_likely"]["string_to_sign"],
        "acct_name=%*****************&info_order=bind+card&notify_url=https%3A%2F%2Fmerchant.example%2Fnotify%3Ffrom\
         %3Dll&oid_partner=201408071000001543&sign_type=MD5&user_id=2013051500001"
    );
    assert_diagnosis(
        "form-values-undecoded",
        "the signer signed the form values URL-encoded, as sent (`acct_name`, `notify_url`, `info_order`): the \
         signer must sign the raw values, before encoding them for the body",
    );
}

#[test]
fn every_explain_vector_is_asserted_by_a_test_here() {
    let source = include_str!("explain.rs");
    for c in cases() {
        let id = text(&c, "id");
        assert!(source.contains(&format!("\"{id}\"")), "{id} is not tested");
    }
}
