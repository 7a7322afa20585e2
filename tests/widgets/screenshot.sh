#!/bin/sh
# usage: screenshot.sh ZMQSCOPE_BINARY OUTPUT.png
# Runs the app on its demo under Xvfb, saves the window, checks the picture.
set -eu
binary=$1
out=$2
mkdir -p "$(dirname "$out")"
rm -f "$out"
env -u QT_QPA_PLATFORM LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1600x1000x24" "$binary" --demo --screenshot "$out"
test -s "$out" || { echo "no screenshot written" >&2; exit 1; }
size=$(/usr/bin/convert "$out" -format "%w %h %k" info:)
echo "screenshot $out: $size (width height colours)"
set -- $size
# The window is 1280x800; a blank or black grab has a handful of colours.
[ "$1" -eq 1280 ] && [ "$2" -eq 800 ] && [ "$3" -gt 100 ] || { echo "screenshot looks wrong: $size" >&2; exit 1; }
