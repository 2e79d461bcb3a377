#!/usr/bin/env bash
# The one test command: every Rust, Python, Kotlin and Java test, on a fresh machine, and every
# artifact users install (scripts/dist.sh all: wheels, sdist, jar + pom, XCFramework into dist/)
# tested as they get it — the aarch64 ones under qemu emulation, the iOS ones structurally — plus
# every README quick start run against the mock provider.
# It installs what it needs (pip packages into .venv, kotlinc into .tools/, JDK, JNA and
# qemu-user-static from Debian, rustup targets, an arm64 root into .cache/) and reuses one cargo
# target dir for every step (cross builds in its <triple>/ subdirectories). `.ci/run` calls
# exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

started=$SECONDS
step_started=$SECONDS
step() {
  printf '\n==> %s   (previous step: %ss, total: %ss)\n' "$*" $((SECONDS - step_started)) $((SECONDS - started))
  step_started=$SECONDS
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

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

step "rust: cargo test --workspace, as a contributor types it"
cargo test --workspace --locked

# Tests that compare against the `rsa` crate declare required-features (core/Cargo.toml): only
# they are built again, against core with the feature.
mapfile -t reference_tests < <(python3 -c 'import tomllib
for t in tomllib.load(open("core/Cargo.toml", "rb")).get("test", []):
    if "rsa-reference" in t.get("required-features", []): print("--test=" + t["name"])')
step "rust: core's tests against the rsa crate (${reference_tests[*]#--test=})"
cargo test --locked -p cardbind --features rsa-reference "${reference_tests[@]}"

step "rust: core builds with its minimum supported Rust (rust-version in Cargo.toml)"
MSRV=$(sed -n 's/^rust-version = "\([0-9.]*\)".*/\1/p' Cargo.toml)
if command -v rustup >/dev/null 2>&1 && rustup toolchain install "$MSRV" --profile minimal >/dev/null 2>&1; then
  # core's build.rs picks the portable carries there (the adc intrinsics are unsafe before 1.93).
  cargo "+$MSRV" check -p cardbind --locked
else
  echo "Rust $MSRV could not be installed here: MSRV check skipped"
fi

step "rust: constant-time proof of the private-key path (valgrind memcheck + callgrind, objdump instruction check, release build)"
if ! command -v valgrind >/dev/null 2>&1 || ! command -v objdump >/dev/null 2>&1; then
  echo "installing valgrind and binutils (Debian packages)"
  if [ "$(id -u)" = 0 ]; then APT=apt-get; else APT="sudo apt-get"; fi
  $APT update -qq && DEBIAN_FRONTEND=noninteractive $APT install -y -qq valgrind binutils >/dev/null
fi
cargo test --release --locked -p cardbind-ctgrind

step "rust: API docs build without warnings (broken intra-doc links fail)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked -p cardbind

step "rust: benches compile (criterion; run them with cargo bench -p benches)"
cargo bench -p benches --locked --no-run

step "dist: x86_64 + aarch64 manylinux2014 wheels, sdist, cardbind-jvm jar (both Linux libraries) + pom, iOS XCFramework + zip + Swift package into dist/ (what every step below tests)"
./scripts/dist.sh all

step "python: wheel tags + auditwheel + twine; pytest, mypy --strict, stubtest on the wheel in a fresh venv; sdist compiled in another"
CARDBIND_WHEEL_VENV="$work/wheel-venv" ./scripts/test-python-dist.sh
# .venv (demo, benchmarks) gets the same wheel, and cryptography for the Python benchmark.
source scripts/python-env.sh
install_cardbind
python_tools cryptography

step "native libraries: the jar's linux-x86-64/linux-aarch64 ELF files export the same uniffi symbols; XCFramework slices are Mach-O for their CPU and platform, define every function the Swift calls; Info.plist, zip checksum, Swift package"
command -v llvm-nm >/dev/null || command -v llvm-nm-14 >/dev/null || { source scripts/apt-env.sh && apt_install llvm; }
python3 scripts/check-native-artifacts.py

step "aarch64 under emulation (qemu user mode, cached Debian arm64 root): the aarch64 wheel's provider vector tests equal the x86_64 run, the Python quick start, the Java test on an arm64 JRE"
CARDBIND_PYTHON="$work/wheel-venv/bin/python" ./scripts/test-aarch64.sh

step "kotlin: generated bindings up to date; tests compiled with kotlinc, run against the jar (+ JNA, kotlin-stdlib only)"
./scripts/test-kotlin.sh

step "java: plain Java 17 (javac) against the jar (+ JNA, kotlin-stdlib only), as a Spring service uses it; without either, the error names it; the README's Maven block against a temporary local repository"
./scripts/test-java.sh

step "quick starts: Python, the PyPI README (outside the repository, only the wheel installed), Kotlin, Java, Rust, CLI against the mock LianLian on 127.0.0.1; README blocks match"
CARDBIND_PYTHON="$work/wheel-venv/bin/python" ./scripts/test-quickstarts.sh

step "examples: every provider's client and server example (examples/<provider>/) against the mocks of cardbind.testing, output compared; httpx and requests from PyPI into the wheel's venv"
CARDBIND_PYTHON="$work/wheel-venv/bin/python" ./scripts/test-examples.sh

step "supply chain: cargo deny (licenses, bans, sources, RustSec advisories: fetched, or the local snapshot)"
./scripts/deny.sh

step "fuzz smoke: every target briefly when nightly is available (the corpus replay already ran)"
./scripts/fuzz-smoke.sh

step "all tests passed"
