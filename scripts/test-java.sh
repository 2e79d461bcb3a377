#!/usr/bin/env bash
# The plain Java 17 test (bindings/java: javac, no Kotlin source), compiled and run against the
# cardbind-jvm jar with only JNA and kotlin-stdlib beside it: what a Spring service does with it.
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
