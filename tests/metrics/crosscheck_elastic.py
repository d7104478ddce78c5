#!/usr/bin/env python3
"""Cross-check of the Elastic-InfoGAN metric pieces against scikit-learn and scipy (ctest entry).

Random cases: NMI (sklearn.metrics.normalized_mutual_info_score, arithmetic, and geometric as
scikit-learn <= 0.21 computed it by default and the released Elastic-InfoGAN evaluation used it), the Hungarian
assignment's total cost (scipy.optimize.linear_sum_assignment) and the Fréchet distance (the FID
reference formula with scipy.linalg.sqrtm). factorbench's answers come from elastic_crosscheck_tool.

Usage: crosscheck_elastic.py --tool BIN
Exit status: 0 all agree, 1 a mismatch, 77 python3 lacks numpy/scikit-learn/scipy (ctest skip).
"""

import argparse
import json
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from scipy import linalg
    from scipy.optimize import linear_sum_assignment
    from sklearn.metrics import normalized_mutual_info_score
except ImportError as e:
    print(f"skipping: {e}")
    sys.exit(77)


def frechet(x, y):
    """pytorch-fid's calculate_frechet_distance on np.cov (ddof 1) fits."""
    mu1, mu2 = x.mean(0), y.mean(0)
    s1, s2 = np.atleast_2d(np.cov(x, rowvar=False)), np.atleast_2d(np.cov(y, rowvar=False))
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)

    nmi_cases = []
    for t in range(40):
        n = int(rng.integers(5, 300))
        ka, kb = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        a = rng.integers(0, ka, n)
        # Mix of independent and dependent labellings.
        b = (a + rng.integers(0, 2, n) * rng.integers(0, kb, n)) % kb if t % 2 else rng.integers(0, kb, n)
        nmi_cases.append([a.tolist(), b.tolist()])
    hungarian_cases = [rng.normal(size=(int(rng.integers(1, 9)), int(rng.integers(1, 9)))).round(3).tolist()
                       for _ in range(40)]
    frechet_cases = []
    for _ in range(10):
        f = int(rng.integers(1, 9))
        mix = rng.normal(size=(f, f))
        x = rng.normal(size=(200, f)) @ mix
        y = rng.normal(size=(150, f)) @ (mix + rng.normal(size=(f, f)) * 0.5) + rng.normal(size=f)
        frechet_cases.append([x.tolist(), y.tolist()])

    with tempfile.NamedTemporaryFile("w", suffix=".json") as tmp:
        json.dump({"nmi": nmi_cases, "hungarian": hungarian_cases, "frechet": frechet_cases}, tmp)
        tmp.flush()
        ours = json.loads(subprocess.check_output([args.tool, tmp.name]))

    failures = 0
    for i, (a, b) in enumerate(nmi_cases):
        ref = normalized_mutual_info_score(a, b, average_method="arithmetic")
        if abs(ref - ours["nmi"][i]) > 1e-9:
            print(f"nmi case {i}: sklearn {ref} factorbench {ours['nmi'][i]}")
            failures += 1
        ref = normalized_mutual_info_score(a, b, average_method="geometric")
        if abs(ref - ours["nmi_geometric"][i]) > 1e-9:
            print(f"geometric nmi case {i}: sklearn {ref} factorbench {ours['nmi_geometric'][i]}")
            failures += 1
    for i, m in enumerate(hungarian_cases):
        m = np.array(m)
        r, c = linear_sum_assignment(m)
        ref = float(m[r, c].sum())
        if abs(ref - ours["hungarian_cost"][i]) > 1e-9:
            print(f"hungarian case {i}: scipy {ref} factorbench {ours['hungarian_cost'][i]}")
            failures += 1
    for i, (x, y) in enumerate(frechet_cases):
        ref = frechet(np.array(x), np.array(y))
        if abs(ref - ours["frechet"][i]) > 1e-6 * max(1.0, abs(ref)):
            print(f"frechet case {i}: scipy {ref} factorbench {ours['frechet'][i]}")
            failures += 1
    total = 2 * len(nmi_cases) + len(hungarian_cases) + len(frechet_cases)
    print(f"{total - failures}/{total} cases agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
