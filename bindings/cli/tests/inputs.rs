//! Every input the CLI reads is held to the library's limits, `verify --explain` stays linear in
//! memory, and the smaller front-end fixes of issue 15 (`sign --string-only`, `--provider` with
//! `--order`, a query in `--url`, `encode --json`'s query, `--allow-unlisted-fields`).
//!
//! Memory is measured by the address space the process may use (`ulimit -v`, POSIX sh): past
//! it, an allocation fails and the process aborts, so "exit code as expected" means "stayed
//! under the limit". Before this change `verify --explain` over 1,024 parameters peaked at
//! 124 MB resident (every alternative held a copy of the parameters at once); it now peaks near
//! 8 MB.

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output};

use assert_cmd::Command;
use serde_json::{json, Map, Value};

/// The address-space cap, in KiB: 100 MB.
const CAP_KIB: u32 = 100 * 1024;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn key(name: &str) -> String {
    root()
        .join("spec/vectors/keys")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn cardbind() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cardbind"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cardbind-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the CLI under a 100 MB address-space cap.
fn capped(args: &[&str]) -> Output {
    let positional: Vec<String> = (1..=args.len()).map(|i| format!("\"${i}\"")).collect();
    let script = format!("ulimit -v {CAP_KIB} && exec \"$0\" {}", positional.join(" "));
    StdCommand::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_cardbind"))
        .args(args)
        .output()
        .unwrap()
}

fn many_fields(n: usize) -> String {
    let object: Map<String, Value> = (0..n)
        .map(|i| (format!("field{i:05}"), json!(format!("value-{i}-abcdefghij"))))
        .collect();
    Value::Object(object).to_string()
}

#[test]
fn verify_explain_stays_under_100_mb_at_the_field_limit_and_5000_fields_are_refused() {
    let dir = temp_dir("explain");
    let at_limit = dir.join("1024.json");
    std::fs::write(&at_limit, many_fields(cardbind::model::limits::MAX_FIELDS)).unwrap();
    let sig = "0123456789abcdef0123456789abcdef";
    let explain = |file: &Path| {
        capped(&[
            "verify",
            "--secret",
            "wrong",
            "--explain",
            "--signature",
            sig,
            file.to_str().unwrap(),
        ])
    };
    let run = explain(&at_limit);
    let stdout = String::from_utf8_lossy(&run.stdout);
    // Exit 1: the diagnosis ran to the end (every alternative tried) and found no cause.
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("alternatives tried: "), "{stdout}");
    let tried: usize = stdout
        .lines()
        .find_map(|l| l.strip_prefix("alternatives tried: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(tried > 1024, "one alternative per field at least: {tried}");

    let over = dir.join("5000.json");
    std::fs::write(&over, many_fields(5000)).unwrap();
    let run = explain(&over);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        format!(
            "error: {}: too large: JSON fields in one message exceeds the library's limit of 1024\n",
            over.display()
        )
    );
    // A form string too.
    let form: Vec<String> = (0..5000).map(|i| format!("f{i}=v")).collect();
    cardbind()
        .args(["verify", "--secret", "k", "--signature", sig])
        .write_stdin(form.join("&"))
        .assert()
        .code(2)
        .stderr("error: stdin: too large: 5000 fields, the library's limit is 1024\n");
}

#[test]
fn a_100_mb_input_is_refused_without_being_read_whole() {
    let dir = temp_dir("huge");
    let huge = dir.join("huge.json");
    // Sparse: 100 MB of zero bytes without writing them.
    std::fs::File::create(&huge).unwrap().set_len(100_000_000).unwrap();
    let path = huge.to_str().unwrap();
    for args in [
        vec!["verify", "--secret", "k", "--signature", "00", path],
        vec!["sign", "--string-only", path],
        vec!["keys", "inspect", path],
    ] {
        let run = capped(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.starts_with(&format!("error: {path} is larger than "))
                && stderr.ends_with(" bytes, the limit for this input\n"),
            "{stderr}"
        );
    }
}

#[test]
fn nesting_past_the_limit_says_too_deep_on_every_json_input() {
    let deep = format!("{}1{}", "{\"a\":".repeat(40), "}".repeat(40));
    let too_deep = "too deep: JSON nested more than 16 levels (the library's limit)\n";
    cardbind()
        .args(["sign", "--secret", "k"])
        .write_stdin(deep.clone())
        .assert()
        .code(2)
        .stderr(format!("error: stdin: {too_deep}"));
    cardbind()
        .args(["verify", "--secret", "k", "--signature", "00"])
        .write_stdin(deep.clone())
        .assert()
        .code(2)
        .stderr(format!("error: stdin: {too_deep}"));
    let dir = temp_dir("deep");
    let config = dir.join("huanbei.json");
    std::fs::write(&config, r#"{"base_url":"https://h.example","channel_code":"ch"}"#).unwrap();
    let config = config.to_str().unwrap();
    cardbind()
        .args(["encode", "huanbei", "bindCard", "--config", config])
        .write_stdin(deep.clone())
        .assert()
        .code(2)
        .stderr(format!("error: stdin: {too_deep}"));
    cardbind()
        .args(["decode", "--role", "server", "huanbei", "--config", config])
        .write_stdin(deep)
        .assert()
        .code(2)
        .stderr(format!("error: stdin: {too_deep}"));
    // Deep arrays, far past serde_json's own recursion limit: the same words.
    let arrays = format!("{{\"a\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    cardbind()
        .args(["sign", "--secret", "k"])
        .write_stdin(arrays)
        .assert()
        .code(2)
        .stderr(format!("error: stdin: {too_deep}"));
}

#[test]
fn a_byte_order_mark_does_not_turn_json_into_a_form_string() {
    let bom_json = "\u{feff}{\"user_id\":\"2013051500001\",\"sign_type\":\"RSA\"}";
    cardbind()
        .args(["sign", "--string-only"])
        .write_stdin(bom_json)
        .assert()
        .success()
        .stdout("sign_type=RSA&user_id=2013051500001\n");
    // And in a configuration and the fields of encode.
    let dir = temp_dir("bom");
    let config = dir.join("huanbei.json");
    std::fs::write(
        &config,
        "\u{feff}{\"base_url\":\"https://h.example\",\"channel_code\":\"ch\"}",
    )
    .unwrap();
    let fields =
        "\u{feff}{\"user_id\":\"u1\",\"bank_card\":\"6222022005001212726\",\"open_bank\":\"ICBC\",\"bind_card_src\":2}";
    cardbind()
        .args([
            "encode",
            "--json",
            "huanbei",
            "bindCard",
            "--config",
            config.to_str().unwrap(),
        ])
        .write_stdin(fields)
        .assert()
        .success();
}

#[test]
fn sign_string_only_prints_the_string_to_sign_without_a_key() {
    let canonical: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("spec/vectors/canonical.json")).unwrap()).unwrap();
    let case = canonical["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "lianlian-apply-rsa-md5")
        .unwrap();
    let expected = format!("{}\n", case["canonical"].as_str().unwrap());
    cardbind()
        .args(["sign", "--string-only", "--show-pii", "--provider", "lianlian"])
        .write_stdin(case["params"].to_string())
        .assert()
        .success()
        .stdout(expected);
    // Masked by default, and said so.
    cardbind()
        .args(["sign", "--string-only", "--provider", "lianlian"])
        .write_stdin(case["params"].to_string())
        .assert()
        .success()
        .stdout(
            "acct_name=张*&api_version=2.1&bind_mob=138****8000&card_no=6222***********2723&id_no=110*************11\
             &id_type=0&oid_partner=201408071000001543&pay_type=2&risk_item=******&sign_type=RSA&user_id=2013051500001\n",
        )
        .stderr("note: personal data is masked; use --show-pii for the exact string\n");
    // A key is not wanted.
    cardbind()
        .args([
            "sign",
            "--string-only",
            "--key",
            &key("test-rsa-1024-private-pkcs8.pem"),
        ])
        .write_stdin("a=1")
        .assert()
        .code(2);
}

#[test]
fn provider_rules_take_another_key_order() {
    let params = r#"{"user_id":"1","Bkey":"2","akey":"3","sign_type":"RSA"}"#;
    cardbind()
        .args(["sign", "--string-only", "--provider", "lianlian"])
        .write_stdin(params)
        .assert()
        .success()
        .stdout("Bkey=2&akey=3&sign_type=RSA&user_id=1\n");
    // LianLian's Java SDK sorts case-insensitively.
    cardbind()
        .args([
            "sign",
            "--string-only",
            "--provider",
            "lianlian",
            "--order",
            "case-insensitive",
        ])
        .write_stdin(params)
        .assert()
        .success()
        .stdout("akey=3&Bkey=2&sign_type=RSA&user_id=1\n");
    cardbind()
        .args([
            "sign",
            "--string-only",
            "--provider",
            "xianjincard",
            "--order",
            "bytewise",
            "--secret",
            "k",
        ])
        .write_stdin(r#"{"ua":"U","call":"C","args":"{}"}"#)
        .assert()
        .code(2)
        .stderr("error: --order applies to sorted pairs; the xianjincard rule concatenates fixed fields\n");
}

fn huanbei_config(dir: &Path) -> String {
    let config = dir.join("huanbei.json");
    std::fs::write(&config, r#"{"base_url":"https://h.example","channel_code":"ch"}"#).unwrap();
    config.to_string_lossy().into_owned()
}

const HUANBEI_FIELDS: &str =
    r#"{"user_id":"u1","bank_card":"6222022005001212726","open_bank":"ICBC","bind_card_src":2}"#;

#[test]
fn encode_json_gives_the_query_as_an_object_and_decode_reads_it_back() {
    let dir = temp_dir("query");
    let config = huanbei_config(&dir);
    let out = cardbind()
        .args([
            "encode",
            "--json",
            "--show-pii",
            "huanbei",
            "bindCard",
            "--config",
            &config,
        ])
        .write_stdin(HUANBEI_FIELDS)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let wire: Value = serde_json::from_slice(&out).unwrap();
    // What urllib.parse.urlencode, requests' params= and URLSearchParams take as they are.
    assert_eq!(wire["query"], json!({"r_c": "CH"}));
    cardbind()
        .args(["decode", "--json", "--role", "server", "huanbei", "--config", &config])
        .write_stdin(out)
        .assert()
        .success()
        .stdout(predicates::str::contains("\"user_id\": \"u1\""));
}

#[test]
fn decode_raw_body_reads_the_query_of_url() {
    let dir = temp_dir("url");
    let config = huanbei_config(&dir);
    let body = dir.join("body.json");
    std::fs::write(&body, HUANBEI_FIELDS).unwrap();
    let body = body.to_str().unwrap();
    let decode = |url: &str, query: Option<&str>| {
        let mut cmd = cardbind();
        cmd.args([
            "decode",
            "--role",
            "server",
            "huanbei",
            "--config",
            &config,
            "--raw-body",
            "--url",
            url,
        ]);
        if let Some(q) = query {
            cmd.args(["--query", q]);
        }
        cmd.arg(body);
        cmd.assert()
    };
    // The channel code travels in the query: read from --url now, where it used to be dropped
    // (the request then failed with "r_c: malformed (missing)").
    decode("https://h.example/xxxchannel/bindCard?r_c=CH", None)
        .success()
        .stdout(predicates::str::contains("operation: bindCard"));
    decode("https://h.example/xxxchannel/bindCard", Some("r_c=CH")).success();
    decode("https://h.example/xxxchannel/bindCard?r_c=CH", Some("r_c=CH"))
        .code(2)
        .stderr("error: --url has a query and --query was given: give the query once\n");
    decode("https://h.example/xxxchannel/bindCard", None)
        .code(2)
        .stderr("error: r_c: malformed (missing)\n");
}

#[test]
fn encode_sends_unlisted_fields_only_when_asked_and_never_reserved_ones() {
    let dir = temp_dir("unlisted");
    let config = huanbei_config(&dir);
    let mut fields: Map<String, Value> = serde_json::from_str(HUANBEI_FIELDS).unwrap();
    fields.insert("device_id".into(), json!("d-1"));
    let fields = Value::Object(fields).to_string();
    cardbind()
        .args(["encode", "huanbei", "bindCard", "--config", &config])
        .write_stdin(fields.clone())
        .assert()
        .code(2)
        .stderr("error: device_id: is not a field of this operation\n");
    cardbind()
        .args([
            "encode",
            "--json",
            "--allow-unlisted-fields",
            "huanbei",
            "bindCard",
            "--config",
            &config,
        ])
        .write_stdin(fields)
        .assert()
        .success()
        .stdout(predicates::str::contains("device_id"));
    let mut reserved: Map<String, Value> = serde_json::from_str(HUANBEI_FIELDS).unwrap();
    reserved.insert("r_s".into(), json!("forged"));
    cardbind()
        .args([
            "encode",
            "--allow-unlisted-fields",
            "huanbei",
            "bindCard",
            "--config",
            &config,
        ])
        .write_stdin(Value::Object(reserved).to_string())
        .assert()
        .code(2)
        .stderr(
            "error: r_s: is reserved by the protocol (an envelope or computed field): it is never sent as an unlisted \
             field\n",
        );
}
