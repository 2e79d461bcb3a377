//! cardbind: a sans-I/O core for Chinese card-binding (绑卡) payment and lending APIs.
//!
//! Everything here is pure: no sockets, files, clocks, environment or OS randomness. Callers pass
//! the current time and a random number generator (or random bytes) in, and send the encoded
//! bytes over whatever transport they own.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]

pub mod canonical;
pub mod cipher;
pub mod digest;
pub mod encoding;
mod fast_rsa;
pub mod form;
pub mod keys;
pub mod mask;
pub mod model;
pub mod providers;
pub mod rng;
pub mod rule;
pub mod signature;
pub mod spec;

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
