//! Layer 0: byte and text syntaxes. Nothing here knows a provider, a codec or a key: base64/hex,
//! `application/x-www-form-urlencoded`, canonical strings to sign, the strict JSON reader with
//! its limits, echoable names and masking of personal data. It imports nothing else in the crate.

pub mod canonical;
pub mod encoding;
pub mod form;
pub mod json;
pub mod mask;
pub mod names;
