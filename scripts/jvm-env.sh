# Sourced by scripts/dist.sh, scripts/test-kotlin.sh, scripts/test-java.sh and
# scripts/test-quickstarts.sh: the JVM toolchain, installed on a fresh machine when missing.
#   - a JDK 17 (Debian `openjdk-17-jdk-headless`);
#   - kotlinc $KOTLIN_VERSION (npm package `kotlin-compiler`, into .tools/kotlin), whose
#     lib/kotlin-stdlib.jar is the kotlin-stdlib the jar is tested with;
#   - JNA 5 (Debian `libjna-java`, /usr/share/java/jna.jar).
# Exports KOTLIN_VERSION, KOTLINC, KOTLIN_STDLIB_JAR, JNA_JAR and JNA_VERSION.
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export KOTLIN_VERSION=2.4.20
TOOLS="$ROOT/.tools"
KOTLIN_HOME="$TOOLS/kotlin/node_modules/kotlin-compiler"
export KOTLINC="$KOTLIN_HOME/bin/kotlinc"
export KOTLIN_STDLIB_JAR="$KOTLIN_HOME/lib/kotlin-stdlib.jar"
export JNA_JAR=/usr/share/java/jna.jar

source "$ROOT/scripts/apt-env.sh"

if ! command -v javac >/dev/null; then
  echo "installing a JDK (openjdk-17-jdk-headless)" >&2
  apt_install openjdk-17-jdk-headless
fi
if ! grep -qs "\"version\": \"$KOTLIN_VERSION\"" "$KOTLIN_HOME/package.json"; then
  command -v npm >/dev/null || apt_install npm
  echo "installing kotlin-compiler@$KOTLIN_VERSION into .tools/kotlin" >&2
  npm install --prefix "$TOOLS/kotlin" --no-audit --no-fund --loglevel=error "kotlin-compiler@$KOTLIN_VERSION" >&2
fi
if [ ! -f "$JNA_JAR" ]; then
  echo "installing JNA (libjna-java)" >&2
  apt_install libjna-java
fi
# The version Maven users get in the pom is the one every JVM test here ran with.
JNA_VERSION=$(python3 -c 'import re, sys, zipfile
manifest = zipfile.ZipFile(sys.argv[1]).read("META-INF/MANIFEST.MF").decode()
print(re.search(r"^Implementation-Version: *([0-9][0-9.]*)", manifest, re.M).group(1))' "$JNA_JAR")
export JNA_VERSION

# The jar under test: $CARDBIND_JVM_JAR, else dist/cardbind-jvm-$V.jar, built by
# `scripts/dist.sh jar` when missing. Sets JAR.
use_cardbind_jvm_jar() {
  local version
  version=$(python3 -c 'import tomllib; print(tomllib.load(open("'"$ROOT"'/Cargo.toml", "rb"))["workspace"]["package"]["version"])')
  JAR="${CARDBIND_JVM_JAR:-$ROOT/dist/cardbind-jvm-$version.jar}"
  if [ ! -f "$JAR" ]; then
    "$ROOT/scripts/dist.sh" jar
  fi
}
