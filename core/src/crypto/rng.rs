//! Randomness supplied by the caller.
//!
//! Core never reads OS randomness. Rust callers pass any `rand_core::CryptoRng` (e.g. the
//! `rand` crate's operating-system generator, from their own crate); foreign callers pass 32 fresh
//! random bytes, which [`SeededRng`] expands with ChaCha20 (used for RSA blinding, PKCS#1 v1.5
//! padding and per-request keys).

use std::convert::Infallible;

use rand_core::{SeedableRng as _, TryCryptoRng, TryRng};

/// A CSPRNG seeded from 32 caller-supplied random bytes.
pub struct SeededRng(rand_chacha::ChaCha20Rng);

impl SeededRng {
    /// Seeds from 32 bytes that must come from a real entropy source.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self(rand_chacha::ChaCha20Rng::from_seed(seed))
    }
}

impl std::fmt::Debug for SeededRng {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SeededRng(<redacted>)")
    }
}

impl TryRng for SeededRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.0.try_next_u32()
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0.try_next_u64()
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        self.0.try_fill_bytes(dest)
    }
}

impl TryCryptoRng for SeededRng {}
