//! `sign`/`verify` options read into a [`RuleInput`]: the input and secret files read (bounded),
//! the command-line enums as the core's; and the keys the options name, loaded.

use std::path::Path;

use cardbind::{DigestAlgorithm, HexCase, KeyOrder, PrivateKey, PublicKey, SharedSecret};

use crate::cli::{CanonicalKind, Case, Digest, Order, RuleArgs};
use crate::console::Console;
use crate::error::CliError;
use crate::input::{read_bytes, read_text, shown, MAX_INPUT_BYTES, MAX_KEY_FILE_BYTES};
use crate::setup::{secret_from_file, Canonical, RuleInput};

pub fn digest_of(d: Digest) -> DigestAlgorithm {
    match d {
        Digest::Md5 => DigestAlgorithm::Md5,
        Digest::Sha1 => DigestAlgorithm::Sha1,
        Digest::Sha256 => DigestAlgorithm::Sha256,
    }
}

fn order_of(o: Order) -> KeyOrder {
    match o {
        Order::Bytewise => KeyOrder::Bytewise,
        Order::CaseInsensitive => KeyOrder::CaseInsensitive,
    }
}

/// The shared secret, and the line end removed from the end of `--secret-file` (an editor or
/// `echo` adds one; `--keep-secret-newline` keeps it as part of the secret).
fn secret_of(args: &RuleArgs, console: &Console<'_>) -> Result<(Option<SharedSecret>, Option<&'static str>), CliError> {
    if let Some(s) = &args.secret {
        return Ok((Some(SharedSecret::new(s.clone())), None));
    }
    if let Some(path) = &args.secret_file {
        let text = zeroize::Zeroizing::new(read_text(console, path, MAX_KEY_FILE_BYTES)?);
        let (secret, removed) = secret_from_file(&text, args.keep_secret_newline);
        return Ok((Some(secret), removed));
    }
    Ok((None, None))
}

/// Reads the files the options name (the secret's first, then the input) into a [`RuleInput`].
pub fn rule_input(args: &RuleArgs, console: &Console<'_>) -> Result<RuleInput, CliError> {
    let (secret, secret_line_end_removed) = secret_of(args, console)?;
    Ok(RuleInput {
        input: read_bytes(console, &args.input, MAX_INPUT_BYTES)?,
        source: shown(&args.input),
        raw: args.raw,
        provider: args.provider.clone(),
        profile: args.profile.clone(),
        canonical: match args.canonical {
            CanonicalKind::SortedPairs => Canonical::SortedPairs,
            CanonicalKind::Xianjincard => Canonical::Xianjincard,
        },
        order: args.order.map(order_of),
        exclude: args.exclude.clone(),
        keep_empty: args.keep_empty,
        digest: args.digest.map(digest_of),
        with_key: args.key.is_some(),
        secret,
        secret_line_end_removed,
        salt_prefix: args.salt_prefix.clone(),
        case: match args.case {
            Case::Lower => HexCase::Lower,
            Case::Upper => HexCase::Upper,
        },
    })
}

/// Loads an RSA private key; errors name the option and the file.
pub fn load_private(console: &Console<'_>, option: &str, path: &Path) -> Result<PrivateKey, CliError> {
    let bytes = read_bytes(console, path, MAX_KEY_FILE_BYTES)?;
    PrivateKey::parse(&bytes).map_err(|e| CliError::bad(format!("{option} {}: {e}", shown(path))))
}

/// Loads an RSA public key; errors name the option and the file.
pub fn load_public(console: &Console<'_>, option: &str, path: &Path) -> Result<PublicKey, CliError> {
    let bytes = read_bytes(console, path, MAX_KEY_FILE_BYTES)?;
    PublicKey::parse(&bytes).map_err(|e| CliError::bad(format!("{option} {}: {e}", shown(path))))
}
