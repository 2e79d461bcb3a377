//! LianLian's envelope: the signature (`sign_type`, `sign` over the sorted fields) every message
//! carries, and the `pay_load` encryption of Card Bind Apply.
//!
//! The `pay_load` envelope of Card Bind Apply (PROTOCOLS.md §1, LLP-YT-Java `LLianPayEncrypt`):
//!
//! `lianpay1_0_1$b64(OAEP(hmac_key))$b64(OAEP(aes_key))$b64(nonce)$b64(AES-256-CTR(json))$b64(HMAC)`
//!
//! with both 32-byte keys RSA-OAEP-SHA1-encrypted to LianLian's public key, the CTR counter block
//! `nonce ‖ 00 00 00 00 00 00 00 01`, and the HMAC-SHA256 over `b64nonce + "$" + b64cipher`
//! exactly as they appear in the envelope (encrypt-then-MAC: checked before decrypting).

use std::fmt;

use rand_core::CryptoRng;

use crate::cipher::{aes256_ctr, rsa_oaep_sha1_decrypt, rsa_oaep_sha1_encrypt};
use crate::digest::hmac_sha256;
use crate::encoding::{decode_base64_lenient, encode_base64};
use crate::keys::{PrivateKey, PublicKey};
use crate::model::CodecError;
use crate::providers::kit::fields::canonical_error;
use crate::rule::{SignatureRule, SigningKey, VerifyingKey};
use serde_json::{Map, Value};

use super::config::SignType;
use super::fields::signable_pairs;
use super::LianLianCodec;
use crate::canonical::CanonicalRule;
use crate::model::Context;
use crate::signature::{hmac_sha256_verify, SignatureError};

/// A message's `sign_type` and `sign` members, as received.
#[derive(Debug, Clone, Copy)]
pub(super) struct SignMembers<'a> {
    /// `sign_type`.
    pub sign_type: Option<&'a Value>,
    /// `sign`.
    pub sign: Option<&'a Value>,
}

/// The profile a message must be signed under, and the setting that chose it (named when the
/// message is signed under another profile).
#[derive(Debug, Clone, Copy)]
pub(super) struct Expected {
    /// The profile.
    pub sign_type: SignType,
    /// `sign_type` or `response_sign_type`.
    pub setting: &'static str,
    /// Whether `sign_type` must be present (requests) or may be absent (replies).
    pub require_type: bool,
}

/// The version tag every envelope starts with.
pub const VERSION: &str = "lianpay1_0_1";

const FIELD: &str = "pay_load";

/// The per-message secrets: fresh for every request.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionKeys {
    /// HMAC-SHA256 key.
    pub hmac_key: zeroize::Zeroizing<[u8; 32]>,
    /// AES-256 key.
    pub aes_key: zeroize::Zeroizing<[u8; 32]>,
    /// CTR nonce (the first half of the counter block).
    pub nonce: [u8; 8],
}

impl fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionKeys(<redacted>)")
    }
}

impl SessionKeys {
    /// Draws fresh keys and nonce from `rng`.
    pub fn random(rng: &mut dyn CryptoRng) -> Self {
        let mut keys = Self {
            hmac_key: zeroize::Zeroizing::new([0; 32]),
            aes_key: zeroize::Zeroizing::new([0; 32]),
            nonce: [0; 8],
        };
        rng.fill_bytes(keys.hmac_key.as_mut_slice());
        rng.fill_bytes(keys.aes_key.as_mut_slice());
        rng.fill_bytes(&mut keys.nonce);
        keys
    }

    fn iv(&self) -> [u8; 16] {
        let mut iv = [0u8; 16];
        let (head, tail) = iv.split_at_mut(8);
        head.copy_from_slice(&self.nonce);
        if let Some(last) = tail.last_mut() {
            *last = 1;
        }
        iv
    }
}

/// Encrypts `plaintext` (the signed apply JSON) to LianLian's public key with fresh keys.
pub fn seal(their_public: &PublicKey, rng: &mut dyn CryptoRng, plaintext: &[u8]) -> Result<String, CodecError> {
    let keys = SessionKeys::random(rng);
    seal_with(their_public, rng, &keys, plaintext)
}

/// As [`seal`] with given session keys (for known-answer tests; real callers use [`seal`]).
pub fn seal_with(
    their_public: &PublicKey,
    rng: &mut dyn CryptoRng,
    keys: &SessionKeys,
    plaintext: &[u8],
) -> Result<String, CodecError> {
    let wrap = |key: &[u8], rng: &mut dyn CryptoRng| {
        rsa_oaep_sha1_encrypt(their_public, rng, key).map_err(|e| CodecError::cipher(FIELD, e))
    };
    let hmac_key = wrap(keys.hmac_key.as_slice(), rng)?;
    let aes_key = wrap(keys.aes_key.as_slice(), rng)?;
    let b64nonce = encode_base64(&keys.nonce);
    let b64cipher = encode_base64(&aes256_ctr(&keys.aes_key, &keys.iv(), plaintext));
    let mac = hmac_sha256(
        keys.hmac_key.as_slice(),
        &[b64nonce.as_bytes(), b"$", b64cipher.as_bytes()],
    );
    Ok([
        VERSION,
        &encode_base64(&hmac_key),
        &encode_base64(&aes_key),
        &b64nonce,
        &b64cipher,
        &encode_base64(&mac),
    ]
    .join("$"))
}

/// What [`open`] recovered.
#[derive(Clone, PartialEq, Eq)]
pub struct Opened {
    /// The decrypted apply JSON bytes.
    pub plaintext: zeroize::Zeroizing<Vec<u8>>,
    /// The session keys the sender used.
    pub keys: SessionKeys,
}

impl fmt::Debug for Opened {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Opened")
            .field("plaintext_len", &self.plaintext.len())
            .finish_non_exhaustive()
    }
}

/// Checks and decrypts a `pay_load` with LianLian's private key (mock/server role).
///
/// Errors (all on field `pay_load`): wrong shape or base64 → [`CodecError::Malformed`]; keys not
/// wrapped for our key (another key's size, or OAEP fails) → [`CodecError::Signature`] with
/// [`SignatureError::NotForOurKey`]; a wrong HMAC → [`SignatureError::MacMismatch`].
pub fn open(our_private: &PrivateKey, rng: &mut dyn CryptoRng, pay_load: &str) -> Result<Opened, CodecError> {
    let parts: Vec<&str> = pay_load.split('$').collect();
    let [version, ek_hmac, ek_aes, b64nonce, b64cipher, b64mac] = parts.as_slice() else {
        return Err(malformed(format!(
            "expected 6 `$`-separated parts, found {}",
            parts.len()
        )));
    };
    if version.trim() != VERSION {
        return Err(malformed(format!("unknown version tag (expected {VERSION})")));
    }
    let ek_hmac = b64(1, ek_hmac)?;
    let ek_aes = b64(2, ek_aes)?;
    let nonce: [u8; 8] = b64(3, b64nonce)?
        .try_into()
        .map_err(|v: Vec<u8>| malformed(format!("nonce is {} bytes, expected 8", v.len())))?;
    let cipher = decode_part(4, b64cipher)?;
    let mac = b64(5, b64mac)?;
    let hmac_key = unwrap_key(our_private, rng, &ek_hmac, "HMAC")?;
    // Encrypt-then-MAC: authenticate the text exactly as received before decrypting anything else.
    hmac_sha256_verify(
        hmac_key.as_slice(),
        &[b64nonce.as_bytes(), b"$", b64cipher.as_bytes()],
        &mac,
    )
    .map_err(|e| CodecError::signature(FIELD, e))?;
    let aes_key = unwrap_key(our_private, rng, &ek_aes, "AES")?;
    let keys = SessionKeys {
        hmac_key,
        aes_key,
        nonce,
    };
    let plaintext = zeroize::Zeroizing::new(aes256_ctr(&keys.aes_key, &keys.iv(), &cipher));
    Ok(Opened { plaintext, keys })
}

fn unwrap_key(
    our_private: &PrivateKey,
    rng: &mut dyn CryptoRng,
    wrapped: &[u8],
    which: &str,
) -> Result<zeroize::Zeroizing<[u8; 32]>, CodecError> {
    // A pay_load for another key is the likely story behind either failure: say so.
    let key_bytes = our_private.public_key().size();
    if wrapped.len() != key_bytes {
        let detail = format!(
            "the wrapped {which} key is {} bytes, our {}-bit key takes {key_bytes}-byte blocks",
            wrapped.len(),
            key_bytes * 8
        );
        return Err(CodecError::signature(FIELD, SignatureError::NotForOurKey { detail }));
    }
    let key = zeroize::Zeroizing::new(rsa_oaep_sha1_decrypt(our_private, rng, wrapped).map_err(|_| {
        let detail = format!("the wrapped {which} key does not decrypt with our private key");
        CodecError::signature(FIELD, SignatureError::NotForOurKey { detail })
    })?);
    let array: [u8; 32] = key
        .as_slice()
        .try_into()
        .map_err(|_| malformed(format!("the {which} key is {} bytes, expected 32", key.len())))?;
    Ok(zeroize::Zeroizing::new(array))
}

/// Part `index` (1-based after the version tag) as base64; line breaks tolerated.
fn b64(index: usize, text: &str) -> Result<Vec<u8>, CodecError> {
    decode_base64_lenient(FIELD, text.as_bytes()).map_err(|e| malformed(format!("part {index}: {}", e.reason)))
}

/// The ciphertext part: like [`b64`], but an empty plaintext encrypts to an empty part.
fn decode_part(index: usize, text: &str) -> Result<Vec<u8>, CodecError> {
    if text.trim().is_empty() {
        Ok(Vec::new())
    } else {
        b64(index, text)
    }
}

fn malformed(reason: String) -> CodecError {
    CodecError::Malformed {
        field: FIELD.to_owned(),
        reason,
    }
}

impl LianLianCodec {
    /// The profile of replies (defaults to the request profile).
    pub fn response_sign_type(&self) -> SignType {
        self.config.response_sign_type.unwrap_or(self.config.sign_type)
    }

    /// The complete signature rule of a profile under this configuration.
    pub fn rule(&self, sign_type: SignType) -> SignatureRule {
        SignatureRule {
            canonical: CanonicalRule::sorted_pairs(self.config.key_order),
            algorithm: sign_type.algorithm(),
        }
    }

    /// The exact bytes signed for `fields` (`sign` excluded, nulls and empty strings dropped).
    pub fn string_to_sign(&self, fields: &Map<String, Value>) -> Result<Vec<u8>, CodecError> {
        self.canonical
            .build(signable_pairs(fields)?)
            .map_err(|e| canonical_error("sign", e))
    }

    fn signing_key(&self, sign_type: SignType) -> Result<SigningKey, CodecError> {
        match sign_type {
            SignType::Md5 => self
                .sign_key
                .clone()
                .map(SigningKey::Secret)
                .ok_or_else(|| missing("sign_key")),
            SignType::Rsa | SignType::Sha256WithRsa => self
                .our_private
                .clone()
                .map(SigningKey::Rsa)
                .ok_or_else(|| missing("our_private_key")),
        }
    }

    fn verifying_key(&self, sign_type: SignType) -> Result<VerifyingKey, CodecError> {
        match sign_type {
            SignType::Md5 => self
                .sign_key
                .clone()
                .map(VerifyingKey::Secret)
                .ok_or_else(|| missing("sign_key")),
            SignType::Rsa | SignType::Sha256WithRsa => self
                .their_public
                .clone()
                .map(VerifyingKey::Rsa)
                .ok_or_else(|| missing("their_public_key")),
        }
    }

    pub(super) fn sign(
        &self,
        fields: &Map<String, Value>,
        sign_type: SignType,
        ctx: &mut Context<'_>,
    ) -> Result<String, CodecError> {
        let message = self.string_to_sign(fields)?;
        let key = self.signing_key(sign_type)?;
        sign_type
            .algorithm()
            .sign(&key, &message, &mut *ctx.rng)
            .map_err(|e| CodecError::signature("sign", e))
    }

    /// Checks `sign_type` (must be the expected profile when present, or when `require_type`)
    /// and `sign`, given `fields` and its members `sign_type` and `sign`. Returns the bytes the
    /// signature covers (for the replay key).
    pub(super) fn verify(
        &self,
        fields: &Map<String, Value>,
        members: SignMembers<'_>,
        expected: Expected,
    ) -> Result<Vec<u8>, CodecError> {
        let Expected {
            sign_type: expected,
            setting,
            require_type,
        } = expected;
        let SignMembers { sign_type, sign } = members;
        let other_profile = |received: SignType| {
            CodecError::signature(
                "sign_type",
                SignatureError::ProfileMismatch {
                    received: received.as_wire(),
                    expected: expected.as_wire(),
                    setting,
                },
            )
        };
        match sign_type {
            Some(Value::String(t)) if t == expected.as_wire() => {}
            None | Some(Value::Null) if !require_type => {}
            None | Some(Value::Null) => return Err(CodecError::signature("sign_type", SignatureError::Missing)),
            Some(Value::String(t)) => {
                return Err(match SignType::from_wire(t) {
                    Some(received) => other_profile(received),
                    None => CodecError::signature("sign_type", SignatureError::Mismatch),
                })
            }
            Some(_) => return Err(CodecError::signature("sign_type", SignatureError::Mismatch)),
        }
        let signature = match sign {
            Some(Value::String(s)) if !s.trim().is_empty() => s,
            Some(Value::String(_) | Value::Null) | None => {
                return Err(CodecError::signature("sign", SignatureError::Missing))
            }
            Some(_) => return Err(crate::providers::kit::fields::type_error("sign", "string").into()),
        };
        let message = self.string_to_sign(fields)?;
        let key = self.verifying_key(expected)?;
        let outcome = expected.algorithm().verify(&key, &message, signature);
        if outcome == Err(SignatureError::Mismatch) {
            // Only on failure: does the other RSA digest verify? Then say which setting is off.
            let other = match expected {
                SignType::Rsa => Some(SignType::Sha256WithRsa),
                SignType::Sha256WithRsa => Some(SignType::Rsa),
                SignType::Md5 => None,
            };
            if let Some(other) = other.filter(|o| o.algorithm().verify(&key, &message, signature).is_ok()) {
                return Err(other_profile(other));
            }
        }
        outcome.map_err(|e| CodecError::signature("sign", e))?;
        Ok(message)
    }
}

pub(super) fn missing(key: &str) -> CodecError {
    CodecError::config(key, "is needed for this operation and profile but is not configured")
}
