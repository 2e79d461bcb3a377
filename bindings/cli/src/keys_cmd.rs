//! `cardbind keys inspect|convert`.

use cardbind::keys::{DerStructure, KeyEncoding, KeyMaterial, PemLabel};
use serde_json::json;

use crate::cli::{KeyFormat, KeysCommand};
use crate::console::Console;
use crate::error::{CliError, CliResult};
use crate::input::{read_bytes, shown, MAX_KEY_FILE_BYTES};

fn structure_name(s: DerStructure) -> &'static str {
    match s {
        DerStructure::Spki => "X.509 SubjectPublicKeyInfo",
        DerStructure::Pkcs1Public => "PKCS#1 RSAPublicKey",
        DerStructure::Pkcs8 => "PKCS#8 PrivateKeyInfo",
        DerStructure::Pkcs1Private => "PKCS#1 RSAPrivateKey",
    }
}

fn describe_encoding(e: KeyEncoding) -> (&'static str, String) {
    match e {
        KeyEncoding::Pem(label) => {
            let (label, s) = match label {
                PemLabel::PublicKey => ("PUBLIC KEY", DerStructure::Spki),
                PemLabel::RsaPublicKey => ("RSA PUBLIC KEY", DerStructure::Pkcs1Public),
                PemLabel::PrivateKey => ("PRIVATE KEY", DerStructure::Pkcs8),
                PemLabel::RsaPrivateKey => ("RSA PRIVATE KEY", DerStructure::Pkcs1Private),
            };
            ("pem", format!("PEM `{label}` ({})", structure_name(s)))
        }
        KeyEncoding::Der(s) => ("der", format!("DER ({})", structure_name(s))),
        KeyEncoding::Base64(s) => ("base64", format!("bare base64 of DER ({})", structure_name(s))),
    }
}

fn parse(console: &Console<'_>, path: &std::path::Path) -> Result<(KeyMaterial, KeyEncoding), CliError> {
    let bytes = read_bytes(console, path, MAX_KEY_FILE_BYTES)?;
    KeyMaterial::parse(&bytes).map_err(|e| CliError::bad(format!("{}: {e}", shown(path))))
}

pub fn run(cmd: &KeysCommand, console: &Console<'_>) -> CliResult {
    match cmd {
        KeysCommand::Inspect { input } => {
            let (key, encoding) = parse(console, input)?;
            let (kind, public) = match &key {
                KeyMaterial::Public(p) => ("public", p.clone()),
                KeyMaterial::Private(p) => ("private", p.public_key().clone()),
            };
            let (format_id, format_text) = describe_encoding(encoding);
            let exponent = public.public_exponent().to_string();
            if console.json {
                console.json_value(&json!({
                    "format": format_id,
                    "encoding": format_text,
                    "kind": kind,
                    "bits": public.bits(),
                    "public_exponent": exponent,
                    "fingerprint": public.fingerprint(),
                }));
            } else {
                console.text(&format!("format:      {format_text}"));
                console.text(&format!("kind:        RSA {kind} key"));
                console.text(&format!("bits:        {}", public.bits()));
                console.text(&format!("exponent:    {exponent}"));
                let which = if kind == "private" { " (of the public half)" } else { "" };
                console.text(&format!("fingerprint: {}{which}", public.fingerprint()));
            }
            Ok(())
        }
        KeysCommand::Convert { input, to, public } => {
            let (key, _) = parse(console, input)?;
            let key = match (key, public) {
                (KeyMaterial::Private(p), true) => KeyMaterial::Public(p.public_key().clone()),
                (other, _) => other,
            };
            let der: Vec<u8> = match &key {
                KeyMaterial::Public(p) => p.to_spki_der(),
                KeyMaterial::Private(p) => p.to_pkcs8_der().to_vec(),
            };
            let label = match &key {
                KeyMaterial::Public(_) => "PUBLIC KEY",
                KeyMaterial::Private(_) => "PRIVATE KEY",
            };
            match to {
                KeyFormat::Der => {
                    if console.json {
                        return Err(CliError::bad(
                            "--to der writes binary; it has no --json form (use --to base64)",
                        ));
                    }
                    console.bytes(&der);
                }
                KeyFormat::Pem => {
                    let pem = match &key {
                        KeyMaterial::Public(p) => p.to_spki_pem(),
                        KeyMaterial::Private(p) => p.to_pkcs8_pem().to_string(),
                    };
                    if console.json {
                        console.json_value(&json!({"format": "pem", "label": label, "pem": pem}));
                    } else {
                        console.bytes(pem.as_bytes());
                    }
                }
                KeyFormat::Base64 => {
                    let b64 = cardbind::encoding::encode_base64(&der);
                    if console.json {
                        console.json_value(&json!({"format": "base64", "structure": label, "base64": b64}));
                    } else {
                        console.text(&b64);
                    }
                }
            }
            Ok(())
        }
    }
}
