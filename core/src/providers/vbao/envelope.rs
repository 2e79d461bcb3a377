//! Vbao's envelopes: the signed business JSON inside `reqmsg`, RSA in blocks around it, and
//! the JSON bodies that carry it.

use std::borrow::Cow;

use rand_core::CryptoRng;
use serde_json::{Map, Value};

use crate::cipher;
use crate::encoding::{decode_base64_lenient, encode_base64};
use crate::keys::{PrivateKey, PublicKey};
use crate::model::CodecError;
pub use crate::providers::kit::fields::envelope_str as required_str;
pub use crate::providers::kit::fields::malformed;
use crate::providers::kit::fields::{canonical_error, check_signed_numbers, signed_number_text};
use crate::rule::{SharedSecret, SignatureRule, SigningKey, VerifyingKey};
use crate::signature::SignatureError;

/// Largest body accepted for decoding (a bind-card message is a few hundred bytes).
pub const MAX_BODY: usize = 64 * 1024;

/// The signature field.
pub const SIGN: &str = "sign";

/// Parses `bytes` as a JSON object within [`crate::model::limits`]; `field` names it in errors.
/// (Every caller holds at most a [`MAX_BODY`] body or what was decrypted or unwrapped from it.)
pub fn parse_object(field: &str, bytes: &[u8]) -> Result<Map<String, Value>, CodecError> {
    crate::model::limits::parse_json_object(field, bytes, MAX_BODY)
}

/// The text each value contributes to the string to sign: strings raw, numbers by their exact
/// JSON text (only where Java prints the same text), booleans `true`/`false`, nested objects and
/// arrays as compact JSON; null is absent.
fn sign_value<'a>(name: &str, value: &'a Value) -> Result<Option<Cow<'a, str>>, CodecError> {
    Ok(match value {
        Value::Null => None,
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Borrowed(signed_number_text(name, n)?)),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Array(_) | Value::Object(_) => {
            check_signed_numbers(name, value)?;
            Some(Cow::Owned(value.to_string()))
        }
    })
}

fn string_to_sign(rule: &SignatureRule, fields: &Map<String, Value>) -> Result<Vec<u8>, CodecError> {
    let values = fields
        .iter()
        .map(|(k, v)| Ok((k.as_str(), sign_value(k, v)?)))
        .collect::<Result<Vec<_>, CodecError>>()?;
    rule.canonical
        .build(values.iter().map(|(k, v)| (*k, v.as_deref())))
        .map_err(|e| canonical_error(SIGN, e))
}

/// The `sign` of `fields` (every field but `sign` itself).
pub fn sign(
    rule: &SignatureRule,
    key: &SharedSecret,
    fields: &Map<String, Value>,
    rng: &mut dyn CryptoRng,
) -> Result<String, CodecError> {
    let message = string_to_sign(rule, fields)?;
    rule.algorithm
        .sign(&SigningKey::Secret(key.clone()), &message, rng)
        .map_err(|e| CodecError::signature(SIGN, e))
}

/// Verifies the `sign` member of `fields`.
/// Returns the bytes the signature covers (for the replay key; the sign key is not among them).
pub fn verify(rule: &SignatureRule, key: &SharedSecret, fields: &Map<String, Value>) -> Result<Vec<u8>, CodecError> {
    let received = match fields.get(SIGN) {
        None | Some(Value::Null) => return Err(CodecError::signature(SIGN, SignatureError::Missing)),
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(CodecError::signature(SIGN, SignatureError::MalformedHex)),
    };
    let message = string_to_sign(rule, fields)?;
    rule.algorithm
        .verify(&VerifyingKey::Secret(key.clone()), &message, received)
        .map_err(|e| CodecError::signature(SIGN, e))?;
    Ok(message)
}

/// Serialises `fields` and appends their `sign`: the plaintext of `reqmsg`.
pub fn signed_json(
    rule: &SignatureRule,
    key: &SharedSecret,
    mut fields: Map<String, Value>,
    rng: &mut dyn CryptoRng,
) -> Result<Vec<u8>, CodecError> {
    let signature = sign(rule, key, &fields, rng)?;
    fields.insert(SIGN.to_owned(), Value::String(signature));
    Ok(Value::Object(fields).to_string().into_bytes())
}

/// Merchant → Vbao: PKCS#1 v1.5 type-2 blocks under Vbao's public key, base64.
pub fn encrypt_reqmsg(key: &PublicKey, rng: &mut dyn CryptoRng, plaintext: &[u8]) -> Result<String, CodecError> {
    cipher::rsa_encrypt_blocks(key, rng, plaintext)
        .map(|ct| encode_base64(&ct))
        .map_err(|e| CodecError::cipher("reqmsg", e))
}

/// Vbao's side of [`encrypt_reqmsg`]: decrypts with Vbao's private key (blinded).
pub fn decrypt_reqmsg(key: &PrivateKey, rng: &mut dyn CryptoRng, reqmsg: &str) -> Result<Vec<u8>, CodecError> {
    let ct = decode_reqmsg(reqmsg)?;
    cipher::rsa_decrypt_blocks(key, rng, &ct).map_err(|e| CodecError::cipher("reqmsg", e))
}

/// Vbao → merchant: type-1 blocks made with Vbao's private key, base64.
pub fn private_encrypt_reqmsg(
    key: &PrivateKey,
    rng: &mut dyn CryptoRng,
    plaintext: &[u8],
) -> Result<String, CodecError> {
    cipher::rsa_private_encrypt_blocks(key, rng, plaintext)
        .map(|ct| encode_base64(&ct))
        .map_err(|e| CodecError::cipher("reqmsg", e))
}

/// The merchant's side of [`private_encrypt_reqmsg`]: recovers with Vbao's public key.
pub fn public_decrypt_reqmsg(key: &PublicKey, reqmsg: &str) -> Result<Vec<u8>, CodecError> {
    let ct = decode_reqmsg(reqmsg)?;
    cipher::rsa_public_decrypt_blocks(key, &ct).map_err(|e| CodecError::cipher("reqmsg", e))
}

fn decode_reqmsg(reqmsg: &str) -> Result<Vec<u8>, CodecError> {
    decode_base64_lenient("reqmsg", reqmsg.as_bytes()).map_err(|e| CodecError::Malformed {
        field: "reqmsg".into(),
        reason: format!("not valid base64 ({})", e.reason),
    })
}

/// Decrypted `reqmsg` bytes → the business object.
pub fn business_object(plaintext: &[u8]) -> Result<Map<String, Value>, CodecError> {
    let text = std::str::from_utf8(plaintext).map_err(|_| malformed("reqmsg", "decrypted bytes are not UTF-8"))?;
    parse_object("reqmsg", text.as_bytes())
}

/// `{"customerNo": .., "reqmsg": ..}` as compact JSON.
pub fn carrier(customer_no: &str, reqmsg: String) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("customerNo".into(), Value::String(customer_no.to_owned()));
    map.insert("reqmsg".into(), Value::String(reqmsg));
    map
}
