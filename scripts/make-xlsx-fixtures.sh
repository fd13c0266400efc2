#!/usr/bin/env bash
# How fixtures/xlsx/conversations-2026-10.xlsx was made: LibreOffice Calc opening the October
# CSV (UTF-8, comma) and saving it as XLSX, as a CS manager would in a spreadsheet program.
# Dates become real date cells, numbers numbers. Needs Debian's libreoffice-calc-nogui.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cp fixtures/cs/conversations-2026-10.csv "$tmp/"
soffice --headless --norestore --infilter="CSV:44,34,76,1" --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp" "$tmp/conversations-2026-10.csv"
mkdir -p fixtures/xlsx
cp "$tmp/conversations-2026-10.xlsx" fixtures/xlsx/
rm -rf "$tmp"
