#!/usr/bin/env bash
# Kotlin binding tests, run for real on the JVM against the cardbind-jvm jar, on a fresh machine:
#   1. the toolchain (scripts/jvm-env.sh: JDK 17, kotlinc from npm `kotlin-compiler`, JNA from
#      Debian `libjna-java`), installed when missing;
#   2. builds the cardbind-uniffi cdylib (debug, unstripped) and regenerates the Kotlin AND Swift
#      bindings into a temp dir: fails if they differ from the committed ones (Swift cannot be
#      compiled or run here, so this staleness check is all the Swift CI there is);
#   3. compiles bindings/kotlin/src/test/kotlin against dist/cardbind-jvm-$V.jar (built by
#      scripts/dist.sh jar when missing, or $CARDBIND_JVM_JAR) and runs the tests with only that
#      jar, JNA and kotlin-stdlib on the classpath: the native library comes out of the jar.
# Standalone; scripts/test.sh calls it after scripts/dist.sh. Uses $CARGO_TARGET_DIR, default ./target.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

step() { printf '\n==> kotlin: %s\n' "$*"; }

step "toolchain"
source scripts/jvm-env.sh
java -version 2>&1 | head -1
echo "kotlinc $KOTLIN_VERSION, JNA $JNA_VERSION ($JNA_JAR)"

use_cardbind_jvm_jar

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

step "compile the tests with kotlinc against $(basename "$JAR")"
"$KOTLINC" -nowarn -jvm-target 17 -cp "$JAR:$JNA_JAR" -d "$work/tests.jar" bindings/kotlin/src/test/kotlin

step "run with only the jar, JNA and kotlin-stdlib on the classpath"
CARDBIND_ROOT="$ROOT" java -cp "$work/tests.jar:$JAR:$JNA_JAR:$KOTLIN_STDLIB_JAR" io.cardbind.test.MainKt
