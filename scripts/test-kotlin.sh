#!/usr/bin/env bash
# Kotlin binding tests, run for real on the JVM, on a fresh machine:
#   1. installs kotlinc (npm package `kotlin-compiler`, into .tools/) and JNA (Debian `libjna-java`)
#      when missing; a JDK (17) must be there or is installed from Debian;
#   2. builds the cardbind-uniffi cdylib and regenerates the Kotlin AND Swift bindings into a temp
#      dir: fails if they differ from the committed ones (Swift cannot be compiled or run here, so
#      this staleness check is all the Swift CI there is);
#   3. compiles the generated Kotlin plus bindings/kotlin/src/test/kotlin with kotlinc and runs the
#      tests against the built library (JNA loads it from the cargo target dir).
# Standalone; scripts/test.sh calls it. Uses $CARGO_TARGET_DIR, default ./target.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
KOTLIN_VERSION=2.4.20
TOOLS="$ROOT/.tools"
KOTLIN_HOME="$TOOLS/kotlin/node_modules/kotlin-compiler"
KOTLINC="$KOTLIN_HOME/bin/kotlinc"
JNA_JAR=/usr/share/java/jna.jar

step() { printf '\n==> kotlin: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2
    return 1
  fi
}

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

step "toolchain"
if ! command -v java >/dev/null; then
  echo "installing a JDK (openjdk-17-jdk-headless)"
  apt_install openjdk-17-jdk-headless
fi
if ! grep -qs "\"version\": \"$KOTLIN_VERSION\"" "$KOTLIN_HOME/package.json"; then
  command -v npm >/dev/null || apt_install npm
  echo "installing kotlin-compiler@$KOTLIN_VERSION into .tools/kotlin"
  npm install --prefix "$TOOLS/kotlin" --no-audit --no-fund --loglevel=error "kotlin-compiler@$KOTLIN_VERSION"
fi
if [ ! -f "$JNA_JAR" ]; then
  echo "installing JNA (libjna-java)"
  apt_install libjna-java
fi
java -version 2>&1 | head -1
echo "kotlinc $KOTLIN_VERSION, JNA $JNA_JAR"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step "build the library and check the committed Kotlin and Swift bindings are up to date"
bindings/generate.sh "$work/generated" >/dev/null
stale=0
diff -ru bindings/kotlin/src/main/kotlin "$work/generated/kotlin/src/main/kotlin" || stale=1
diff -ru bindings/swift/Sources "$work/generated/swift/Sources" || stale=1
if [ "$stale" != 0 ]; then
  echo "STALE BINDINGS: the committed generated sources differ from what bindings/generate.sh makes;" >&2
  echo "run bindings/generate.sh and commit bindings/kotlin/src/main and bindings/swift/Sources." >&2
  exit 1
fi
echo "generated Kotlin and Swift sources match the committed ones"

step "compile generated bindings and tests with kotlinc"
"$KOTLINC" -nowarn -jvm-target 17 -include-runtime -cp "$JNA_JAR" -d "$work/tests.jar" \
  bindings/kotlin/src/main/kotlin bindings/kotlin/src/test/kotlin

step "run"
CARDBIND_ROOT="$ROOT" java -Djna.library.path="$CARGO_TARGET_DIR/debug" \
  -cp "$work/tests.jar:$JNA_JAR" io.cardbind.test.MainKt
