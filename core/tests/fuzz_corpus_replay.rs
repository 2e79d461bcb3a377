//! Replays every committed fuzz corpus file (`fuzz/corpus/<target>/*`) through the same target
//! logic the libFuzzer binaries run (`fuzz/common`), on the stable toolchain, so `cargo test`
//! always re-checks every input the fuzzer kept or once crashed on (`fuzz/corpus/*/regression-*`).
//! A target's invariants are asserted inside it; this test adds only "no panic".
//!
//! `FUZZ_WRITE_SEEDS=1 cargo test -p cardbind --test fuzz_corpus_replay -- --ignored` writes the
//! codec-made seeds (signed and encrypted messages) into the corpora; `fuzz/seed.sh` calls it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../../fuzz/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus")
}

fn files(target: &str) -> Vec<PathBuf> {
    let dir = corpus_root().join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(target: &str) {
    let run = common::TARGETS.iter().find(|(name, _)| *name == target).unwrap().1;
    let files = files(target);
    assert!(!files.is_empty(), "{target}: empty corpus");
    let mut broken = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            broken.push(file.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(broken.is_empty(), "{target}: invariants broken by {broken:?}");
}

#[test]
fn every_target_has_a_corpus_and_a_binary() {
    for (target, _) in common::TARGETS {
        assert!(corpus_root().join(target).is_dir(), "fuzz/corpus/{target} missing");
        let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../fuzz/fuzz_targets/{target}.rs"));
        assert!(bin.is_file(), "{} missing", bin.display());
    }
}

#[test]
fn provider_decode_response_corpus() {
    replay("provider_decode_response");
}

#[test]
fn provider_decode_request_corpus() {
    replay("provider_decode_request");
}

#[test]
fn provider_roundtrip_corpus() {
    replay("provider_roundtrip");
}

#[test]
fn provider_kit_rules_corpus() {
    replay("provider_kit_rules");
}

#[test]
fn keys_corpus() {
    replay("keys");
}

#[test]
fn encoding_corpus() {
    replay("encoding");
}

#[test]
fn canonical_corpus() {
    replay("canonical");
}

#[test]
fn cipher_corpus() {
    replay("cipher");
}

#[test]
fn vbao_form_corpus() {
    replay("vbao_form");
}

#[test]
fn verify_differential_corpus() {
    replay("verify_differential");
}

#[test]
fn private_differential_corpus() {
    replay("private_differential");
}

#[test]
fn json_differential_corpus() {
    replay("json_differential");
}

#[test]
#[ignore = "writes seed files; run by fuzz/seed.sh"]
fn write_codec_seeds() {
    if std::env::var_os("FUZZ_WRITE_SEEDS").is_none() {
        return;
    }
    for (target, name, bytes) in common::seeds() {
        let dir = corpus_root().join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("seed-codec-{name}")), bytes).unwrap();
    }
}
