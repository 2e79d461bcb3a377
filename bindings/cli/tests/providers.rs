//! `cardbind codes|spec|encode|decode|form`, driven as a real process over the provider specs
//! (spec/providers/) and the providers' independent Python vectors (spec/vectors/providers/).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(relative: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(relative)).unwrap()).unwrap()
}

fn key_text(name: &str) -> String {
    std::fs::read_to_string(root().join("spec/vectors/keys").join(name)).unwrap()
}

fn cardbind() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cardbind"))
}

fn stdout_json(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

/// A config file in the test's own temporary directory (removed on drop).
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("cardbind-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn file(&self, name: &str, content: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, content).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const SPEC_FILES: [&str; 5] = ["lianlian", "xianjincard", "yixin", "vbao", "huanbei"];

#[test]
fn codes_give_the_spec_outcome_and_kind_for_every_code() {
    let mut checked = 0;
    for name in SPEC_FILES {
        let spec = read_json(&format!("spec/providers/{name}.json"));
        for code in spec["codes"].as_array().unwrap() {
            let got = stdout_json(cardbind().args([
                "--json",
                "codes",
                name,
                code["code"].as_str().unwrap(),
                "--scope",
                code["scope"].as_str().unwrap(),
            ]));
            let got = &got[0];
            assert_eq!(got["outcome"], code["outcome"], "{name} {}", code["code"]);
            assert_eq!(
                got["kind"],
                code.get("kind").cloned().unwrap_or(Value::Null),
                "{name} {}",
                code["code"]
            );
            assert_eq!(got["meaning"], code["meaning"]);
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn a_code_lookup_reads_like_the_spec_and_unknown_codes_exit_2() {
    cardbind()
        .args(["codes", "lianlian", "1008"])
        .assert()
        .success()
        .stdout(
            "lianlian ret_code 1008: 商户请求IP错误 (request IP not allowed)\n  outcome:    failed\n  kind:       \
             merchant_misconfigured\n  retryable:  false\n  confidence: documented\n",
        );
    cardbind()
        .args(["codes", "lianlian", "77777"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: code `77777` is not in the lianlian spec (scopes: ret_code); the codec reports it as failed, kind \
         unknown, raw code kept\n",
        );
    cardbind().args(["codes", "LianLian"]).assert().code(2).stderr(
        "error: unknown provider `LianLian`: did you mean `lianlian`? (one of: lianlian, xianjincard, yixin, vbao, \
             huanbei)\n",
    );
}

#[test]
fn spec_of_an_operation_lists_the_envelope_fields_the_caller_supplies_with_their_format() {
    let spec = read_json("spec/providers/huanbei.json");
    let got = stdout_json(cardbind().args(["--json", "spec", "huanbei", "bindCard"]));
    let inputs = got["envelope_inputs"].as_array().unwrap();
    let names: Vec<&Value> = inputs.iter().map(|f| &f["name"]).collect();
    assert_eq!(names, ["r_i", "r_t"]);
    for (got, written) in inputs.iter().zip(spec["envelope_inputs"].as_array().unwrap()) {
        for key in ["name", "type", "required", "description"] {
            assert_eq!(got[key], written[key], "{key}");
        }
    }
    let output = cardbind().args(["spec", "huanbei", "bindCard"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let section: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("envelope fields"))
        .take(3)
        .collect();
    assert_eq!(section[0], "envelope fields you supply among the request's fields:");
    assert!(
        section[1].starts_with("  r_i                      string       conditional  Request id"),
        "{text}"
    );
    assert_eq!(
        section[2],
        "      required when: requests are signed (signing.our_private_key is set)"
    );
    let lianlian = stdout_json(cardbind().args(["--json", "spec", "lianlian", "bankcardbind"]));
    assert!(
        lianlian.get("envelope_inputs").is_none(),
        "LianLian's envelope is all the codec's"
    );
}

#[test]
fn spec_lists_providers_operations_and_fields_from_the_spec_files() {
    let list = stdout_json(cardbind().args(["--json", "spec"]));
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["provider"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["lianlian", "xianjincard", "yixin", "vbao", "huanbei"]);
    for name in SPEC_FILES {
        let spec = read_json(&format!("spec/providers/{name}.json"));
        let entry = list.as_array().unwrap().iter().find(|p| p["provider"] == name).unwrap();
        let ops: Vec<&Value> = spec["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| &o["name"])
            .collect();
        let listed: Vec<&Value> = entry["operations"].as_array().unwrap().iter().collect();
        assert_eq!(listed, ops, "{name}");
        for op in spec["operations"].as_array().unwrap() {
            let got = stdout_json(cardbind().args(["--json", "spec", name, op["name"].as_str().unwrap()]));
            assert_eq!(
                got["request"].as_array().map(Vec::len),
                op["request"].as_array().map(Vec::len)
            );
            assert_eq!(got["name"], op["name"]);
            assert_eq!(got["unified"], op["unified"]);
        }
    }
    cardbind()
        .args(["spec", "vbao", "bindCard/nope"])
        .assert()
        .code(2)
        .stderr("error: vbao has no operation `bindCard/nope` (one of: bindCard/create, bindNotify)\n");
}

fn xianjincard_config(dir: &TempDir) -> String {
    let vectors = read_json("spec/vectors/providers/xianjincard.json");
    let c = &vectors["config"];
    dir.file(
        "xj.json",
        &json!({
            "provider_to_partner": {"ua": c["ua"], "sign_key": c["provider_to_partner_signkey"]},
            "environment": "test",
            "partner_endpoint": c["partner_endpoint"],
        })
        .to_string(),
    )
}

#[test]
fn encode_reproduces_the_python_xianjincard_body_and_masks_it_by_default() {
    let dir = TempDir::new("xj");
    let config = xianjincard_config(&dir);
    let vectors = read_json("spec/vectors/providers/xianjincard.json");
    let v = vectors["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "is-user-accept")
        .unwrap();
    let now_ms = format!("{}000", v["timestamp"].as_str().unwrap());
    let encode = |show_pii: bool| {
        let mut cmd = cardbind();
        if show_pii {
            cmd.arg("--show-pii");
        }
        cmd.args([
            "--json",
            "encode",
            "xianjincard",
            "User.isUserAccept",
            "--config",
            &config,
        ])
        .args(["--now-ms", &now_ms])
        .write_stdin(v["args"].as_str().unwrap());
        cmd
    };
    let wire = stdout_json(&mut encode(true));
    assert_eq!(wire["body"], v["body"]);
    assert_eq!(wire["url"], v["url"]);
    assert_eq!(wire["method"], "POST");

    let output = encode(false).assert().success().get_output().clone();
    let masked: Value = serde_json::from_slice(&output.stdout).unwrap();
    let body = masked["body"].as_str().unwrap();
    assert!(
        !body.contains("%E5%88%98%E5%85%88%E6%A3%AE"),
        "the name is masked: {body}"
    );
    assert!(body.contains("user_name%22%3A%22%E5%88%98**%22"), "{body}");
    assert!(body.ends_with(&format!(
        "&sign={}&timestamp={}",
        v["sign"].as_str().unwrap(),
        v["timestamp"].as_str().unwrap()
    )));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "note: personal data is masked; use --show-pii for the exact bytes to send\n"
    );

    // The unmasked wire decodes in the other role, verified, with the fields masked again.
    let decoded = stdout_json(
        cardbind()
            .args([
                "--json",
                "decode",
                "--role",
                "server",
                "xianjincard",
                "--config",
                &config,
            ])
            .args(["--now-ms", &now_ms])
            .write_stdin(wire.to_string()),
    );
    assert_eq!(decoded["operation"], "User.isUserAccept");
    assert_eq!(decoded["signature"], "verified");
    assert_eq!(decoded["fields"]["user_name"], "刘**");
    assert_eq!(decoded["fields"]["user_phone"], "132****8***");

    // A changed sign fails verification: exit 1.
    let mut tampered = wire.clone();
    tampered["body"] = Value::String(
        v["body"]
            .as_str()
            .unwrap()
            .replace(v["sign"].as_str().unwrap(), "00000000000000000000000000000000"),
    );
    let out = cardbind()
        .args(["decode", "--role", "server", "xianjincard", "--config", &config])
        .args(["--now-ms", &now_ms])
        .write_stdin(tampered.to_string())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(out).unwrap().starts_with("FAILED: "));
}

fn vbao_configs(dir: &TempDir) -> (String, String, String) {
    let v = read_json("spec/vectors/providers/vbao.json");
    let key = v["vbao_key"].as_str().unwrap();
    let merchant = json!({
        "customer_no": v["customer_no"],
        "sign_key": v["sign_key"],
        "their_public_key": key_text(&format!("{key}-public-spki.pem")),
    });
    let mock = json!({
        "customer_no": v["customer_no"],
        "sign_key": v["sign_key"],
        "our_private_key": key_text(&format!("{key}-private-pkcs8.pem")),
    });
    let mut wrong = mock.clone();
    wrong["sign_key"] = Value::String("not-the-sign-key".into());
    (
        dir.file("merchant.json", &merchant.to_string()),
        dir.file("mock.json", &mock.to_string()),
        dir.file("wrong.json", &wrong.to_string()),
    )
}

const SEED: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[test]
fn vbao_request_round_trips_between_roles_with_the_python_signature() {
    let dir = TempDir::new("vbao-rt");
    let (merchant, mock, _) = vbao_configs(&dir);
    let vectors = read_json("spec/vectors/providers/vbao.json");
    let v = vectors["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "create-full-2048")
        .unwrap();
    let mut fields = v["fields"].as_object().unwrap().clone();
    fields.remove("sign");
    fields.remove("customerNo");
    let wire = stdout_json(
        cardbind()
            .args([
                "--json",
                "--show-pii",
                "encode",
                "vbao",
                "bindCard/create",
                "--config",
                &merchant,
            ])
            .args(["--seed", SEED])
            .write_stdin(Value::Object(fields.clone()).to_string()),
    );
    let decoded = stdout_json(
        cardbind()
            .args([
                "--json",
                "--show-pii",
                "decode",
                "--role",
                "server",
                "vbao",
                "--config",
                &mock,
            ])
            .write_stdin(wire.to_string()),
    );
    assert_eq!(decoded["signature"], "verified");
    assert_eq!(
        decoded["fields"], v["fields"],
        "every field, and the sign Python computed"
    );

    let masked = stdout_json(
        cardbind()
            .args(["--json", "decode", "--role", "server", "vbao", "--config", &mock])
            .write_stdin(wire.to_string()),
    );
    assert_eq!(masked["fields"]["certNo"], "110*************2X");
    assert_eq!(masked["fields"]["mobile"], "188****5678");
    assert_eq!(masked["fields"]["bankCardName"], "张*");
    assert_eq!(masked["fields"]["identifyId"], "******");
}

#[test]
fn vbao_reply_decodes_to_its_outcome_and_renders_the_submit_form() {
    let dir = TempDir::new("vbao-form");
    let (merchant, mock, wrong) = vbao_configs(&dir);
    let vectors = read_json("spec/vectors/providers/vbao.json");
    let doc_reply = vectors["responses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "create-doc-example")
        .unwrap();
    let decoded = stdout_json(
        cardbind()
            .args([
                "--json",
                "decode",
                "vbao",
                "--operation",
                "bindCard/create",
                "--config",
                &merchant,
            ])
            .arg("--raw-body")
            .write_stdin(doc_reply["body"].as_str().unwrap()),
    );
    assert_eq!(
        decoded["outcome"],
        json!({"status": "pending", "provider_code": "0000", "provider_message": "成功",
               "authenticated": true, "http_status": 200})
    );
    assert_eq!(decoded["fields"]["sign"], doc_reply["sign"]);
    // The document's own submitUrl (www.icbc.com) is not an absolute URL: no form is rendered.
    let reply = dir.file("doc-reply.json", doc_reply["body"].as_str().unwrap());
    cardbind()
        .args(["form", "--config", &merchant, &reply])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: submitUrl: must be an absolute http or https URL\n");

    let answer = json!({
        "orderNo": "BCC287242753802400", "errCode": "0000", "errMessage": "成功",
        "submitUrl": "https://bank.example/pay?channel=1", "submitMethod": "POST", "encoding": "UTF-8",
        "submitParams": "{\"epccGwMsg\":\"<msg a=\\\"1\\\">\"}"
    });
    let expected_form =
        "<form name=\"unionpay_punchout_form\" method=\"POST\" action=\"https://bank.example/pay?channel=1\" \
                         accept-charset=\"UTF-8\">\n<input type=\"hidden\" name=\"epccGwMsg\" value=\"&lt;msg \
                         a=&quot;1&quot;&gt;\">\n</form>\n<script>HTMLFormElement.prototype.submit.call(document.\
                         forms[\"unionpay_punchout_form\"]);</script>\n";
    cardbind()
        .arg("form")
        .write_stdin(answer.to_string())
        .assert()
        .success()
        .stdout(expected_form);

    let encode_reply = |config: &str| {
        stdout_json(
            cardbind()
                .args([
                    "--json",
                    "encode",
                    "vbao",
                    "bindCard/create",
                    "--role",
                    "server",
                    "--config",
                    config,
                ])
                .args(["--seed", SEED])
                .write_stdin(answer.to_string()),
        )
    };
    let body = encode_reply(&mock)["body"].as_str().unwrap().to_owned();
    let reply = dir.file("reply.json", &body);
    cardbind()
        .args(["form", "--config", &merchant, &reply])
        .assert()
        .success()
        .stdout(expected_form);

    // A reply signed with another sign key: exit 1, before any form is rendered.
    let body = encode_reply(&wrong)["body"].as_str().unwrap().to_owned();
    let reply = dir.file("wrong-reply.json", &body);
    cardbind()
        .args(["form", "--config", &merchant, &reply])
        .assert()
        .code(1)
        .stdout("FAILED: sign: signature invalid: signature does not match\n");
}

#[test]
fn bad_configs_exit_2_naming_the_field() {
    let dir = TempDir::new("bad-config");
    let ec = dir.file(
        "ec.json",
        &json!({
            "customer_no": "202112090603",
            "sign_key": "k",
            "their_public_key": key_text("test-ec-p256-public-spki.pem"),
        })
        .to_string(),
    );
    cardbind()
        .args(["encode", "vbao", "bindCard/create", "--config", &ec])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(format!(
            "error: --config {ec}: their_public_key: not an RSA key (algorithm EC)\n"
        ));
    // Production is a choice: naming neither environment nor base_url is refused, listing them.
    let neither = dir.file("neither.json", &json!({"channel_code": "TESTCHANNEL"}).to_string());
    cardbind()
        .args(["encode", "huanbei", "bindCard", "--config", &neither])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(format!(
            "error: --config {neither}: configuration: environment: is required: choose where this client talks, one of \
             `dev` (http://openapi.dev.lattebank.com); or give base_url (environment `custom`)\n"
        ));
}

#[test]
fn every_command_has_examples_and_exit_codes_in_its_help() {
    let commands: [&[&str]; 10] = [
        &[],
        &["sign"],
        &["verify"],
        &["keys", "inspect"],
        &["keys", "convert"],
        &["codes"],
        &["spec"],
        &["encode"],
        &["decode"],
        &["form"],
    ];
    for cmd in commands {
        let out = cardbind()
            .args(cmd)
            .arg("--help")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("Examples:"), "{cmd:?}: {out}");
        assert!(out.contains("Exit codes:"), "{cmd:?}: {out}");
    }
}

#[test]
fn lianlian_replies_decode_to_the_python_vectors_outcomes_and_tampering_exits_1() {
    let dir = TempDir::new("lianlian");
    let v = read_json("spec/vectors/providers/lianlian.json");
    let merchant = v["merchant_key"].as_str().unwrap();
    let lianlian = v["lianlian_key"].as_str().unwrap();
    let config = |sign_type: &str| {
        dir.file(
            &format!("merchant-{sign_type}.json"),
            &json!({
                "oid_partner": v["oid_partner"],
                "environment": "production",
                "sign_type": sign_type,
                "our_private_key": key_text(&format!("{merchant}-private-pkcs8.pem")),
                "their_public_key": key_text(&format!("{lianlian}-public-spki.pem")),
                "sign_key": v["md5_key"],
            })
            .to_string(),
        )
    };
    let responses = v["responses"].as_array().unwrap();
    assert!(responses.len() >= 10);
    for r in responses {
        let sign_type = r["sign_type"].as_str().unwrap_or("RSA");
        let config = config(sign_type);
        let decode = |body: &str| {
            let mut cmd = cardbind();
            cmd.args(["--json", "decode", "lianlian", "--config", &config, "--raw-body"])
                .args(["--operation", r["operation"].as_str().unwrap()])
                .args(["--content-type", "application/json;charset=utf-8"])
                .write_stdin(body.to_owned());
            cmd
        };
        let body = r["body_utf8"].as_str().unwrap();
        let decoded = stdout_json(&mut decode(body));
        // The vectors hold the wire-level outcome; the decoder adds whether it was authenticated.
        let mut outcome = decoded["outcome"].clone();
        let fields = outcome.as_object_mut().unwrap();
        assert_eq!(
            fields.remove("authenticated"),
            Some(json!(r["signed"] == true)),
            "{}",
            r["id"]
        );
        assert_eq!(fields.remove("http_status"), Some(json!(200)), "{}", r["id"]);
        assert_eq!(outcome, r["outcome"], "{}", r["id"]);
        let expected_check = if r["signed"] == true { "verified" } else { "not_signed" };
        assert_eq!(decoded["signature"], expected_check, "{}", r["id"]);
        if r["signed"] == true {
            let tampered = body.replace("\"user_id\":\"2013051500001\"", "\"user_id\":\"2013051500002\"");
            assert_ne!(tampered, body);
            let out = decode(&tampered).assert().code(1).get_output().stdout.clone();
            let doc: Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(
                (doc["verified"].as_bool(), doc["kind"].as_str()),
                (Some(false), Some("signature_invalid"))
            );
        }
    }
}

#[test]
fn spec_lists_every_configuration_key_with_its_default_and_which_are_secret() {
    let output = cardbind().args(["spec", "lianlian"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("configuration")).collect();
    let keys: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "oid_partner",
            "sign_type",
            "response_sign_type",
            "our_private_key",
            "their_public_key",
            "sign_key",
            "environment",
            "base_url",
            "key_order",
            "api_version",
            "allow_unlisted_fields"
        ]
    );
    let sign_key = lines.iter().find(|l| l.trim_start().starts_with("sign_key ")).unwrap();
    assert_eq!(
        sign_key.split_whitespace().take(4).collect::<Vec<_>>(),
        ["sign_key", "string", "-", "secret"]
    );
    // --json gives the whole spec, config section included.
    let spec = stdout_json(cardbind().args(["--json", "spec", "yixin"]));
    assert_eq!(spec["config"]["keys"]["timestamp_window_secs"]["default"], 1800);
    assert_eq!(spec["config"]["keys"]["base_url"]["formerly"], json!(["gateway_url"]));
}

#[test]
fn a_providers_message_quoting_personal_data_is_masked_unless_show_pii() {
    let dir = TempDir::new("hostile-message");
    let config = dir.file(
        "hb.json",
        &json!({"base_url": "http://openapi.dev.lattebank.com", "channel_code": "C1"}).to_string(),
    );
    let body = r#"{"code":505,"message":"card 6222022005001212726 id 11010519491231002X phone 13420504517"}"#;
    let decode = |extra: &[&str]| {
        let mut cmd = cardbind();
        cmd.args(extra)
            .args([
                "decode",
                "huanbei",
                "--config",
                &config,
                "--raw-body",
                "--operation",
                "bindCard",
            ])
            .args(["--content-type", "application/json"])
            .write_stdin(body);
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    for shown in [decode(&[]), decode(&["--json"])] {
        for needle in ["6222022005001212726", "11010519491231002X", "13420504517"] {
            assert!(!shown.contains(needle), "{shown}");
        }
        assert!(
            shown.contains("card 6222***********2726 id 110*************2X phone 134****4517"),
            "{shown}"
        );
    }
    assert!(decode(&["--show-pii"]).contains("card 6222022005001212726"));
}

#[test]
fn a_verified_request_shows_its_replay_key_and_a_256_kib_form_is_refused_at_the_field_cap() {
    let dir = TempDir::new("replay-key");
    let v = read_json("spec/vectors/providers/xianjincard.json");
    let config = xianjincard_config(&dir);
    let case = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| !c["timestamp"].is_null())
        .unwrap();
    let wire = json!({"method": "POST", "url": case["url"], "body": case["body"],
                      "headers": [["Content-Type", "application/x-www-form-urlencoded"]]});
    let now_ms = (case["timestamp"].as_str().unwrap().parse::<i64>().unwrap() * 1000).to_string();
    let decoded = stdout_json(
        cardbind()
            .args([
                "--json",
                "decode",
                "--role",
                "server",
                "xianjincard",
                "--config",
                &config,
            ])
            .args(["--now-ms", &now_ms])
            .write_stdin(wire.to_string()),
    );
    // Exactly the key Python's hashlib computed over `call` and the `args` bytes.
    let replay_keys = read_json("spec/vectors/replay-keys.json");
    let expected = replay_keys["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["provider"] == "xianjincard" && m["section"] == "requests" && m["id"] == case["id"])
        .unwrap();
    assert_eq!(decoded["replay_key"], expected["replay_key"]);
    // About 62,000 distinct names (256 KiB): refused as a limit (bad input, exit 2) before the
    // form is decoded: the field count is taken in one scan.
    let alphabet: Vec<char> = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        .chars()
        .collect();
    let mut names = Vec::with_capacity(62_000);
    for i in 0..62_000usize {
        let (mut n, mut name) = (i, String::new());
        loop {
            name.push(alphabet[n % alphabet.len()]);
            n /= alphabet.len();
            if n == 0 {
                break;
            }
            n -= 1;
        }
        names.push(name);
    }
    let form = names.join("&");
    assert!(form.len() <= 256 * 1024);
    let big = dir.file("big.json", "{}");
    let mut config_big: Value = serde_json::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
    config_big["max_body_bytes"] = json!(262_144);
    std::fs::write(&big, config_big.to_string()).unwrap();
    let wire = json!({"method": "POST", "url": case["url"], "body": form,
                      "headers": [["Content-Type", "application/x-www-form-urlencoded"]]});
    let out = cardbind()
        .args([
            "decode",
            "--role",
            "server",
            "xianjincard",
            "--config",
            &big,
            "--now-ms",
            &now_ms,
        ])
        .write_stdin(wire.to_string())
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "error: form fields in one message exceeds the limit of 1024\n"
    );
}
