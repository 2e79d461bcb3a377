//! The fuzz targets' logic, shared by the libFuzzer binaries (`fuzz/fuzz_targets/*.rs`, nightly)
//! and the stable corpus replay (`core/tests/fuzz_corpus_replay.rs`), which runs every file in
//! `fuzz/corpus/<target>/` through the same function. Each function panics only when an
//! invariant breaks; every other outcome (an error for garbage input) is fine.
//!
//! Input layout: most targets read a few leading bytes as selectors (provider, operation, mode,
//! key) and the rest as payload, so seeds are `selector bytes ‖ real message`.

#![allow(dead_code, unused_imports, clippy::missing_panics_doc)] // each binary uses one target

mod crypto;
mod kit_rules;
pub mod providers;
mod text;

pub use crypto::{cipher, keys, private_differential, verify_differential};
pub use kit_rules::provider_kit_rules;
pub use providers::{
    fixture_pair, prepared as providers_prepared, provider_decode_request, provider_decode_response,
    provider_roundtrip, seeds, NOW,
};
pub use text::{canonical, encoding, json_differential, vbao_form};

/// A target's logic: panics only when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every target, by name (the directory under `fuzz/corpus/` and the fuzz binary's name).
pub const TARGETS: &[(&str, Target)] = &[
    ("provider_decode_response", provider_decode_response),
    ("provider_decode_request", provider_decode_request),
    ("provider_roundtrip", provider_roundtrip),
    ("provider_kit_rules", provider_kit_rules),
    ("keys", keys),
    ("encoding", encoding),
    ("canonical", canonical),
    ("cipher", cipher),
    ("vbao_form", vbao_form),
    ("verify_differential", verify_differential),
    ("json_differential", json_differential),
    ("private_differential", private_differential),
];

/// A cursor over the fuzzer's bytes: selectors first, payload last. Missing bytes read as 0.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    /// The next byte, or 0 when the input is exhausted.
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    /// A selector in `0..n` (n > 0).
    pub fn pick(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }

    /// Up to `n` bytes.
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, tail) = self.data.split_at(n.min(self.data.len()));
        self.data = tail;
        head
    }

    /// Everything left.
    pub fn rest(self) -> &'a [u8] {
        self.data
    }
}
