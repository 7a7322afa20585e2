#!/usr/bin/env bash
# The codec's tests under AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset asan-ubsan
cmake --build --preset asan-ubsan --target tst_codecvectors tst_decoderbehaviour tst_curve tst_plainnullzap tst_dissection
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan-ubsan -j2
