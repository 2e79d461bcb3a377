//! `cardbind sign` and `cardbind verify`.

use std::io::Write as _;

use cardbind::canonical::CanonicalRule;
use cardbind::encoding::{encode_hex, HexCase};
use cardbind::rng::SeededRng;
use cardbind::{DigestAlgorithm, SignatureAlgorithm, SigningKey, VerifyingKey};
use serde_json::{json, Value};

use crate::cli::{SignArgs, VerifyArgs};
use crate::error::{CliError, CliResult};
use crate::explain::{self, Attempt};
use crate::input::os_seed;
use crate::output::Out;
use crate::params::Pairs;
use crate::rule_args::{line_end_note, load_private, load_public, Setup, Subject};
use crate::shown::{show_message, Shown};

/// The digest the signature covers: the message's hash for RSA, the salted MD5 for MD5 rules.
pub fn digest_of(algorithm: &SignatureAlgorithm, secret: Option<&str>, message: &[u8]) -> (DigestAlgorithm, String) {
    match algorithm {
        SignatureAlgorithm::RsaPkcs1v15 { digest } => (*digest, encode_hex(&digest.digest(message), HexCase::Lower)),
        SignatureAlgorithm::Md5Hex { salt_prefix, .. } => {
            let mut parts: Vec<&[u8]> = vec![message];
            if let Some(prefix) = salt_prefix {
                parts.push(prefix.as_bytes());
                parts.push(secret.unwrap_or_default().as_bytes());
            }
            (
                DigestAlgorithm::Md5,
                encode_hex(&cardbind::digest::md5(&parts), HexCase::Lower),
            )
        }
    }
}

fn subject_pairs(subject: &Subject) -> Option<(&CanonicalRule, &Pairs)> {
    match subject {
        Subject::Params { canonical, pairs, .. } => Some((canonical, pairs)),
        Subject::Raw(_) => None,
    }
}

/// Text lines describing the rule, the string and its digest.
fn explain_lines(setup: &Setup, shown: &Shown, message: &[u8], digest: (DigestAlgorithm, &str)) -> Vec<String> {
    let mut lines = vec![format!("rule:           {}", setup.describe())];
    let label = if shown.hex {
        "string to sign (hex, not UTF-8):"
    } else {
        "string to sign:"
    };
    lines.push(label.to_owned());
    lines.push(format!("  {}", shown.text));
    let mut length = format!("length:         {} bytes", message.len());
    if shown.masked {
        length.push_str(" (personal data masked above; --show-pii shows it)");
    }
    lines.push(length);
    if let SignatureAlgorithm::Md5Hex {
        salt_prefix: Some(prefix),
        ..
    } = &setup.algorithm
    {
        lines.push(format!(
            "md5 input:      string + \"{prefix}\" + secret (secret not shown)"
        ));
    }
    let label = format!("digest ({}):", digest.0.name());
    lines.push(format!("{label:<16}{}", digest.1));
    lines
}

fn explain_json(setup: &Setup, shown: &Shown, message: &[u8], digest: (DigestAlgorithm, &str)) -> Value {
    json!({
        "rule": setup.describe(),
        "algorithm": setup.algorithm.label(),
        "string_to_sign": shown.text,
        "string_to_sign_encoding": if shown.hex { "hex" } else { "utf8" },
        "string_to_sign_masked": shown.masked,
        "string_to_sign_bytes": message.len(),
        "digest": { "algorithm": digest.0.name(), "hex": digest.1 },
    })
}

/// Says on stderr what was done to the input that the user may not expect (a line end removed
/// from `--secret-file`), and returns it for `--json` output's `notes`.
fn report_notes(setup: &Setup) -> Option<String> {
    let note = line_end_note(setup.secret_line_end_removed?);
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{note}");
    Some(note.trim_start_matches("note: ").to_owned())
}

fn add_notes(doc: &mut Value, note: Option<String>) {
    if let (Some(note), Value::Object(o)) = (note, doc) {
        o.insert("notes".to_owned(), json!([note]));
    }
}

pub fn run_sign(args: &SignArgs, out: &Out) -> CliResult {
    if args.string_only {
        return run_string_only(args, out);
    }
    let setup = Setup::from_args(&args.rule, false)?;
    let key = match &args.rule.key {
        Some(path) => SigningKey::Rsa(load_private("--key", path)?),
        None => SigningKey::Secret(setup.secret.clone().unwrap_or_else(|| cardbind::SharedSecret::new(""))),
    };
    let message = setup.message()?;
    let mut rng = SeededRng::from_seed(os_seed()?);
    let signature = setup
        .algorithm
        .sign(&key, &message, &mut rng)
        .map_err(|e| CliError::bad(format!("cannot sign: {e}")))?;
    let shown = show_message(subject_pairs(&setup.subject), &message, out.show_pii);
    let (digest_alg, digest_hex) = digest_of(
        &setup.algorithm,
        setup.secret.as_ref().map(cardbind::SharedSecret::expose),
        &message,
    );
    if out.json {
        let mut doc = explain_json(&setup, &shown, &message, (digest_alg, &digest_hex));
        if let Value::Object(o) = &mut doc {
            o.insert("signature".to_owned(), Value::String(signature));
        }
        add_notes(&mut doc, report_notes(&setup));
        out.json_value(&doc);
        return Ok(());
    }
    report_notes(&setup);
    if args.rule.explain {
        for line in explain_lines(&setup, &shown, &message, (digest_alg, &digest_hex)) {
            out.text(&line);
        }
        out.text(&format!("signature:      {signature}"));
    } else {
        out.text(&signature);
    }
    Ok(())
}

/// `sign --string-only`: the exact string to sign, and nothing signed.
fn run_string_only(args: &SignArgs, out: &Out) -> CliResult {
    let setup = Setup::for_string_only(&args.rule)?;
    report_notes(&setup);
    let message = setup.message()?;
    let shown = show_message(subject_pairs(&setup.subject), &message, out.show_pii);
    if out.json {
        out.json_value(&json!({
            "rule": setup.describe_canonical(),
            "string_to_sign": shown.text,
            "string_to_sign_encoding": if shown.hex { "hex" } else { "utf8" },
            "string_to_sign_masked": shown.masked,
            "string_to_sign_bytes": message.len(),
        }));
    } else {
        out.text(&shown.text);
        if shown.masked {
            let mut stderr = std::io::stderr().lock();
            let _ = std::io::Write::write_all(
                &mut stderr,
                b"note: personal data is masked; use --show-pii for the exact string\n",
            );
        }
    }
    Ok(())
}

pub fn run_verify(args: &VerifyArgs, out: &Out) -> CliResult {
    let setup = Setup::from_args(&args.rule, args.any_case)?;
    let key = match &args.rule.key {
        Some(path) => VerifyingKey::Rsa(load_public("--key", path)?),
        None => VerifyingKey::Secret(setup.secret.clone().unwrap_or_else(|| cardbind::SharedSecret::new(""))),
    };
    let mut also_keys = Vec::new();
    for path in &args.also_key {
        also_keys.push((
            format!("--also-key {}", path.display()),
            VerifyingKey::Rsa(load_public("--also-key", path)?),
        ));
    }
    for (i, secret) in args.also_secret.iter().enumerate() {
        also_keys.push((
            format!("--also-secret #{}", i + 1),
            VerifyingKey::Secret(cardbind::SharedSecret::new(secret.clone())),
        ));
    }
    let signature = match (&args.signature, &setup.subject) {
        (Some(s), _) => s.clone(),
        (None, Subject::Params { params, .. }) => {
            params.get(&args.signature_field).map(str::to_owned).ok_or_else(|| {
                CliError::bad(format!(
                    "no signature: give --signature or a `{}` parameter",
                    args.signature_field
                ))
            })?
        }
        (None, Subject::Raw(_)) => return Err(CliError::bad("--raw needs --signature")),
    };
    let message = setup.message()?;
    let result = setup.algorithm.verify(&key, &message, &signature);
    let shown = show_message(subject_pairs(&setup.subject), &message, out.show_pii);
    let (digest_alg, digest_hex) = digest_of(
        &setup.algorithm,
        setup.secret.as_ref().map(cardbind::SharedSecret::expose),
        &message,
    );

    let diagnosis = match (&result, args.rule.explain) {
        (Err(error), true) => Some(explain::diagnose(&Attempt {
            setup: &setup,
            key: &key,
            key_label: "--key",
            also_keys: &also_keys,
            signature: &signature,
            signature_field: &args.signature_field,
            message: &message,
            error,
            show_pii: out.show_pii,
        })),
        _ => None,
    };

    if out.json {
        let mut doc = explain_json(&setup, &shown, &message, (digest_alg, &digest_hex));
        if let Value::Object(o) = &mut doc {
            o.insert("verified".to_owned(), Value::Bool(result.is_ok()));
            if let Err(e) = &result {
                o.insert("error".to_owned(), Value::String(e.to_string()));
            }
            if let Some(d) = &diagnosis {
                o.insert("diagnosis".to_owned(), d.to_json());
            }
        }
        add_notes(&mut doc, report_notes(&setup));
        out.json_value(&doc);
    } else {
        report_notes(&setup);
        if args.rule.explain {
            for line in explain_lines(&setup, &shown, &message, (digest_alg, &digest_hex)) {
                out.text(&line);
            }
        }
        match &result {
            Ok(()) => out.text(&format!("OK: signature verifies ({})", setup.algorithm.label())),
            Err(e) => out.text(&format!("FAILED: {e}")),
        }
        if let Some(d) = &diagnosis {
            print_diagnosis(d, out);
        }
    }
    result.map_err(|_| CliError::VerificationFailed)
}

fn print_diagnosis(d: &explain::Diagnosis, out: &Out) {
    for line in d.lines() {
        out.text(&line);
    }
}
