# Headless Chromium for the page-rendering tests (tests/reports/*html_render_test.sh,
# tests/bench/perf_report_render_test.sh). Source it, then:
#   browser=$(fb_chromium) || exit 77     # the browser; installs Debian's chromium when root and missing
#   dom=$(fb_dump_dom "$browser" FILE.html PROFILE_DIR)
#   dom=$(fb_dump_probed_dom "$browser" FILE.html PROFILE_DIR)   # pages without a script of their own
# The perf report sets data-rendered="..." from its own script once drawn. report.html and compare.html have
# no script: fb_dump_probed_dom renders a copy with the test's probe (render_probe.js) appended, which sets
# data-rendered="T tables, C charts, D/I images"; the tests read it from the dumped DOM.

fb_chromium() {
  local browser
  browser=$(command -v chromium || command -v chromium-browser || true)
  if [[ -z "$browser" && $(id -u) -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 || true
    browser=$(command -v chromium || true)
  fi
  [[ -n "$browser" ]] || { echo "no chromium" >&2; return 1; }
  echo "$browser"
}

fb_dump_dom() {
  "$1" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$3" --virtual-time-budget=5000 --dump-dom "file://$2" 2>/dev/null
}

fb_dump_probed_dom() {
  local copy="$3/probed-$(basename "$2")"
  mkdir -p "$3"
  { cat "$2"; printf '<script>\n'; cat "$(dirname "${BASH_SOURCE[0]}")/render_probe.js"; printf '</script>\n'; } >"$copy"
  fb_dump_dom "$1" "$copy" "$3"
}
