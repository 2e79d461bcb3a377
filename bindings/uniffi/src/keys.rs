//! RSA key inspection and format conversion. Keys cross as bytes: PEM text, raw DER or bare
//! base64 DER, auto-detected exactly as core's `PublicKey::parse` / `PrivateKey::parse` do.
#![allow(clippy::needless_pass_by_value)] // uniffi lifts every argument as an owned value

use cardbind::keys::{DerStructure, KeyEncoding, PemLabel};
use cardbind::{KeyMaterial, PrivateKey, PublicKey};

use crate::error::{guard, CardbindError};

/// Which half of a key pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KeyRole {
    /// A public key.
    Public,
    /// A private key.
    Private,
}

/// How the key bytes were wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KeyContainer {
    /// PEM armour (`-----BEGIN ...-----`).
    Pem,
    /// Raw DER bytes.
    Der,
    /// Bare base64 of DER (what Chinese providers hand out).
    Base64,
}

/// The DER structure inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KeyStructure {
    /// X.509 SubjectPublicKeyInfo (PEM label `PUBLIC KEY`).
    Spki,
    /// PKCS#1 RSAPublicKey (`RSA PUBLIC KEY`).
    Pkcs1Public,
    /// PKCS#8 PrivateKeyInfo (`PRIVATE KEY`).
    Pkcs8,
    /// PKCS#1 RSAPrivateKey (`RSA PRIVATE KEY`).
    Pkcs1Private,
}

/// What a key turned out to be. Holds nothing secret: for a private key, only its public half.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KeyInfo {
    /// Public or private.
    pub role: KeyRole,
    /// PEM, DER or bare base64.
    pub container: KeyContainer,
    /// The DER structure.
    pub structure: KeyStructure,
    /// Modulus size in bits.
    pub bits: u32,
    /// Modulus size in bytes: the length of every signature and ciphertext block.
    pub size_bytes: u32,
    /// `SHA256:` + lower-case hex SHA-256 of the public key's SPKI DER.
    pub fingerprint: String,
    /// The public key (or the private key's public half) as SPKI PEM, LF line endings.
    pub public_key_pem: String,
}

/// Output formats for a public key (always SubjectPublicKeyInfo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PublicKeyFormat {
    /// `-----BEGIN PUBLIC KEY-----`, 64-column lines, LF.
    SpkiPem,
    /// Raw DER.
    SpkiDer,
    /// Bare base64 of the DER on one line (what providers exchange).
    SpkiBase64,
}

/// Output formats for a private key (always PKCS#8, unencrypted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PrivateKeyFormat {
    /// `-----BEGIN PRIVATE KEY-----`, 64-column lines, LF.
    Pkcs8Pem,
    /// Raw DER.
    Pkcs8Der,
    /// Bare base64 of the DER on one line.
    Pkcs8Base64,
}

fn size_u32(n: usize) -> u32 {
    // Key sizes are capped at 4096 bits by core.
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn describe(encoding: KeyEncoding) -> (KeyContainer, KeyStructure) {
    let from_der = |s: DerStructure| match s {
        DerStructure::Spki => KeyStructure::Spki,
        DerStructure::Pkcs1Public => KeyStructure::Pkcs1Public,
        DerStructure::Pkcs8 => KeyStructure::Pkcs8,
        DerStructure::Pkcs1Private => KeyStructure::Pkcs1Private,
    };
    match encoding {
        KeyEncoding::Pem(label) => (
            KeyContainer::Pem,
            match label {
                PemLabel::PublicKey => KeyStructure::Spki,
                PemLabel::RsaPublicKey => KeyStructure::Pkcs1Public,
                PemLabel::PrivateKey => KeyStructure::Pkcs8,
                PemLabel::RsaPrivateKey => KeyStructure::Pkcs1Private,
            },
        ),
        KeyEncoding::Der(s) => (KeyContainer::Der, from_der(s)),
        KeyEncoding::Base64(s) => (KeyContainer::Base64, from_der(s)),
    }
}

/// Parses a public key argument; a private key is refused (core's rule: derive on purpose).
pub(crate) fn public_key_arg(field: &str, key: &[u8]) -> Result<PublicKey, CardbindError> {
    PublicKey::parse(key).map_err(|e| CardbindError::key(field, &e))
}

/// Parses a private key argument.
pub(crate) fn private_key_arg(field: &str, key: &[u8]) -> Result<PrivateKey, CardbindError> {
    PrivateKey::parse(key).map_err(|e| CardbindError::key(field, &e))
}

fn public_bytes(public: &PublicKey, format: PublicKeyFormat) -> Vec<u8> {
    match format {
        PublicKeyFormat::SpkiPem => public.to_spki_pem().into_bytes(),
        PublicKeyFormat::SpkiDer => public.to_spki_der(),
        PublicKeyFormat::SpkiBase64 => public.to_base64().into_bytes(),
    }
}

/// Parses a key of either role (PEM, DER or bare base64) and describes it.
#[uniffi::export]
pub fn inspect_key(key: Vec<u8>) -> Result<KeyInfo, CardbindError> {
    guard(|| {
        let (material, encoding) = KeyMaterial::parse(&key).map_err(|e| CardbindError::key("key", &e))?;
        let (container, structure) = describe(encoding);
        let (role, public) = match &material {
            KeyMaterial::Public(p) => (KeyRole::Public, p),
            KeyMaterial::Private(p) => (KeyRole::Private, p.public_key()),
        };
        Ok(KeyInfo {
            role,
            container,
            structure,
            bits: size_u32(public.bits()),
            size_bytes: size_u32(public.size()),
            fingerprint: public.fingerprint(),
            public_key_pem: public.to_spki_pem(),
        })
    })
}

/// Re-encodes a public key (any accepted input form). A private key is refused: use
/// [`derive_public_key`] to take its public half on purpose.
#[uniffi::export]
pub fn convert_public_key(public_key: Vec<u8>, format: PublicKeyFormat) -> Result<Vec<u8>, CardbindError> {
    guard(|| Ok(public_bytes(&public_key_arg("public_key", &public_key)?, format)))
}

/// The public half of a private key, in `format`.
#[uniffi::export]
pub fn derive_public_key(private_key: Vec<u8>, format: PublicKeyFormat) -> Result<Vec<u8>, CardbindError> {
    guard(|| {
        let private = private_key_arg("private_key", &private_key)?;
        Ok(public_bytes(private.public_key(), format))
    })
}

/// Re-encodes a private key as unencrypted PKCS#8 (secret output: handle with care).
#[uniffi::export]
pub fn convert_private_key(private_key: Vec<u8>, format: PrivateKeyFormat) -> Result<Vec<u8>, CardbindError> {
    guard(|| {
        let private = private_key_arg("private_key", &private_key)?;
        Ok(match format {
            PrivateKeyFormat::Pkcs8Pem => private.to_pkcs8_pem().as_bytes().to_vec(),
            PrivateKeyFormat::Pkcs8Der => private.to_pkcs8_der().to_vec(),
            PrivateKeyFormat::Pkcs8Base64 => cardbind::encoding::encode_base64(&private.to_pkcs8_der()).into_bytes(),
        })
    })
}
