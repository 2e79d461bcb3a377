#!/usr/bin/env bash
# Builds the distributable artifacts into dist/ (the test command tests exactly these files).
#
#   scripts/dist.sh [python] [jvm] [ios] [all]     # no argument: all
#
#   python  cardbind-$V-cp39-abi3-manylinux2014_{x86_64,aarch64}…whl: maturin --zig
#           --compatibility manylinux2014, one wheel per CPU for CPython >= 3.9 on any Linux with
#           glibc >= 2.17 (aarch64 cross-compiled and cross-linked by zig); cardbind-$V.tar.gz, the
#           sdist (installing it compiles the crates, Rust >= the workspace's rust-version).
#           Needs maturin and ziglang (pip, into .venv): no JDK, no kotlinc.
#   jvm     cardbind-jvm-$V.jar: the generated Kotlin bindings and the Java helpers compiled for
#           JVM 17, plus linux-x86-64/ and linux-aarch64/libcardbind_uniffi.so (zig-linked against
#           glibc 2.17, like the wheels), where JNA finds them on the classpath; the sources jar;
#           cardbind-jvm-$V.pom (bindings/kotlin/pom.xml, checked against what is built and tested).
#           Installs a JDK, kotlinc and JNA when missing (scripts/jvm-env.sh).
#   ios     CardbindFFI.xcframework: cardbind-uniffi's static library for iOS devices (arm64) and
#           Apple-silicon simulators (arm64) with the generated C header and module map;
#           CardbindFFI.xcframework.zip and its SwiftPM checksum (.checksum);
#           swift/, the release Swift package (.binaryTarget) around it. scripts/xcframework.py.
#           Needs only rustup's iOS targets (or rust-src): no Apple SDK or linker.
#   finer   wheel (the x86_64 wheel only: what demo.sh and mock-provider.sh install), sdist, jar.
#
# $V is the workspace version (Cargo.toml), the one version of every artifact. Every build shares
# $CARGO_TARGET_DIR; each target triple has its own subdirectory there (<triple>/release), so a
# second run rebuilds only what changed. Every step prints cargo's and maturin's own progress and
# how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="$ROOT/dist"
workspace() { python3 -c 'import sys, tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["workspace"]["package"][sys.argv[1]])' "$1"; }
VERSION=$(workspace version)
LINUX_TRIPLES=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu)
GLIBC=2.17 # manylinux2014
# The iOS version Package.swift and the release manifest name: every object says so (LC_BUILD_VERSION).
export IPHONEOS_DEPLOYMENT_TARGET=13.0

started=$SECONDS
say() { printf '==> dist: %s\n' "$*"; }
timed() { # WHAT COMMAND...: runs COMMAND between a line naming the step and one with its time
  local what=$1 t=$SECONDS
  shift
  say "$what"
  "$@"
  say "$what: done in $((SECONDS - t))s (dist.sh so far: $((SECONDS - started))s)"
}

usage() { sed -n '4,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
want_wheel_x86_64= want_wheel_aarch64= want_sdist= want_jar= want_ios=
[ $# = 0 ] && set -- all
for what in "$@"; do
  case "$what" in
    python) want_wheel_x86_64=1 want_wheel_aarch64=1 want_sdist=1 ;;
    jvm | jar) want_jar=1 ;;
    ios) want_ios=1 ;;
    all) want_wheel_x86_64=1 want_wheel_aarch64=1 want_sdist=1 want_jar=1 want_ios=1 ;;
    wheel) want_wheel_x86_64=1 ;;
    sdist) want_sdist=1 ;;
    *) usage ;;
  esac
done
mkdir -p "$DIST"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A Rust standard library for TRIPLE (rustup), or a status 1 with the reason on stderr.
rust_target() {
  rustup target list --installed 2>/dev/null | grep -qx "$1" && return 0
  command -v rustup >/dev/null || { echo "rustup not found: cannot add the $1 target" >&2; return 1; }
  echo "rustup target add $1" >&2
  rustup target add "$1" >"$work/rustup.log" 2>&1 && return 0
  echo "rustup could not install the $1 standard library: $(grep -m1 -i 'error' "$work/rustup.log")" >&2
  return 1
}

# One manylinux2014 wheel for TRIPLE (into dist/ when wanted, else a scratch dir) and, for the jar,
# the JVM library of the same triple, built inside maturin's zig environment (scripts/dist-cargo.sh).
linux_build() {
  local triple=$1 arch=${1%%-*} wheel_wanted out
  wheel_wanted=$(eval echo "\${want_wheel_$arch}")
  rust_target "$triple" || { echo "cannot build for $triple here" >&2; return 1; }
  mkdir -p "$work/bin"
  ln -sf "$ROOT/scripts/dist-cargo.sh" "$work/bin/cargo"
  out="$work/wheel-$arch"
  if [ -n "$wheel_wanted" ]; then
    rm -f "$DIST"/cardbind-*_"$arch".whl "$DIST"/cardbind-*_"$arch".*.whl
    out="$DIST"
  fi
  DIST_REAL_CARGO=$(command -v cargo) DIST_JVM_LIB_TARGET=${want_jar:+$triple} PATH="$work/bin:$PATH" \
    maturin build --release --locked --zig --compatibility manylinux2014 --target "$triple" \
    --manifest-path bindings/python/Cargo.toml --out "$out"
  if [ -n "$want_jar" ]; then
    glibc_check "$CARGO_TARGET_DIR/$triple/release/libcardbind_uniffi.so"
  fi
}

# What zig linked against: no glibc symbol newer than 2.17, as in the wheels (readelf reads any CPU's ELF).
glibc_check() {
  local newest
  newest=$(readelf --dyn-syms --wide "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
  if [ "$(printf '%s\n%s\n' "$newest" "$GLIBC" | sort -V | tail -1)" != "$GLIBC" ]; then
    echo "$1 needs glibc $newest, newer than $GLIBC" >&2
    return 1
  fi
  echo "$(basename "$(dirname "$(dirname "$1")")")/libcardbind_uniffi.so: newest glibc symbol version $newest (<= $GLIBC)"
}

sdist() {
  rm -f "$DIST"/cardbind-*.tar.gz
  maturin sdist --manifest-path bindings/python/Cargo.toml --out "$DIST"
}

jar_build() {
  # The pom is committed (reviewable, publishable as it is); it must name what is built and tested.
  local pom=bindings/kotlin/pom.xml expected maven
  for expected in "<artifactId>cardbind-jvm</artifactId>" "<version>$VERSION</version>" "<url>$(workspace repository)</url>" \
    "<jna.version>$JNA_VERSION</jna.version>" "<kotlin.version>$KOTLIN_VERSION</kotlin.version>"; do
    grep -qF "$expected" "$pom" || {
      echo "$pom does not say $expected: update it to what is built and tested here" >&2
      return 1
    }
  done
  if command -v mvn >/dev/null; then
    # Maven's own model checks (coordinates, dependency versions...), offline: no repository is reachable.
    if ! maven=$(mvn --offline --quiet --batch-mode validate -f "$pom" 2>&1); then
      echo "$maven" >&2
      return 1
    fi
    echo "$pom: Maven model valid"
  else
    echo "mvn not installed: the pom's Maven model check skipped"
  fi
  local classes="$work/classes"
  mkdir -p "$classes/META-INF/maven/io.cardbind/cardbind-jvm"
  "$KOTLINC" -nowarn -jvm-target 17 -module-name cardbind-jvm -cp "$JNA_JAR" -d "$classes" \
    bindings/kotlin/src/main/kotlin bindings/kotlin/src/jvm/kotlin
  # JNA looks for <os>-<arch>/<mapped name> on the classpath (linux-x86-64, linux-aarch64) and
  # loads it from a temp copy: no jna.library.path needed. Other platforms: README, "JVM jar".
  local triple
  for triple in "${LINUX_TRIPLES[@]}"; do
    local resource=linux-${triple%%-*}
    resource=${resource/x86_64/x86-64}
    mkdir -p "$classes/$resource"
    cp "$CARGO_TARGET_DIR/$triple/release/libcardbind_uniffi.so" "$classes/$resource/libcardbind_uniffi.so"
  done
  cp "$pom" "$classes/META-INF/maven/io.cardbind/cardbind-jvm/pom.xml"
  printf 'groupId=io.cardbind\nartifactId=cardbind-jvm\nversion=%s\n' "$VERSION" \
    >"$classes/META-INF/maven/io.cardbind/cardbind-jvm/pom.properties"
  cat >"$work/manifest.txt" <<EOF
Automatic-Module-Name: io.cardbind
Implementation-Title: cardbind-jvm
Implementation-Version: $VERSION
EOF
  rm -f "$DIST"/cardbind-jvm-*
  jar --create --file "$DIST/cardbind-jvm-$VERSION.jar" --manifest "$work/manifest.txt" -C "$classes" .
  jar --create --file "$DIST/cardbind-jvm-$VERSION-sources.jar" \
    -C bindings/kotlin/src/main/kotlin . -C bindings/kotlin/src/jvm/kotlin .
  cp "$pom" "$DIST/cardbind-jvm-$VERSION.pom"
}

# cardbind-uniffi as a static library for an Apple TRIPLE, printing the library's path: no Apple
# linker is needed for a .a (`cargo rustc --crate-type staticlib` skips the cdylib the manifest
# also names). When rustup has no prebuilt standard library for TRIPLE (here:
# aarch64-apple-ios-sim, which its server answers with 404), the standard library is compiled
# from rust-src (-Zbuild-std, which RUSTC_BOOTSTRAP=1 allows on the stable compiler), in a target
# dir of its own under $CARGO_TARGET_DIR: build scripts that probe for nightly features (proc-macro2,
# anyhow) rebuild whenever RUSTC_BOOTSTRAP changes, and would rebuild every other build's too.
apple_lib() {
  local triple=$1
  local cargo=(cargo rustc --release --locked -p cardbind-uniffi --lib --crate-type staticlib --target "$triple")
  if rust_target "$triple"; then
    "${cargo[@]}" >&2
    echo "$CARGO_TARGET_DIR/$triple/release/libcardbind_uniffi.a"
  elif rustup component list --installed 2>/dev/null | grep -q '^rust-src' || rustup component add rust-src >&2; then
    echo "building the $triple standard library from rust-src instead (-Zbuild-std)" >&2
    CARGO_TARGET_DIR="$CARGO_TARGET_DIR/build-std" RUSTC_BOOTSTRAP=1 "${cargo[@]}" -Zbuild-std=std,panic_abort >&2
    echo "$CARGO_TARGET_DIR/build-std/$triple/release/libcardbind_uniffi.a"
  else
    echo "neither a prebuilt standard library for $triple nor rust-src can be installed here" >&2
    return 1
  fi
}

# Devices (arm64) and Apple-silicon simulators (arm64). Intel-Mac simulators (x86_64-apple-ios)
# are left out: rustup here has no std for them either, and the simulator slice would then have
# to be a two-CPU fat archive, which nothing here makes (README, "Platforms").
ios_build() {
  local device simulator
  device=$(apple_lib aarch64-apple-ios)
  simulator=$(apple_lib aarch64-apple-ios-sim)
  python3 scripts/xcframework.py --dist "$DIST" "device=$device" "simulator=$simulator"
}

if [ -n "$want_wheel_x86_64$want_wheel_aarch64$want_sdist$want_jar" ]; then
  # maturin, and ziglang (zig on PATH for maturin --zig), come from .venv.
  timed "Python build tools (.venv: maturin, ziglang)" source scripts/python-env.sh
fi
if [ -n "$want_jar" ]; then
  timed "JVM toolchain (JDK 17, kotlinc, JNA)" source scripts/jvm-env.sh
fi
for triple in "${LINUX_TRIPLES[@]}"; do
  arch=${triple%%-*}
  wheel_wanted=$(eval echo "\${want_wheel_$arch}")
  [ -n "$wheel_wanted$want_jar" ] || continue
  what="$triple: manylinux2014 abi3 wheel"
  [ -n "$wheel_wanted" ] || what="$what (for the JVM library's build environment only)"
  timed "$what${want_jar:+ and the JVM library} (maturin --zig)" linux_build "$triple"
done
if [ -n "$want_sdist" ]; then timed "sdist" sdist; fi
if [ -n "$want_jar" ]; then timed "cardbind-jvm jar (kotlinc $KOTLIN_VERSION, JNA $JNA_VERSION)" jar_build; fi
if [ -n "$want_ios" ]; then timed "iOS: CardbindFFI.xcframework, its zip and checksum, the release Swift package" ios_build; fi

ls -l "$DIST"
say "done in $((SECONDS - started))s"
