//! The one `cardbind` command that diagnoses a signature that does not verify, as the bindings
//! append it to their signature errors. Capitalised words are what the user fills in.

use cardbind::{HexCase, Provider, SignatureAlgorithm, SignatureError};
use serde_json::Value;

const PUBLIC_KEY: &str = "--key THEIR_PUBLIC_KEY.pem";
const SECRET: &str = "--secret-file SECRET.txt";

/// For a message `provider` signed. Providers whose spec has a reusable rule (a `rule`,
/// `profiles`, or `canonical` with `algorithm`) are verified by that rule over the signed fields
/// (`--provider`); the others over the exact string to sign (`--raw`), which their spec
/// describes (`cardbind spec PROVIDER --json`). `None` when the spec names no algorithm.
pub fn diagnose_command(provider: Provider) -> Option<String> {
    let spec: Value = serde_json::from_str(cardbind::providers::spec_json(provider)).unwrap_or(Value::Null);
    let signature = &spec["signature"];
    let name = provider.name();
    let rules: Vec<&Value> = if let Some(rule) = signature.get("rule") {
        vec![rule]
    } else if let Some(profiles) = signature.get("profiles").and_then(Value::as_object) {
        profiles.values().collect()
    } else if signature.get("canonical").is_some() {
        vec![signature]
    } else {
        let algorithm = serde_json::from_value(signature["algorithm"].clone()).ok()?;
        return Some(for_algorithm(&algorithm));
    };
    let rsa = rules.iter().any(|r| r["algorithm"]["scheme"] == "rsa_pkcs1v15");
    let md5 = rules.iter().any(|r| r["algorithm"]["scheme"] == "md5_hex");
    let command = format!(
        "cardbind verify --explain --provider {name} {} SIGNED_FIELDS.json",
        if rsa { PUBLIC_KEY } else { SECRET }
    );
    Some(if rsa && md5 {
        format!("{command}; an MD5 sign_type takes {SECRET} instead of --key")
    } else {
        command
    })
}

/// For a string checked outright with `algorithm` (the low-level functions).
pub fn for_algorithm(algorithm: &SignatureAlgorithm) -> String {
    let options = match algorithm {
        SignatureAlgorithm::RsaPkcs1v15 { digest } => format!("{PUBLIC_KEY} --digest {}", digest.name()),
        SignatureAlgorithm::Md5Hex { salt_prefix, case, .. } => {
            let mut options = match salt_prefix.as_deref() {
                Some(crate::setup::DEFAULT_SALT_PREFIX) => SECRET.to_owned(),
                Some(prefix) => format!("{SECRET} --salt-prefix '{}'", prefix.replace('\'', r"'\''")),
                // Nothing appended: the string holds the secret (xianjincard's signkey).
                None => "--secret '' --salt-prefix ''".to_owned(),
            };
            if *case == HexCase::Upper {
                options.push_str(" --case upper");
            }
            options
        }
    };
    format!("cardbind verify --explain --raw {options} --signature SIGNATURE STRING_TO_SIGN.txt")
}

/// Whether `verify --explain` diagnoses `error`: a signature that does not match or is not in
/// the rule's form. Not a configured profile the message contradicts (its message says the
/// setting), a key of the wrong kind, a string that cannot be built, an envelope's MAC or keys.
pub fn diagnoses(error: &SignatureError) -> bool {
    matches!(
        error,
        SignatureError::Mismatch
            | SignatureError::Missing
            | SignatureError::Base64(_)
            | SignatureError::Length { .. }
            | SignatureError::OutOfRange
            | SignatureError::MalformedHex
            | SignatureError::WrongCase { .. }
    )
}

/// `message` with the command that diagnoses it: "… (diagnose: cardbind verify --explain …)".
pub fn with_diagnosis(message: &str, command: &str) -> String {
    format!("{message} (diagnose: {command})")
}
