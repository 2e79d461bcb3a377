#!/usr/bin/env bash
# The Python distribution as users get it, from dist/ (built by scripts/dist.sh when missing):
#   1. the wheels are tagged cp39-abi3-manylinux2014_x86_64 and _aarch64 and auditwheel agrees
#      each is manylinux2014 (glibc 2.17) for its CPU; twine checks the metadata and README as
#      PyPI renders them (scripts/test-aarch64.sh runs the aarch64 wheel under emulation);
#   2. a fresh venv gets the x86_64 wheel plus the test dependency group of
#      bindings/python/pyproject.toml (what a contributor installs), and the whole pytest suite,
#      mypy --strict and stubtest run against the installed package, from outside the source tree;
#   3. another fresh venv installs the sdist (pip compiles it with cargo: Rust needed) and uses it.
# Leaves the wheel's venv at $CARDBIND_WHEEL_VENV when set (scripts/test.sh reuses it for the
# quick starts), else removes it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
source scripts/python-env.sh
python_tools "auditwheel>=6" twine

step() { printf '\n==> python dist: %s\n' "$*"; }

version=$(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["workspace"]["package"]["version"])')
wheel="dist/cardbind-$version-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"
arm_wheel="dist/cardbind-$version-cp39-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.whl"
sdist="dist/cardbind-$version.tar.gz"
[ -f "$wheel" ] && [ -f "$arm_wheel" ] && [ -f "$sdist" ] || scripts/dist.sh python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for arch in x86_64 aarch64; do
  step "$arch wheel: tag and auditwheel"
  file="dist/cardbind-$version-cp39-abi3-manylinux2014_$arch.manylinux_2_17_$arch.whl"
  ls "$file"
  audit=$(auditwheel show "$file" | tr -s ' \n' ' ')
  echo "$audit"
  expected=("is consistent with the following platform tag: \"manylinux_2_17_$arch\"")
  # glibc 2.17 is aarch64's oldest manylinux: auditwheel only says "constrains" for x86_64.
  [ "$arch" = aarch64 ] || expected+=("constrains the platform tag to \"manylinux_2_17_$arch\"")
  for expected in "${expected[@]}"; do
    case "$audit" in
      *"$expected"*) ;;
      *) echo "auditwheel does not say: $expected" >&2; exit 1 ;;
    esac
  done
done

step "twine check: metadata and README as PyPI shows them"
twine check --strict "$wheel" "$arm_wheel" "$sdist"

step "wheel in a fresh venv: pytest, mypy --strict, stubtest against the installed package"
venv="${CARDBIND_WHEEL_VENV:-$work/wheel-venv}"
rm -rf "$venv"
python3 -m venv "$venv"
# pip >= 25.1 reads PEP 735 dependency groups (--group); the venv's own pip may be older.
"$venv/bin/pip" install --quiet --disable-pip-version-check "pip>=25.1"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wheel" --group bindings/python/pyproject.toml:test
installed=$(cd "$work" && "$venv/bin/python" -c 'import cardbind; print(cardbind.__file__)')
case "$installed" in
  "$venv"/lib/python3*/site-packages/cardbind/__init__.py) echo "cardbind $version from $installed" ;;
  *) echo "cardbind imported from $installed, not the wheel in $venv" >&2; exit 1 ;;
esac
# From a directory outside the source tree: nothing but site-packages can provide `cardbind`.
(cd "$work" && "$venv/bin/python" -m pytest -q -p no:cacheprovider "$ROOT/bindings/python/tests")
(cd bindings/python && "$venv/bin/python" -m mypy --strict tests examples python "$ROOT/examples/quickstart/python")
(cd "$work" && "$venv/bin/python" -m mypy.stubtest cardbind --allowlist "$ROOT/bindings/python/stubtest-allowlist.txt")

step "sdist in another fresh venv: pip compiles it, then it decodes LianLian's signed 8888 reply"
python3 -m venv "$work/sdist-venv"
# Compile the sdist for real: no cached wheel (pip keeps wheels it built from an sdist of the same
# name and version), and a target dir of its own (cargo hashes path packages relative to the
# workspace root, so in the shared one an unpacked sdist can pass for the artifacts of another
# tree and be linked unbuilt).
CARGO_TARGET_DIR="$work/sdist-target" \
  "$work/sdist-venv/bin/pip" install --quiet --disable-pip-version-check --no-cache-dir "$sdist"
(cd "$work" && "$work/sdist-venv/bin/python" - "$ROOT" "$version" <<'PY'
import json, sys
from pathlib import Path
import cardbind

root, version = Path(sys.argv[1]), sys.argv[2]
assert cardbind.__version__ == version, cardbind.__version__
assert "sdist-venv" in cardbind.__file__, cardbind.__file__
vectors = json.loads((root / "spec/vectors/providers/lianlian.json").read_text(encoding="utf-8"))
reply = next(r for r in vectors["responses"] if r["id"] == "bankcardbind-8888-RSA")
keys = root / "spec/vectors/keys"
client = cardbind.Client("lianlian", {
    "oid_partner": vectors["oid_partner"], "environment": "production", "sign_type": "RSA",
    "our_private_key": (keys / "test-rsa-1024-private-pkcs8.pem").read_text(),
    "their_public_key": (keys / "test-rsa-2048-public-spki.pem").read_text(),
})
outcome = client.decode_response("bankcardbind", reply["body_utf8"].encode()).outcome
assert (outcome.status, outcome.confirm_token) == ("code_sent", reply["outcome"]["confirm_token"]), outcome
print(f"sdist-built cardbind {cardbind.__version__}: {outcome.status} {outcome.confirm_token}")
PY
)
