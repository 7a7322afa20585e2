#!/usr/bin/env bash
# Fresh Debian 12 to every test: install what is missing, build with the ci
# preset (warnings are errors), run all tests through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci -j2 "$@"
