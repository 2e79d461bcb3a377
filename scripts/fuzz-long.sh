#!/usr/bin/env bash
# Fuzzing long enough to matter: every fuzz target for at least FUZZ_SECONDS (default 600, ten
# minutes) each, two at a time, from fixed binaries (built once, then copied out of the target
# dir, so editing the code during the run cannot change what is fuzzed). Run it before closing an
# issue that touches decoding or encoding, and put its table in the closing note.
#
#   scripts/fuzz-long.sh                 # every target, 600 s each
#   FUZZ_SECONDS=1200 scripts/fuzz-long.sh provider_roundtrip provider_kit_rules
#
# Needs the nightly toolchain; installs cargo-fuzz when missing. Builds into fuzz/target (ignored
# by git; CARGO_FUZZ_TARGET_DIR overrides). Prints, per target: executions, coverage (cov),
# features (ft), corpus size and the result; exits 1 when any target crashed or failed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-600}"
jobs="${FUZZ_JOBS:-2}"
started=$SECONDS

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz-long: no nightly toolchain (cargo +nightly): cannot fuzz here" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz-long: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
export CARGO_FUZZ_TARGET_DIR="${CARGO_FUZZ_TARGET_DIR:-$PWD/fuzz/target}"
(cd fuzz && CARGO_TARGET_DIR="$CARGO_FUZZ_TARGET_DIR" cargo +nightly fuzz build)
bin_dir="$CARGO_FUZZ_TARGET_DIR/x86_64-unknown-linux-gnu/release"
prebuilt=$(mktemp -d)
trap 'rm -rf "$prebuilt"' EXIT
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^cardbind-fuzz$')
fi
for t in "${targets[@]}"; do cp "$bin_dir/$t" "$prebuilt/$t"; done
echo "fuzz-long: ${#targets[@]} targets, ${seconds}s each, $jobs at a time (about $(( (${#targets[@]} + jobs - 1) / jobs * seconds / 60 )) min)"
status=0
FUZZ_PREBUILT="$prebuilt" fuzz/run.sh "$seconds" "$jobs" "${targets[@]}" || status=$?
echo "fuzz-long: done in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
exit "$status"
