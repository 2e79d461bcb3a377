# Sourced by scripts/test-quickstarts.sh and scripts/test-aarch64.sh: a scratch dir $work, removed
# on exit with any mock still running, and the mock LianLian for one run.
#   start_mock PYTHON NAME   PYTHON -m cardbind.testing --port 0 (a free port); sets MOCK_URL (its
#                            LIANLIAN_BASE_URL) and MOCK_LOG; exits 1 when it does not start
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
  "$1" -m cardbind.testing --port 0 >"$out" 2>"$MOCK_LOG" &
  mock_pid=$!
  for _ in $(seq 600); do # up to a minute: the 2 cores may be busy with other builds
    grep -q '^LIANLIAN_BASE_URL=' "$out" && break
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
  done
  MOCK_URL=$(sed -n 's/^LIANLIAN_BASE_URL=//p' "$out")
  if [ -z "$MOCK_URL" ]; then
    cat "$MOCK_LOG" >&2
    local status=running
    kill -0 "$mock_pid" 2>/dev/null || { wait "$mock_pid" && status="exited 0" || status="exited $?"; }
    echo "the mock LianLian did not start (for $2; $status)" >&2
    exit 1
  fi
}

stop_mock() {
  kill "$mock_pid"
  wait "$mock_pid" 2>/dev/null || true
  mock_pid=
}
