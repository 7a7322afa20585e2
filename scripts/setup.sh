#!/usr/bin/env bash
# Installs what ZmqScope builds, runs and tests with on Debian 12, only what
# is missing (safe to run again). Used by demo.sh, test.sh and .ci/run.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config ccache
    qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqcustomplot-dev libqcustomplot2.1-qt6
    libzmq3-dev libsodium-dev libpcap-dev tshark
    xvfb xauth imagemagick
    clang libclang-rt-14-dev
    libjeromq-java default-jdk-headless python3-zmq libczmq-dev
    iproute2 appstream desktop-file-utils dpkg-dev man-db qt6-qpa-plugins
    chromium
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

# Node.js and npm for the npm `zeromq` package (libzmq 4.3.5) the
# conformance tests run against; Debian's when the machine has none.
if ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#packages[@]} packages present"
else
    # tshark asks whether non-root users may capture; answer no, non-interactively.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections 2>/dev/null || true
    echo "setup: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# The npm `zeromq` package, with its prebuilt libzmq 4.3.5, into
# build/npm (tests/conformance runs a Node.js peer on it).
npm_dir="$(cd "$(dirname "$0")/.." && pwd)/build/npm"
if [ ! -f "$npm_dir/node_modules/zeromq/package.json" ]; then
    echo "setup: npm install zeromq@6.8.0 into $npm_dir"
    mkdir -p "$npm_dir"
    npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error zeromq@6.8.0 >/dev/null
fi
