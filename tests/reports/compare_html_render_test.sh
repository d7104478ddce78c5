#!/usr/bin/env bash
# ctest: compare.html, written by `factorbench compare` for two copies of a stored results directory (one metric
# changed), renders in headless Chromium with its table and one interval chart per metric, and names the first
# differing job. Exits 77 (skipped) when no browser can be had.
#   compare_html_render_test.sh FACTORBENCH_BINARY STORED_RESULTS_DIR
set -euo pipefail
exe="$1"
stored="$2"
# shellcheck source=../support/chromium.sh
source "$(dirname "$0")/../support/chromium.sh"
browser=$(fb_chromium) || exit 77

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$stored" "$work/a"
cp -r "$stored" "$work/b"
sed -i 's/"mig": 0\.0149[0-9]*/"mig": 0.5/' "$work/b/metrics/vae/seed-1.json"
grep -q '"mig": 0.5' "$work/b/metrics/vae/seed-1.json"
rc=0
"$exe" compare "$work/a" "$work/b" --min-seeds 2 --out "$work/cmp" || rc=$?
[[ $rc -le 1 ]] || { echo "compare failed with exit status $rc" >&2; exit 1; }
dom=$(fb_dump_probed_dom "$browser" "$work/cmp.html" "$work/profile")
rendered=$(grep -o 'data-rendered="[^"]*"' <<<"$dom" || true)
echo "chromium: $rendered"
[[ "$rendered" == 'data-rendered="1 tables, 2 charts, 0/0 images"' ]] || { echo "expected the table and 2 charts" >&2; exit 1; }
grep -q "first differing job evaluate/vae/seed-1" <<<"$dom" || { echo "no first differing job" >&2; exit 1; }
echo "compare.html renders"
