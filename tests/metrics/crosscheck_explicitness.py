#!/usr/bin/env python3
"""Cross-check of CR-protocol explicitness against scikit-learn (ctest entry; issue #16 item 6).

InfoGAN-CR's metric.py (FStatMetric.evaluate) fits LogisticRegression() per factor on the raw codes, with no
standardisation, and scores predict_proba on the same data by the macro ROC-AUC of the one-hot classes. Its
scikit-learn (Python 2.7, so <= 0.20) made LogisticRegression() liblinear one-vs-rest, which is
LogisticRegression(solver="liblinear", multi_class="ovr") today; the "current" era is today's
LogisticRegression(). The code sets have offsets and scales far from 0 and 1, where standardising moves the
score by several hundredths, so a factorbench that standardised would fail here.

Usage: crosscheck_explicitness.py --tool BIN
Exit status: 0 all agree, 1 a mismatch, 77 python3 lacks numpy/scikit-learn (ctest skip).
"""

import argparse
import json
import subprocess
import sys
import tempfile
import warnings

try:
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler
except ImportError as e:
    print(f"skipping: {e}")
    sys.exit(77)

TOLERANCE = 0.005  # both solve the same convex problem; the optima differ only by the solvers' tolerances
MIN_SCALING_EFFECT = 0.02  # at least one set must separate raw from standardised codes by this much


def logistic(era):
    return LogisticRegression(solver="liblinear", multi_class="ovr") if era == "paper" else LogisticRegression()


def explicitness(codes, factors, era):
    aucs = []
    for j in range(factors.shape[1]):
        y = factors[:, j]
        clf = logistic(era).fit(codes, y)
        proba = clf.predict_proba(codes)
        per_class = [roc_auc_score(y == cls, proba[:, c]) for c, cls in enumerate(clf.classes_)
                     if (y == cls).any() and not (y == cls).all()]
        aucs.append(np.mean(per_class))
    return float(np.mean(aucs))


def code_set(rng, n, scale, offset):
    f = np.stack([rng.integers(0, 3, n), rng.integers(0, 4, n), rng.integers(0, 2, n)], 1)
    z = np.stack([f[:, 0] + 0.8 * rng.normal(size=n), 0.5 * f[:, 1] + 0.5 * rng.normal(size=n),
                  rng.normal(size=n), f[:, 2] + rng.normal(size=n)], 1)
    return (z * scale + offset).astype(np.float32), f


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    cases = []
    # liblinear regularises the intercept too, so offsets and scales matter most in the paper era.
    for scale, offset in [([0.05, 20.0, 1.0, 0.02], [30.0, -5.0, 0.0, 100.0]),
                          ([0.1, 3.0, 1.0, 0.05], [8.0, 2.0, -4.0, 20.0]),
                          ([1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0])]:
        codes, factors = code_set(rng, 400, np.array(scale), np.array(offset))
        cases.append({"codes": codes, "factors": factors, "era": "paper"})
    # lbfgs (max_iter 100) must converge for two solvers to agree: moderate scales only.
    for scale, offset in [([0.5, 3.0, 1.0, 0.3], [2.0, -1.0, 0.0, 3.0]), ([1.0, 1.0, 1.0, 1.0], [0.0] * 4)]:
        codes, factors = code_set(rng, 400, np.array(scale), np.array(offset))
        cases.append({"codes": codes, "factors": factors, "era": "current"})

    with tempfile.NamedTemporaryFile("w", suffix=".json") as tmp:
        json.dump({"cases": [{"codes": c["codes"].tolist(), "factors": c["factors"].tolist(), "era": c["era"]}
                             for c in cases]}, tmp)
        tmp.flush()
        ours = json.loads(subprocess.check_output([args.tool, tmp.name]))["explicitness"]

    failures, largest_effect = 0, 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        for i, c in enumerate(cases):
            raw = explicitness(c["codes"].astype(np.float64), c["factors"], c["era"])
            scaled = explicitness(StandardScaler().fit_transform(c["codes"].astype(np.float64)), c["factors"],
                                  c["era"])
            largest_effect = max(largest_effect, abs(raw - scaled))
            ok = abs(raw - ours[i]) <= TOLERANCE
            failures += not ok
            print(f"case {i} [{c['era']}]: scikit-learn raw {raw:.5f} (standardised {scaled:.5f}), "
                  f"factorbench {ours[i]:.5f} {'ok' if ok else 'MISMATCH'}")
    if largest_effect < MIN_SCALING_EFFECT:
        print(f"the sets do not separate raw from standardised codes (largest effect {largest_effect:.4f})")
        failures += 1
    print(f"{len(cases) - failures}/{len(cases)} cases agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
