//! Encryption primitives the providers' envelopes are made of.
//!
//! RSA PKCS#1 v1.5 in blocks (Vbao), "private-key encrypt" with type-1 padding and its public-key
//! recovery (Vbao's replies), RSA-OAEP-SHA1 and AES-256-CTR (LianLian's `pay_load`), AES-ECB/CBC
//! with PKCS#7 (Yixin's assumed envelope). Every private-key operation is blinded.

use aes::cipher::{BlockCipherDecrypt as _, BlockCipherEncrypt as _, KeyInit as _, KeyIvInit as _, StreamCipher as _};
use rand_core::CryptoRng;

use crate::crypto::keys::{PrivateKey, PublicKey};

/// Why an encryption or decryption failed. Never contains plaintext, ciphertext or key bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CipherError {
    /// Ciphertext length is not a whole number of blocks.
    #[error("ciphertext of {len} bytes is not a multiple of the {block}-byte block")]
    BlockLength {
        /// Ciphertext length.
        len: usize,
        /// Block size.
        block: usize,
    },
    /// The ciphertext is empty.
    #[error("ciphertext is empty")]
    Empty,
    /// RSA decryption failed (wrong key, corrupted data, bad padding: deliberately not told apart).
    #[error("RSA decryption failed")]
    RsaDecrypt,
    /// RSA encryption failed (message too long for one block).
    #[error("RSA encryption failed: message longer than {max} bytes")]
    RsaEncrypt {
        /// The block's plaintext capacity.
        max: usize,
    },
    /// A type-1 block recovered with the public key is not `00 01 FF… 00 data`.
    #[error("recovered block {index} has invalid type-1 padding")]
    Type1Padding {
        /// Zero-based block index.
        index: usize,
    },
    /// AES key of an unsupported length.
    #[error("AES key must be 16, 24 or 32 bytes, got {len}")]
    AesKeyLength {
        /// Length given.
        len: usize,
    },
    /// PKCS#7 padding is invalid after AES decryption.
    #[error("AES padding is invalid (wrong key or corrupted data)")]
    AesPadding,
}

/// PKCS#1 v1.5 plaintext capacity of one block: `k − 11` (117 for 1024-bit, 245 for 2048-bit keys).
pub fn pkcs1v15_block_capacity(key: &PublicKey) -> usize {
    key.size().saturating_sub(11)
}

/// Encrypts `plaintext` in `k − 11`-byte chunks with PKCS#1 v1.5 (type 2), blocks concatenated.
pub fn rsa_encrypt_blocks(key: &PublicKey, rng: &mut dyn CryptoRng, plaintext: &[u8]) -> Result<Vec<u8>, CipherError> {
    let cap = pkcs1v15_block_capacity(key);
    let refused = CipherError::RsaEncrypt { max: cap };
    let mut out = Vec::with_capacity(plaintext.len().div_ceil(cap.max(1)).max(1) * key.size());
    for chunk in chunks_or_empty(plaintext, cap) {
        let block = crate::crypto::rsa::encrypt_pkcs1v15(key.prepared(), chunk, &mut |b| rng.fill_bytes(b))
            .map_err(|_| refused.clone())?;
        out.extend_from_slice(&block);
    }
    Ok(out)
}

/// Decrypts concatenated PKCS#1 v1.5 (type 2) blocks of `k` bytes each. Blinded.
pub fn rsa_decrypt_blocks(
    key: &PrivateKey,
    rng: &mut dyn CryptoRng,
    ciphertext: &[u8],
) -> Result<Vec<u8>, CipherError> {
    let k = key.public_key().size();
    check_blocks(ciphertext, k)?;
    let mut out = Vec::with_capacity(ciphertext.len());
    for block in ciphertext.chunks(k) {
        let plain = key
            .constant_time()
            .decrypt_pkcs1v15(block, &mut |b| rng.fill_bytes(b))
            .map_err(|_| CipherError::RsaDecrypt)?;
        out.extend_from_slice(&plain);
    }
    Ok(out)
}

/// "Private-key encrypt": each `k − 11`-byte chunk padded with type-1 padding (`00 01 FF… 00`)
/// and put through the blinded private-key operation. Deterministic.
pub fn rsa_private_encrypt_blocks(
    key: &PrivateKey,
    rng: &mut dyn CryptoRng,
    plaintext: &[u8],
) -> Result<Vec<u8>, CipherError> {
    let cap = pkcs1v15_block_capacity(key.public_key());
    let refused = CipherError::RsaEncrypt { max: cap };
    let mut out = Vec::new();
    for chunk in chunks_or_empty(plaintext, cap) {
        let block = key
            .constant_time()
            .sign_type1(chunk, &mut |b| rng.fill_bytes(b))
            .map_err(|_| refused.clone())?;
        out.extend_from_slice(&block);
    }
    Ok(out)
}

/// Recovers data made by [`rsa_private_encrypt_blocks`] with the public key.
pub fn rsa_public_decrypt_blocks(key: &PublicKey, ciphertext: &[u8]) -> Result<Vec<u8>, CipherError> {
    let k = key.size();
    check_blocks(ciphertext, k)?;
    let mut out = Vec::with_capacity(ciphertext.len());
    for (index, block) in ciphertext.chunks(k).enumerate() {
        let em = key.prepared().public_op(block).ok_or(CipherError::RsaDecrypt)?;
        out.extend_from_slice(strip_type1(&em).ok_or(CipherError::Type1Padding { index })?);
    }
    Ok(out)
}

/// `00 01 FF{≥8} 00 data` → `data`.
fn strip_type1(em: &[u8]) -> Option<&[u8]> {
    let rest = em.strip_prefix(&[0x00, 0x01])?;
    let ff = rest.iter().take_while(|&&b| b == 0xff).count();
    if ff < 8 {
        return None;
    }
    rest.get(ff..)?.strip_prefix(&[0x00])
}

fn check_blocks(ciphertext: &[u8], k: usize) -> Result<(), CipherError> {
    if ciphertext.is_empty() {
        return Err(CipherError::Empty);
    }
    if k == 0 || !ciphertext.len().is_multiple_of(k) {
        return Err(CipherError::BlockLength {
            len: ciphertext.len(),
            block: k,
        });
    }
    Ok(())
}

/// Chunks of at most `size` bytes; an empty input is one empty chunk (so it still round-trips).
fn chunks_or_empty(data: &[u8], size: usize) -> Vec<&[u8]> {
    if data.is_empty() || size == 0 {
        vec![data]
    } else {
        data.chunks(size).collect()
    }
}

/// RSA-OAEP with SHA-1 and MGF1-SHA1 (Java's `RSA/ECB/OAEPWithSHA-1AndMGF1Padding`).
pub fn rsa_oaep_sha1_encrypt(
    key: &PublicKey,
    rng: &mut dyn CryptoRng,
    plaintext: &[u8],
) -> Result<Vec<u8>, CipherError> {
    let refused = CipherError::RsaEncrypt {
        max: key.size().saturating_sub(42),
    };
    crate::crypto::rsa::encrypt_oaep_sha1(key.prepared(), plaintext, &mut |b| rng.fill_bytes(b)).map_err(|_| refused)
}

/// Decrypts RSA-OAEP-SHA1. Blinded.
pub fn rsa_oaep_sha1_decrypt(
    key: &PrivateKey,
    rng: &mut dyn CryptoRng,
    ciphertext: &[u8],
) -> Result<Vec<u8>, CipherError> {
    if ciphertext.len() != key.public_key().size() {
        return Err(CipherError::BlockLength {
            len: ciphertext.len(),
            block: key.public_key().size(),
        });
    }
    key.constant_time()
        .decrypt_oaep_sha1(ciphertext, &mut |b| rng.fill_bytes(b))
        .map(|plain| plain.to_vec())
        .map_err(|_| CipherError::RsaDecrypt)
}

/// AES-256-CTR with a 128-bit big-endian counter block (Java `AES/CTR/NoPadding`).
/// Encryption and decryption are the same operation.
pub fn aes256_ctr(key: &[u8; 32], iv: &[u8; 16], data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    let mut cipher = ctr::Ctr128BE::<aes::Aes256>::new(key.into(), iv.into());
    cipher.apply_keystream(&mut out);
    out
}

/// AES block-cipher modes with PKCS#7 padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AesMode {
    /// ECB (Java's `AES` default, `AES/ECB/PKCS5Padding`).
    Ecb,
    /// CBC with an all-zero IV: what "AES/CBC" means in SDKs that pass no IV.
    CbcZeroIv,
}

enum AnyAes {
    A128(aes::Aes128),
    A192(aes::Aes192),
    A256(aes::Aes256),
}

impl AnyAes {
    fn new(key: &[u8]) -> Result<Self, CipherError> {
        let err = || CipherError::AesKeyLength { len: key.len() };
        Ok(match key.len() {
            16 => Self::A128(aes::Aes128::new_from_slice(key).map_err(|_| err())?),
            24 => Self::A192(aes::Aes192::new_from_slice(key).map_err(|_| err())?),
            32 => Self::A256(aes::Aes256::new_from_slice(key).map_err(|_| err())?),
            _ => return Err(err()),
        })
    }

    fn encrypt(&self, b: &mut aes::Block) {
        match self {
            Self::A128(c) => c.encrypt_block(b),
            Self::A192(c) => c.encrypt_block(b),
            Self::A256(c) => c.encrypt_block(b),
        }
    }

    fn decrypt(&self, b: &mut aes::Block) {
        match self {
            Self::A128(c) => c.decrypt_block(b),
            Self::A192(c) => c.decrypt_block(b),
            Self::A256(c) => c.decrypt_block(b),
        }
    }
}

/// AES (key of 16, 24 or 32 bytes) in `mode` with PKCS#7 padding.
pub fn aes_pkcs7_encrypt(mode: AesMode, key: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CipherError> {
    let cipher = AnyAes::new(key)?;
    let pad = 16 - plaintext.len() % 16;
    let mut data = plaintext.to_vec();
    data.resize(plaintext.len() + pad, u8::try_from(pad).unwrap_or(16));
    let mut prev = [0u8; 16];
    for block in aes::Block::slice_as_chunks_mut(&mut data).0 {
        if mode == AesMode::CbcZeroIv {
            block.iter_mut().zip(prev).for_each(|(b, p)| *b ^= p);
        }
        cipher.encrypt(block);
        prev.copy_from_slice(block);
    }
    Ok(data)
}

/// Inverse of [`aes_pkcs7_encrypt`]; bad padding is [`CipherError::AesPadding`].
pub fn aes_pkcs7_decrypt(mode: AesMode, key: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>, CipherError> {
    let cipher = AnyAes::new(key)?;
    check_blocks(ciphertext, 16)?;
    let mut data = ciphertext.to_vec();
    let mut prev = [0u8; 16];
    for block in aes::Block::slice_as_chunks_mut(&mut data).0 {
        let mut this = [0u8; 16];
        this.copy_from_slice(block);
        cipher.decrypt(block);
        if mode == AesMode::CbcZeroIv {
            block.iter_mut().zip(prev).for_each(|(b, p)| *b ^= p);
        }
        prev = this;
    }
    let pad = usize::from(*data.last().ok_or(CipherError::AesPadding)?);
    if pad == 0 || pad > 16 || pad > data.len() {
        return Err(CipherError::AesPadding);
    }
    let body_len = data.len() - pad;
    if data
        .get(body_len..)
        .is_none_or(|tail| tail.iter().any(|&b| usize::from(b) != pad))
    {
        return Err(CipherError::AesPadding);
    }
    data.truncate(body_len);
    Ok(data)
}
