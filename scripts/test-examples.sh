#!/usr/bin/env bash
# Runs every provider's examples (examples/<provider>/client.py and server.py; examples/README.md
# lists them) against the mocks in cardbind.testing with its TEST keys, and compares what each
# prints with its .expected.txt beside it:
#   client.py   against a fresh `python -m cardbind.testing --provider <provider> --port 0`, its
#               base URL in <PROVIDER>_BASE_URL;
#   server.py   on its own: it serves its handler on 127.0.0.1 and plays the other side with
#               cardbind.testing's configuration (a replay among the requests).
# Every provider of the installed wheel must have both; mypy --strict checks them all.
#   Python: $CARDBIND_PYTHON (scripts/test.sh: the venv the wheel was tested in), else .venv with
#           the wheel installed. The examples' HTTP clients, httpx and requests (and mypy with
#           types-requests), are pip-installed into it from PyPI: without PyPI this fails, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

PY="${CARDBIND_PYTHON:-}"
if [ -z "$PY" ]; then
  source scripts/python-env.sh
  install_cardbind
fi
source scripts/mock-env.sh

requirements=("httpx>=0.27,<1" "requests>=2.31,<3" "mypy>=2.4,<2.5" "types-requests")
if ! "$PY" -m pip install --quiet --disable-pip-version-check "${requirements[@]}"; then
  echo "FAIL examples: could not pip-install ${requirements[*]} into $("$PY" -c 'import sys; print(sys.prefix)')" \
    "(PyPI or its index-url unreachable?): the examples need them" >&2
  exit 1
fi

mapfile -t providers < <("$PY" -c 'import cardbind; print(*cardbind.providers(), sep="\n")')
files=()
for provider in "${providers[@]}"; do
  for role in client server; do
    for file in "examples/$provider/$role.py" "examples/$provider/$role.expected.txt"; do
      [ -f "$file" ] || { echo "FAIL examples: $file is missing (every provider has a client and a server example)" >&2; exit 1; }
    done
    files+=("examples/$provider/$role.py")
  done
done
echo "mypy --strict on ${#files[@]} examples"
"$PY" -m mypy --strict --explicit-package-bases --no-error-summary "${files[@]}"

passed=0
failed=0
example() { # NAME EXPECTED COMMAND...: COMMAND's stdout must be EXPECTED
  local name=$1 expected=$2 started=$SECONDS
  shift 2
  if "$@" >"$work/out" 2>"$work/err" && diff -u "$expected" "$work/out"; then
    passed=$((passed + 1))
    echo "ok   $name ($((SECONDS - started))s)"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    sed 's/^/  stdout: /' "$work/out"
    sed 's/^/  stderr: /' "$work/err"
    [ -z "${MOCK_LOG:-}" ] || sed 's/^/  mock:   /' "$MOCK_LOG"
  fi
}

for provider in "${providers[@]}"; do
  dir="examples/$provider"
  start_mock "$PY" "$provider client example" "$provider"
  example "$dir/client.py against the mock $provider ($MOCK_URL)" "$dir/client.expected.txt" \
    env "$MOCK_ENV" "$PY" "$dir/client.py"
  stop_mock
  MOCK_LOG=
  example "$dir/server.py" "$dir/server.expected.txt" "$PY" "$dir/server.py"
done
echo "examples: $passed passed, $failed failed"
[ "$failed" = 0 ]
