//! The constant-time proof's access to a private key (`core/ctgrind`).
//!
//! The harness marks a key's secret buffers as undefined memory under valgrind's memcheck; any
//! branch or address computed from them is then reported. This module hands it those buffers,
//! read-only. It is compiled into every build, so that the proof runs on the code that ships;
//! it reveals nothing that [`PrivateKey::to_pkcs8_der`](crate::keys::PrivateKey::to_pkcs8_der)
//! does not. The declassification points need no hook: the harness replaces
//! `rsa::private::declassified` by name.

use super::keys::PrivateKey;

/// Calls `visit` with every secret buffer of a prepared private key: p, q, dP, dQ, qInv and the
/// primes' Montgomery constants.
pub fn for_each_secret(key: &PrivateKey, visit: &mut dyn FnMut(&[u64])) {
    key.constant_time().visit_secrets(visit);
}
