//! Yixin's encrypted envelope: a fresh AES key per message, wrapped with the receiver's RSA
//! public key (`key`); the business JSON AES-encrypted (`params`); an RSA signature over the
//! public parameters (`sign`). Digest, AES mode and key size are not public: the `assumed`
//! defaults live in [`YixinProfile`] and each can be overridden per merchant.

use rand_core::CryptoRng;
use zeroize::Zeroizing;

use crate::canonical::{CanonicalRule, KeyOrder};
use crate::cipher::{aes_pkcs7_decrypt, aes_pkcs7_encrypt, rsa_decrypt_blocks, AesMode, CipherError};
use crate::digest::DigestAlgorithm;
use crate::encoding::{decode_base64_lenient, encode_base64};
use crate::keys::{PrivateKey, PublicKey};
use crate::model::CodecError;

/// How the request's public parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// A JSON object of strings (`application/json;charset=utf-8`).
    #[default]
    Json,
    /// `application/x-www-form-urlencoded;charset=utf-8`.
    Form,
}

fn default_digest() -> DigestAlgorithm {
    DigestAlgorithm::Sha256
}
fn default_aes_mode() -> AesMode {
    AesMode::Ecb
}
fn default_aes_key_bits() -> u16 {
    128
}
fn default_true() -> bool {
    true
}

/// The unconfirmed parts of Yixin's scheme, with PROTOCOLS.md's `assumed` defaults.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YixinProfile {
    /// Digest of the RSA signature (default SHA-256: SHA256withRSA).
    #[serde(default = "default_digest")]
    pub digest: DigestAlgorithm,
    /// AES mode, PKCS#7 padded (default ECB).
    #[serde(default = "default_aes_mode")]
    pub aes_mode: AesMode,
    /// AES key size in bits: 128 (default), 192 or 256.
    #[serde(default = "default_aes_key_bits")]
    pub aes_key_bits: u16,
    /// Whether successful responses must carry `sign` (default true). A `sign` that is present
    /// is always verified. Turning it off lets an unauthenticated `key` reach the RSA
    /// private-key decryption (SECURITY.md, RUSTSEC-2023-0071).
    #[serde(default = "default_true")]
    pub response_signed: bool,
    /// Request body encoding (default JSON).
    #[serde(default)]
    pub body: BodyEncoding,
}

impl Default for YixinProfile {
    fn default() -> Self {
        Self {
            digest: default_digest(),
            aes_mode: default_aes_mode(),
            aes_key_bits: default_aes_key_bits(),
            response_signed: true,
            body: BodyEncoding::default(),
        }
    }
}

impl YixinProfile {
    /// AES key length in bytes, or a configuration error.
    pub fn aes_key_len(&self) -> Result<usize, CodecError> {
        match self.aes_key_bits {
            128 => Ok(16),
            192 => Ok(24),
            256 => Ok(32),
            _ => Err(CodecError::config("profile.aes_key_bits", "must be 128, 192 or 256")),
        }
    }

    /// A fresh AES key from the caller's randomness.
    pub fn new_aes_key(&self, rng: &mut dyn CryptoRng) -> Result<Zeroizing<Vec<u8>>, CodecError> {
        let mut key = Zeroizing::new(vec![0u8; self.aes_key_len()?]);
        rng.fill_bytes(&mut key);
        Ok(key)
    }

    /// `base64(AES-<mode>-PKCS7(aes_key, plaintext))`.
    pub fn encrypt_params(&self, aes_key: &[u8], plaintext: &[u8]) -> Result<String, CodecError> {
        aes_pkcs7_encrypt(self.aes_mode, aes_key, plaintext)
            .map(|c| encode_base64(&c))
            .map_err(|e| CodecError::cipher("params", e))
    }

    /// Inverse of [`Self::encrypt_params`].
    pub fn decrypt_params(&self, aes_key: &[u8], params_b64: &str) -> Result<Vec<u8>, CodecError> {
        let cipher = decode_base64_lenient("params", params_b64.as_bytes()).map_err(|e| CodecError::Malformed {
            field: "params".into(),
            reason: e.to_string(),
        })?;
        aes_pkcs7_decrypt(self.aes_mode, aes_key, &cipher).map_err(|e| CodecError::cipher("params", e))
    }

    /// Signs the public parameters (all but `sign`).
    pub fn sign(
        &self,
        key: &PrivateKey,
        rng: &mut dyn CryptoRng,
        public: &[(String, String)],
    ) -> Result<String, CodecError> {
        let message = string_to_sign(public)?;
        key.sign_pkcs1v15_base64(rng, self.digest, &message)
            .map_err(|e| CodecError::signature("sign", e))
    }

    /// Verifies `sign` over the public parameters (all but `sign`).
    pub fn verify(&self, key: &PublicKey, public: &[(String, String)], sign: &str) -> Result<Vec<u8>, CodecError> {
        let message = string_to_sign(public)?;
        key.verify_pkcs1v15_base64(self.digest, &message, sign)
            .map_err(|e| CodecError::signature("sign", e))?;
        Ok(message)
    }

    /// Unwraps `key` and checks the AES key has the profile's size.
    pub fn unwrap_key(
        &self,
        key: &PrivateKey,
        rng: &mut dyn CryptoRng,
        wrapped_b64: &str,
    ) -> Result<Zeroizing<Vec<u8>>, CodecError> {
        let wrapped = decode_base64_lenient("key", wrapped_b64.as_bytes()).map_err(|e| CodecError::Malformed {
            field: "key".into(),
            reason: e.to_string(),
        })?;
        let aes_key = Zeroizing::new(rsa_decrypt_blocks(key, rng, &wrapped).map_err(|e| CodecError::cipher("key", e))?);
        if aes_key.len() == self.aes_key_len()? {
            Ok(aes_key)
        } else {
            Err(CodecError::cipher(
                "key",
                CipherError::AesKeyLength { len: aes_key.len() },
            ))
        }
    }
}

/// `base64(RSA-PKCS1-v1_5-encrypt(aes_key))` under the receiver's public key.
pub fn wrap_key(key: &PublicKey, rng: &mut dyn CryptoRng, aes_key: &[u8]) -> Result<String, CodecError> {
    crate::cipher::rsa_encrypt_blocks(key, rng, aes_key)
        .map(|c| encode_base64(&c))
        .map_err(|e| CodecError::cipher("key", e))
}

/// The string to sign: sorted `k=v` joined with `&` over every parameter except `sign`,
/// bytewise key order, values raw, empty values dropped. A repeated name is an error.
pub fn string_to_sign(public: &[(String, String)]) -> Result<Vec<u8>, CodecError> {
    CanonicalRule::sorted_pairs(KeyOrder::Bytewise)
        .build(public.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))))
        .map_err(|e| crate::providers::kit::fields::canonical_error("sign", e))
}
