#!/usr/bin/env bash
# Runs every README quick start as written, against the mock LianLian on 127.0.0.1 with the TEST
# keys: examples/quickstart/{python,kotlin,java,cli} and core/examples/quickstart.rs (Rust). Each
# gets a fresh mock (python -m cardbind.testing --port 0) and must print exactly
# examples/quickstart/expected.txt. Then scripts/check-readme.py holds the READMEs' code blocks to
# these files.
#   Python: $CARDBIND_PYTHON (scripts/test.sh: the venv the wheel was tested in), else .venv with
#           the wheel installed; it also runs the mock.
#   Kotlin, Java: dist/cardbind-jvm-$V.jar with only JNA and kotlin-stdlib beside it.
#   Rust, CLI: the workspace's debug build (cargo run; target/debug/cardbind).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
source scripts/jvm-env.sh
command -v jq >/dev/null || apt_install jq
command -v curl >/dev/null || apt_install curl

PY="${CARDBIND_PYTHON:-}"
if [ -z "$PY" ]; then
  source scripts/python-env.sh
  install_cardbind
fi
use_cardbind_jvm_jar
work=$(mktemp -d)
mock_pid=
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The compiled ones first, so each mock only lives while its quick start runs.
echo "compiling the Kotlin quick start against $(basename "$JAR"); building the CLI and the Rust example"
"$KOTLINC" -nowarn -jvm-target 17 -cp "$JAR:$JNA_JAR" -d "$work/kotlin-quickstart.jar" examples/quickstart/kotlin/QuickStart.kt
cargo build --quiet --locked -p cardbind-cli -p cardbind --example quickstart

passed=0
failed=0
quickstart() { # NAME COMMAND...: run COMMAND against a fresh mock; its stdout must be expected.txt
  local name=$1 url
  shift
  # Files of its own: a shared one could still hold the previous mock's address when first read.
  local out="$work/$name.mock.out" log="$work/$name.mock.log"
  "$PY" -m cardbind.testing --port 0 >"$out" 2>"$log" &
  mock_pid=$!
  for _ in $(seq 600); do # up to a minute: the 2 cores may be busy with other builds
    grep -q '^LIANLIAN_BASE_URL=' "$out" && break
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
  done
  url=$(sed -n 's/^LIANLIAN_BASE_URL=//p' "$out")
  if [ -z "$url" ]; then
    cat "$log" >&2
    local status=running
    kill -0 "$mock_pid" 2>/dev/null || { wait "$mock_pid" && status="exited 0" || status="exited $?"; }
    echo "the mock LianLian did not start (for the $name quick start; $status)" >&2
    exit 1
  fi
  if LIANLIAN_BASE_URL="$url" "$@" >"$work/out" 2>"$work/err" && diff -u examples/quickstart/expected.txt "$work/out"; then
    passed=$((passed + 1))
    echo "ok   quick start: $name ($(tr '\n' ' ' <"$log"))"
  else
    failed=$((failed + 1))
    echo "FAIL quick start: $name"
    sed 's/^/  stdout: /' "$work/out"
    sed 's/^/  stderr: /' "$work/err"
    sed 's/^/  mock:   /' "$log"
  fi
  kill "$mock_pid"
  wait "$mock_pid" 2>/dev/null || true
  mock_pid=
}

quickstart python "$PY" examples/quickstart/python/quickstart.py
quickstart kotlin java -cp "$work/kotlin-quickstart.jar:$JAR:$JNA_JAR:$KOTLIN_STDLIB_JAR" QuickStartKt
quickstart java java -cp "$JAR:$JNA_JAR:$KOTLIN_STDLIB_JAR" examples/quickstart/java/QuickStart.java
quickstart rust "$CARGO_TARGET_DIR/debug/examples/quickstart"
quickstart cli env PATH="$CARGO_TARGET_DIR/debug:$PATH" examples/quickstart/cli/quickstart.sh
echo "quick starts: $passed passed, $failed failed"

python3 scripts/check-readme.py
[ "$failed" = 0 ]
