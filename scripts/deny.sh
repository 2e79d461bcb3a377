#!/usr/bin/env bash
# Supply-chain checks with cargo-deny (policy in deny.toml): licenses, bans, sources and RustSec
# advisories. The advisory check always runs, against one of (first that works):
#   1. the RustSec database fetched from GitHub, when GitHub is reachable;
#   2. a local copy: $CARDBIND_ADVISORY_DB, default ../shared/advisory-db beside the repository
#      (the snapshot CI gets). A plain copy of rustsec/advisory-db is enough: cargo-deny wants a
#      git clone, so the copy is committed into a throw-away repository first;
#   3. the clone cargo-deny cached in $CARGO_HOME/advisory-dbs on an earlier online run.
# With none of them the advisory check FAILS (it is never skipped). Every run prints which
# database it checked against and that database's date.
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

# cargo-deny keeps the database for its default URL (https://github.com/RustSec/advisory-db) in
# <db-path>/advisory-db-<hash of that URL>.
DB_DIR_NAME=advisory-db-3157b0e258782691
CARGO_DIR="${CARGO_HOME:-$HOME/.cargo}"

status=0
echo "deny: licenses, bans, sources"
cargo deny --locked check --hide-inclusion-graph licenses bans sources || status=1

# What a database holds and how old it is: its SNAPSHOT note if it has one, and its newest advisory.
describe_db() {
  local db=$1 newest age
  if [ -f "$db/SNAPSHOT" ]; then
    echo "deny:   $(head -n 1 "$db/SNAPSHOT")"
  fi
  newest=$(grep -rhoE '^date = "[0-9]{4}-[0-9]{2}-[0-9]{2}"' "$db/crates" 2>/dev/null | cut -d'"' -f2 | sort | tail -n 1)
  if [ -z "$newest" ]; then
    newest=$(find "$db/crates" -type f -name '*.md' -printf '%TY-%Tm-%Td\n' 2>/dev/null | sort | tail -n 1)
  fi
  age=$(( ($(date -u +%s) - $(date -u -d "${newest:-1970-01-01}" +%s)) / 86400 ))
  echo "deny:   checked against the advisory database as of ${newest:-an unknown date} (newest advisory; $age days ago)"
}

# Runs the advisory check with the given cargo-deny options, prints the advisories it matched
# (each one either fails the check or is ignored by deny.toml), and the full report on failure.
run_advisories() {
  local out rc ids ignored id
  out=$(cargo deny -L info "$@" --locked check --show-stats --hide-inclusion-graph advisories 2>&1)
  rc=$?
  ids=$(printf '%s\n' "$out" | grep -oE 'ID: (RUSTSEC|CVE|GHSA)-[0-9A-Za-z-]+' | cut -d' ' -f2 | sort -u)
  ignored=$(grep -oE 'id = "(RUSTSEC|CVE|GHSA)-[0-9A-Za-z-]+"' deny.toml | cut -d'"' -f2)
  if [ "$rc" -ne 0 ]; then
    printf '%s\n' "$out" | grep -v ' \[INFO\] '
  else
    printf '%s\n' "$out" | grep -E '^ *advisories (ok|FAILED)' || true
  fi
  if [ -z "$ids" ]; then
    echo "deny:   no advisory matches the dependency graph"
  fi
  for id in $ids; do
    if printf '%s\n' "$ignored" | grep -qx "$id"; then
      echo "deny:   matched $id: ignored by deny.toml (see the reason there)"
    else
      echo "deny:   matched $id: NOT ignored"
    fi
  done
  return "$rc"
}

# A plain copy of the database, committed into a throw-away git repository laid out as cargo-deny
# expects, and a copy of deny.toml whose db-path points there. Prints the config's path.
prepare_local_db() {
  local source=$1 work=$2 repo
  repo="$work/advisory-dbs/$DB_DIR_NAME"
  mkdir -p "$repo" || return 1
  cp -R "$source/." "$repo/" || return 1
  chmod -R u+w "$repo" && rm -rf "$repo/.git" || return 1
  git -C "$repo" init -q &&
    git -C "$repo" add -A &&
    git -C "$repo" -c user.name=cardbind -c user.email=deny@cardbind.invalid \
      commit -q --no-gpg-sign -m "advisory database copied from $source" || return 1
  sed "s|^\[advisories\]\$|[advisories]\ndb-path = \"$work/advisory-dbs\"|" deny.toml >"$work/deny.toml" || return 1
  grep -q "^db-path = \"$work/advisory-dbs\"" "$work/deny.toml" || return 1
  echo "$work/deny.toml"
}

local_db="${CARDBIND_ADVISORY_DB:-../shared/advisory-db}"
cached_db="$CARGO_DIR/advisory-dbs/$DB_DIR_NAME"
if timeout 20 git ls-remote --quiet https://github.com/rustsec/advisory-db HEAD >/dev/null 2>&1; then
  echo "deny: advisories (RustSec database fetched from GitHub)"
  run_advisories || status=1
  describe_db "$cached_db"
elif [ -d "$local_db/crates" ]; then
  echo "deny: advisories (GitHub unreachable; local copy $local_db${CARDBIND_ADVISORY_DB:+ from CARDBIND_ADVISORY_DB})"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if config=$(prepare_local_db "$local_db" "$work"); then
    run_advisories --offline --config "$config" || status=1
    describe_db "$local_db"
  else
    echo "deny: advisories FAILED to run: could not stage $local_db as a git repository in $work" >&2
    status=1
  fi
elif [ -n "${CARDBIND_ADVISORY_DB:-}" ]; then
  echo "deny: advisories FAILED to run: CARDBIND_ADVISORY_DB=$CARDBIND_ADVISORY_DB must be a copy of rustsec/advisory-db (a directory with crates/ in it)" >&2
  status=1
elif [ -d "$cached_db/.git" ]; then
  echo "deny: advisories (GitHub unreachable; cargo-deny's cached clone $cached_db, may be stale)"
  run_advisories --offline || status=1
  describe_db "$cached_db"
else
  echo "deny: advisories FAILED to run: GitHub is unreachable, there is no local copy at $local_db (set CARDBIND_ADVISORY_DB to a copy of rustsec/advisory-db) and no cached clone in $cached_db" >&2
  status=1
fi
exit "$status"
