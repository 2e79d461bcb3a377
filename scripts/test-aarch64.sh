#!/usr/bin/env bash
# The aarch64 artifacts in dist/ run under emulation (qemu-aarch64-static in user mode: no VM,
# no binfmt registration), as an ARM server would run them:
#   1. an aarch64 Debian root made from Debian's arm64 packages: a private apt configuration
#      (the host's Debian sources, architecture arm64, its own lists, status and cache) lets
#      `apt-get install --download-only` resolve the dependencies of python3.11-venv and of the
#      JRE, and `dpkg-deb -x` unpacks them (no maintainer script runs). Cached in
#      $CARDBIND_CACHE/aarch64 (default .cache/, ignored by git): made again only when the list of
#      packages changes, so a second run starts in seconds;
#   2. a venv inside it with pytest, and dist/'s aarch64 wheel installed with its own pip;
#   3. bindings/python/tests/test_provider_vectors.py, emulated and natively on the x86_64 wheel:
#      the same tests must pass with the same outcomes;
#   4. the Python quick start, emulated, against the mock LianLian run natively (the loopback is
#      shared): it must print examples/quickstart/expected.txt, as the x86_64 run does;
#   5. the plain Java test (bindings/java, compiled natively by javac) on Debian's arm64 JRE,
#      emulated, against dist's jar: JNA loads the jar's linux-aarch64 library.
# When emulation is unavailable (qemu-user-static or arm64 packages cannot be installed, or qemu
# cannot run the root's python) it says SKIPPED and why, and exits 0. A failing test exits 1.
#   $CARDBIND_PYTHON: the native Python with the x86_64 wheel and pytest (scripts/test.sh: the
#   venv test-python-dist.sh tested); else .venv, where scripts/python-env.sh installs the wheel.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
source scripts/apt-env.sh
CACHE="${CARDBIND_CACHE:-$ROOT/.cache}/aarch64"
ROOTFS="$CACHE/root"
# What the root holds. Changing this list makes the root again.
PACKAGES=(python3.11-venv openjdk-17-jre-headless libjna-java libjna-jni)
started=$SECONDS

step() { printf '\n==> aarch64: %s   (%ss so far)\n' "$*" $((SECONDS - started)); }
skip() {
  echo "aarch64 emulation SKIPPED: $*"
  echo "(the aarch64 wheel and the jar's linux-aarch64 library were built and checked structurally, not run)"
  exit 0
}
emulate() { qemu-aarch64-static -L "$ROOTFS" "$@"; }

version=$(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["workspace"]["package"]["version"])')
wheel=$(ls dist/cardbind-"$version"-cp39-abi3-*aarch64*.whl 2>/dev/null || true)
jar="dist/cardbind-jvm-$version.jar"
[ -n "$wheel" ] || scripts/dist.sh python
wheel=$(ls dist/cardbind-"$version"-cp39-abi3-*aarch64*.whl)
[ -f "$jar" ] || scripts/dist.sh jvm
source scripts/mock-env.sh

step "qemu-aarch64-static"
if ! command -v qemu-aarch64-static >/dev/null; then
  echo "installing qemu-user-static (Debian)"
  apt_install qemu-user-static || skip "qemu-user-static could not be installed"
fi
qemu-aarch64-static --version | head -1 || skip "qemu-aarch64-static does not run here"

# apt-get with its own state, cache and sources, for arm64 only; the host's apt is untouched.
APT="$CACHE/apt"
apt_arm64() {
  apt-get -q -o APT::Architecture=arm64 -o APT::Architectures=arm64 -o Debug::NoLocking=1 \
    -o APT::Sandbox::User=root -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false \
    -o Dir::State="$APT/state" -o Dir::State::Lists="$APT/lists" -o Dir::State::status="$APT/status" \
    -o Dir::Cache="$APT/cache" -o Dir::Etc::SourceList="$APT/sources.list" \
    -o Dir::Etc::SourceParts="$APT/none" -o Dir::Etc::PreferencesParts="$APT/none" "$@"
}

make_root() {
  rm -rf "$ROOTFS" "$APT"
  mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/state" "$APT/none"
  : >"$APT/status"
  # The Debian archives the host's apt already uses (their lists need one host `apt-get update`).
  local sources
  sources=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Origin: Debian' 'Identifier: Packages' | sort -u)
  if [ -z "$sources" ]; then
    as_root apt-get update -qq || true
    sources=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Origin: Debian' 'Identifier: Packages' | sort -u)
  fi
  [ -n "$sources" ] || return 1
  sed 's/^/deb [arch=arm64] /' <<<"$sources" >"$APT/sources.list"
  apt_arm64 -qq update || return 1
  apt_arm64 -qq install --yes --download-only --no-install-recommends "${PACKAGES[@]}" || return 1
  mkdir -p "$ROOTFS"
  local deb
  for deb in "$APT"/cache/archives/*.deb; do dpkg-deb -x "$deb" "$ROOTFS"; done
  rm -rf "$APT/cache/archives" "$APT/lists" # 100 MB: the root holds what was in them
}

# The root with a venv holding pip and pytest, made when missing or made from another list.
prepare_root() {
  if [ "$(cat "$ROOTFS/.cardbind-root" 2>/dev/null)" = "$key" ]; then
    echo "reusing the root: ${PACKAGES[*]}"
    return 0
  fi
  echo "making the root from Debian's arm64 packages: ${PACKAGES[*]} (and their dependencies)"
  make_root || skip "Debian's arm64 packages could not be downloaded (apt-get above says why)"
  # A venv without pip: ensurepip runs pip in a child process, and without binfmt the kernel
  # cannot exec an aarch64 binary. pip is installed from Debian's own pip wheel instead, by
  # running pip from inside that wheel.
  emulate "$ROOTFS/usr/bin/python3.11" -m venv --without-pip "$ROOTFS/venv" ||
    skip "qemu-aarch64-static cannot run the root's python3.11"
  local pip_wheel
  pip_wheel=$(ls "$ROOTFS"/usr/share/python-wheels/pip-*.whl)
  emulate "$ROOTFS/venv/bin/python" "$pip_wheel/pip" install --quiet --no-index "$pip_wheel"
  emulate "$ROOTFS/venv/bin/python" -m pip install --quiet --disable-pip-version-check pytest
  printf '%s' "$key" >"$ROOTFS/.cardbind-root"
}

step "the aarch64 root ($CACHE, cached)"
key="${PACKAGES[*]} | $(. /etc/os-release && echo "$VERSION_CODENAME")"
VPY="$ROOTFS/venv/bin/python"
probe() { emulate "$VPY" -c 'import platform, pytest, sys; print("emulated:", platform.machine(), "Python", sys.version.split()[0])'; }
prepare_root
if ! probe; then
  echo "the cached root's Python does not run: making the root again"
  rm -f "$ROOTFS/.cardbind-root"
  prepare_root
  probe || skip "qemu-aarch64-static cannot run the root's Python with pytest"
fi

step "the aarch64 wheel, installed by the root's pip"
stamp="$ROOTFS/venv/.cardbind-wheel"
wheel_id="$(basename "$wheel") $(sha256sum "$wheel" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" = "$wheel_id" ]; then
  echo "already installed: $wheel_id"
else
  emulate "$VPY" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$wheel"
  printf '%s' "$wheel_id" >"$stamp"
fi
# What runs is the wheel's aarch64 extension, in the emulated venv.
native_lib=$(cd "$work" && emulate "$VPY" -c 'import cardbind._native as n; print(n.__file__)')
python3 - "$native_lib" "$ROOTFS/venv" <<'PY'
import sys
sys.path.insert(0, "scripts")
from native_formats import elf_machine
lib, venv = sys.argv[1:]
assert lib.startswith(venv + "/lib/python3.11/site-packages/cardbind/"), lib
machine = elf_machine(open(lib, "rb").read())
assert machine == "aarch64", machine
print(f"cardbind._native: {lib.removeprefix(venv + '/')} ({machine})")
PY

NATIVE_PY="${CARDBIND_PYTHON:-}"
if [ -z "$NATIVE_PY" ]; then
  source scripts/python-env.sh
  install_cardbind
  python_tools pytest
  NATIVE_PY=$PY
fi

step "provider vector tests: emulated aarch64 and native x86_64, the same outcomes"
vectors="$ROOT/bindings/python/tests/test_provider_vectors.py"
emulated_started=$SECONDS
(cd "$work" && emulate "$VPY" -m pytest -q -p no:cacheprovider --junitxml="$work/aarch64.xml" "$vectors") || failed=1
emulated_seconds=$((SECONDS - emulated_started))
(cd "$work" && "$NATIVE_PY" -m pytest -q -p no:cacheprovider --junitxml="$work/x86_64.xml" "$vectors") || failed=1
python3 - "$work/aarch64.xml" "$work/x86_64.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET

def outcomes(path):
    result = {}
    for case in ET.parse(path).iter("testcase"):
        verdicts = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        result[f"{case.get('classname')}::{case.get('name')}"] = verdicts[0] if verdicts else "passed"
    return result

emulated, native = (outcomes(p) for p in sys.argv[1:])
if emulated != native:
    for test in sorted(set(emulated) | set(native)):
        if emulated.get(test) != native.get(test):
            print(f"DIFFERENT {test}: aarch64 {emulated.get(test)}, x86_64 {native.get(test)}")
    sys.exit(1)
passed = sum(v == "passed" for v in emulated.values())
print(f"aarch64 and x86_64: the same {len(emulated)} tests, {passed} passed, {len(emulated) - passed} not")
if passed != len(emulated) or not emulated:
    sys.exit(1)
PY
echo "emulated provider vector run: ${emulated_seconds}s"

step "Python quick start, emulated, against the mock LianLian (native)"
start_mock "$NATIVE_PY" "the emulated quick start"
LIANLIAN_BASE_URL="$MOCK_URL" emulate "$VPY" examples/quickstart/python/quickstart.py >"$work/quickstart.out"
stop_mock
diff -u examples/quickstart/expected.txt "$work/quickstart.out"
echo "ok: prints examples/quickstart/expected.txt"

step "Java test on Debian's arm64 JRE, emulated, against $(basename "$jar") (its linux-aarch64 library)"
source scripts/jvm-env.sh # javac and kotlin-stdlib (the host's: bytecode runs on any CPU)
mapfile -t sources < <(find bindings/java/src/test/java -name '*.java' | sort)
classpath="$jar:$ROOTFS/usr/share/java/jna.jar:$KOTLIN_STDLIB_JAR"
javac --release 17 -encoding UTF-8 -cp "$classpath" -d "$work/java" "${sources[@]}"
java_started=$SECONDS
# jna.debug_load: JNA says where it found each library; cardbind's must come out of the jar.
CARDBIND_ROOT="$ROOT" emulate "$ROOTFS/usr/lib/jvm/java-17-openjdk-arm64/bin/java" -Djna.debug_load=true \
  -cp "$work/java:$classpath" io.cardbind.javatest.SpringStyleTest 2>"$work/java.err" || {
  cat "$work/java.err" >&2
  exit 1
}
grep -q 'linux-aarch64/libcardbind_uniffi.so' "$work/java.err" || {
  cat "$work/java.err" >&2
  echo "JNA did not load libcardbind_uniffi.so from the jar's linux-aarch64/" >&2
  exit 1
}
echo "JNA loaded $(grep -o '[^ ]*linux-aarch64/libcardbind_uniffi.so' "$work/java.err" | head -1)"
echo "emulated Java run: $((SECONDS - java_started))s"

[ -z "${failed:-}" ] || exit 1
step "aarch64 under emulation: every check passed"
