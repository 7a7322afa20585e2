#!/usr/bin/env bash
# Fresh Debian 12 to a running ZmqScope: install what is missing, build, and
# start the app on its built-in demo.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset dev
cmake --build --preset dev --target zmqscope
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "demo: no display found; running under xvfb-run (nothing will be visible)"
    exec xvfb-run -a ./build/dev/app/zmqscope --demo "$@"
fi
exec ./build/dev/app/zmqscope --demo "$@"
