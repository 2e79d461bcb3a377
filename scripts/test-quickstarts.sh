#!/usr/bin/env bash
# Runs every README quick start as written, against the mock LianLian on 127.0.0.1 with the TEST
# keys: examples/quickstart/{python,kotlin,java,cli} and core/examples/quickstart.rs (Rust), and the
# Python package's README (its ```python blocks as one program, from a temporary directory, in a
# venv with only the wheel). Each gets a fresh mock (python -m cardbind.testing --port 0) and must
# print exactly examples/quickstart/expected.txt. Then scripts/check-readme.py holds the READMEs' code blocks to
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
version=$(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["workspace"]["package"]["version"])')
WHEEL=$(ls dist/cardbind-"$version"-cp39-abi3-*x86_64*.whl)
source scripts/mock-env.sh

# The compiled ones first, so each mock only lives while its quick start runs.
echo "compiling the Kotlin quick start against $(basename "$JAR"); building the CLI and the Rust example"
"$KOTLINC" -nowarn -jvm-target 17 -cp "$JAR:$JNA_JAR" -d "$work/kotlin-quickstart.jar" examples/quickstart/kotlin/QuickStart.kt
cargo build --quiet --locked -p cardbind-cli -p cardbind --example quickstart

passed=0
failed=0
quickstart() { # NAME COMMAND...: run COMMAND against a fresh mock; its stdout must be expected.txt
  local name=$1 expected=examples/quickstart/expected.txt
  shift
  # A program that prints more than the quick start (the PyPI README also shows cardbind.explain)
  # has its own expected output.
  [ -f "examples/quickstart/$name.expected.txt" ] && expected="examples/quickstart/$name.expected.txt"
  start_mock "$PY" "the $name quick start"
  if LIANLIAN_BASE_URL="$MOCK_URL" "$@" >"$work/out" 2>"$work/err" && diff -u "$expected" "$work/out"; then
    passed=$((passed + 1))
    echo "ok   quick start: $name ($(tr '\n' ' ' <"$MOCK_LOG"))"
  else
    failed=$((failed + 1))
    echo "FAIL quick start: $name"
    sed 's/^/  stdout: /' "$work/out"
    sed 's/^/  stderr: /' "$work/err"
    sed 's/^/  mock:   /' "$MOCK_LOG"
  fi
  stop_mock
}

quickstart python "$PY" examples/quickstart/python/quickstart.py
# The package's README (PyPI's page) as one program, run from an empty temporary directory by a
# fresh venv holding only the wheel: nothing of the repository to lean on.
python3 -m venv "$work/only-wheel"
"$work/only-wheel/bin/pip" install --quiet --disable-pip-version-check "$WHEEL"
python3 scripts/check-readme.py --python-code bindings/python/README.md >"$work/pypi-readme.py"
mkdir "$work/outside"
quickstart "pypi-readme" env --chdir="$work/outside" "$work/only-wheel/bin/python" "$work/pypi-readme.py"
quickstart kotlin java -cp "$work/kotlin-quickstart.jar:$JAR:$JNA_JAR:$KOTLIN_STDLIB_JAR" QuickStartKt
quickstart java java -cp "$JAR:$JNA_JAR:$KOTLIN_STDLIB_JAR" examples/quickstart/java/QuickStart.java
# Without LIANLIAN_BASE_URL the JVM quick starts stop at once (status 2) with one line saying what
# to set, rather than a NullPointerException from Map.of or a stack trace.
MISSING_BASE_URL="LIANLIAN_BASE_URL is not set: set it to the mock's URL (./scripts/mock-provider.sh: http://127.0.0.1:8618) or LianLian's test environment"
missing_setting() { # NAME COMMAND...
  local name=$1 status=0
  shift
  env -u LIANLIAN_BASE_URL "$@" >"$work/out" 2>"$work/err" || status=$?
  if [ "$status" = 2 ] && [ ! -s "$work/out" ] && diff -u <(echo "$MISSING_BASE_URL") "$work/err"; then
    passed=$((passed + 1))
    echo "ok   quick start without LIANLIAN_BASE_URL: $name says what to set"
  else
    failed=$((failed + 1))
    echo "FAIL quick start without LIANLIAN_BASE_URL: $name (status $status)"
    sed 's/^/  stdout: /' "$work/out"
    sed 's/^/  stderr: /' "$work/err"
  fi
}
missing_setting kotlin java -cp "$work/kotlin-quickstart.jar:$JAR:$JNA_JAR:$KOTLIN_STDLIB_JAR" QuickStartKt
missing_setting java java -cp "$JAR:$JNA_JAR:$KOTLIN_STDLIB_JAR" examples/quickstart/java/QuickStart.java
missing_setting python "$PY" examples/quickstart/python/quickstart.py
missing_setting rust "$CARGO_TARGET_DIR/debug/examples/quickstart"
quickstart rust "$CARGO_TARGET_DIR/debug/examples/quickstart"
quickstart cli env PATH="$CARGO_TARGET_DIR/debug:$PATH" examples/quickstart/cli/quickstart.sh
echo "quick starts: $passed passed, $failed failed"

python3 scripts/check-readme.py
[ "$failed" = 0 ]
