#!/usr/bin/env bash
# Regenerates the Kotlin and Swift bindings from the built cardbind-uniffi library.
#
#   bindings/generate.sh            # writes into bindings/kotlin and bindings/swift (commit the result)
#   bindings/generate.sh OUT_DIR    # writes the same tree under OUT_DIR (the staleness check uses this)
#
# The library is built in the dev profile (unstripped: uniffi reads its interface metadata from the
# library's symbols) and the generator is this workspace's own `uniffi-bindgen` bin, pinned to the
# same uniffi version. Formatting is off (--no-format) so the output does not depend on whether
# ktlint or swiftformat happen to be installed.
#
# Generated files (and nothing else) go to:
#   kotlin/src/main/kotlin/io/cardbind/cardbind.kt
#   swift/Sources/Cardbind/Cardbind.swift
#   swift/Sources/CardbindFFI/{CardbindFFI.h,module.modulemap}
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="${1:-$ROOT/bindings}"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

cargo build --locked -p cardbind-uniffi -p uniffi-bindgen
case "$(uname -s)" in
  Darwin) LIB="$CARGO_TARGET_DIR/debug/libcardbind_uniffi.dylib" ;;
  *) LIB="$CARGO_TARGET_DIR/debug/libcardbind_uniffi.so" ;;
esac
BINDGEN="$CARGO_TARGET_DIR/debug/uniffi-bindgen"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$BINDGEN" generate --no-format --metadata-no-deps --language kotlin --out-dir "$scratch/kotlin" "$LIB"
"$BINDGEN" generate --no-format --metadata-no-deps --language swift --out-dir "$scratch/swift" "$LIB"

kotlin_dir="$OUT/kotlin/src/main/kotlin"
rm -rf "$kotlin_dir"
mkdir -p "$kotlin_dir"
cp -R "$scratch/kotlin/." "$kotlin_dir/"

swift_dir="$OUT/swift/Sources"
rm -rf "$swift_dir/Cardbind" "$swift_dir/CardbindFFI"
mkdir -p "$swift_dir/Cardbind" "$swift_dir/CardbindFFI"
cp "$scratch/swift/Cardbind.swift" "$swift_dir/Cardbind/"
cp "$scratch/swift/CardbindFFI.h" "$swift_dir/CardbindFFI/"
# SwiftPM reads a C module's map from `module.modulemap`.
cp "$scratch/swift/CardbindFFI.modulemap" "$swift_dir/CardbindFFI/module.modulemap"

echo "bindings written under $OUT"
