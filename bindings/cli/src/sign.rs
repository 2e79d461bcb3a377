//! `cardbind sign` and `cardbind verify`: the options' files read, the result printed.

use cardbind::rng::SeededRng;
use cardbind::SigningKey;
use serde_json::{json, Value};

use crate::cli::{SignArgs, VerifyArgs};
use crate::console::Console;
use crate::error::{CliError, CliResult};
use crate::input::os_seed;
use crate::rule_args::{load_private, load_public, rule_input};
use crate::setup::{line_end_note, Setup};
use crate::shown::show_message;
use crate::signed_string::{subject_pairs, SignedString};
use crate::verify::{self, Keys, SignatureInput};

/// Says on stderr what was done to the input that the user may not expect (a line end removed
/// from `--secret-file`), and returns it for `--json` output's `notes`.
fn report_notes(setup: &Setup, console: &Console<'_>) -> Vec<String> {
    if let Some(end) = setup.secret_line_end_removed {
        console.note(&line_end_note(end));
    }
    verify::notes(setup)
}

fn add_notes(doc: &mut Value, notes: &[String]) {
    if let (false, Value::Object(o)) = (notes.is_empty(), doc) {
        o.insert("notes".to_owned(), json!(notes));
    }
}

pub fn run_sign(args: &SignArgs, console: &Console<'_>) -> CliResult {
    if args.string_only {
        return run_string_only(args, console);
    }
    let setup = Setup::resolve(rule_input(&args.rule, console)?, false)?;
    let key = match &args.rule.key {
        Some(path) => SigningKey::Rsa(load_private(console, "--key", path)?),
        None => SigningKey::Secret(setup.secret.clone().unwrap_or_else(|| cardbind::SharedSecret::new(""))),
    };
    let message = setup.message()?;
    let mut rng = SeededRng::from_seed(os_seed()?);
    let signature = setup
        .algorithm
        .sign(&key, &message, &mut rng)
        .map_err(|e| CliError::bad(format!("cannot sign: {e}")))?;
    let signed = SignedString::of(&setup, &message, console.show_pii);
    if console.json {
        let mut doc = signed.to_json();
        if let Value::Object(o) = &mut doc {
            o.insert("signature".to_owned(), Value::String(signature));
        }
        add_notes(&mut doc, &report_notes(&setup, console));
        console.json_value(&doc);
        return Ok(());
    }
    report_notes(&setup, console);
    if args.rule.explain {
        for line in signed.lines() {
            console.text(&line);
        }
        console.text(&format!("signature:      {signature}"));
    } else {
        console.text(&signature);
    }
    Ok(())
}

/// `sign --string-only`: the exact string to sign, and nothing signed.
fn run_string_only(args: &SignArgs, console: &Console<'_>) -> CliResult {
    let setup = Setup::for_string_only(rule_input(&args.rule, console)?)?;
    report_notes(&setup, console);
    let message = setup.message()?;
    let shown = show_message(subject_pairs(&setup.subject), &message, console.show_pii);
    if console.json {
        console.json_value(&json!({
            "rule": setup.describe_canonical(),
            "string_to_sign": shown.text,
            "string_to_sign_encoding": if shown.hex { "hex" } else { "utf8" },
            "string_to_sign_masked": shown.masked,
            "string_to_sign_bytes": message.len(),
        }));
    } else {
        console.text(&shown.text);
        if shown.masked {
            console.note("note: personal data is masked; use --show-pii for the exact string");
        }
    }
    Ok(())
}

pub fn run_verify(args: &VerifyArgs, console: &Console<'_>) -> CliResult {
    let setup = Setup::resolve(rule_input(&args.rule, console)?, args.any_case)?;
    let public = match &args.rule.key {
        Some(path) => Some(load_public(console, "--key", path)?),
        None => None,
    };
    let mut also_keys = Vec::new();
    for path in &args.also_key {
        also_keys.push((
            format!("--also-key {}", path.display()),
            load_public(console, "--also-key", path)?,
        ));
    }
    let keys = Keys::new(&setup, public, also_keys, &args.also_secret);
    let signature = SignatureInput {
        signature: args.signature.clone(),
        field: args.signature_field.clone(),
    };
    let verification = verify::check(&setup, &keys, &signature, args.rule.explain, console.show_pii)?;
    report_notes(&setup, console);
    if console.json {
        console.json_value(&verification.to_json());
    } else {
        for line in verification.lines(args.rule.explain) {
            console.text(&line);
        }
    }
    verification.result.map_err(|_| CliError::VerificationFailed)
}
