#!/usr/bin/env python3
"""Per-call overhead of the factorbench Python package against the native call (issue #21 item 3).

For each case (a metric on a small code set) it times whole Python calls (factorbench.metrics.evaluate:
argument checks, numpy -> library arrays, the native work with the GIL released, the dict back) and the
native work alone, measured in C++ on arrays already converted (factorbench._native.native_seconds), in the
same process, alternating, and prints one JSON line per case: median seconds of each and their difference.

Usage: python_overhead.py [--repeats 200] [--rows 1000] [--threads 1]
(PYTHONPATH=build/python; ctest python_overhead runs it with a few repeats as a smoke test.)
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np

import factorbench as fb
from factorbench import _native


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=200)
    p.add_argument("--rows", type=int, default=1000)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args(argv)
    rng = np.random.default_rng(0)
    factors = rng.integers(0, 10, size=(args.rows, 5))
    codes = (factors + 0.3 * rng.normal(size=factors.shape)).astype(np.float32)
    for metric in ["mig", "modularity"]:
        python_s, native_s = [], []
        for _ in range(args.repeats):
            start = time.perf_counter()
            fb.metrics.evaluate(codes, factors, metrics=[metric], threads=args.threads)
            python_s.append(time.perf_counter() - start)
            native_s.append(_native.native_seconds(codes, factors, [metric], 1, args.threads))
        py_med, native_med = statistics.median(python_s), statistics.median(native_s)
        print(json.dumps({"case": f"{metric}/{args.rows}x5", "python_call_s": py_med, "native_s": native_med,
                          "overhead_s": py_med - native_med, "overhead_fraction": (py_med - native_med) / py_med,
                          "repeats": args.repeats, "threads": args.threads}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
