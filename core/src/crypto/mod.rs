//! L1, the cryptographic primitives: digests, the RNG, signature and envelope schemes, RSA keys
//! and the RSA arithmetic. It imports only the text layer below it (`crate::encoding`,
//! `crate::canonical`), never the model, the spec or a provider (`core/tests/crypto_layers.rs`).
//!
//! Inside, imports go downward only (each line imports only lines above it):
//!
//! ```text
//! digest, rng            leaves
//! rsa::{limbs, ct}       byte ↔ limb conversions; branch-free building blocks
//! rsa::mont              the Montgomery products both paths run
//! rsa::public            variable-time verification (PreparedModulus: public values)
//! rsa::private           the constant-time path, reading a PreparedModulus for n's constants
//! keys                   PEM/DER parsing, key checks (RsaComponents handed down)
//! signature, cipher      signature and envelope schemes
//! rule                   a provider's signature rule
//! probe                  the valgrind harness' access to a key's secrets
//! ```

pub mod cipher;
pub mod digest;
pub mod keys;
/// Read-only access to a key's secret buffers for the constant-time proof (`core/ctgrind`). It
/// sits here, not in `rsa::private`, because it takes a [`keys::PrivateKey`], which sits above
/// the RSA arithmetic.
#[doc(hidden)]
pub mod probe;
pub mod rng;
pub(crate) mod rsa;
pub mod rule;
pub mod signature;
