#!/usr/bin/env bash
# The one test command: every Rust, Python and Kotlin test, on a fresh machine.
# It installs what it needs (pip packages into .venv, kotlinc and JNA into .tools/) and reuses one
# cargo target dir for every step. `.ci/run` calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s\n' "$*"; }

step "rust: formatting and lints"
if cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt >/dev/null 2>&1; then
  cargo fmt --all --check
else
  echo "rustfmt unavailable on this toolchain: format check skipped"
fi
if cargo clippy --version >/dev/null 2>&1 || rustup component add clippy >/dev/null 2>&1; then
  cargo clippy --workspace --all-targets --locked --features cardbind/rsa-reference -- -D warnings
else
  echo "clippy unavailable on this toolchain: lint check skipped"
fi

step "rust: cargo test --workspace"
cargo test --workspace --locked --features cardbind/rsa-reference

step "rust: constant-time proof of the private-key path (valgrind memcheck + callgrind, release build)"
if ! command -v valgrind >/dev/null 2>&1; then
  echo "installing valgrind (Debian package)"
  if [ "$(id -u)" = 0 ]; then APT=apt-get; else APT="sudo apt-get"; fi
  $APT update -qq && DEBIAN_FRONTEND=noninteractive $APT install -y -qq valgrind >/dev/null
fi
cargo test --release --locked -p cardbind-ctgrind

step "rust: API docs build without warnings (broken intra-doc links fail)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked -p cardbind

step "rust: benches compile (criterion; run them with cargo bench -p benches)"
cargo bench -p benches --locked --no-run

step "python: build the wheel into .venv, then pytest, mypy --strict, stubtest"
source scripts/python-env.sh
(cd bindings/python && "$PY" -m pytest -q tests)
(cd bindings/python && "$PY" -m mypy --strict tests examples python)
(cd bindings/python && "$PY" -m mypy.stubtest cardbind)
wheels=$(mktemp -d)
"$VENV/bin/maturin" build --quiet --release --manifest-path bindings/python/Cargo.toml --out "$wheels"
ls "$wheels"/cardbind-*-cp39-abi3-*.whl >/dev/null || { echo "maturin did not build an abi3 wheel" >&2; exit 1; }
rm -rf "$wheels"

step "kotlin: generated bindings up to date, compiled with kotlinc, run on the JVM against the cdylib"
./scripts/test-kotlin.sh

step "supply chain: cargo deny (licenses, bans, sources, RustSec advisories: fetched, or the local snapshot)"
./scripts/deny.sh

step "fuzz smoke: every target briefly when nightly is available (the corpus replay already ran)"
./scripts/fuzz-smoke.sh

step "all tests passed"
