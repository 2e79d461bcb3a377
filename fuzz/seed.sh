#!/usr/bin/env bash
# Regenerates the seed corpora (fuzz/corpus/<target>/seed-*): vectors and document examples
# (fuzz/seed.py), then messages signed and encrypted by the codecs themselves (an ignored test in
# core/tests/fuzz_corpus_replay.rs that shares the fuzz targets' setup). Stable toolchain is enough.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 fuzz/seed.py
rm -f fuzz/corpus/*/seed-codec-*
FUZZ_WRITE_SEEDS=1 cargo test -q -p cardbind --test fuzz_corpus_replay -- --ignored write_codec_seeds
for d in fuzz/corpus/*/; do printf '%s: %s files\n' "$(basename "$d")" "$(ls "$d" | wc -l)"; done
