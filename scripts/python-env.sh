# Sourced by scripts/dist.sh, scripts/test.sh, scripts/test-python-dist.sh, scripts/demo.sh and
# scripts/mock-provider.sh: .venv with the build tools only (maturin, and ziglang: maturin --zig
# links the manylinux2014 wheels against glibc 2.17 with it), its bin first on PATH (maturin finds
# zig there). Nothing for the JVM: a Python-only user never installs a JDK or kotlinc.
#   python_tools PKG...   installs more into .venv (auditwheel and twine for the dist checks;
#                         cryptography for the Python benchmark).
#   install_cardbind      installs the x86_64 wheel into .venv, building it first only when
#                         dist/ has none newer than every file it is built from.
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
  echo "creating .venv (maturin, ziglang)" >&2
  python3 -m venv "$VENV"
fi

python_tools() {
  "$PY" -m pip install --quiet --disable-pip-version-check "$@"
}
# `pip install` of satisfied requirements still costs seconds: skip it when the list is unchanged.
python_build_tools=("maturin>=1.9.4,<2" "ziglang>=0.13")
if [ "$(cat "$VENV/.build-tools" 2>/dev/null)" != "${python_build_tools[*]}" ]; then
  python_tools "${python_build_tools[@]}"
  printf '%s' "${python_build_tools[*]}" >"$VENV/.build-tools"
fi
case ":$PATH:" in
  *":$VENV/bin:"*) ;;
  *) export PATH="$VENV/bin:$PATH" ;;
esac

install_cardbind() {
  local wheel
  if ! wheel=$(python3 "$ROOT/scripts/wheel-fresh.py"); then
    "$ROOT/scripts/dist.sh" wheel >&2
    wheel=$(python3 "$ROOT/scripts/wheel-fresh.py")
  fi
  # Reinstall only another wheel than the one installed last.
  local stamp="$VENV/.cardbind-wheel"
  local id
  id="$(basename "$wheel") $(stat -c %Y "$wheel")"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$id" ]; then
    "$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
    printf '%s' "$id" >"$stamp"
  fi
}
