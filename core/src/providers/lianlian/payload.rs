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
use crate::signature::{hmac_sha256_verify, SignatureError};

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
