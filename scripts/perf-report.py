#!/usr/bin/env python3
"""Draws a benchmark history (scripts/perf-history.py) as one self-contained HTML page.

  perf-report.py HISTORY [--out perf-report.html] [--kind instructions] [--commit-url TEMPLATE]
                 [--min-step 0.01]

One trend chart per benchmark family (the name before the first '/'): every benchmark of the family as a
line of its value relative to its first recorded value, one point per recorded commit, each point a link
to its commit. Step changes found by change-point detection (scripts/perf_changepoints.py: binary
segmentation on log values, steps of at least --min-step) are marked on the chart and listed in a table.
Inline SVG, no script or style from the network. Links: --commit-url with {commit} (default: the GitHub
page of `git remote get-url origin` when it is on GitHub, else the page's own commit table).
Python 3 standard library only.
"""
import argparse
import html
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from perf_changepoints import change_points, segment_means  # noqa: E402

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf", "#393b79", "#637939", "#843c39", "#7b4173"]
W, H, LEFT, RIGHT, TOP, BOTTOM = 760, 280, 64, 16, 16, 40


def fail(message):
    print("perf-report: " + message, file=sys.stderr)
    sys.exit(2)


def default_commit_url():
    try:
        url = subprocess.run(["git", "remote", "get-url", "origin"], capture_output=True, text=True,
                             cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    except OSError:
        return None
    m = re.match(r"(?:https://github\.com/|git@github\.com:)([^/]+/[^/]+?)(?:\.git)?$", url)
    return f"https://github.com/{m.group(1)}/commit/{{commit}}" if m else None


def read(path, kind):
    records = []
    try:
        with open(path) as f:
            for number, line in enumerate(f, 1):
                if line.strip():
                    try:
                        r = json.loads(line)
                    except ValueError:
                        fail(f"{path}:{number}: not JSON")
                    if r.get("kind") == kind:
                        records.append(r)
    except OSError as e:
        fail(str(e))
    return records


def families(records):
    """{family: [benchmark names]} in name order."""
    names = sorted({n for r in records for n in r["results"]})
    out = {}
    for n in names:
        out.setdefault(n.split("/")[0], []).append(n)
    return out


def nice_ticks(lo, hi, count=5):
    span = hi - lo
    step = 10 ** len(str(int(span / count))) if span / count >= 1 else 1
    for m in (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100):
        if span / m <= count + 1:
            step = m
            break
    first = int(lo / step) - (1 if lo < 0 else 0)
    ticks = []
    t = first * step
    while t <= hi + 1e-12:
        if t >= lo - 1e-12:
            ticks.append(round(t, 6) + 0.0)  # + 0.0: no "-0%" label
        t += step
    return ticks


def chart(family, names, records, link, min_step, steps_out):
    n = len(records)
    series = {}
    for name in names:
        pts = [(i, r["results"][name]) for i, r in enumerate(records) if r["results"].get(name, 0) > 0]
        if pts:
            base = pts[0][1]
            series[name] = [(i, v, 100 * (v / base - 1)) for i, v in pts]
    ys = [y for s in series.values() for _, _, y in s] + [0.0]
    lo, hi = min(ys), max(ys)
    pad = max(0.5, 0.1 * (hi - lo))
    lo, hi = lo - pad, hi + pad
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def sx(i):
        return LEFT + (pw * i / (n - 1) if n > 1 else pw / 2)

    def sy(y):
        return TOP + ph * (hi - y) / (hi - lo)

    out = [f'<svg class="trend" data-family="{html.escape(family)}" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" xmlns="http://www.w3.org/2000/svg" role="img">',
           f'<title>{html.escape(family)}: change relative to the first recorded value</title>',
           f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="#fafafa" stroke="#ccc"/>']
    for t in nice_ticks(lo, hi):
        y = sy(t)
        out.append(f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e4e4"/>'
                   f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{t:+g}%</text>')
    for i, r in enumerate(records):
        if n <= 12 or i % max(1, n // 12) == 0 or i == n - 1:
            out.append(f'<text x="{sx(i):.1f}" y="{H - BOTTOM + 16}" font-size="10" text-anchor="middle">'
                       f'{html.escape(r["commit"][:7])}</text>')
    out.append(f'<text x="{LEFT + pw / 2}" y="{H - 6}" font-size="11" text-anchor="middle">commit (oldest left)'
               '</text>')
    for k, (name, pts) in enumerate(series.items()):
        colour = COLOURS[k % len(COLOURS)]
        poly = " ".join(f"{sx(i):.1f},{sy(y):.1f}" for i, _, y in pts)
        out.append(f'<polyline class="series" data-name="{html.escape(name)}" fill="none" stroke="{colour}" '
                   f'stroke-width="1.6" points="{poly}"/>')
        values = [v for _, v, _ in pts]
        cps = change_points(values, min_step=min_step)
        means = segment_means(values, cps)
        for j, cp in enumerate(cps):
            i = pts[cp][0]
            change = means[j + 1] / means[j] - 1
            r = records[i]
            steps_out.append({"family": family, "name": name, "commit": r["commit"], "date": r.get("date", ""),
                              "subject": r.get("subject", ""), "before": means[j], "after": means[j + 1],
                              "change": change, "colour": colour})
            out.append(f'<g class="step"><line x1="{sx(i):.1f}" x2="{sx(i):.1f}" y1="{TOP}" y2="{TOP + ph}" '
                       f'stroke="{colour}" stroke-dasharray="4 3"/><path d="M{sx(i) - 5:.1f},{TOP} '
                       f'L{sx(i) + 5:.1f},{TOP} L{sx(i):.1f},{TOP + 8} Z" fill="{colour}"><title>step change '
                       f'{100 * change:+.2f}% in {html.escape(name)} at {html.escape(r["commit"][:12])}</title>'
                       '</path></g>')
        for i, v, y in pts:
            r = records[i]
            tip = f'{name}\n{r["commit"][:12]} {r.get("date", "")}\n{r.get("subject", "")}\n{v:,.1f} ({y:+.2f}%)'
            out.append(f'<a class="point" href="{html.escape(link(r["commit"]))}"><circle cx="{sx(i):.1f}" '
                       f'cy="{sy(y):.1f}" r="3.2" fill="{colour}"><title>{html.escape(tip)}</title></circle></a>')
    out.append("</svg>")
    legend = " ".join(f'<span class="key"><i style="background:{COLOURS[k % len(COLOURS)]}"></i>'
                      f'{html.escape(name)}</span>' for k, name in enumerate(series))
    return f'<section><h2>{html.escape(family)}</h2>{"".join(out)}<p class="legend">{legend}</p></section>'


def render(records, kind, link, min_step):
    steps = []
    charts = [chart(f, names, records, link, min_step, steps) for f, names in families(records).items()]
    unit = records[0].get("unit", "") if records else ""
    rows = "".join(
        f'<tr><td><i class="dot" style="background:{s["colour"]}"></i>{html.escape(s["name"])}</td>'
        f'<td><a href="{html.escape(link(s["commit"]))}">{html.escape(s["commit"][:12])}</a></td>'
        f'<td>{html.escape(s["date"])}</td><td>{s["before"]:,.1f}</td><td>{s["after"]:,.1f}</td>'
        f'<td>{100 * s["change"]:+.2f}%</td><td>{html.escape(s["subject"])}</td></tr>'
        for s in sorted(steps, key=lambda s: (s["date"], s["name"])))
    commits = "".join(
        f'<tr id="commit-{html.escape(r["commit"])}"><td><code>{html.escape(r["commit"][:12])}</code></td>'
        f'<td>{html.escape(r.get("date", ""))}</td><td>{html.escape(r.get("subject", ""))}</td></tr>'
        for r in records)
    first = records[0]["commit"][:12] if records else "-"
    last = records[-1]["commit"][:12] if records else "-"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>factorbench performance history</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; color: #222; }}
table {{ border-collapse: collapse; font-size: 13px; }} td, th {{ border: 1px solid #ddd; padding: 3px 7px; }}
.legend {{ font-size: 12px; max-width: {W}px; }} .key {{ margin-right: 1em; white-space: nowrap; }}
.key i, i.dot {{ display: inline-block; width: 10px; height: 10px; margin-right: 4px; }}
</style></head>
<body data-rendered="">
<h1>factorbench performance history</h1>
<p>{len(records)} recorded runs of kind <b>{html.escape(kind)}</b> ({html.escape(unit)}), commits {first} to
{last}. Each line is one benchmark relative to its first recorded value; each point links to its commit.
Dashed lines mark step changes found by binary segmentation (steps of at least {100 * min_step:g}%).</p>
{"".join(charts) or "<p>No records.</p>"}
<h2>Step changes</h2>
<table id="steps"><tr><th>benchmark</th><th>commit</th><th>date</th><th>before</th><th>after</th>
<th>change</th><th>subject</th></tr>{rows or '<tr><td colspan="7">none</td></tr>'}</table>
<h2>Commits</h2>
<table id="commits"><tr><th>commit</th><th>date</th><th>subject</th></tr>{commits}</table>
<script>
document.body.setAttribute("data-rendered",
  document.querySelectorAll("svg.trend").length + " charts, " +
  document.querySelectorAll("svg.trend a.point").length + " points, " +
  document.querySelectorAll("svg.trend g.step").length + " steps");
</script>
</body></html>
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("history")
    ap.add_argument("--out", default="perf-report.html")
    ap.add_argument("--kind", default="instructions", help="instructions (default) or wall")
    ap.add_argument("--commit-url", default=None, help="link template with {commit}")
    ap.add_argument("--min-step", type=float, default=0.01, help="smallest step marked (0.01 = 1%%)")
    a = ap.parse_args()
    records = read(a.history, a.kind)
    template = a.commit_url or default_commit_url()

    def link(commit):
        return template.replace("{commit}", commit) if template else f"#commit-{commit}"

    page = render(records, a.kind, link, a.min_step)
    with open(a.out, "w") as f:
        f.write(page)
    print(f"perf-report: {a.out}: {len(records)} runs, {len(families(records))} families")


if __name__ == "__main__":
    main()
