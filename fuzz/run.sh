#!/usr/bin/env bash
# Runs every fuzz target for a fixed time: fuzz/run.sh [seconds per target, default 600] [jobs, default 2]
# [targets...]. Needs the nightly toolchain and cargo-fuzz. Logs go to fuzz/logs/<target>.log (not
# committed); the committed seeds in fuzz/corpus/<target>/ are read, inputs the fuzzer finds go to
# fuzz/work/<target>/ (not committed; `cargo fuzz cmin` before adding any), crashes to
# fuzz/artifacts/<target>/.
# At the end one line per target: executions, coverage, features, corpus size, crashes.
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
jobs="${2:-2}"
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^cardbind-fuzz$')
fi
# Its own target dir under the repository (ignored by git): fuzz builds use other flags than
# the workspace, so sharing the main one would rebuild both.
export CARGO_TARGET_DIR="${CARGO_FUZZ_TARGET_DIR:-$PWD/target}"
mkdir -p logs
# Only what this run finds counts: artifacts of earlier runs (kept as evidence until someone turns
# them into regression seeds) are older than this marker.
started_marker="logs/.run-started"
touch "$started_marker"
if [ -z "${FUZZ_PREBUILT:-}" ]; then
  cargo +nightly fuzz build >/dev/null || { echo "fuzz build failed" >&2; exit 1; }
fi

run_one() {
  local t="$1"
  mkdir -p "work/$t" "artifacts/$t"
  # -rss_limit_mb: RSA setup plus libFuzzer's corpus stay far below; a leak would not.
  local flags=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1
    -artifact_prefix="artifacts/$t/")
  if [ -n "${FUZZ_PREBUILT:-}" ]; then
    # Binaries copied out of the target dir beforehand, so editing core during a long run cannot
    # rebuild what is being fuzzed (`cargo fuzz run` rebuilds on every start).
    "$FUZZ_PREBUILT/$t" "work/$t" "corpus/$t" "${flags[@]}" >"logs/$t.log" 2>&1
  else
    cargo +nightly fuzz run "$t" "work/$t" "corpus/$t" -- "${flags[@]}" >"logs/$t.log" 2>&1
  fi
  echo "$?" >"logs/$t.rc"
}

running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

status=0
printf '%-26s %12s %8s %8s %7s %s\n' target executions cov ft corpus result
for t in "${targets[@]}"; do
  log="logs/$t.log"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*')
  ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*')
  corp=$(echo "$last" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*')
  rc=$(cat "logs/$t.rc" 2>/dev/null || echo '?')
  crashes=$(find "artifacts/$t" -type f -newer "$started_marker" 2>/dev/null | wc -l)
  earlier=$(find "artifacts/$t" -type f ! -newer "$started_marker" 2>/dev/null | wc -l)
  result=ok
  if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then result="FAILED (exit $rc, $crashes new artifacts)"; status=1; fi
  if [ "$earlier" != 0 ]; then result="$result; $earlier from earlier runs in artifacts/$t"; fi
  printf '%-26s %12s %8s %8s %7s %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done
exit "$status"
