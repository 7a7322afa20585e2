#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, makes the seed corpus, and runs
# each fuzzer for SECONDS (default 60; thirteen targets). A crash fails the run and leaves its
# input in build/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
./scripts/setup.sh
cmake --preset fuzz
cmake --build --preset fuzz
out=build/fuzz
rm -rf "$out/corpus"
"$out/tests/fuzz/make_corpus" "$out/corpus"
mkdir -p "$out/artifacts"
for target in streamdecoder:stream connectiondecoder:connection curve:mechanisms plain:mechanisms \
        nullzap:mechanisms formats:mechanisms capturefile:capture reassembler:reassembly protocols:protocols \
        propertytree:config peerwire:peerwire conformance:conformance statistics:capture; do
    name="${target%%:*}"
    corpus="$out/corpus/run-$name"   # each target grows its own copy of the seeds
    mkdir -p "$corpus"
    cp "$out/corpus/${target##*:}"/* "$corpus"/
    echo "fuzz: fuzz_$name for ${seconds}s"
    "$out/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$out/artifacts/$name-" -print_final_stats=1 "$corpus" 2>&1 | tail -n 12
    if [ "${PIPESTATUS[0]}" -ne 0 ]; then
        echo "fuzz: fuzz_$name failed; see $out/artifacts/" >&2
        exit 1
    fi
done
