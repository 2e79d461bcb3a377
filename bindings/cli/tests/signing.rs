//! `cardbind sign` / `verify` / `keys`, driven as a real process over the shared vectors in
//! spec/vectors/ (made by openssl and Python `cryptography`, never by this code).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cardbind::encoding::{decode_hex, encode_hex, HexCase};
use cardbind::DigestAlgorithm;
use predicates::prelude::*;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn key(name: &str, form: &str) -> String {
    root()
        .join(format!("spec/vectors/keys/{name}-{form}"))
        .to_string_lossy()
        .into_owned()
}

fn vectors(file: &str) -> Value {
    let text = std::fs::read_to_string(root().join("spec/vectors").join(file)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn cardbind() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cardbind"))
}

fn hex_digest(d: DigestAlgorithm, data: &[u8]) -> String {
    encode_hex(&d.digest(data), HexCase::Lower)
}

fn str_of<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field].as_str().unwrap_or_else(|| panic!("vector field {field}"))
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// One signatures.json vector: message bytes, key name, digest name, signature.
fn rsa_vectors() -> Vec<(String, Vec<u8>, String, String, String)> {
    vectors("signatures.json")["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                str_of(v, "id").to_owned(),
                decode_hex(str_of(v, "message_hex")).unwrap(),
                str_of(v, "key").to_owned(),
                str_of(v, "digest").to_owned(),
                str_of(v, "signature_b64").to_owned(),
            )
        })
        .collect()
}

#[test]
fn sign_reproduces_every_openssl_signature_exactly() {
    let all = rsa_vectors();
    assert!(all.len() >= 39, "{} vectors", all.len());
    for (_, message, key_name, digest, signature) in all {
        cardbind()
            .args([
                "sign",
                "--raw",
                "--key",
                &key(&key_name, "private-pkcs8.pem"),
                "--digest",
                &digest,
            ])
            .write_stdin(message)
            .assert()
            .success()
            .stdout(format!("{signature}\n"))
            .stderr("");
    }
}

#[test]
fn verify_accepts_every_vector_including_wrapped_base64_with_exit_0() {
    let doc = vectors("signatures.json");
    for v in doc["vectors"].as_array().unwrap() {
        let message = decode_hex(str_of(v, "message_hex")).unwrap();
        let digest = str_of(v, "digest");
        let label = match digest {
            "md5" => "MD5withRSA",
            "sha1" => "SHA1withRSA",
            _ => "SHA256withRSA",
        };
        let mut signatures = vec![str_of(v, "signature_b64")];
        if let Some(wrapped) = v["signature_b64_wrapped"].as_str() {
            signatures.push(wrapped);
        }
        for sig in signatures {
            cardbind()
                .args(["verify", "--raw", "--key", &key(str_of(v, "key"), "public-spki.pem")])
                .args(["--digest", digest, "--signature", sig])
                .write_stdin(message.clone())
                .assert()
                .code(0)
                .stdout(format!("OK: signature verifies ({label})\n"));
        }
    }
}

#[test]
fn tampered_message_fails_with_exit_1_and_the_explanation_names_the_signed_hash() {
    let (_, message, key_name, _, signature) = rsa_vectors().into_iter().find(|v| v.0 == "rsa-1024-md5-ascii").unwrap();
    let mut tampered = message.clone();
    *tampered.last_mut().unwrap() ^= 0x01; // verify_code=123456 -> 123457
    cardbind()
        .args(["verify", "--raw", "--key", &key(&key_name, "public-spki.pem")])
        .args(["--digest", "md5", "--signature", &signature])
        .write_stdin(tampered.clone())
        .assert()
        .code(1)
        .stdout("FAILED: signature does not match\n");

    let signed = hex_digest(DigestAlgorithm::Md5, &message);
    let ours = hex_digest(DigestAlgorithm::Md5, &tampered);
    let out = cardbind()
        .args([
            "verify",
            "--raw",
            "--explain",
            "--key",
            &key(&key_name, "public-spki.pem"),
        ])
        .args(["--digest", "md5", "--signature", &signature])
        .write_stdin(tampered)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let expected_tail = format!(
        "FAILED: signature does not match\n\
         most likely cause: the signature is genuine for this key (MD5withRSA), but over a different string: the \
         signer's string has md5 {signed}, the one built here {ours}. Compare the signer's string to sign with the one \
         above (values, fields present, order, encoding)\n\
         signature block: valid PKCS#1 v1.5 block under this public key, md5 hash {signed}\n\
         alternatives tried: 2\n"
    );
    assert!(out.ends_with(&expected_tail), "{out}");
    assert!(
        out.contains("verify_code=******"),
        "the verification code is masked in the string shown: {out}"
    );
}

#[test]
fn signed_with_sha256_but_verified_as_md5_is_diagnosed_exactly() {
    let (_, message, key_name, _, signature) = rsa_vectors()
        .into_iter()
        .find(|v| v.0 == "rsa-1024-sha256-ascii")
        .unwrap();
    let text = String::from_utf8(message.clone()).unwrap();
    let out = cardbind()
        .args(["verify", "--raw", "--explain", "--show-pii"])
        .args(["--key", &key(&key_name, "public-spki.pem"), "--digest", "md5"])
        .args(["--signature", &signature])
        .write_stdin(message.clone())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let expected = format!(
        "rule:           raw (the input is the string to sign); MD5withRSA\n\
         string to sign:\n  {text}\n\
         length:         {} bytes\n\
         digest (md5):   {}\n\
         FAILED: signature does not match\n\
         most likely cause: the signer used SHA256withRSA instead of MD5withRSA: if MD5withRSA is the agreed rule \
         the signer must use it, otherwise verify with --digest sha256\n\
         signature block: valid PKCS#1 v1.5 block under this public key, sha256 hash {}\n\
         alternatives tried: 2\n",
        message.len(),
        hex_digest(DigestAlgorithm::Md5, &message),
        hex_digest(DigestAlgorithm::Sha256, &message),
    );
    assert_eq!(String::from_utf8(out).unwrap(), expected);

    // The same diagnosis for scripts.
    let out = cardbind()
        .args(["--json", "verify", "--raw", "--explain"])
        .args(["--key", &key(&key_name, "public-spki.pem"), "--digest", "md5"])
        .args(["--signature", &signature])
        .write_stdin(message)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["verified"], false);
    assert_eq!(doc["diagnosis"]["most_likely"]["cause"], "digest");
    assert_eq!(doc["diagnosis"]["signature_block"]["digest"], "sha256");
}

#[test]
fn unusable_keys_exit_2_with_the_typed_reason() {
    let cases = [
        (key("test-ec-p256", "public-spki.pem"), "not an RSA key (algorithm EC)"),
        (
            key("test-rsa-512", "public-spki.pem"),
            "RSA key of 512 bits is too small (minimum 1024)",
        ),
        (
            key("test-rsa-1024", "private-pkcs8.pem"),
            "a private key was given where a public key is needed; use `PublicKey::from_private` to derive one on \
             purpose",
        ),
    ];
    for (path, reason) in cases {
        cardbind()
            .args([
                "verify",
                "--raw",
                "--key",
                &path,
                "--digest",
                "md5",
                "--signature",
                "AAAA",
            ])
            .write_stdin("x")
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!("error: --key {path}: {reason}\n"));
    }
    let encrypted = key("test-rsa-1024", "private-encrypted.pem");
    cardbind()
        .args(["sign", "--raw", "--key", &encrypted, "--digest", "md5"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(format!(
            "error: --key {encrypted}: key is encrypted (ENCRYPTED PRIVATE KEY); export it unencrypted (e.g. \
             `openssl pkey -in key.pem -out plain.pem`)\n"
        ));
    // --json reports the error on stdout too.
    let out = cardbind()
        .args([
            "--json",
            "verify",
            "--raw",
            "--key",
            &key("test-ec-p256", "public-spki.pem"),
        ])
        .args(["--digest", "md5", "--signature", "AAAA"])
        .write_stdin("x")
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["exit_code"], 2);
    assert!(doc["error"]
        .as_str()
        .unwrap()
        .ends_with("not an RSA key (algorithm EC)"));
}

#[test]
fn bad_input_exits_2_naming_the_problem_not_the_values() {
    cardbind()
        .args(["sign", "--secret", "k"])
        .write_stdin("{\"card_no\": \"6222022005001212723\",")
        .assert()
        .code(2)
        .stderr("error: stdin: not a JSON object (truncated JSON at line 1 column 34)\n");
    cardbind()
        .args(["sign", "--key", &key("test-rsa-1024", "private-pkcs8.pem")])
        .write_stdin("a=1")
        .assert()
        .code(2)
        .stderr("error: --digest is required with --key (md5 = MD5withRSA, sha1 = SHA1withRSA, sha256)\n");
    cardbind()
        .args(["verify", "--secret", "k"])
        .write_stdin("a=1&b=2")
        .assert()
        .code(2)
        .stderr("error: no signature: give --signature or a `sign` parameter\n");
    cardbind()
        .args(["sign", "--canonical", "xianjincard", "--secret", "k"])
        .write_stdin("{\"ua\":\"U\",\"call\":\"C\"}")
        .assert()
        .code(2)
        .stderr("error: cannot build the string to sign: parameter `args` is required by the signature rule\n");
    cardbind()
        .args(["sign"])
        .write_stdin("a=1")
        .assert()
        .code(2)
        .stderr("error: no key: give --key FILE (RSA) or --secret/--secret-file (MD5 with a shared secret)\n");
}

/// Command-line options reproducing a canonical.json case's rule and key.
fn case_args(case: &Value, sign: bool) -> Vec<String> {
    let mut args: Vec<String> = Vec::new();
    let rule = &case["rule"];
    if rule["kind"] == "wrapped_concat" {
        args.extend(["--canonical".into(), "xianjincard".into()]);
    } else {
        let order = if rule["order"] == "case_insensitive" {
            "case-insensitive"
        } else {
            "bytewise"
        };
        args.extend(["--order".into(), order.into()]);
        for e in rule["exclude"].as_array().unwrap() {
            args.extend(["--exclude".into(), e.as_str().unwrap().into()]);
        }
        if rule["skip_empty"] == false {
            args.push("--keep-empty".into());
        }
    }
    let sig = &case["signature"];
    match sig["scheme"].as_str().unwrap() {
        "md5_salted" => args.extend([
            "--secret".into(),
            str_of(sig, "key").into(),
            "--salt-prefix".into(),
            str_of(sig, "salt_prefix").into(),
            "--case".into(),
            str_of(sig, "case").into(),
        ]),
        "md5" => args.extend(["--case".into(), str_of(sig, "case").into()]),
        _ => {
            let form = if sign { "private-pkcs8.pem" } else { "public-spki.pem" };
            args.extend([
                "--key".into(),
                key(str_of(sig, "key"), form),
                "--digest".into(),
                str_of(sig, "digest").into(),
            ]);
        }
    }
    args
}

fn expected_signature(case: &Value) -> String {
    let sig = &case["signature"];
    sig["expected"]
        .as_str()
        .or_else(|| sig["expected_b64"].as_str())
        .unwrap()
        .to_owned()
}

#[test]
fn every_canonical_vector_signs_to_its_signature_and_explains_its_exact_string() {
    let doc = vectors("canonical.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let id = str_of(case, "id");
        let params = serde_json::to_string(&case["params"]).unwrap();
        let args = case_args(case, true);
        let out = stdout_of(cardbind().arg("sign").args(&args).write_stdin(params.clone()));
        assert_eq!(out, format!("{}\n", expected_signature(case)), "{id}");

        let out = stdout_of(
            cardbind()
                .args(["--json", "--show-pii", "sign", "--explain"])
                .args(&args)
                .write_stdin(params.clone()),
        );
        let doc: Value = serde_json::from_str(&out).unwrap();
        let canonical = str_of(case, "canonical");
        if case["rule"]["kind"] == "wrapped_concat" {
            // xianjincard's signkey is inside the string: hidden even with --show-pii; the
            // digest shows the bytes are the expected ones.
            let signkey = str_of(&case["params"], "signkey");
            assert_eq!(doc["string_to_sign"], canonical.replace(signkey, "******"), "{id}");
            assert_eq!(doc["string_to_sign_masked"], true, "{id}");
            assert_eq!(
                doc["digest"]["hex"],
                hex_digest(DigestAlgorithm::Md5, canonical.as_bytes()),
                "{id}"
            );
        } else {
            assert_eq!(doc["string_to_sign"], canonical, "{id}");
            assert_eq!(doc["string_to_sign_masked"], false, "{id}");
        }
        if let Some(d) = case["signature"]["digest"].as_str() {
            let d = match d {
                "md5" => DigestAlgorithm::Md5,
                "sha1" => DigestAlgorithm::Sha1,
                _ => DigestAlgorithm::Sha256,
            };
            assert_eq!(doc["digest"]["hex"], hex_digest(d, canonical.as_bytes()), "{id}");
        }

        let mut verify = case_args(case, false);
        verify.extend(["--signature".into(), expected_signature(case)]);
        cardbind()
            .arg("verify")
            .args(&verify)
            .write_stdin(params)
            .assert()
            .code(0);
    }
}

fn case(id: &str) -> Value {
    vectors("canonical.json")["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
        .clone()
}

/// Runs `verify --explain` and returns the `most likely cause:` line.
fn most_likely(args: &[String], stdin: String) -> String {
    let out = cardbind()
        .arg("verify")
        .arg("--explain")
        .args(args)
        .write_stdin(stdin)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    out.lines()
        .find_map(|l| l.strip_prefix("most likely cause: "))
        .unwrap_or_else(|| panic!("no diagnosis in {out}"))
        .to_owned()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn diagnoses_case_insensitive_key_order() {
    let c = case("mixed-case-case-insensitive");
    let args = strings(&[
        "--secret",
        "test-md5-key-201408071000001543",
        "--signature",
        "115a5ce9eec646ace9989cc1ea5e279f",
    ]);
    assert_eq!(
        most_likely(&args, serde_json::to_string(&c["params"]).unwrap()),
        "the signer sorted the keys case-insensitively (Java String.CASE_INSENSITIVE_ORDER), not bytewise: if \
         bytewise is the agreed order the signer must sort that way, otherwise verify with --order \
         case-insensitive"
    );
}

#[test]
fn diagnoses_empty_fields_that_were_signed() {
    let c = case("keep-empty-values");
    let args = strings(&[
        "--secret",
        "test-md5-key-201408071000001543",
        "--signature",
        &expected_signature(&c),
    ]);
    assert_eq!(
        most_likely(&args, serde_json::to_string(&c["params"]).unwrap()),
        "the signer kept empty fields as `k=` (`b`): if the agreed rule leaves them out the signer must drop \
         them, otherwise verify with --keep-empty"
    );
}

#[test]
fn diagnoses_sign_type_left_out_and_a_field_wrongly_excluded() {
    let c = case("lianlian-apply-md5-salted");
    let params = serde_json::to_string(&c["params"]).unwrap();
    let secret = ["--secret", "test-md5-key-201408071000001543"];
    let without_sign_type = stdout_of(
        cardbind()
            .arg("sign")
            .args(secret)
            .args(["--exclude", "sign", "--exclude", "sign_type"])
            .write_stdin(params.clone()),
    );
    let mut args = strings(&secret);
    args.extend(strings(&["--signature", without_sign_type.trim_end()]));
    assert_eq!(
        most_likely(&args, params.clone()),
        "the signer left `sign_type` out of the string: if the agreed rule signs it the signer must include \
         it, otherwise verify with --exclude sign_type"
    );

    let mut args = strings(&secret);
    args.extend(strings(&[
        "--exclude",
        "sign",
        "--exclude",
        "sign_type",
        "--signature",
        &expected_signature(&c),
    ]));
    assert_eq!(
        most_likely(&args, params),
        "the signer included `sign_type` in the string: if the agreed rule leaves it out the signer must drop \
         it, otherwise verify without --exclude sign_type"
    );
}

#[test]
fn diagnoses_json_re_serialised_python_style() {
    let c = case("lianlian-apply-rsa-md5");
    let mut params = c["params"].clone();
    // What a Python receiver re-serialising risk_item would hold: `json.dumps` defaults.
    params["risk_item"] = Value::String(
        "{\"frms_ware_category\": \"2009\", \"user_info_mercht_userno\": \"2013051500001\", \
         \"user_info_bind_phone\": \"13800138000\", \"user_info_dt_register\": \"20240101120000\", \
         \"user_info_full_name\": \"\\u5f20\\u4e09\", \"user_info_id_no\": \"110101199003070011\", \
         \"user_info_identify_state\": \"1\", \"user_info_identify_type\": \"1\"}"
            .to_owned(),
    );
    let mut args = case_args(&c, false);
    args.extend(["--signature".into(), expected_signature(&c)]);
    assert_eq!(
        most_likely(&args, serde_json::to_string(&params).unwrap()),
        "the signer serialised `risk_item` as compact JSON without spaces, non-ASCII as UTF-8 (Jackson, \
         fastjson, serde_json) to sign it: the signer must sign the JSON text exactly as sent"
    );
}

#[test]
fn diagnoses_percent_encoded_values_and_lower_case_md5() {
    let c = case("vbao-bindcard-create");
    let mut params = c["params"].clone();
    params["bindNotifyUrl"] = Value::String("https%3A%2F%2Fmerchant.example.com%2Fvbao%2Fbind%2Fnotify".to_owned());
    let args = case_args(&c, false);
    let mut with_sig = args.clone();
    with_sig.extend(["--signature".into(), expected_signature(&c)]);
    assert_eq!(
        most_likely(&with_sig, serde_json::to_string(&params).unwrap()),
        "the signer signed the values URL-decoded ('+' as space); `bindNotifyUrl` still URL-encoded here: \
         decode them before building the string to verify"
    );
    let mut lower = args;
    lower.extend(["--signature".into(), expected_signature(&c).to_ascii_lowercase()]);
    assert_eq!(
        most_likely(&lower, serde_json::to_string(&c["params"]).unwrap()),
        "the signer wrote the MD5 hex in lower case, the rule here expects upper case: hex case carries no \
         meaning, so compare case-insensitively (--any-case) or expect lower case (--case lower)"
    );
}

#[test]
fn diagnoses_the_wrong_public_key_with_and_without_candidates() {
    let c = case("lianlian-verify-response-rsa-md5");
    let params = serde_json::to_string(&c["params"]).unwrap();
    let wrong = key("test-rsa-1024b", "public-spki.pem");
    let right = key("test-rsa-1024", "public-spki.pem");
    let fingerprint = format!(
        "SHA256:{}",
        hex_digest(
            DigestAlgorithm::Sha256,
            &std::fs::read(key("test-rsa-1024", "public-spki.der")).unwrap()
        )
    );
    let args = strings(&[
        "--key",
        &wrong,
        "--digest",
        "md5",
        "--signature",
        &expected_signature(&c),
    ]);
    assert_eq!(
        most_likely(&args, params.clone()),
        "the signature was not made with the private half of --key (it does not open to a PKCS#1 v1.5 block under \
         that public key): the signer used another key pair, or the signature was altered. Check that --key is the \
         signer's current public key; --also-key tries others"
    );
    let mut with_candidate = args;
    with_candidate.extend(["--also-key".into(), right.clone()]);
    assert_eq!(
        most_likely(&with_candidate, params),
        format!(
            "the signer used the key pair of --also-key {right} ({fingerprint}), not that of --key: if it is the \
             signer's current key, verify with it (as --key); otherwise the signer must sign with the agreed key"
        )
    );
}

#[test]
fn diagnoses_a_signature_from_a_larger_key_and_plus_signs_lost_in_a_form_body() {
    let c = case("lianlian-apply-rsa-sha256"); // signed with test-rsa-2048
    let args = strings(&[
        "--key",
        &key("test-rsa-1024", "public-spki.pem"),
        "--digest",
        "sha256",
        "--signature",
        &expected_signature(&c),
    ]);
    assert_eq!(
        most_likely(&args, serde_json::to_string(&c["params"]).unwrap()),
        "the signature is 256 bytes but this 1024-bit key makes 128-byte signatures: the signer used a \
         2048-bit key, not this one (or the signature was truncated): verify with the signer's current public \
         key"
    );

    // A form body whose base64 signature was not URL-encoded: its '+' decode to spaces.
    let (_, message, key_name, _, sig) = rsa_vectors().into_iter().find(|v| v.0 == "rsa-1024-md5-ascii").unwrap();
    assert!(sig.contains('+'));
    let body = format!("{}&sign={sig}", String::from_utf8(message).unwrap());
    let args = strings(&["--key", &key(&key_name, "public-spki.pem"), "--digest", "md5"]);
    assert_eq!(
        most_likely(&args, body),
        "the signature's '+' characters arrived as spaces: the sender must URL-encode the signature in a form \
         body or URL (or, if it was encoded, the receiving code URL-decoded it twice and must decode it once)"
    );
}

#[test]
fn personal_data_is_masked_unless_show_pii() {
    let c = case("lianlian-apply-rsa-md5");
    let params = serde_json::to_string(&c["params"]).unwrap();
    let mut args = vec!["verify".to_owned(), "--explain".to_owned()];
    args.extend(case_args(&c, false));
    args.extend(["--signature".into(), expected_signature(&c)]);
    let masked = stdout_of(cardbind().args(&args).write_stdin(params.clone()));
    for secret in ["6222022005001212723", "110101199003070011", "13800138000", "张三"] {
        assert!(!masked.contains(secret), "{secret} leaked: {masked}");
    }
    assert!(masked.contains("acct_name=张*&api_version=2.1&bind_mob=138****8000&card_no=6222***********2723"));
    assert!(masked.contains("(personal data masked above; --show-pii shows it)"));
    let shown = stdout_of(cardbind().arg("--show-pii").args(&args).write_stdin(params));
    assert!(shown.contains(str_of(&c, "canonical")));

    // A shared secret never appears, even with --show-pii.
    let out = stdout_of(
        cardbind()
            .args(["--show-pii", "sign", "--explain", "--secret", "very-secret-key"])
            .write_stdin("a=1"),
    );
    assert!(!out.contains("very-secret-key"), "{out}");
    // Not even xianjincard's, which is inside the string signed.
    let out = stdout_of(
        cardbind()
            .args([
                "--show-pii",
                "sign",
                "--explain",
                "--canonical",
                "xianjincard",
                "--secret",
                "very-secret-key",
            ])
            .write_stdin(r#"{"ua":"U","call":"C","args":"{\"user_name\":\"张三\"}"}"#),
    );
    assert!(!out.contains("very-secret-key"), "{out}");
    assert!(
        out.contains("U******UCU******U{\"user_name\":\"张三\"}U******U"),
        "{out}"
    );
}

#[test]
fn keys_inspect_reports_format_size_exponent_and_the_openssl_fingerprint() {
    let der = std::fs::read(key("test-rsa-1024", "public-spki.der")).unwrap();
    let fingerprint = format!("SHA256:{}", hex_digest(DigestAlgorithm::Sha256, &der));
    cardbind()
        .args(["keys", "inspect", &key("test-rsa-1024", "public-spki.pem")])
        .assert()
        .success()
        .stdout(format!(
            "format:      PEM `PUBLIC KEY` (X.509 SubjectPublicKeyInfo)\n\
             kind:        RSA public key\n\
             bits:        1024\n\
             exponent:    65537\n\
             fingerprint: {fingerprint}\n"
        ));
    let out = stdout_of(cardbind().args(["--json", "keys", "inspect", &key("test-rsa-1024", "private-pkcs8.b64")]));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["format"], "base64");
    assert_eq!(doc["kind"], "private");
    assert_eq!(
        doc["fingerprint"],
        fingerprint.as_str(),
        "a private key shows its public half's"
    );
    let out = stdout_of(cardbind().args(["--json", "keys", "inspect", &key("test-rsa-2048-e3", "public-spki.pem")]));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (doc["bits"].as_u64(), doc["public_exponent"].as_str()),
        (Some(2048), Some("3"))
    );
    cardbind()
        .args(["keys", "inspect", &key("test-rsa-1024", "private-pkcs1-encrypted.pem")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("key is encrypted (Proc-Type: 4,ENCRYPTED)"));
}

#[test]
fn keys_convert_matches_the_openssl_made_forms_byte_for_byte() {
    let read = |name: &str, form: &str| std::fs::read(key(name, form)).unwrap();
    let convert = |to: &str, extra: &[&str], path: &str| {
        cardbind()
            .args(["keys", "convert", "--to", to])
            .args(extra)
            .arg(path)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    for name in ["test-rsa-1024", "test-rsa-2048"] {
        // bare base64 (as providers hand it out) -> PEM and DER
        assert_eq!(
            convert("pem", &[], &key(name, "public-spki.b64")),
            read(name, "public-spki.pem")
        );
        assert_eq!(
            convert("der", &[], &key(name, "public-spki.pem")),
            read(name, "public-spki.der")
        );
        // PKCS#1 private PEM -> PKCS#8 PEM; private DER -> public base64
        assert_eq!(
            convert("pem", &[], &key(name, "private-pkcs1.pem")),
            read(name, "private-pkcs8.pem")
        );
        let b64 = convert("base64", &["--public"], &key(name, "private-pkcs8.der"));
        assert_eq!(b64.trim_ascii_end(), read(name, "public-spki.b64").as_slice());
    }
    // The CRLF-wrapped base64 with stray whitespace reads too.
    let wrapped = root().join("spec/vectors/keys/test-rsa-1024-public-spki-wrapped.b64");
    let out = convert("base64", &[], &wrapped.to_string_lossy());
    assert_eq!(
        out.trim_ascii_end(),
        read("test-rsa-1024", "public-spki.b64").as_slice()
    );
}

#[test]
fn provider_rules_come_from_the_spec_and_sign_type_picks_lianlians_profile() {
    // LianLian: sign_type RSA selects MD5withRSA; sign_type MD5 the salted MD5.
    for (id, key_args) in [
        (
            "lianlian-apply-rsa-md5",
            vec!["--key".to_owned(), key("test-rsa-1024", "private-pkcs8.pem")],
        ),
        (
            "lianlian-apply-md5-salted",
            vec!["--secret".to_owned(), "test-md5-key-201408071000001543".to_owned()],
        ),
        (
            "lianlian-apply-rsa-sha256",
            vec!["--key".to_owned(), key("test-rsa-2048", "private-pkcs8.pem")],
        ),
    ] {
        let c = case(id);
        let out = stdout_of(
            cardbind()
                .args(["sign", "--provider", "lianlian"])
                .args(&key_args)
                .write_stdin(serde_json::to_string(&c["params"]).unwrap()),
        );
        assert_eq!(out, format!("{}\n", expected_signature(&c)), "{id}");
    }
    // xianjincard: --secret becomes signkey inside K.
    let c = case("xianjincard-apply-bind-card");
    let mut params = c["params"].clone();
    let signkey = params.as_object_mut().unwrap().remove("signkey").unwrap();
    let out = stdout_of(
        cardbind()
            .args([
                "sign",
                "--provider",
                "xianjincard",
                "--secret",
                signkey.as_str().unwrap(),
            ])
            .write_stdin(params.to_string()),
    );
    assert_eq!(out, format!("{}\n", expected_signature(&c)));
    // Vbao verifies either hex case (its spec says so).
    let c = case("vbao-bindcard-create");
    cardbind()
        .args([
            "verify",
            "--provider",
            "vbao",
            "--secret",
            "test-vbao-signkey-0123456789abcdef",
        ])
        .args(["--signature", &expected_signature(&c).to_ascii_lowercase()])
        .write_stdin(serde_json::to_string(&c["params"]).unwrap())
        .assert()
        .code(0);
    // Huanbei's string includes the URI and body: no reusable rule.
    cardbind()
        .args([
            "sign",
            "--provider",
            "huanbei",
            "--key",
            &key("test-rsa-1024", "private-pkcs8.pem"),
        ])
        .write_stdin("a=1")
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: huanbei has no reusable signature rule (",
        ));
    cardbind()
        .args(["sign", "--provider", "lianlian", "--key", &key("test-rsa-1024", "private-pkcs8.pem")])
        .write_stdin("a=1")
        .assert()
        .code(2)
        .stderr("error: lianlian has several signature rules (RSA, SHA256withRSA, MD5): give --profile or a sign_type parameter\n");
}

#[test]
fn diagnoses_two_mistakes_at_once_using_the_digest_named_in_the_signature_block() {
    let c = case("lianlian-verify-response-rsa-md5");
    let params = serde_json::to_string(&c["params"]).unwrap();
    let signature = stdout_of(
        cardbind()
            .args([
                "sign",
                "--key",
                &key("test-rsa-1024", "private-pkcs8.pem"),
                "--digest",
                "sha256",
            ])
            .args(["--exclude", "sign", "--exclude", "sign_type"])
            .write_stdin(params.clone()),
    );
    let args = strings(&[
        "--key",
        &key("test-rsa-1024", "public-spki.pem"),
        "--digest",
        "md5",
        "--signature",
        signature.trim_end(),
    ]);
    assert_eq!(
        most_likely(&args, params),
        "two differences: the signer used SHA256withRSA, not MD5withRSA (--digest sha256 verifies it), and the \
         signer left `sign_type` out of the string: if the agreed rule signs it the signer must include it, \
         otherwise verify with --exclude sign_type"
    );
}

#[test]
fn json_object_values_are_signed_as_compact_json_and_a_wrong_secret_is_named() {
    let c = case("lianlian-apply-rsa-md5");
    let mut params = c["params"].clone();
    let risk: Value = serde_json::from_str(params["risk_item"].as_str().unwrap()).unwrap();
    params["risk_item"] = risk;
    let out = stdout_of(
        cardbind()
            .arg("sign")
            .args(case_args(&c, true))
            .write_stdin(params.to_string()),
    );
    assert_eq!(out, format!("{}\n", expected_signature(&c)));

    let c = case("lianlian-apply-md5-salted");
    let args = strings(&["--secret", "not-the-md5-key", "--signature", &expected_signature(&c)]);
    assert_eq!(
        most_likely(&args, serde_json::to_string(&c["params"]).unwrap()),
        "no alternative verifies: the shared secret differs from the signer's, or the signer signed a different \
         string (MD5 cannot tell which). Compare the string to sign above with the signer's; --also-secret tries \
         other secrets"
    );
    let args = strings(&[
        "--secret",
        "not-the-md5-key",
        "--also-secret",
        "test-md5-key-201408071000001543",
        "--signature",
        &expected_signature(&c),
    ]);
    assert_eq!(
        most_likely(&args, serde_json::to_string(&c["params"]).unwrap()),
        "the signer used --also-secret #1 as the shared secret, not the one given: if --also-secret #1 is the \
         agreed secret, verify with it; otherwise the signer must sign with the agreed one"
    );
}

#[test]
fn raw_input_is_signed_byte_for_byte_and_a_stray_line_end_is_diagnosed() {
    let (_, message, key_name, _, signature) = rsa_vectors().into_iter().find(|v| v.0 == "rsa-1024-md5-ascii").unwrap();
    let mut with_newline = message.clone();
    with_newline.push(b'\n');
    let args = strings(&[
        "--raw",
        "--key",
        &key(&key_name, "public-spki.pem"),
        "--digest",
        "md5",
        "--signature",
        &signature,
    ]);
    assert_eq!(
        most_likely(&args, String::from_utf8(with_newline).unwrap()),
        "the input given here ends with a line end that the signer's string lacks: write it without one (e.g. \
         printf '%s')"
    );
    // Form input keeps a value's trailing spaces; only the final line end goes.
    let out = stdout_of(
        cardbind()
            .args(["--json", "--show-pii", "sign", "--secret", "k"])
            .write_stdin("b=x&a=two  \n"),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["string_to_sign"], "a=two  &b=x");
}
