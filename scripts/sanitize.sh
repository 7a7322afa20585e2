#!/usr/bin/env bash
# Every test (the widgets' offscreen) under AddressSanitizer and
# UndefinedBehaviorSanitizer, with leak detection. tests/lsan.supp names the
# system libraries whose process-long allocations are not leaks of ours.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset asan-ubsan
cmake --build --preset asan-ubsan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
QT_QPA_PLATFORM=offscreen \
    ctest --preset asan-ubsan -j2 "$@"
