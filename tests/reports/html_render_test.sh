#!/usr/bin/env bash
# ctest: report.html, written from a stored small results directory, renders in headless Chromium with its
# tables and charts (and every embedded image decodes). Installs Debian's chromium when missing (root);
# exits 77 (skipped) when no browser can be had.
#   html_render_test.sh FACTORBENCH_BINARY STORED_RESULTS_DIR
set -euo pipefail
exe="$1"
stored="$2"
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" && $(id -u) -eq 0 ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 || true
  browser=$(command -v chromium || true)
fi
[[ -n "$browser" ]] || { echo "html_render_test: no chromium" >&2; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$stored" "$work/results"
"$exe" report "$work/results"
test -s "$work/results/report.md"
dom=$("$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$work/profile" --virtual-time-budget=5000 --dump-dom "file://$work/results/report.html" 2>/dev/null)
rendered=$(grep -o 'data-rendered="[^"]*"' <<<"$dom" || true)
echo "chromium: $rendered"
[[ "$rendered" =~ data-rendered=\"([0-9]+)\ tables,\ ([0-9]+)\ charts,\ ([0-9]+)/([0-9]+)\ images\" ]] ||
  { echo "report.html did not finish rendering" >&2; exit 1; }
[[ ${BASH_REMATCH[1]} -ge 2 ]] || { echo "expected the models and selection tables" >&2; exit 1; }
[[ ${BASH_REMATCH[2]} -ge 2 ]] || { echo "expected a chart per column" >&2; exit 1; }
[[ ${BASH_REMATCH[3]} -eq ${BASH_REMATCH[4]} ]] || { echo "some images did not decode" >&2; exit 1; }
grep -q "VAE" <<<"$dom"
echo "report.html renders"
