//! cardbind: a sans-I/O core for Chinese card-binding (绑卡) payment and lending APIs.
//!
//! Everything here is pure: no sockets, files, clocks, environment or OS randomness. Callers pass
//! the current time and a random number generator (or random bytes) in, and send the encoded
//! bytes over whatever transport they own.
//!
//! A merchant confirms a LianLian card bind; a mock LianLian (the same codec, configured from the
//! other side) answers. Keys are the repository's TEST keys.
//!
//! ```
//! use cardbind::model::transport::HttpResponse;
//! use cardbind::{providers, rng::SeededRng, Context, OutcomeStatus, Provider};
//! use serde_json::json;
//!
//! let merchant_key = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
//! let merchant_pub = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");
//! let lianlian_key = include_str!("../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem");
//! let lianlian_pub = include_str!("../../spec/vectors/keys/test-rsa-2048-public-spki.pem");
//! let config = |ours: &str, theirs: &str| {
//!     json!({"oid_partner": "201408071000001543", "environment": "production", "sign_type": "RSA",
//!            "our_private_key": ours, "their_public_key": theirs}).to_string()
//! };
//! let merchant = providers::codec_from_config(Provider::LianLian, &config(merchant_key, lianlian_pub))?;
//! let lianlian = providers::codec_from_config(Provider::LianLian, &config(lianlian_key, merchant_pub))?;
//!
//! let mut rng = SeededRng::from_seed([7; 32]); // seed from the OS in real code
//! let mut ctx = Context::new(&mut rng, Some(1_710_469_800_000));
//! let params = json!({"user_id": "2013051500001", "token": "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D",
//!                     "verify_code": "123456"});
//! let request = merchant.encode_request("bankcardbindverfy", params.as_object().unwrap(), &mut ctx)?;
//! assert_eq!(request.url, "https://mpayapi.lianlianpay.com/v1/bankcardbindverfy");
//!
//! // ...the caller sends `request`; LianLian's side decodes it and answers:
//! let received = lianlian.decode_request(&request, &mut ctx)?;
//! assert_eq!(received.fields["verify_code"], "123456");
//! let reply = json!({"ret_code": "1900", "ret_msg": "短信验证码错误"});
//! let answer = lianlian.encode_response("bankcardbindverfy", reply.as_object().unwrap(), &mut ctx)?;
//!
//! let response = HttpResponse { status: answer.status, headers: answer.headers, body: answer.body };
//! let decoded = merchant.decode_response("bankcardbindverfy", &response, &mut ctx)?;
//! assert!(matches!(
//!     decoded.outcome.status,
//!     OutcomeStatus::Failed { kind: cardbind::ErrorKind::VerifyCodeWrong, retryable: false }
//! ));
//! # Ok::<(), cardbind::CodecError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]

// Layers, bottom up: text → crypto → model → spec → providers → registry. Each imports only
// itself and the layers below it (core/tests/layers.rs).
pub mod crypto;
pub mod model;
pub mod providers;
pub mod registry;
pub mod spec;
pub mod text;

/// The constant-time proof's (`core/ctgrind`) access to a key's secret buffers.
#[doc(hidden)]
pub use crypto::probe as ct_probe;
pub use crypto::{cipher, digest, keys, rng, rule, signature};
pub use spec::config;
pub use text::{canonical, encoding, form, mask};

pub use canonical::{CanonicalError, CanonicalRule, KeyOrder};
pub use cipher::CipherError;
pub use digest::DigestAlgorithm;
pub use encoding::HexCase;
pub use keys::{KeyError, KeyMaterial, PrivateKey, PublicKey};
pub use model::{
    Codec, CodecError, Context, DecodedRequest, DecodedResponse, ErrorKind, Outcome, OutcomeStatus, Provider,
};
pub use rule::{SharedSecret, SignatureAlgorithm, SignatureRule, SigningKey, VerifyingKey};
pub use signature::{CaseRule, SignatureError};
