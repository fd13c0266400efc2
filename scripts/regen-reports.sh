#!/usr/bin/env bash
# Regenerate the sample reports in reports/ from the bundled config and fixtures, with a fixed
# clock so the files are byte-identical from run to run. Usage: scripts/regen-reports.sh [VOC]
# (VOC defaults to target/release/voc, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
voc=${1:-target/release/voc}
if [ ! -x "$voc" ]; then
  cargo build --release --bin voc
fi
now=2026-11-16T09:00:00+09:00
# start from nothing so a file that is no longer produced shows up as deleted
find reports -mindepth 1 -not -name README.md -delete 2>/dev/null || true
mkdir -p reports
status=0
"$voc" -q report --week 2026-W46 --now "$now" --format html,json,email,md || status=$?
"$voc" -q report --month 2026-10 --now "$now" --format html,json,email,md || status=$?
# exit 3 (a data-quality gate) is part of the sample: the fixtures plant bad rows on purpose
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  echo "regen-reports: voc failed with exit $status" >&2
  exit "$status"
fi
