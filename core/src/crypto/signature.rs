//! Signing and verification: RSASSA-PKCS1-v1_5 and (salted) MD5 hex.

use rand_core::CryptoRng;
use subtle::ConstantTimeEq as _;

use crate::crypto::digest::DigestAlgorithm;
use crate::crypto::keys::{PrivateKey, PublicKey};
use crate::encoding::{decode_base64_lenient, decode_hex, encode_base64, encode_hex, Base64Error, HexCase};

/// Why a signature was not produced or not accepted. Never contains signature or key bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// Well-formed, but not a signature of this message under this key.
    #[error("signature does not match")]
    Mismatch,
    /// The message is signed under another profile than the one configured (its own
    /// `sign_type` says so, or its signature verifies under that profile instead).
    #[error("the message is signed with {received}, but {expected} is configured: if the provider really signs so, set `{setting}` to {received}")]
    ProfileMismatch {
        /// The profile the message is signed with (a wire name such as `SHA256withRSA`).
        received: &'static str,
        /// The configured profile.
        expected: &'static str,
        /// The configuration key that selects the profile.
        setting: &'static str,
    },
    /// The signature field is absent or empty.
    #[error("signature is missing")]
    Missing,
    /// The signature text is not base64.
    #[error("signature is not valid base64")]
    Base64(#[source] Base64Error),
    /// An RSA signature of the wrong length for the key.
    #[error("signature is {actual} bytes; this {expected}-byte key makes {expected}-byte signatures")]
    Length {
        /// The key's modulus length in bytes.
        expected: usize,
        /// The decoded signature length.
        actual: usize,
    },
    /// The signature, as a number, is not below the modulus.
    #[error("signature is not below the key's modulus")]
    OutOfRange,
    /// An MD5 signature that is not 32 hex characters.
    #[error("MD5 signature must be 32 hex characters")]
    MalformedHex,
    /// An MD5 signature in the wrong letter case under an exact-case rule.
    #[error("MD5 signature must be {expected:?}-case hex")]
    WrongCase {
        /// The case the rule demands.
        expected: HexCase,
    },
    /// The key is the wrong kind for the rule (e.g. an RSA key for an MD5 rule).
    #[error("{rule} signatures need {needed}")]
    WrongKeyKind {
        /// The rule.
        rule: &'static str,
        /// What key it needs.
        needed: &'static str,
    },
    /// The private-key operation failed (should not happen with a validated key).
    #[error("RSA signing failed")]
    SigningFailed,
    /// The string to sign could not be built.
    #[error(transparent)]
    Canonical(#[from] crate::canonical::CanonicalError),
    /// An envelope's HMAC does not match (LianLian `pay_load`).
    #[error("HMAC-SHA256 does not match: the envelope was altered, or sealed with other keys")]
    MacMismatch,
    /// An envelope's wrapped keys do not open with our private key (LianLian `pay_load`).
    #[error(
        "its keys are not wrapped for our key ({detail}): it was sealed with RSA-OAEP-SHA1 for another public key, \
         or altered"
    )]
    NotForOurKey {
        /// What showed it (sizes only).
        detail: String,
    },
}

/// How an MD5 hex signature's letter case is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseRule {
    /// Only the rule's own case is accepted.
    Exact,
    /// Either case (xianjincard's partners compare case-insensitively).
    Insensitive,
}

/// DER `DigestInfo` prefix of `digest` (RFC 8017 §9.2 note 1): what precedes the hash in a
/// PKCS#1 v1.5 signature block. Public so that diagnosis tools read blocks with the same table.
pub fn digest_info_prefix(digest: DigestAlgorithm) -> &'static [u8] {
    match digest {
        DigestAlgorithm::Md5 => &[
            0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10,
        ],
        DigestAlgorithm::Sha1 => &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
        ],
        DigestAlgorithm::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
            0x20,
        ],
    }
}

/// EMSA-PKCS1-v1_5 encoding of `hash` for a `k`-byte modulus: `00 01 FF… 00 DigestInfo`.
fn emsa_pkcs1v15(digest: DigestAlgorithm, hash: &[u8], k: usize) -> Option<Vec<u8>> {
    crate::crypto::rsa::type1_block(&digest_info(digest, hash), k)
}

/// `DigestInfo` of `hash`: what a PKCS#1 v1.5 signature block carries.
fn digest_info(digest: DigestAlgorithm, hash: &[u8]) -> Vec<u8> {
    [digest_info_prefix(digest), hash].concat()
}

impl PublicKey {
    /// Verifies an RSASSA-PKCS1-v1_5 signature over `message`.
    ///
    /// The expected encoded block is rebuilt and compared whole, never parsed out of the
    /// decrypted signature, so no padding or trailing-garbage forgery can pass.
    pub fn verify_pkcs1v15(
        &self,
        digest: DigestAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        self.verify_pkcs1v15_prehashed(digest, &digest.digest(message), signature)
    }

    /// As [`Self::verify_pkcs1v15`], for a digest computed by the caller.
    pub fn verify_pkcs1v15_prehashed(
        &self,
        digest: DigestAlgorithm,
        hash: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        let k = self.size();
        if signature.len() != k {
            return Err(SignatureError::Length {
                expected: k,
                actual: signature.len(),
            });
        }
        if hash.len() != digest.output_len() {
            return Err(SignatureError::Mismatch);
        }
        let expected = emsa_pkcs1v15(digest, hash, k).ok_or(SignatureError::Mismatch)?;
        let recovered = self.prepared().public_op(signature).ok_or(SignatureError::OutOfRange)?;
        // Both blocks are public (the signature and the message's hash), so a plain comparison is
        // enough; the constant-time one measured as a tenth of a 1024-bit verify.
        if recovered == expected {
            Ok(())
        } else {
            Err(SignatureError::Mismatch)
        }
    }

    /// Verifies a base64 signature (line breaks and surrounding whitespace tolerated).
    pub fn verify_pkcs1v15_base64(
        &self,
        digest: DigestAlgorithm,
        message: &[u8],
        signature_b64: &str,
    ) -> Result<(), SignatureError> {
        if signature_b64.trim().is_empty() {
            return Err(SignatureError::Missing);
        }
        let sig = decode_base64_lenient("sign", signature_b64.as_bytes()).map_err(SignatureError::Base64)?;
        self.verify_pkcs1v15(digest, message, &sig)
    }

    /// The `rsa` crate's verification: the reference the fast path is tested, fuzzed and
    /// benchmarked against (feature `rsa-reference`; no shipped build carries `rsa`).
    #[cfg(feature = "rsa-reference")]
    pub fn verify_pkcs1v15_reference(
        &self,
        digest: DigestAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        let uint = crypto_bigint::BoxedUint::from_be_slice_vartime; // public numbers
        let key = rsa::PublicKey::new(uint(self.n_be()), uint(self.e_be())).map_err(|_| SignatureError::Mismatch)?;
        key.verify(pkcs1v15_scheme(digest), &digest.digest(message), signature)
            .map_err(|_| SignatureError::Mismatch)
    }
}

#[cfg(feature = "rsa-reference")]
fn pkcs1v15_scheme(digest: DigestAlgorithm) -> rsa::Pkcs1v15Sign {
    match digest {
        DigestAlgorithm::Md5 => rsa::Pkcs1v15Sign::new::<md5::Md5>(),
        DigestAlgorithm::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
        DigestAlgorithm::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
    }
}

impl PrivateKey {
    /// Signs `message` with RSASSA-PKCS1-v1_5. The private-key operation is blinded with `rng`.
    pub fn sign_pkcs1v15(
        &self,
        rng: &mut dyn CryptoRng,
        digest: DigestAlgorithm,
        message: &[u8],
    ) -> Result<Vec<u8>, SignatureError> {
        self.constant_time()
            .sign_type1(&digest_info(digest, &digest.digest(message)), &mut |b| {
                rng.fill_bytes(b);
            })
            .map_err(|_| SignatureError::SigningFailed)
    }

    /// As [`Self::sign_pkcs1v15`], base64 on one line.
    pub fn sign_pkcs1v15_base64(
        &self,
        rng: &mut dyn CryptoRng,
        digest: DigestAlgorithm,
        message: &[u8],
    ) -> Result<String, SignatureError> {
        self.sign_pkcs1v15(rng, digest, message).map(|s| encode_base64(&s))
    }
}

/// `hex(md5(message ‖ salt))` in the given case. `salt` is e.g. `&key=` + merchant key.
pub fn md5_hex_sign(message: &[u8], salt: &[&[u8]], case: HexCase) -> String {
    let mut parts: Vec<&[u8]> = Vec::with_capacity(1 + salt.len());
    parts.push(message);
    parts.extend_from_slice(salt);
    encode_hex(&crate::crypto::digest::md5(&parts), case)
}

/// Checks an MD5 hex signature in constant time with respect to the expected digest.
///
/// Only the received text's letter case is inspected in variable time; it is not secret.
pub fn md5_hex_verify(
    message: &[u8],
    salt: &[&[u8]],
    received: &str,
    case: HexCase,
    rule: CaseRule,
) -> Result<(), SignatureError> {
    let received = received.trim();
    if received.is_empty() {
        return Err(SignatureError::Missing);
    }
    let got = decode_hex(received)
        .filter(|b| b.len() == 16)
        .ok_or(SignatureError::MalformedHex)?;
    if rule == CaseRule::Exact {
        let wrong = match case {
            HexCase::Lower => received.bytes().any(|c| c.is_ascii_uppercase()),
            HexCase::Upper => received.bytes().any(|c| c.is_ascii_lowercase()),
        };
        if wrong {
            return Err(SignatureError::WrongCase { expected: case });
        }
    }
    let mut parts: Vec<&[u8]> = Vec::with_capacity(1 + salt.len());
    parts.push(message);
    parts.extend_from_slice(salt);
    let expected = crate::crypto::digest::md5(&parts);
    if bool::from(expected.ct_eq(got.as_slice())) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Checks an HMAC-SHA256 tag in constant time.
pub fn hmac_sha256_verify(key: &[u8], parts: &[&[u8]], tag: &[u8]) -> Result<(), SignatureError> {
    let expected = crate::crypto::digest::hmac_sha256(key, parts);
    if bool::from(expected.ct_eq(tag)) {
        Ok(())
    } else {
        Err(SignatureError::MacMismatch)
    }
}
