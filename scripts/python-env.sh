# Sourced by scripts/dist.sh, scripts/test.sh, scripts/demo.sh and scripts/mock-provider.sh:
# .venv with the Python build and test tools (maturin and ziglang for manylinux2014 builds,
# auditwheel, twine, pytest, mypy, cryptography), its bin first on PATH (maturin --zig finds zig
# there). `install_cardbind` builds the manylinux wheel (scripts/dist.sh wheel, incremental in
# the shared cargo target dir) and installs it into .venv.
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
  python3 -m venv "$VENV"
fi
"$PY" -m pip install --quiet --disable-pip-version-check \
  "maturin>=1.9.4,<2" "ziglang>=0.13" "auditwheel>=6" twine pytest mypy cryptography
case ":$PATH:" in
  *":$VENV/bin:"*) ;;
  *) export PATH="$VENV/bin:$PATH" ;;
esac

install_cardbind() {
  "$ROOT/scripts/dist.sh" wheel >&2
  "$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$ROOT"/dist/cardbind-*.whl
}
