# Sourced by scripts/test.sh and scripts/demo.sh: a .venv with the build/test tools and the
# `cardbind` wheel built from this checkout (release mode, into the shared cargo target dir).
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
  python3 -m venv "$VENV"
fi
"$PY" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2" pytest mypy cryptography
"$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$ROOT/bindings/python"
