#!/usr/bin/env bash
# ctest: report.html, written from a stored small results directory, renders in headless Chromium with its
# tables and charts (and every embedded image decodes). Installs Debian's chromium when missing (root);
# exits 77 (skipped) when no browser can be had.
#   html_render_test.sh FACTORBENCH_BINARY STORED_RESULTS_DIR
set -euo pipefail
exe="$1"
stored="$2"
# shellcheck source=../support/chromium.sh
source "$(dirname "$0")/../support/chromium.sh"
browser=$(fb_chromium) || exit 77

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$stored" "$work/results"
"$exe" report "$work/results"
test -s "$work/results/report.md"
dom=$(fb_dump_probed_dom "$browser" "$work/results/report.html" "$work/profile")
rendered=$(grep -o 'data-rendered="[^"]*"' <<<"$dom" || true)
echo "chromium: $rendered"
[[ "$rendered" =~ data-rendered=\"([0-9]+)\ tables,\ ([0-9]+)\ charts,\ ([0-9]+)/([0-9]+)\ images\" ]] ||
  { echo "report.html did not finish rendering" >&2; exit 1; }
[[ ${BASH_REMATCH[1]} -ge 2 ]] || { echo "expected the models and selection tables" >&2; exit 1; }
[[ ${BASH_REMATCH[2]} -ge 2 ]] || { echo "expected a chart per column" >&2; exit 1; }
[[ ${BASH_REMATCH[3]} -eq ${BASH_REMATCH[4]} ]] || { echo "some images did not decode" >&2; exit 1; }
grep -q "VAE" <<<"$dom"
echo "report.html renders"
