#!/usr/bin/env bash
# ctest: the trend page of scripts/perf-report.py renders in headless Chromium with one chart per family,
# every point, and the one planted step change marked. Exits 77 (skipped) when no browser can be had.
#   perf_report_render_test.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../support/chromium.sh
source "$here/../support/chromium.sh"
browser=$(fb_chromium) || exit 77

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 10 CI runs: metrics/mig 8 % more instructions from the 7th commit on; the others flat.
for k in $(seq 0 9); do
  python3 - "$work/run.json" "$k" <<'PY'
import json, sys
k = int(sys.argv[2])
values = {"metrics/mig": 4000 * (1.08 if k >= 6 else 1), "metrics/sap": 3e5, "render/teapots": 4.06e6,
          "train/vae": 3.67e7}
json.dump({"schema": "factorbench-instructions/1", "conditions": {},
           "benchmarks": [{"name": n, "instructions_per_item": v} for n, v in values.items()]}, open(sys.argv[1], "w"))
PY
  python3 "$here/../../scripts/perf-history.py" append "$work/history.jsonl" --instructions "$work/run.json" \
    --commit "$(printf "a%02d%037d" "$k" 0)" --date "2026-12-0$k" --subject "commit $k" >/dev/null
done
python3 "$here/../../scripts/perf-report.py" "$work/history.jsonl" --out "$work/perf.html" --commit-url '#{commit}'
dom=$(fb_dump_dom "$browser" "$work/perf.html" "$work/profile")
rendered=$(grep -o 'data-rendered="[^"]*"' <<<"$dom" || true)
echo "chromium: $rendered"
[[ "$rendered" == 'data-rendered="3 charts, 40 points, 1 steps"' ]] ||
  { echo "expected 3 charts (metrics, render, train), 40 points and 1 step" >&2; exit 1; }
grep -q "step change +8.00% in metrics/mig at a06000000000" <<<"$dom" || { echo "step not at commit 6" >&2; exit 1; }
echo "perf-report.html renders"
