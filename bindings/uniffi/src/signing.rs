//! Canonical strings to sign, RSASSA-PKCS1-v1_5 and (salted) MD5-hex signatures. Verification
//! throws on failure and returns nothing: there is no boolean to forget to check.
#![allow(clippy::needless_pass_by_value)] // uniffi lifts every argument as an owned value

use cardbind::canonical::{CanonicalRule, KeyOrder};
use cardbind::rng::SeededRng;
use cardbind::signature::{md5_hex_sign as core_md5_sign, md5_hex_verify as core_md5_verify};
use cardbind::{CaseRule, DigestAlgorithm, HexCase, SignatureAlgorithm};

use crate::error::{guard, CardbindError};
use crate::keys::{private_key_arg, public_key_arg};

/// One parameter of a string to sign; `value = null` is a JSON null (always dropped).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct Param {
    /// Parameter name.
    pub key: String,
    /// Parameter value, raw (never URL-encoded).
    pub value: Option<String>,
}

// A signed value may be personal data: its presence only (Kotlin's toString is this Debug).
impl std::fmt::Debug for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Param")
            .field("key", &self.key)
            .field("value", &self.value.as_deref().map(cardbind::mask::mask_all))
            .finish()
    }
}

/// 32 bytes from the caller's CSPRNG (`SecureRandom`, `SecRandomCopyBytes`) expanded with ChaCha20.
pub(crate) fn seeded_rng(seed: &[u8]) -> Result<SeededRng, CardbindError> {
    let seed: [u8; 32] = seed
        .try_into()
        .map_err(|_| CardbindError::argument("seed", format!("must be exactly 32 random bytes, got {}", seed.len())))?;
    Ok(SeededRng::from_seed(seed))
}

/// LianLian's and Vbao's rule: sorted pairs in `order`, `sign` excluded, empty values skipped.
#[uniffi::export]
pub fn sorted_pairs_rule(order: KeyOrder) -> CanonicalRule {
    CanonicalRule::sorted_pairs(order)
}

/// xianjincard's rule: `K + call + K + args + K` with `K = ua + signkey + ua`.
#[uniffi::export]
pub fn xianjincard_rule() -> CanonicalRule {
    CanonicalRule::xianjincard()
}

/// Builds the exact string a provider's signature covers.
#[uniffi::export]
pub fn canonical_string(params: Vec<Param>, rule: CanonicalRule) -> Result<String, CardbindError> {
    guard(|| {
        let bytes = rule.build(params.iter().map(|p| (p.key.as_str(), p.value.as_deref())))?;
        // Built only from `&str` pieces, so always UTF-8.
        String::from_utf8(bytes).map_err(|_| CardbindError::argument("params", "canonical string is not UTF-8"))
    })
}

/// RSASSA-PKCS1-v1_5 signature of `message` (deterministic; `seed` only blinds the private-key
/// operation against timing attacks).
#[uniffi::export]
pub fn rsa_sign(
    private_key: Vec<u8>,
    digest: DigestAlgorithm,
    message: Vec<u8>,
    seed: Vec<u8>,
) -> Result<Vec<u8>, CardbindError> {
    guard(|| {
        let key = private_key_arg("private_key", &private_key)?;
        Ok(key.sign_pkcs1v15(&mut seeded_rng(&seed)?, digest, &message)?)
    })
}

/// As [`rsa_sign`], standard base64 on one line.
#[uniffi::export]
pub fn rsa_sign_base64(
    private_key: Vec<u8>,
    digest: DigestAlgorithm,
    message: Vec<u8>,
    seed: Vec<u8>,
) -> Result<String, CardbindError> {
    guard(|| {
        let key = private_key_arg("private_key", &private_key)?;
        Ok(key.sign_pkcs1v15_base64(&mut seeded_rng(&seed)?, digest, &message)?)
    })
}

/// Verifies an RSASSA-PKCS1-v1_5 signature; throws `Signature` if it does not verify.
#[uniffi::export]
pub fn rsa_verify(
    public_key: Vec<u8>,
    digest: DigestAlgorithm,
    message: Vec<u8>,
    signature: Vec<u8>,
) -> Result<(), CardbindError> {
    guard(|| {
        public_key_arg("public_key", &public_key)?
            .verify_pkcs1v15(digest, &message, &signature)
            .map_err(|e| rsa_failure(e, digest))
    })
}

/// As [`rsa_verify`] for a base64 signature (line breaks and surrounding whitespace tolerated).
#[uniffi::export]
pub fn rsa_verify_base64(
    public_key: Vec<u8>,
    digest: DigestAlgorithm,
    message: Vec<u8>,
    signature_base64: String,
) -> Result<(), CardbindError> {
    guard(|| {
        public_key_arg("public_key", &public_key)?
            .verify_pkcs1v15_base64(digest, &message, &signature_base64)
            .map_err(|e| rsa_failure(e, digest))
    })
}

/// `hex(md5(message ‖ salt))`: LianLian/Vbao pass `salt = "&key=" + sign_key`, xianjincard an
/// empty salt (its secret is inside the canonical string).
#[uniffi::export]
pub fn md5_hex_sign(message: Vec<u8>, salt: Vec<u8>, case: HexCase) -> String {
    core_md5_sign(&message, &[&salt], case)
}

/// Checks an MD5 hex signature in constant time; throws `Signature` if it does not verify.
#[uniffi::export]
pub fn md5_hex_verify(
    message: Vec<u8>,
    salt: Vec<u8>,
    signature: String,
    case: HexCase,
    case_rule: CaseRule,
) -> Result<(), CardbindError> {
    guard(|| {
        core_md5_verify(&message, &[&salt], &signature, case, case_rule).map_err(|e| {
            // The salt is all that follows the string: the command's secret, after an empty prefix.
            let rule = SignatureAlgorithm::Md5Hex {
                salt_prefix: Some(String::new()),
                case,
                verify_case: case_rule,
            };
            CardbindError::from_signature(e, cardbind_cli::diagnose_command_for(&rule))
        })
    })
}

fn rsa_failure(e: cardbind::SignatureError, digest: DigestAlgorithm) -> CardbindError {
    let rule = SignatureAlgorithm::RsaPkcs1v15 { digest };
    CardbindError::from_signature(e, cardbind_cli::diagnose_command_for(&rule))
}
