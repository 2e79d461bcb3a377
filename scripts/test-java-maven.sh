#!/usr/bin/env bash
# The README's Maven block, used as a user uses it: dist/cardbind-jvm-$V.jar installed with its pom
# (`mvn install:install-file`) into a temporary local repository (-Dmaven.repo.local, never
# ~/.m2), then bindings/java/pom.xml, whose <dependencies> are that block, compiled by Maven and
# its Java test run on the classpath Maven resolved (`mvn compile exec:exec`).
#
# kotlin-stdlib, JNA and the Maven plugins come from Maven Central. Where Central is unreachable (as
# on the project's machines), the script says so and uses a file repository instead: Debian's
# packaged one (/usr/share/maven-repo, apt: the plugins at the versions the pom pins, and JNA with
# its pom), plus kotlin-stdlib installed from kotlinc's own jar under its Maven coordinates. That
# run checks the jar's pom, the README's coordinates and versions, and the jar under Maven; it
# cannot check that Central serves those coordinates.
# Uses dist/cardbind-jvm-$V.jar (built by scripts/dist.sh jar when missing, or $CARDBIND_JVM_JAR).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/jvm-env.sh
use_cardbind_jvm_jar
command -v mvn >/dev/null || apt_install maven
POM="${JAR%.jar}.pom"
[ -f "$POM" ] || POM=bindings/kotlin/pom.xml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/m2"
mvn=(mvn --batch-mode --no-transfer-progress --quiet -Dmaven.repo.local="$repo")
# Debian's Maven prints ESC[0m around its output even in batch mode: dropped (the status is mvn's: pipefail).
run_mvn() { "${mvn[@]}" "$@" 2>&1 | sed $'s/\e\\[0m//g'; }
version=$(basename "$JAR" .jar | sed 's/^cardbind-jvm-//')

# The README's block names the versions the jar is built and tested with (dist.sh holds its pom to them).
python3 - bindings/java/pom.xml "$version" "$KOTLIN_VERSION" "$JNA_VERSION" <<'PY'
import sys
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
named = {d.findtext("m:artifactId", namespaces=ns): d.findtext("m:version", namespaces=ns)
         for d in ET.parse(sys.argv[1]).getroot().find("m:dependencies", ns)}
tested = {"cardbind-jvm": sys.argv[2], "kotlin-stdlib": sys.argv[3], "jna": sys.argv[4]}
if named != tested:
    sys.exit(f"FAIL {sys.argv[1]} names {named}; the jar is built and tested with {tested}")
PY

# The README's Gradle snippet is not run (no Gradle here): its versions are held to the same ones.
for line in "implementation(\"io.cardbind:cardbind-jvm:$version\")" \
  "implementation(\"org.jetbrains.kotlin:kotlin-stdlib:$KOTLIN_VERSION\")" "implementation(\"net.java.dev.jna:jna:$JNA_VERSION\")"; do
  grep -qxF "    $line" README.md || { echo "FAIL README.md's Gradle snippet does not say $line" >&2; exit 1; }
done

command -v curl >/dev/null || apt_install curl
if curl --silent --fail --max-time 15 --output /dev/null https://repo.maven.apache.org/maven2/; then
  echo "maven: Maven Central reachable: kotlin-stdlib, JNA and the plugins come from it"
else
  echo "maven: Maven Central is unreachable here: resolving from Debian's packaged Maven repository"
  echo "maven: (plugins, JNA $JNA_VERSION) and kotlin-stdlib $KOTLIN_VERSION installed from kotlinc's jar;"
  echo "maven: not checked: that Central serves these coordinates"
  # junit5: org.junit:junit-bom, which Debian's plexus-compiler pom imports.
  apt_install libmaven-install-plugin-java libmaven-resources-plugin-java libmaven-compiler-plugin-java \
    libexec-maven-plugin-java junit5
  cat >"$work/settings.xml" <<'XML'
<settings>
  <profiles>
    <profile>
      <id>debian</id>
      <!-- "central" redefined: Debian's repository ships no checksums. -->
      <repositories>
        <repository><id>central</id><url>file:///usr/share/maven-repo</url>
          <releases><checksumPolicy>ignore</checksumPolicy></releases></repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository><id>central</id><url>file:///usr/share/maven-repo</url>
          <releases><checksumPolicy>ignore</checksumPolicy></releases></pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>debian</activeProfile></activeProfiles>
</settings>
XML
  mvn+=(--settings "$work/settings.xml")
  run_mvn install:install-file -Dfile="$KOTLIN_STDLIB_JAR" \
    -DgroupId=org.jetbrains.kotlin -DartifactId=kotlin-stdlib -Dversion="$KOTLIN_VERSION" -Dpackaging=jar
fi

echo "maven: mvn install:install-file $(basename "$JAR") with $(basename "$POM")"
run_mvn install:install-file -Dfile="$JAR" -DpomFile="$POM"
echo "maven: mvn compile exec:exec in a copy of bindings/java"
cp -R bindings/java "$work/project"
CARDBIND_ROOT="$ROOT" run_mvn -f "$work/project/pom.xml" compile exec:exec

# The jar's own pom brings kotlin-stdlib and JNA: with cardbind-jvm as the only dependency, the
# first use of io.cardbind.jvm.Cardbind (which fails naming whichever is missing) must work.
echo "maven: cardbind-jvm as the only dependency: its pom brings kotlin-stdlib and JNA"
cp -R bindings/java "$work/alone"
python3 - "$work/alone/pom.xml" <<'PY'
import re, sys
path = sys.argv[1]
text, removed = re.subn(r"\s*<dependency>\s*<groupId>(org\.jetbrains\.kotlin|net\.java\.dev\.jna)</groupId>.*?</dependency>",
                        "", open(path).read(), flags=re.S)
assert removed == 2, removed
open(path, "w").write(text)
PY
run_mvn -f "$work/alone/pom.xml" compile exec:exec -Dmain.class=io.cardbind.javatest.MissingRuntimeDependency
