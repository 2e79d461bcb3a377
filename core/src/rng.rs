//! Randomness supplied by the caller.
//!
//! Core never reads OS randomness. Rust callers pass any `rand_core::CryptoRngCore` (e.g. the
//! `rand` crate's operating-system generator, from their own crate); foreign callers pass 32 fresh
//! random bytes, which [`SeededRng`] expands with ChaCha20 (used for RSA blinding, PKCS#1 v1.5
//! padding and per-request keys).

use rand_core::{CryptoRng, RngCore, SeedableRng as _};

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

impl RngCore for SeededRng {
    fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }
    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.0.try_fill_bytes(dest)
    }
}

impl CryptoRng for SeededRng {}
