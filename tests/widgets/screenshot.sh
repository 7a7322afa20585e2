#!/bin/sh
# usage: screenshot.sh ZMQSCOPE_BINARY OUTPUT.png
# Runs the app on its live demo under Xvfb and saves the window three ways
# for a person to look at: OUTPUT.png (system theme), OUTPUT-dark.png (the
# dark theme) and OUTPUT-2x.png (device pixel ratio 2, as on a high-DPI
# screen); checks each picture's size and that it has content, and that the
# dark one is dark.
set -eu
binary=$1
out=$2
dark="${out%.png}-dark.png"
hidpi="${out%.png}-2x.png"
mkdir -p "$(dirname "$out")"
rm -f "$out" "$dark" "$hidpi"
shoot() {
    env -u QT_QPA_PLATFORM LANG=C.UTF-8 "$@"
}
shoot xvfb-run -a -s "-screen 0 1600x1000x24" "$binary" --demo --theme system --screenshot "$out"
shoot xvfb-run -a -s "-screen 0 1600x1000x24" "$binary" --demo --theme dark --screenshot "$dark"
shoot env QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2700x1700x24" "$binary" --demo --theme system --screenshot "$hidpi"
check() {
    file=$1 width=$2 height=$3
    test -s "$file" || { echo "no screenshot written: $file" >&2; exit 1; }
    size=$(/usr/bin/convert "$file" -format "%w %h %k" info:)
    echo "screenshot $file: $size (width height colours)"
    set -- $size
    # A blank or black grab has a handful of colours.
    [ "$1" -eq "$width" ] && [ "$2" -eq "$height" ] && [ "$3" -gt 100 ] || { echo "screenshot looks wrong: $size" >&2; exit 1; }
}
check "$out" 1280 800
check "$dark" 1280 800
check "$hidpi" 2560 1600
# Mean brightness (0..1): the dark theme's window must be dark, the other light.
light=$(/usr/bin/convert "$out" -colorspace Gray -format "%[fx:mean]" info:)
darkness=$(/usr/bin/convert "$dark" -colorspace Gray -format "%[fx:mean]" info:)
echo "mean brightness: system $light, dark $darkness"
awk -v l="$light" -v d="$darkness" 'BEGIN { exit !(l > 0.6 && d < 0.35) }' || { echo "themes look wrong" >&2; exit 1; }
