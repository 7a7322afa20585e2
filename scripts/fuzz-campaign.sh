#!/usr/bin/env bash
# The longer fuzzing campaign outside CI (docs/RELIABILITY.md): each
# libFuzzer target for RUNS executions (default ten million) or SECONDS
# (default 900), whichever comes first, on a corpus that persists in
# build/fuzz/campaign/ between campaigns. The campaign's targets are built
# with UBSan only (preset fuzz-campaign: about three times the executions
# per second); every input the campaign keeps is then run once more through
# the ASan+UBSan build (preset fuzz), so memory errors in what it reached
# are still caught. Prints one summary line per target: executions,
# seconds, executions per second, corpus files and bytes, and whether it
# found anything (inputs left in build/fuzz/artifacts/). TARGETS (optional,
# space-separated names such as "curve plain") limits the run.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10000000}"
seconds="${2:-900}"
only="${3:-}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >/dev/null
cmake --preset fuzz-campaign >/dev/null
cmake --build --preset fuzz-campaign >/dev/null
out=build/fuzz
fast=build/fuzz-campaign
# (made again when a target's seeds are missing: a new target since the last campaign)
[ -d "$out/corpus/conformance" ] || "$out/tests/fuzz/make_corpus" "$out/corpus"
mkdir -p "$out/artifacts" "$out/campaign"
status=0
# A unit running longer than this is a hang. (Not 10 s: at nice 19 beside a
# build or a CI run a process gets about 1.5% of a core, and the statistics
# target's heaviest inputs take 150 ms: libFuzzer's clock is the wall's.)
timeout=60
# (the fastest targets first, so a campaign cut short has finished the most)
for target in peerwire:peerwire propertytree:config conformance:conformance formats:mechanisms nullzap:mechanisms \
        curve:mechanisms plain:mechanisms capturefile:capture reassembler:reassembly connectiondecoder:connection \
        protocols:protocols statistics:capture streamdecoder:stream; do
    name="${target%%:*}"
    if [ -n "$only" ] && [[ " $only " != *" $name "* ]]; then continue; fi
    corpus="$out/campaign/$name"
    if [ ! -d "$corpus" ]; then
        mkdir -p "$corpus"
        cp "$out/corpus/${target##*:}"/* "$corpus"/
    fi
    log="$out/campaign/$name.log"
    start=$(date +%s)
    set +e
    "$fast/tests/fuzz/fuzz_$name" -runs="$runs" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=$timeout \
        -artifact_prefix="$out/artifacts/campaign-$name-" -print_final_stats=1 "$corpus" >"$log" 2>&1
    rc=$?
    # Everything kept, once more under ASan.
    "$out/tests/fuzz/fuzz_$name" -runs=0 -rss_limit_mb=2048 -timeout=$timeout \
        -artifact_prefix="$out/artifacts/campaign-asan-$name-" "$corpus" >"$log.asan" 2>&1
    asan=$?
    set -e
    took=$(( $(date +%s) - start ))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    files=$(find "$corpus" -type f | wc -l)
    bytes=$(du -sb "$corpus" | cut -f1)
    verdict=clean
    [ "$rc" -ne 0 ] && verdict="FOUND (exit $rc, see $log)" && status=1
    [ "$asan" -ne 0 ] && verdict="FOUND under ASan (exit $asan, see $log.asan)" && status=1
    echo "campaign: fuzz_$name: ${execs} executions in ${took}s ($(( execs / (took > 0 ? took : 1) ))/s), corpus ${files} files ${bytes} bytes: ${verdict}"
done
exit $status
