#!/usr/bin/env bash
# Supply-chain checks with cargo-deny (policy in deny.toml): licenses, bans and sources always;
# advisories only when the RustSec advisory database can be fetched (it lives on GitHub, which
# may be unreachable here) - otherwise it says plainly that the advisory check was skipped.
# Installs cargo-deny if missing. Exit status 1 on any failed check.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! cargo deny --version >/dev/null 2>&1; then
  echo "deny: installing cargo-deny"
  if ! cargo install cargo-deny --locked; then
    echo "deny: cargo-deny could not be installed; supply-chain checks FAILED to run" >&2
    exit 1
  fi
fi

status=0
echo "deny: licenses, bans, sources"
cargo deny --all-features --locked check --hide-inclusion-graph licenses bans sources || status=1

# The advisory DB is a git repository on GitHub; probe it before asking cargo-deny to fetch it.
if timeout 20 git ls-remote --quiet https://github.com/rustsec/advisory-db HEAD >/dev/null 2>&1; then
  echo "deny: advisories"
  cargo deny --all-features --locked check --hide-inclusion-graph advisories || status=1
elif [ -d "${CARGO_HOME:-$HOME/.cargo}/advisory-dbs" ] && [ -n "$(ls -A "${CARGO_HOME:-$HOME/.cargo}/advisory-dbs" 2>/dev/null)" ]; then
  echo "deny: advisory DB unreachable; checking against the cached copy (may be stale)"
  cargo deny --all-features --locked check --hide-inclusion-graph --disable-fetch advisories || status=1
else
  echo "deny: advisories SKIPPED: the RustSec advisory DB (github.com/rustsec/advisory-db) cannot be fetched from here and no cached copy exists"
fi
exit "$status"
