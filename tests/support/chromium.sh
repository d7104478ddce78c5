# Headless Chromium for the page-rendering tests (tests/reports/*html_render_test.sh,
# tests/bench/perf_report_render_test.sh). Source it, then:
#   browser=$(fb_chromium) || exit 77     # the browser; installs Debian's chromium when root and missing
#   dom=$(fb_dump_dom "$browser" FILE.html PROFILE_DIR)
# Pages set data-rendered="..." from their own script once drawn; the tests read it from the dumped DOM.

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
