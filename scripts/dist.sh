#!/usr/bin/env bash
# Builds the distributable artifacts into dist/ (the test command tests exactly these files):
#
#   wheel  cardbind-$V-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
#          maturin --zig --compatibility manylinux2014: one wheel for CPython >= 3.9 on any
#          x86_64 Linux with glibc >= 2.17
#   sdist  cardbind-$V.tar.gz (maturin sdist: the Python package plus the crates it needs;
#          installing it compiles them, Rust >= the workspace's rust-version)
#   jar    cardbind-jvm-$V.jar: the generated Kotlin bindings and the Java helpers
#          (bindings/kotlin/src/jvm) compiled for JVM 17, plus linux-x86-64/libcardbind_uniffi.so
#          (zig-linked against glibc 2.17, like the wheel) where JNA finds it on the classpath;
#          cardbind-jvm-$V-sources.jar; cardbind-jvm-$V.pom (bindings/kotlin/pom.xml, checked
#          against the versions built and tested here)
#
#   scripts/dist.sh [wheel] [sdist] [jar]      # no argument: all three
#
# $V is the workspace version (Cargo.toml), the one version of every artifact. The wheel's and the
# JVM library's release builds share $CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="$ROOT/dist"
workspace() { python3 -c 'import sys, tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["workspace"]["package"][sys.argv[1]])' "$1"; }
VERSION=$(workspace version)
TRIPLE=x86_64-unknown-linux-gnu
GLIBC=2.17 # manylinux2014

say() { printf '==> dist: %s\n' "$*"; }

want_wheel= want_sdist= want_jar=
[ $# = 0 ] && set -- wheel sdist jar
for what in "$@"; do
  case "$what" in
    wheel) want_wheel=1 ;;
    sdist) want_sdist=1 ;;
    jar) want_jar=1 ;;
    *) echo "usage: scripts/dist.sh [wheel] [sdist] [jar]" >&2; exit 2 ;;
  esac
done
mkdir -p "$DIST"

# maturin, and ziglang (zig on PATH for maturin --zig), come from .venv.
source scripts/python-env.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "$want_wheel$want_jar" ]; then
  # The JVM library is built inside maturin's zig environment: see scripts/dist-cargo.sh.
  mkdir -p "$work/bin"
  ln -s "$ROOT/scripts/dist-cargo.sh" "$work/bin/cargo"
  DIST_REAL_CARGO=$(command -v cargo)
  export DIST_REAL_CARGO
  if [ -n "$want_jar" ]; then export DIST_JVM_LIB_TARGET=$TRIPLE; fi
  say "manylinux2014 abi3 wheel${want_jar:+, and the JVM library}"
  out="$work/wheel" # the jar alone still builds the wheel: cargo does nothing for it a second time
  if [ -n "$want_wheel" ]; then
    rm -f "$DIST"/cardbind-*.whl
    out="$DIST"
  fi
  PATH="$work/bin:$PATH" maturin build --quiet --release --locked --zig --compatibility manylinux2014 \
    --manifest-path bindings/python/Cargo.toml --out "$out"
fi

if [ -n "$want_sdist" ]; then
  say "sdist"
  rm -f "$DIST"/cardbind-*.tar.gz
  maturin sdist --manifest-path bindings/python/Cargo.toml --out "$DIST" >/dev/null
fi

if [ -n "$want_jar" ]; then
  source scripts/jvm-env.sh
  say "cardbind-jvm jar (kotlinc $KOTLIN_VERSION, JNA $JNA_VERSION)"
  # The pom is committed (reviewable, publishable as it is); it must name what is built and tested.
  pom=bindings/kotlin/pom.xml
  for expected in "<artifactId>cardbind-jvm</artifactId>" "<version>$VERSION</version>" "<url>$(workspace repository)</url>" \
    "<jna.version>$JNA_VERSION</jna.version>" "<kotlin.version>$KOTLIN_VERSION</kotlin.version>"; do
    grep -qF "$expected" "$pom" || {
      echo "$pom does not say $expected: update it to what is built and tested here" >&2
      exit 1
    }
  done
  if command -v mvn >/dev/null; then
    # Maven's own model checks (coordinates, dependency versions...), offline: no repository is reachable.
    if ! maven=$(mvn --offline --quiet --batch-mode validate -f "$pom" 2>&1); then
      echo "$maven" >&2
      exit 1
    fi
    echo "$pom: Maven model valid"
  else
    echo "mvn not installed: the pom's Maven model check skipped"
  fi

  lib="$CARGO_TARGET_DIR/$TRIPLE/release/libcardbind_uniffi.so"
  # What zig linked against: no glibc symbol newer than 2.17, as in the wheel.
  newest=$(objdump -T "$lib" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
  if [ "$(printf '%s\n%s\n' "$newest" "$GLIBC" | sort -V | tail -1)" != "$GLIBC" ]; then
    echo "$lib needs glibc $newest, newer than $GLIBC" >&2
    exit 1
  fi
  echo "libcardbind_uniffi.so: newest glibc symbol version $newest (<= $GLIBC)"
  classes="$work/classes"
  mkdir -p "$classes/linux-x86-64" "$classes/META-INF/maven/io.cardbind/cardbind-jvm"
  "$KOTLINC" -nowarn -jvm-target 17 -module-name cardbind-jvm -cp "$JNA_JAR" -d "$classes" \
    bindings/kotlin/src/main/kotlin bindings/kotlin/src/jvm/kotlin
  # JNA looks for <os>-<arch>/<mapped name> on the classpath (here linux-x86-64/*.so) and loads
  # it from a temp copy: no jna.library.path needed. Other platforms: README, "JVM jar".
  cp "$lib" "$classes/linux-x86-64/libcardbind_uniffi.so"
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
fi

ls -l "$DIST"
