//! L1, the cryptographic primitives: digests, the RNG, signature and envelope schemes, RSA keys
//! and the RSA arithmetic. It imports only the text layer below it (`crate::encoding`,
//! `crate::canonical`), never the model, the spec or a provider (`core/tests/crypto_layers.rs`).
//!
//! Inside, imports go downward only:
//!
//! ```text
//! rule ← signature, cipher ← keys ← rsa ← {digest, rng}
//! rsa:  {limbs, ct} ← mont ← public ← private
//! ```
//!
//! `rsa::public` is the variable-time verification path, `rsa::private` the constant-time
//! private-key path; both run `rsa::mont`'s products. `private` reads a public key's prepared
//! constants (`PreparedModulus`: public values), never the reverse.

pub mod cipher;
pub mod digest;
pub mod keys;
/// Hooks for the constant-time proof (`core/ctgrind`). It sits here, not in `rsa::private`,
/// because it takes a [`keys::PrivateKey`], which sits above the RSA arithmetic.
#[cfg(feature = "ct-probe")]
#[doc(hidden)]
pub mod probe;
pub mod rng;
pub(crate) mod rsa;
pub mod rule;
pub mod signature;
