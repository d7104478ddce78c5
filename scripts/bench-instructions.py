#!/usr/bin/env python3
"""Instruction-count benchmarks: run fb_instructions under Callgrind, and gate a run against a baseline.

  bench-instructions.py run [--exe build/benchmark/fb_instructions] [--out FILE] [--filter RE] [--jobs N]
  bench-instructions.py compare BASELINE CURRENT [--threshold 0.03] [--json FILE] [--markdown FILE]

`run` measures every case (docs/benchmarks.md, "Instruction counts") with the conditions that make counts
comparable pinned and recorded in the JSON; `compare` prints the table of changes and exits 1 when a gated
case's instructions per item grew by more than the threshold, 2 when the inputs cannot be compared.
Refresh the committed baseline with `run --out benchmark/baselines/instructions.json`. Python 3 standard
library only.
"""
import argparse
import concurrent.futures
import datetime
import glob
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

SCHEMA = "factorbench-instructions/1"
# What the counts depend on besides the code, pinned for every run (and checked by compare):
# - one thread everywhere (the driver also calls configure_threads(1)); with more, the split of work and the
#   spinning of idle workers follow the scheduler;
# - the kernels that LibTorch's oneDNN, ATen and OpenBLAS choose by CPU at run time, pinned to ISAs every
#   x86-64 CI machine has and valgrind emulates quickly: oneDNN's JIT to AVX, ATen's vectorised kernels to
#   its default (SSE) build, OpenBLAS (Debian's build picks a kernel per CPU) to Sandybridge (AVX). Not the
#   AVX2/FMA ones: valgrind 3.19 emulates FMA through helper calls, and a training step ran ~20x slower
#   (38 s instead of 2 s); not AVX-512, which valgrind does not emulate at all.
PINS = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "ONEDNN_MAX_CPU_ISA": "AVX",
    "DNNL_MAX_CPU_ISA": "AVX",
    "ATEN_CPU_CAPABILITY": "default",
    "OPENBLAS_CORETYPE": "Sandybridge",
}
VALGRIND_ARGS = ["--tool=callgrind", "--instr-atstart=no", "--collect-atstart=no", "--dump-line=no"]


def fail(message, code=2):
    print("bench-instructions: " + message, file=sys.stderr)
    sys.exit(code)


def git(*args):
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=True,
                              cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def read_dump(path):
    """(trigger name, total instructions) of one Callgrind dump file."""
    name, total = None, None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("desc: Trigger: Client Request: "):
                name = line[len("desc: Trigger: Client Request: "):].strip()
            elif line.startswith("summary:") or line.startswith("totals:"):
                total = int(line.split(":", 1)[1].split()[0])
    return name, total


def run_shard(valgrind, exe, filt, shard, shards, workdir, env):
    out = os.path.join(workdir, f"shard{shard}")
    os.makedirs(out)
    cmd = [valgrind, *VALGRIND_ARGS, f"--callgrind-out-file={out}/cg.%p", exe, "--shard", f"{shard}/{shards}"]
    if filt:
        cmd += ["--filter", filt]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stderr[-3000:]}")
    cases = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    totals = {}
    for path in glob.glob(os.path.join(out, "cg.*")):
        name, total = read_dump(path)
        if name is not None and total is not None:
            totals[name] = total
    return cases, totals


def measure(exe, filt=None, jobs=1, valgrind="valgrind"):
    env = dict(os.environ, **PINS)
    with tempfile.TemporaryDirectory(prefix="fb-instr-") as workdir:
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            parts = list(pool.map(lambda k: run_shard(valgrind, exe, filt, k, jobs, workdir, env), range(jobs)))
    rows = []
    for cases, totals in parts:
        for c in cases:
            if c["name"] not in totals:
                fail(f"no Callgrind dump for {c['name']} (is {exe} built with valgrind/callgrind.h?)")
            c["instructions"] = totals[c["name"]]
            c["instructions_per_item"] = c["instructions"] / c["items"]
            rows.append(c)
    rows.sort(key=lambda r: r["name"])
    return rows


def conditions(valgrind, jobs):
    try:
        version = subprocess.run([valgrind, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        fail(f"{valgrind} not found (scripts/setup-debian.sh installs valgrind)")
    # jobs: a case's count moves by up to ~0.05 % with the cases run before it in the same process (allocator
    # state), so the baseline and the gated run split the cases the same way.
    return {"env": PINS, "threads": 1, "valgrind": version, "cpu": cpu_model(), "machine": platform.machine(),
            "jobs": jobs}


def cmd_run(a):
    if not os.access(a.exe, os.X_OK):
        fail(f"{a.exe}: not an executable (build with scripts/build.sh)")
    cond = conditions(a.valgrind, a.jobs)
    rows = measure(a.exe, a.filter, a.jobs, a.valgrind)
    if not rows:
        fail("no case matched")
    doc = {
        "schema": SCHEMA,
        "unit": "instructions per item",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": git("rev-parse", "HEAD"),
        "conditions": cond,
        "benchmarks": rows,
    }
    text = json.dumps(doc, indent=1) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    for r in rows:
        print(f"{r['name']:<32} {r['instructions_per_item']:>16,.1f} instructions/item", file=sys.stderr)


def load(path):
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")
    if doc.get("schema") != SCHEMA or not isinstance(doc.get("benchmarks"), list):
        fail(f"{path}: not a {SCHEMA} file")
    return doc


def compare(base, cur, threshold):
    """Rows (name, baseline, current, change, status, reason) and the number of gated regressions."""
    b = {r["name"]: r for r in base["benchmarks"]}
    c = {r["name"]: r for r in cur["benchmarks"]}
    rows, regressions = [], 0
    for name in sorted(set(b) | set(c)):
        rb, rc = b.get(name), c.get(name)
        vb = rb["instructions_per_item"] if rb else None
        vc = rc["instructions_per_item"] if rc else None
        reason = ((rc or rb).get("excluded") or "")
        change = vc / vb - 1 if vb and vc else None
        if rb is None:
            status = "new"
        elif rc is None:
            status = "missing"
        elif reason:
            status = "excluded"
        elif change > threshold:
            status = "REGRESSION"
            regressions += 1
        elif change < -threshold:
            status = "improved"
        else:
            status = "ok"
        rows.append({"name": name, "baseline": vb, "current": vc, "change": change, "status": status,
                     "excluded": reason})
    return rows, regressions


def fmt(v):
    return "-" if v is None else f"{v:,.1f}"


def pct(v):
    return "-" if v is None else f"{100 * v:+.2f}%"


def cmd_compare(a):
    base, cur = load(a.baseline), load(a.current)
    if base["conditions"].get("env") != cur["conditions"].get("env"):
        fail("the runs pinned different conditions; counts are not comparable:\n"
             f"  baseline {base['conditions'].get('env')}\n  current  {cur['conditions'].get('env')}")
    for key in ("valgrind", "cpu", "jobs"):
        if base["conditions"].get(key) != cur["conditions"].get(key):
            print(f"warning: {key} differs (baseline {base['conditions'].get(key)!r}, current "
                  f"{cur['conditions'].get(key)!r}); counts may shift", file=sys.stderr)
    rows, regressions = compare(base, cur, a.threshold)
    width = max(len(r["name"]) for r in rows)
    print(f"{'benchmark':<{width}}  {'baseline':>16}  {'current':>16}  {'change':>8}  status   (instructions/item,"
          f" gate {100 * a.threshold:.1f}%)")
    for r in rows:
        note = f" ({r['excluded']})" if r["status"] == "excluded" else ""
        print(f"{r['name']:<{width}}  {fmt(r['baseline']):>16}  {fmt(r['current']):>16}  {pct(r['change']):>8}  "
              f"{r['status']}{note}")
    changes = [abs(r["change"]) for r in rows if r["change"] is not None and r["status"] != "excluded"]
    print(f"{len(rows)} benchmarks, {regressions} regression(s) above {100 * a.threshold:.1f}%"
          + (f"; largest gated |change| {100 * max(changes):.3f}%" if changes else ""))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"threshold": a.threshold, "regressions": regressions, "rows": rows}, f, indent=1)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(f"### Instruction counts (gate {100 * a.threshold:.1f}%)\n\n"
                    "| benchmark | baseline | current | change | status |\n|---|---:|---:|---:|---|\n")
            for r in rows:
                f.write(f"| {r['name']} | {fmt(r['baseline'])} | {fmt(r['current'])} | {pct(r['change'])} | "
                        f"{r['status']} |\n")
    sys.exit(1 if regressions else 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    here = os.path.dirname(os.path.abspath(__file__))
    r = sub.add_parser("run", help="measure under Callgrind and write the JSON")
    r.add_argument("--exe", default=os.path.join(here, "..", "build", "benchmark", "fb_instructions"))
    r.add_argument("--out", help="JSON file (default: stdout)")
    r.add_argument("--filter", help="regular expression on case names")
    r.add_argument("--jobs", type=int, default=1, help="valgrind processes in parallel (each one thread)")
    r.add_argument("--valgrind", default="valgrind")
    r.set_defaults(func=cmd_run)
    c = sub.add_parser("compare", help="gate CURRENT against BASELINE")
    c.add_argument("baseline")
    c.add_argument("current")
    c.add_argument("--threshold", type=float, default=0.03, help="largest allowed growth (0.03 = 3%%)")
    c.add_argument("--json", help="write the table as JSON")
    c.add_argument("--markdown", help="write the table as Markdown")
    c.set_defaults(func=cmd_compare)
    a = ap.parse_args()
    if getattr(a, "jobs", 1) < 1:
        fail("--jobs must be >= 1")
    a.func(a)


if __name__ == "__main__":
    main()
