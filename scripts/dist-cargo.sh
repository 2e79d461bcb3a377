#!/bin/sh
# The `cargo` that scripts/dist.sh puts first on PATH (as a symlink named cargo) while maturin
# builds the wheel. maturin --zig runs cargo in an environment that links through zig against
# glibc 2.17 (linker, CC/AR, target-applies-to-host); building the JVM library in that same
# environment, just before maturin's own `cargo rustc`, lets the two share every compiled
# dependency. Any other linker setting (cargo-zigbuild's, or none) would rebuild them all, each
# time, in both directions.
if [ "$1" = rustc ] && [ -n "${DIST_JVM_LIB_TARGET:-}" ]; then
  "$DIST_REAL_CARGO" build --release --locked -p cardbind-uniffi --target "$DIST_JVM_LIB_TARGET" >&2 || exit $?
fi
exec "$DIST_REAL_CARGO" "$@"
