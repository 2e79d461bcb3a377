//! A provider's complete signature rule: what is signed, how, and with which key.

use std::fmt;

use rand_core::CryptoRng;

use crate::canonical::CanonicalRule;
use crate::crypto::digest::DigestAlgorithm;
use crate::crypto::keys::{PrivateKey, PublicKey};
use crate::crypto::signature::{md5_hex_sign, md5_hex_verify, CaseRule, SignatureError};
use crate::encoding::HexCase;

/// The cryptographic half of a rule. Serialises to the `algorithm` object in `spec/`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "scheme", rename_all = "snake_case", deny_unknown_fields)]
pub enum SignatureAlgorithm {
    /// `hex(md5(string ‖ salt_prefix ‖ secret))`; with no `salt_prefix` the secret is not appended
    /// (xianjincard puts it inside the string instead).
    Md5Hex {
        /// Text between the string and the secret, e.g. `&key=`; `None` appends nothing.
        #[serde(default)]
        salt_prefix: Option<String>,
        /// Case produced when signing.
        case: HexCase,
        /// Case accepted when verifying.
        verify_case: CaseRule,
    },
    /// RSASSA-PKCS1-v1_5, signature base64 on one line.
    RsaPkcs1v15 {
        /// Hash inside the signature.
        digest: DigestAlgorithm,
    },
}

/// A complete signature rule, as listed per provider in `spec/`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureRule {
    /// What is signed.
    pub canonical: CanonicalRule,
    /// How it is signed.
    pub algorithm: SignatureAlgorithm,
}

/// A shared secret (MD5 sign key, xianjincard `signkey`). `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SharedSecret(zeroize::Zeroizing<String>);

impl SharedSecret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(zeroize::Zeroizing::new(secret.into()))
    }

    /// The secret itself, for building a string to sign.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SharedSecret(<{} chars redacted>)", self.0.chars().count())
    }
}

/// A key that can produce signatures under some rule.
#[derive(Debug, Clone)]
pub enum SigningKey {
    /// For [`SignatureAlgorithm::Md5Hex`].
    Secret(SharedSecret),
    /// For [`SignatureAlgorithm::RsaPkcs1v15`].
    Rsa(PrivateKey),
}

/// A key that can check signatures under some rule.
#[derive(Debug, Clone)]
pub enum VerifyingKey {
    /// For [`SignatureAlgorithm::Md5Hex`].
    Secret(SharedSecret),
    /// For [`SignatureAlgorithm::RsaPkcs1v15`].
    Rsa(PublicKey),
}

impl SignatureAlgorithm {
    /// Short name for messages (`MD5`, `MD5withRSA`…).
    pub fn label(&self) -> &'static str {
        match self {
            Self::Md5Hex { .. } => "MD5",
            Self::RsaPkcs1v15 {
                digest: DigestAlgorithm::Md5,
            } => "MD5withRSA",
            Self::RsaPkcs1v15 {
                digest: DigestAlgorithm::Sha1,
            } => "SHA1withRSA",
            Self::RsaPkcs1v15 {
                digest: DigestAlgorithm::Sha256,
            } => "SHA256withRSA",
        }
    }

    /// Signs an already-built string to sign.
    pub fn sign(&self, key: &SigningKey, message: &[u8], rng: &mut dyn CryptoRng) -> Result<String, SignatureError> {
        match (self, key) {
            (Self::Md5Hex { salt_prefix, case, .. }, SigningKey::Secret(secret)) => Ok(match salt_prefix {
                Some(prefix) => md5_hex_sign(message, &[prefix.as_bytes(), secret.expose().as_bytes()], *case),
                None => md5_hex_sign(message, &[], *case),
            }),
            (Self::RsaPkcs1v15 { digest }, SigningKey::Rsa(private)) => {
                private.sign_pkcs1v15_base64(rng, *digest, message)
            }
            (Self::Md5Hex { .. }, SigningKey::Rsa(_)) => Err(SignatureError::WrongKeyKind {
                rule: self.label(),
                needed: "a shared secret",
            }),
            (Self::RsaPkcs1v15 { .. }, SigningKey::Secret(_)) => Err(SignatureError::WrongKeyKind {
                rule: self.label(),
                needed: "an RSA private key",
            }),
        }
    }

    /// Verifies `signature` (as it appeared on the wire) over an already-built string to sign.
    pub fn verify(&self, key: &VerifyingKey, message: &[u8], signature: &str) -> Result<(), SignatureError> {
        match (self, key) {
            (
                Self::Md5Hex {
                    salt_prefix,
                    case,
                    verify_case,
                },
                VerifyingKey::Secret(secret),
            ) => match salt_prefix {
                Some(prefix) => md5_hex_verify(
                    message,
                    &[prefix.as_bytes(), secret.expose().as_bytes()],
                    signature,
                    *case,
                    *verify_case,
                ),
                None => md5_hex_verify(message, &[], signature, *case, *verify_case),
            },
            (Self::RsaPkcs1v15 { digest }, VerifyingKey::Rsa(public)) => {
                public.verify_pkcs1v15_base64(*digest, message, signature)
            }
            (Self::Md5Hex { .. }, VerifyingKey::Rsa(_)) => Err(SignatureError::WrongKeyKind {
                rule: self.label(),
                needed: "a shared secret",
            }),
            (Self::RsaPkcs1v15 { .. }, VerifyingKey::Secret(_)) => Err(SignatureError::WrongKeyKind {
                rule: self.label(),
                needed: "an RSA public key",
            }),
        }
    }
}

impl SignatureRule {
    /// Builds the string to sign for `params`.
    pub fn string_to_sign<'a, I>(&self, params: I) -> Result<Vec<u8>, SignatureError>
    where
        I: IntoIterator<Item = (&'a str, Option<&'a str>)>,
    {
        Ok(self.canonical.build(params)?)
    }

    /// Builds the string to sign and signs it.
    pub fn sign<'a, I>(&self, params: I, key: &SigningKey, rng: &mut dyn CryptoRng) -> Result<String, SignatureError>
    where
        I: IntoIterator<Item = (&'a str, Option<&'a str>)>,
    {
        let message = self.string_to_sign(params)?;
        self.algorithm.sign(key, &message, rng)
    }

    /// Builds the string to sign and verifies `signature` over it.
    pub fn verify<'a, I>(&self, params: I, key: &VerifyingKey, signature: &str) -> Result<(), SignatureError>
    where
        I: IntoIterator<Item = (&'a str, Option<&'a str>)>,
    {
        let message = self.string_to_sign(params)?;
        self.algorithm.verify(key, &message, signature)
    }
}
