//! The one `cardbind` command that diagnoses a signature that does not verify, as the bindings
//! append it to their signature errors. Capitalised words are what the user fills in.

use std::fmt::Write as _;

use cardbind::{DigestAlgorithm, HexCase, Provider, SignatureAlgorithm};
use serde_json::Value;

const PUBLIC_KEY: &str = "--key THEIR_PUBLIC_KEY.pem";
const SECRET: &str = "--secret-file SECRET.txt";

/// For a message `provider` signed. Providers whose spec has a reusable rule (a `rule`,
/// `profiles`, or `canonical` with `algorithm`) are verified by that rule over the signed fields
/// (`--provider`); the others over the exact string to sign (`--raw`), which their spec
/// describes (`cardbind spec PROVIDER --json`).
pub fn diagnose_command(provider: Provider) -> String {
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
        let algorithm = serde_json::from_value(signature["algorithm"].clone()).ok();
        return match algorithm {
            Some(algorithm) => for_algorithm(&algorithm),
            None => format!(
                "cardbind verify --explain --raw --signature SIGNATURE STRING_TO_SIGN.txt (see cardbind spec {name})"
            ),
        };
    };
    let rsa = rules.iter().any(|r| r["algorithm"]["scheme"] == "rsa_pkcs1v15");
    let md5 = rules.iter().any(|r| r["algorithm"]["scheme"] == "md5_hex");
    let command = format!(
        "cardbind verify --explain --provider {name} {} SIGNED_FIELDS.json",
        if rsa { PUBLIC_KEY } else { SECRET }
    );
    if rsa && md5 {
        format!("{command}; an MD5 sign_type takes {SECRET} instead of --key")
    } else {
        command
    }
}

/// For a string checked outright with `algorithm` (the low-level functions).
pub fn for_algorithm(algorithm: &SignatureAlgorithm) -> String {
    let options = match algorithm {
        SignatureAlgorithm::RsaPkcs1v15 { digest } => format!("{PUBLIC_KEY} --digest {}", digest_name(*digest)),
        SignatureAlgorithm::Md5Hex { salt_prefix, case, .. } => {
            let mut options = SECRET.to_owned();
            match salt_prefix.as_deref() {
                Some(crate::setup::DEFAULT_SALT_PREFIX) => {}
                Some(prefix) => {
                    let _ = write!(options, " --salt-prefix '{}'", prefix.replace('\'', r"'\''"));
                }
                None => options.push_str(" --salt-prefix ''"),
            }
            if *case == HexCase::Upper {
                options.push_str(" --case upper");
            }
            options
        }
    };
    format!("cardbind verify --explain --raw {options} --signature SIGNATURE STRING_TO_SIGN.txt")
}

fn digest_name(d: DigestAlgorithm) -> &'static str {
    d.name()
}

/// `message` with the command that diagnoses it: "… (diagnose: cardbind verify --explain …)".
pub fn with_diagnosis(message: &str, command: &str) -> String {
    format!("{message} (diagnose: {command})")
}
