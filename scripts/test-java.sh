#!/usr/bin/env bash
# The plain Java 17 test (bindings/java: javac, no Kotlin source), compiled and run against the
# cardbind-jvm jar with only JNA and kotlin-stdlib beside it: what a Spring service does with it.
# Then the same jar with kotlin-stdlib, then JNA, left off the classpath: the first use of
# io.cardbind.jvm.Cardbind must say which one to add, with its version (javac compiles without them).
# Then scripts/test-java-maven.sh: the README's Maven snippet against a temporary local repository.
# Uses dist/cardbind-jvm-$V.jar (built by scripts/dist.sh jar when missing, or $CARDBIND_JVM_JAR).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/jvm-env.sh
use_cardbind_jvm_jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
classpath="$JAR:$JNA_JAR:$KOTLIN_STDLIB_JAR"
mapfile -t sources < <(find bindings/java/src/test/java -name '*.java' | sort)
javac --release 17 -Xlint:all -Werror -encoding UTF-8 -cp "$classpath" -d "$work" "${sources[@]}"
CARDBIND_ROOT="$ROOT" java -cp "$work:$classpath" io.cardbind.javatest.SpringStyleTest

missing_dependency() { # LIBRARY PROBE COORDINATES CLASSPATH: the error names LIBRARY and COORDINATES
  local expected="Exception in thread \"main\" java.lang.NoClassDefFoundError: cardbind-jvm needs $1 at run time, and $2 is not on the classpath: add $3 (the jar's pom declares it; with a bare classpath, add its jar next to cardbind-jvm's)"
  if java -cp "$4" io.cardbind.javatest.MissingRuntimeDependency >"$work/out" 2>"$work/err"; then
    echo "FAIL without $1 on the classpath: ran anyway ($(cat "$work/out"))" >&2
    return 1
  fi
  if [ "$(head -1 "$work/err")" != "$expected" ]; then
    echo "FAIL without $1 on the classpath: expected the first line" >&2
    echo "  $expected" >&2
    sed 's/^/  got: /' "$work/err" >&2
    return 1
  fi
  echo "ok   without $1 on the classpath: Cardbind's first use names $3"
}
missing_dependency kotlin-stdlib kotlin.Unit "org.jetbrains.kotlin:kotlin-stdlib:$KOTLIN_VERSION" "$work:$JAR:$JNA_JAR"
missing_dependency JNA com.sun.jna.Native "net.java.dev.jna:jna:$JNA_VERSION" "$work:$JAR:$KOTLIN_STDLIB_JAR"
java -cp "$work:$classpath" io.cardbind.javatest.MissingRuntimeDependency

./scripts/test-java-maven.sh
