#!/usr/bin/env bash
# Builds the Debian package from the ci build, installs it, checks what it
# installed as a user would meet it, and removes it again. Run as root (CI)
# or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
cmake --preset ci >/dev/null
cmake --build --preset ci
(cd build/ci && rm -f zmqscope_*.deb && cpack -G DEB >/dev/null)
deb=$(ls build/ci/zmqscope_*_amd64.deb)
echo "package: built $deb ($(stat -c %s "$deb") bytes)"
dpkg-deb -I "$deb" | grep -E '^ (Package|Version|Depends):'

# Install it as an administrator would: dpkg -i (what it needs is there
# after setup.sh; apt fills in anything missing, as `apt install ./file.deb`).
$sudo dpkg -i "$deb" >/dev/null || $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq >/dev/null
trap '$sudo dpkg -r zmqscope >/dev/null 2>&1 || true' EXIT
test "$(command -v zmqscope)" = /usr/bin/zmqscope
zmqscope --version | grep -qx "zmqscope $(sed -n 's/^project(ZmqScope VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"
echo "package: $(zmqscope --version)"

# Dissect a recording the installed program makes of one of its scenarios.
work=$(mktemp -d)
zmqscope run resources/scenarios/mdp-echo.zpl --duration 3 --write "$work/mdp.pcapng" >/dev/null 2>&1
summary=$(zmqscope dissect "$work/mdp.pcapng" --summary 2>&1)
echo "$summary" | tail -n 1
echo "$summary" | grep -q 'ZMTP connections'
test "$(zmqscope dissect "$work/mdp.pcapng" --json 2>/dev/null | grep -c '"protocol":"mdp"')" -gt 0

# What the desktop and the manuals need.
appstreamcli validate --no-net /usr/share/metainfo/io.github.zmqscope.ZmqScope.metainfo.xml
desktop-file-validate /usr/share/applications/io.github.zmqscope.ZmqScope.desktop
for size in 16 22 24 32 48 64 128 256; do
    test "$(identify -format %wx%h /usr/share/icons/hicolor/${size}x${size}/apps/zmqscope.png)" = "${size}x${size}"
done
test -f /usr/share/icons/hicolor/scalable/apps/zmqscope.svg
for page in zmqscope zmqscope-dissect zmqscope-tap zmqscope-capture zmqscope-peer zmqscope-run zmqscope-check zmqscope-extcap; do
    test -z "$(MANWIDTH=80 man --warnings -l /usr/share/man/man1/$page.1.gz 2>&1 >/dev/null)"
done
test -f /usr/share/zmqscope/translations/zmqscope_de.qm
# The conformance suite with a shipped profile, against ZmqScope's own reference target.
zmqscope check --self-test --case 37/ping/ --timeout 700 --profile /usr/share/zmqscope/conformance/libzmq-4.3.4.zpl \
    | tail -1 | grep -q ' passed, 0 failed'
# Wireshark's extcap folder: tshark lists the tap relay as an interface.
HOME="$work" tshark -D 2>/dev/null | grep -q 'zmqscope-tap (ZmqScope tap relay (ZeroMQ))'
rm -rf "$work"

$sudo dpkg -r zmqscope >/dev/null
trap - EXIT
! command -v zmqscope >/dev/null
test ! -e /usr/lib/x86_64-linux-gnu/wireshark/extcap/zmqscope-extcap
echo "package: installed, checked and removed"
