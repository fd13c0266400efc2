#!/usr/bin/env bash
# How src/render/fonts/VocGothic.ttf was made: NanumGothic (SIL OFL 1.1, Debian's fonts-nanum)
# cut to Latin, punctuation, Hangul jamo and the 11,172 Hangul syllables, and renamed, as the
# OFL requires of a modified version of a font with Reserved Font Names. It is compiled into
# voc to measure and draw chart text (PNG charts for e-mail, label layout for SVG).
# Needs: apt-get install fonts-nanum; pip install fonttools.
set -euo pipefail
cd "$(dirname "$0")/.."
src=/usr/share/fonts/truetype/nanum/NanumGothic.ttf
tmp=$(mktemp --suffix=.ttf)
pyftsubset "$src" --output-file="$tmp" --no-hinting --layout-features='*' \
  --unicodes="U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-205E,U+20A9,U+2190-21FF,U+2212,U+2460-24FF,U+25A0-25FF,U+3000-303F,U+3131-318E,U+AC00-D7A3,U+FF01-FFEF"
python3 - "$tmp" src/render/fonts/VocGothic.ttf <<'PY'
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1])
for rec in f["name"].names:
    if rec.nameID in (1, 4, 16, 21):
        rec.string = "VocGothic"
    elif rec.nameID in (3,):
        rec.string = "VocGothic-Regular"
    elif rec.nameID == 6:
        rec.string = "VocGothic-Regular"
for t in [t for t in f.keys() if t.startswith("TSI")]:
    del f[t]
f.save(sys.argv[2])
PY
rm -f "$tmp"
sed -n '/License: OFL-1.1/,/^Files:/p' /usr/share/doc/fonts-nanum/copyright | sed '1d;$d' | sed 's/^ \.$//; s/^ //' > src/render/fonts/OFL.txt
ls -la src/render/fonts/
