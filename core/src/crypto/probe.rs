//! Hooks for the constant-time proof (`core/ctgrind`), compiled only with the `ct-probe` feature,
//! which no shipped artifact enables.
//!
//! The harness marks secrets as undefined memory under valgrind's memcheck; any branch or
//! address computed from them is then reported. These hooks let it reach the key's secret
//! buffers and see the declassification points.

use std::sync::atomic::Ordering;

use super::keys::PrivateKey;
use super::rsa::{ct, private};

/// Switches the Montgomery products' final subtraction to a data-dependent branch: the
/// deliberately variable-time variant that proves the harness catches a leak.
pub fn set_leaky(on: bool) {
    ct::LEAKY.store(on, Ordering::SeqCst);
}

/// Installs the function called at every declassification point (the first call wins).
pub fn set_declassify_hook(hook: fn(&mut [u8])) {
    private::set_declassify_hook(hook);
}

/// Calls `visit` with every secret buffer of a prepared private key: p, q, dP, dQ, qInv and the
/// primes' Montgomery constants.
pub fn for_each_secret(key: &PrivateKey, visit: &mut dyn FnMut(&[u64])) {
    key.constant_time().visit_secrets(visit);
}
