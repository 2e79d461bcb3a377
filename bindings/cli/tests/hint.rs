//! The command the bindings' signature errors end with runs as written: with its placeholders
//! filled in, `cardbind` accepts it and diagnoses (exit 1, a most likely cause), for every
//! provider and for the low-level rules.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cardbind::{CaseRule, DigestAlgorithm, HexCase, Provider, SignatureAlgorithm};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Splits a command as `sh` would (words, single quotes, `'\''`).
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut started) = (false, false);
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                started = true;
            }
            '\\' if !quoted => {
                word.extend(chars.next());
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// Runs `command` (up to a `;`) with its placeholders replaced by files in `dir`.
fn run(command: &str, message: &str, dir: &Path) -> (i32, String) {
    let key = root().join("spec/vectors/keys/test-rsa-1024-public-spki.pem");
    std::fs::write(dir.join("secret.txt"), "test-secret\n").unwrap();
    std::fs::write(dir.join("message"), message).unwrap();
    let command = command.split(';').next().unwrap();
    let args: Vec<String> = words(command)
        .into_iter()
        .map(|w| match w.as_str() {
            "THEIR_PUBLIC_KEY.pem" => key.to_string_lossy().into_owned(),
            "SECRET.txt" => dir.join("secret.txt").to_string_lossy().into_owned(),
            "SIGNED_FIELDS.json" | "STRING_TO_SIGN.txt" => dir.join("message").to_string_lossy().into_owned(),
            "SIGNATURE" => "c2lnbmF0dXJl".to_owned(),
            _ => w,
        })
        .collect();
    assert_eq!(args.first().map(String::as_str), Some("cardbind"), "{command}");
    let out = Command::new(env!("CARGO_BIN_EXE_cardbind"))
        .args(&args[1..])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    (out.status.code().unwrap(), format!("{stdout}{stderr}"))
}

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cardbind-hint-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A message each provider's rule can build a string from (fields the rule needs, a bad `sign`).
fn message(provider: Provider) -> &'static str {
    match provider {
        Provider::Xianjincard => r#"{"ua":"SH_XJ","call":"BindCard.applyBindCard","args":"{}","sign":"00"}"#,
        Provider::LianLian => {
            r#"{"oid_partner":"1", "environment": "production","sign_type":"RSA","sign":"c2lnbmF0dXJl"}"#
        }
        _ => r#"{"orderNo":"1","sign":"0123456789abcdef0123456789abcdef"}"#,
    }
}

#[test]
fn every_providers_diagnosing_command_runs_to_a_diagnosis() {
    let dir = dir("providers");
    for provider in Provider::ALL {
        let command = cardbind_cli::diagnose_command(provider).expect("every spec names its algorithm");
        let (code, out) = run(&command, message(provider), &dir);
        assert_eq!(code, 1, "{command}: {out}");
        assert!(out.contains("most likely cause: "), "{command}: {out}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_commands_name_the_providers_rule_and_the_key_it_takes() {
    let command = |p| cardbind_cli::diagnose_command(p).unwrap();
    assert_eq!(
        command(Provider::LianLian),
        "cardbind verify --explain --provider lianlian --key THEIR_PUBLIC_KEY.pem SIGNED_FIELDS.json; an MD5 \
         sign_type takes --secret-file SECRET.txt instead of --key"
    );
    assert_eq!(
        command(Provider::Vbao),
        "cardbind verify --explain --provider vbao --secret-file SECRET.txt SIGNED_FIELDS.json"
    );
    assert_eq!(
        command(Provider::Huanbei),
        "cardbind verify --explain --raw --key THEIR_PUBLIC_KEY.pem --digest sha1 --signature SIGNATURE \
         STRING_TO_SIGN.txt"
    );
    assert_eq!(
        cardbind_cli::with_diagnosis("signature does not match", "cardbind verify --explain"),
        "signature does not match (diagnose: cardbind verify --explain)"
    );
}

#[test]
fn low_level_rules_diagnosing_commands_run_to_a_diagnosis() {
    let dir = dir("low-level");
    let md5 = |salt_prefix: Option<&str>, case| SignatureAlgorithm::Md5Hex {
        salt_prefix: salt_prefix.map(str::to_owned),
        case,
        verify_case: CaseRule::Exact,
    };
    for (algorithm, signature) in [
        (
            SignatureAlgorithm::RsaPkcs1v15 {
                digest: DigestAlgorithm::Sha1,
            },
            "c2lnbmF0dXJl",
        ),
        (md5(Some("&key="), HexCase::Upper), "0123456789ABCDEF0123456789ABCDEF"),
        (md5(None, HexCase::Lower), "0123456789abcdef0123456789abcdef"),
        (md5(Some("it's"), HexCase::Lower), "0123456789abcdef0123456789abcdef"),
    ] {
        let command = cardbind_cli::diagnose_command_for(&algorithm).replace("SIGNATURE", signature);
        let (code, out) = run(&command, "a=1&b=2", &dir);
        assert_eq!(code, 1, "{command}: {out}");
        assert!(out.contains("most likely cause: "), "{command}: {out}");
        assert!(
            out.contains("rule:           raw (the input is the string to sign); "),
            "{out}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn only_failures_verify_explain_can_diagnose_get_the_command() {
    use cardbind::SignatureError;
    assert!(cardbind_cli::diagnoses(&SignatureError::Mismatch));
    assert!(cardbind_cli::diagnoses(&SignatureError::MalformedHex));
    assert!(cardbind_cli::diagnoses(&SignatureError::Length {
        expected: 128,
        actual: 256
    }));
    // The message already names the setting to change, or the failure is not the signature's.
    assert!(!cardbind_cli::diagnoses(&SignatureError::ProfileMismatch {
        received: "SHA256withRSA",
        expected: "RSA",
        setting: "response_sign_type",
    }));
    assert!(!cardbind_cli::diagnoses(&SignatureError::MacMismatch));
    assert!(!cardbind_cli::diagnoses(&SignatureError::WrongKeyKind {
        rule: "MD5",
        needed: "a shared secret"
    }));
}
