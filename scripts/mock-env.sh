# Sourced by scripts/test-quickstarts.sh, scripts/test-examples.sh and scripts/test-aarch64.sh: a
# scratch dir $work, removed on exit with any mock still running, and a mock provider for one run.
#   start_mock PYTHON NAME [PROVIDER]   PYTHON -m cardbind.testing [--provider PROVIDER] --port 0 (a
#                            free port; the mock LianLian by default); sets MOCK_ENV (the line it
#                            prints, e.g. LIANLIAN_BASE_URL=http://127.0.0.1:PORT), MOCK_URL (its
#                            value) and MOCK_LOG; exits 1 when it does not start
#   stop_mock
work=$(mktemp -d)
mock_pid=
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_mock() {
  # Files of its own: a shared one could still hold the previous mock's address when first read.
  local out="$work/$2.mock.out"
  MOCK_LOG="$work/$2.mock.log"
  "$1" -m cardbind.testing ${3:+--provider "$3"} --port 0 >"$out" 2>"$MOCK_LOG" &
  mock_pid=$!
  for _ in $(seq 600); do # up to a minute: the 2 cores may be busy with other builds
    grep -qs '^[A-Z]*_BASE_URL=' "$out" && break
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
  done
  MOCK_ENV=$(grep -s -m1 '^[A-Z]*_BASE_URL=' "$out" || true)
  MOCK_URL=${MOCK_ENV#*=}
  if [ -z "$MOCK_URL" ]; then
    cat "$MOCK_LOG" >&2
    local status=running
    kill -0 "$mock_pid" 2>/dev/null || { wait "$mock_pid" && status="exited 0" || status="exited $?"; }
    echo "the mock ${3:-lianlian} did not start (for $2; $status)" >&2
    exit 1
  fi
}

stop_mock() {
  kill "$mock_pid"
  wait "$mock_pid" 2>/dev/null || true
  mock_pid=
}
