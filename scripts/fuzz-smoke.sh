#!/usr/bin/env bash
# Short fuzzing smoke: every fuzz target for FUZZ_SMOKE_SECONDS (default 20) seconds, two at a
# time, when a nightly toolchain is available (cargo-fuzz is installed if missing). Without
# nightly it says plainly that the smoke was skipped and exits 0: the stable corpus replay
# (core/tests/fuzz_corpus_replay.rs) runs in `cargo test` regardless.
# Exit status 1 when a target crashes; the input is left in fuzz/artifacts/<target>/.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SMOKE_SECONDS:-20}"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz smoke SKIPPED: no nightly toolchain (cargo +nightly unavailable); corpus replay still ran under cargo test"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz smoke: installing cargo-fuzz"
  if ! cargo install cargo-fuzz --locked; then
    echo "fuzz smoke SKIPPED: cargo-fuzz could not be installed"
    exit 0
  fi
fi
echo "fuzz smoke: every target for ${seconds}s"
exec fuzz/run.sh "$seconds" 2
