#!/usr/bin/python3
"""Compares two Google Benchmark JSON outputs (a committed baseline and a new run), normalising every
throughput by the calibration benchmark of its own run, and fails on large regressions.

    scripts/bench-compare.py benchmark/baseline.json build/benchmark/smoke.json [--threshold 0.5]

For each benchmark with items_per_second in both files:
    normalised = items_per_second / calibration rate of the same run
    ratio      = normalised(current) / normalised(baseline)      (1.0 = as fast as the baseline)
The calibration rate is 1 / real_time for benchmarks timed in real time (name containing
"/real_time"; multi-threaded ones, which feel a busy machine the same way) and 1 / cpu_time for the
others. A ratio below --threshold is a regression: exit status 1. Exit status 2: unusable input (no
calibration benchmark, unreadable file). Standard library only.
"""
import argparse
import json
import math
import re
import sys

TIME_UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


class InputError(Exception):
    pass


def load_runs(path):
    """name -> benchmark entry; the median aggregate when repetitions were run, else the last run."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read Google Benchmark JSON ({e})")
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        raise InputError(f"{path}: no 'benchmarks' list (write it with --benchmark_format=json)")
    runs, medians = {}, {}
    for b in data["benchmarks"]:
        if b.get("error_occurred"):
            continue
        name = b.get("run_name", b.get("name"))
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = b
        else:
            runs[name] = b
    runs.update(medians)
    return runs


def seconds(entry, key):
    return float(entry[key]) * TIME_UNITS[entry.get("time_unit", "ns")]


def calibration(runs, pattern, path):
    names = [n for n in runs if re.search(pattern, n)]
    if len(names) != 1:
        raise InputError(f"{path}: expected one calibration benchmark matching '{pattern}', found {names}"
                         " (run it in the same invocation: it is not filtered out by -.*/full)")
    entry = runs[names[0]]
    return names[0], {"real": 1.0 / seconds(entry, "real_time"), "cpu": 1.0 / seconds(entry, "cpu_time")}


def basis(name):
    return "real" if "/real_time" in name else "cpu"


def compare(baseline_path, current_path, threshold, pattern, name_filter=None):
    base, cur = load_runs(baseline_path), load_runs(current_path)
    _, base_cal = calibration(base, pattern, baseline_path)
    _, cur_cal = calibration(cur, pattern, current_path)
    rows = []
    for name in sorted(set(base) | set(cur)):
        if re.search(pattern, name) or (name_filter and not re.search(name_filter, name)):
            continue
        b, c = base.get(name), cur.get(name)
        b_ips = b.get("items_per_second") if b else None
        c_ips = c.get("items_per_second") if c else None
        row = {"name": name, "baseline": b_ips, "current": c_ips, "raw_ratio": None, "ratio": None}
        if b_ips is None and c_ips is None:
            continue
        if b_ips is None:
            row["status"] = "new"
        elif c_ips is None:
            row["status"] = "missing"
        else:
            k = basis(name)
            row["raw_ratio"] = c_ips / b_ips
            row["ratio"] = (c_ips / cur_cal[k]) / (b_ips / base_cal[k])
            row["status"] = "REGRESSED" if row["ratio"] < threshold else "ok"
        rows.append(row)
    machine = {"baseline": base_cal, "current": cur_cal,
               "speed": {k: cur_cal[k] / base_cal[k] for k in ("real", "cpu")}}
    return rows, machine


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def print_table(rows, machine, threshold, out):
    s = machine["speed"]
    print(f"calibration: this run is {s['real']:.2f}x (real time) / {s['cpu']:.2f}x (CPU time) as fast as the"
          f" baseline's machine; ratio = normalised current / baseline, regression below {threshold:g}", file=out)
    width = max([len(r["name"]) for r in rows] + [9])
    print(f"{'benchmark':<{width}}  {'baseline/s':>12}  {'current/s':>12}  {'raw':>6}  {'ratio':>6}  status", file=out)
    for r in rows:
        print(f"{r['name']:<{width}}  {fmt(r['baseline'], '12.4g')}  {fmt(r['current'], '12.4g')}  "
              f"{fmt(r['raw_ratio'], '6.2f')}  {fmt(r['ratio'], '6.2f')}  {r['status']}", file=out)
    ratios = [r["ratio"] for r in rows if r["ratio"]]
    if ratios:
        geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
        print(f"geometric mean ratio over {len(ratios)} benchmarks: {geo:.2f}", file=out)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("baseline", help="Google Benchmark JSON of the reference run (e.g. benchmark/baseline.json)")
    p.add_argument("current", help="Google Benchmark JSON of the run to check")
    p.add_argument("--threshold", type=float, default=0.5,
                   help="fail when a normalised ratio is below this (default 0.5: half the baseline's speed)")
    p.add_argument("--calibration", default=r"^BM_Calibration",
                   help="regex naming the calibration benchmark (default ^BM_Calibration)")
    p.add_argument("--filter", help="regex: compare only matching benchmark names")
    p.add_argument("--fail-on-missing", action="store_true",
                   help="also fail when a baseline benchmark is absent from the current run")
    p.add_argument("--json", help="also write the table (and the calibration rates) to this JSON file")
    args = p.parse_args(argv)
    if not args.threshold > 0:
        p.error("--threshold must be > 0")
    try:
        rows, machine = compare(args.baseline, args.current, args.threshold, args.calibration, args.filter)
    except InputError as e:
        print(f"bench-compare: {e}", file=sys.stderr)
        return 2
    print_table(rows, machine, args.threshold, sys.stdout)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"threshold": args.threshold, "calibration": machine, "rows": rows}, f, indent=1)
    failed = [r["name"] for r in rows if r["status"] == "REGRESSED" or
              (args.fail_on_missing and r["status"] == "missing")]
    if failed:
        print(f"bench-compare: {len(failed)} regression(s): {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
