#!/usr/bin/python3
"""Wall-time A/B comparison of two builds of a Google Benchmark binary on one machine, in one sitting.

    scripts/bench-ab.py BASELINE_BINARY CURRENT_BINARY [--filter REGEX] [--rounds 6] [--repetitions 3]

The two binaries run alternately, round after round (A B, B A, A B, ...: the order flips each round so a
drifting machine load falls on both), each run with --benchmark_repetitions. Every repetition of every
benchmark is one sample of its time per iteration (CPU time; real time for names containing "/real_time").
Per benchmark:
  - a two-sided Mann-Whitney U test of baseline vs current samples (exact null distribution for small tie-free
    samples, else the normal approximation with tie and continuity corrections, as scipy.stats.mannwhitneyu);
  - speed = baseline time / current time (1.0 as fast, 0.8 = 20 % slower), estimated Hodges-Lehmann style as
    exp(-median of all pairwise log-time differences), with the distribution-free confidence interval that
    inverts the same test (Moses): order statistics of those differences at the U test's critical value;
  - verdict: "faster"/"slower" when p < alpha and the interval excludes 1, else "no significant change".
This is for developers comparing two builds; it is not a CI gate (exit status 0 whatever the verdicts; 2 for
unusable input). Python 3 standard library only.
"""
import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
from functools import lru_cache

TIME_UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


class InputError(Exception):
    pass


# ---- statistics -------------------------------------------------------------------------------------------

def rank(values):
    """Average ranks (1-based), ties sharing the mean of their positions, and the tie group sizes."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    groups = []
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        groups.append(j - i + 1)
        i = j + 1
    return ranks, groups


@lru_cache(maxsize=None)
def _count(u, m, n):
    """Number of arrangements of m x's and n y's whose U statistic (pairs x > y) equals u."""
    if u < 0 or u > m * n:
        return 0
    if m == 0 or n == 0:
        return 1 if u == 0 else 0
    # The largest value is an x (it beats all n y's) or a y (it beats nothing).
    return _count(u - n, m - 1, n) + _count(u, m, n - 1)


def exact_sf(u, m, n):
    """P(U >= u) under the null for sample sizes m, n (no ties)."""
    total = math.comb(m + n, m)
    return sum(_count(k, m, n) for k in range(int(u), m * n + 1)) / total


def mann_whitney_u(x, y):
    """Two-sided Mann-Whitney U test. Returns (U of x, p-value, method) as scipy.stats.mannwhitneyu does with
    its defaults (method 'auto', use_continuity=True)."""
    n1, n2 = len(x), len(y)
    if n1 == 0 or n2 == 0:
        raise ValueError("mann_whitney_u needs two non-empty samples")
    ranks, groups = rank(list(x) + list(y))
    u1 = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    ties = any(g > 1 for g in groups)
    if (n1 > 8 and n2 > 8) or ties:
        n = n1 + n2
        tie_term = sum(g ** 3 - g for g in groups)
        s = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))))
        num = u - n1 * n2 / 2 - 0.5  # continuity correction (the survival function is taken at U = max(U1, U2))
        # All values tied: s = 0 and num < 0, so z = -inf and p = 1, as numpy's division gives scipy.
        z = num / s if s > 0 else math.copysign(math.inf, num)
        sf = 0.0 if z == math.inf else 1.0 if z == -math.inf else 1 - statistics.NormalDist().cdf(z)
        p, method = 2 * sf, "asymptotic"
    else:
        p, method = 2 * exact_sf(u, n1, n2), "exact"
    return u1, min(max(p, 0.0), 1.0), method


def shift_interval(x, y, confidence):
    """Hodges-Lehmann estimate of the shift y - x and its Moses confidence interval: the order statistics of
    the n1*n2 pairwise differences y_j - x_i at the U test's critical value (normal approximation)."""
    d = sorted(b - a for a in x for b in y)
    n1, n2 = len(x), len(y)
    z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2)
    k = int(math.floor(n1 * n2 / 2 - z * math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)))
    k = max(k, 0)
    return statistics.median(d), d[k], d[len(d) - 1 - k]


# ---- running the binaries ---------------------------------------------------------------------------------

def basis(name):
    return "real_time" if "/real_time" in name else "cpu_time"


def samples_of(path):
    """name -> per-iteration seconds of every repetition in one Google Benchmark JSON file."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read Google Benchmark JSON ({e})")
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        raise InputError(f"{path}: no 'benchmarks' list")
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" or b.get("error_occurred"):
            continue
        name = b.get("run_name", b.get("name"))
        key = basis(name)
        out.setdefault(name, []).append(float(b[key]) * TIME_UNITS[b.get("time_unit", "ns")])
    return out


def run_once(binary, args, out_path):
    cmd = [binary, *args, "--benchmark_out=" + out_path, "--benchmark_out_format=json"]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise InputError(f"{binary} exited with {p.returncode}: {p.stderr.strip()[-400:]}")
    return samples_of(out_path)


def run_ab(baseline, current, rounds, bench_args, log=None):
    """Runs both binaries alternately; returns ({name: samples} for baseline, for current, the run order)."""
    samples = {"baseline": {}, "current": {}}
    order = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            pair = [("baseline", baseline), ("current", current)]
            for side, binary in (pair if r % 2 == 0 else pair[::-1]):
                order.append(side)
                if log:
                    print(f"round {r + 1}/{rounds}: {side}", file=log, flush=True)
                got = run_once(binary, bench_args, os.path.join(tmp, f"{side}-{r}.json"))
                for name, v in got.items():
                    samples[side].setdefault(name, []).extend(v)
    return samples["baseline"], samples["current"], order


def analyse(base, cur, alpha, confidence):
    rows = []
    for name in sorted(set(base) & set(cur)):
        b, c = base[name], cur[name]
        if min(b) <= 0 or min(c) <= 0:
            continue
        u, p, method = mann_whitney_u(b, c)
        # Speed = baseline time / current time; on log times the shift current - baseline is -log(speed).
        est, lo, hi = shift_interval([math.log(v) for v in b], [math.log(v) for v in c], confidence)
        speed, speed_lo, speed_hi = math.exp(-est), math.exp(-hi), math.exp(-lo)
        if p < alpha and not speed_lo <= 1 <= speed_hi:
            verdict = "faster" if speed > 1 else "slower"
        else:
            verdict = "no significant change"
        rows.append({"name": name, "n_baseline": len(b), "n_current": len(c),
                     "baseline_median_s": statistics.median(b), "current_median_s": statistics.median(c),
                     "speed": speed, "speed_ci": [speed_lo, speed_hi], "u": u, "p": p, "test": method,
                     "verdict": verdict})
    return rows


def print_table(rows, confidence, out):
    width = max([len(r["name"]) for r in rows] + [9])
    ci = f"{100 * confidence:g} % CI"
    print(f"{'benchmark':<{width}}  {'baseline':>10}  {'current':>10}  {'speed':>6}  {ci:>15}  {'p':>8}  verdict",
          file=out)
    for r in rows:
        lo, hi = r["speed_ci"]
        print(f"{r['name']:<{width}}  {fmt_time(r['baseline_median_s']):>10}  {fmt_time(r['current_median_s']):>10}  "
              f"{r['speed']:6.3f}  [{lo:6.3f}, {hi:6.3f}]  {r['p']:8.2g}  {r['verdict']}", file=out)


def fmt_time(s):
    for unit, f in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if s >= f:
            return f"{s / f:.3g} {unit}"
    return f"{s / 1e-9:.3g} ns"


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("baseline", help="the reference build's benchmark binary (e.g. main/build/benchmark/fb_benchmarks)")
    p.add_argument("current", help="the build to measure (e.g. build/benchmark/fb_benchmarks)")
    p.add_argument("--filter", default=".", help="--benchmark_filter regex for both (default: all)")
    p.add_argument("--rounds", type=int, default=6, help="alternating runs of each binary (default 6)")
    p.add_argument("--repetitions", type=int, default=3, help="--benchmark_repetitions per run (default 3)")
    p.add_argument("--min-time", default="0.05", help="--benchmark_min_time per repetition (default 0.05)")
    p.add_argument("--alpha", type=float, default=0.05, help="significance level of the U test (default 0.05)")
    p.add_argument("--confidence", type=float, default=0.95, help="coverage of the speed interval (default 0.95)")
    p.add_argument("--json", help="also write the table to this JSON file")
    args = p.parse_args(argv)
    if args.rounds < 1 or args.repetitions < 1:
        p.error("--rounds and --repetitions must be >= 1")
    if not 0 < args.alpha < 1 or not 0 < args.confidence < 1:
        p.error("--alpha and --confidence must be in (0, 1)")
    for b in (args.baseline, args.current):
        if not (os.path.isfile(b) and os.access(b, os.X_OK)):
            print(f"bench-ab: {b}: not an executable file", file=sys.stderr)
            return 2
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    bench_args = [f"--benchmark_filter={args.filter}", f"--benchmark_repetitions={args.repetitions}",
                  f"--benchmark_min_time={args.min_time}"]
    try:
        base, cur, order = run_ab(args.baseline, args.current, args.rounds, bench_args, log=sys.stderr)
    except InputError as e:
        print(f"bench-ab: {e}", file=sys.stderr)
        return 2
    rows = analyse(base, cur, args.alpha, args.confidence)
    if not rows:
        print("bench-ab: no benchmark ran in both builds (check --filter)", file=sys.stderr)
        return 2
    print(f"{args.rounds} alternating rounds x {args.repetitions} repetitions per build; speed = baseline time /"
          f" current time (Hodges-Lehmann), two-sided Mann-Whitney U at alpha {args.alpha:g}")
    print_table(rows, args.confidence, sys.stdout)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"rounds": args.rounds, "repetitions": args.repetitions, "order": order,
                       "alpha": args.alpha, "confidence": args.confidence, "rows": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
