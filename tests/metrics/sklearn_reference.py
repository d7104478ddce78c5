#!/usr/bin/env python3
"""scikit-learn reference values for factorbench's classifier-based metrics (docs/protocols.md §4.2-§4.3a, §5.3).

Computes SAP, DCI and explicitness exactly as disentanglement_lib does (with scikit-learn's classifiers)
for a codes file, and UDR for a set of model files, and prints JSON. Also writes the synthetic code sets
factorbench's cross-checks use.

Usage:
  sklearn_reference.py make-sets OUT_DIR [--n-train 2000] [--n-test 1000] [--n-udr 1000] [--seed 0]
      Writes OUT_DIR/<set>.h5 for the code sets (tiny, identity, noisy, mixing, duplicated, dead, noise,
      constant) and OUT_DIR/udr_<set>_<m>.h5 for the UDR sets (tiny, aligned, rotated); prints their names.
      "tiny" sets are deterministic formulas the C++ unit tests rebuild; the others are random (--seed).
  sklearn_reference.py codes FILE [--metrics sap,dci,explicitness] [--era paper|current] [--seed 0]
      FILE: /train/codes float32 [N,D], /train/factors int64 [N,K], optional /test/codes, /test/factors
      (absent: test = train). Prints {"sap", "sap_scores", "dci_disentanglement", "dci_completeness",
      "dci_informativeness_train", "dci_informativeness_test", "dci_importance", "explicitness_train",
      "explicitness_test", "era", "seconds": {metric: s}}.
      --cr-dci lasso,lasso_cv,rf,rf_ibgan,rf_cv [--cr-seeds 5] adds the CR DCI variants on the train split
      (factor classes as values, z-scored): dci_{disentanglement,completeness,informativeness}_<v> and, for
      the forests, the mean over --cr-seeds random_states with <key>_seed_std.
  sklearn_reference.py udr FILE... [--method lasso|spearman] [--no-filter] [--kl-threshold 0.01] [--alpha 0.1]
      Each FILE: /udr/mean float32 [N,D], /udr/kl float32 [D]. Prints {"model_scores", "pairwise"}.

Era: "paper" = LogisticRegression(solver="liblinear", multi_class="ovr") (scikit-learn <= 0.21 defaults),
"current" = LogisticRegression() (lbfgs). DCI's GradientBoostingClassifier gets random_state=--seed
(disentanglement_lib leaves it unseeded; it only breaks ties between equally good features).
"""

import argparse
import json
import sys
import time
import warnings

import h5py
import numpy as np
import scipy.stats
from sklearn import ensemble, linear_model, metrics, model_selection, preprocessing, svm

warnings.filterwarnings("ignore")


# --------------------------------------------------------------------------------------------- metrics

def sap(train, train_f, test, test_f):
    d, k = train.shape[1], train_f.shape[1]
    scores = np.zeros((d, k))
    for i in range(d):
        for j in range(k):
            clf = svm.LinearSVC(C=0.01, class_weight="balanced", random_state=0)
            clf.fit(train[:, i:i + 1], train_f[:, j])
            scores[i, j] = np.mean(clf.predict(test[:, i:i + 1]) == test_f[:, j])
    top = np.sort(scores, axis=0)
    return float(np.mean(top[-1, :] - top[-2, :])), scores


def _entropy_score(matrix, axis_is_rows):
    m = matrix if axis_is_rows else matrix.T
    per = 1.0 - scipy.stats.entropy(m.T + 1e-11, base=m.shape[1])
    if m.sum() == 0.0:
        m = np.ones_like(m)
    weight = m.sum(axis=1) / m.sum()
    return float(np.sum(per * weight))


def dci(train, train_f, test, test_f, seed):
    d, k = train.shape[1], train_f.shape[1]
    importance = np.zeros((d, k))
    acc_train, acc_test = [], []
    for j in range(k):
        model = ensemble.GradientBoostingClassifier(random_state=seed)
        model.fit(train, train_f[:, j])
        importance[:, j] = np.abs(model.feature_importances_)
        acc_train.append(np.mean(model.predict(train) == train_f[:, j]))
        acc_test.append(np.mean(model.predict(test) == test_f[:, j]))
    return {
        "dci_disentanglement": _entropy_score(importance, True),
        "dci_completeness": _entropy_score(importance, False),
        "dci_informativeness_train": float(np.mean(acc_train)),
        "dci_informativeness_test": float(np.mean(acc_test)),
        "dci_importance": importance.tolist(),
    }


CR_DEPTHS = {"rf": [4, 5, 2, 5, 5], "rf_ibgan": [4, 2, 4, 2, 2]}
# InfoGAN-CR's metric.py ran under Python 2.7, hence scikit-learn <= 0.20, whose defaults were 10 trees per
# RandomForestRegressor and 3 folds for LassoCV (both changed in 0.22).
CR_TREES = 10
CR_LASSO_CV_FOLDS = 3


def _cr_regressor(variant, j, seed):
    if variant == "lasso":
        return linear_model.Lasso(alpha=0.02)
    if variant == "lasso_cv":
        return linear_model.LassoCV(cv=CR_LASSO_CV_FOLDS)
    if variant in CR_DEPTHS:
        return ensemble.RandomForestRegressor(n_estimators=CR_TREES, max_depth=CR_DEPTHS[variant][j],
                                              random_state=seed)
    if variant == "rf_cv":
        return model_selection.GridSearchCV(ensemble.RandomForestRegressor(n_estimators=CR_TREES, random_state=seed),
                                            {"max_depth": list(range(2, 16))}, cv=3)
    raise ValueError(variant)


def _cr_completeness(importance):
    """metric.py's completeness: the plain mean over factors of 1 - H_D (disentanglement stays weighted)."""
    p = (importance + 1e-11) / (importance + 1e-11).sum(axis=0)
    return float(np.mean(1.0 - scipy.stats.entropy(p, base=importance.shape[0])))


def dci_cr(codes, factors, variants, seeds):
    """InfoGAN-CR's DCI variants on one set: z-scored codes and factor values, per factor a regressor
    on all codes, importance |coef| or the forest's impurity importance, disentanglement weighted by code
    importance, completeness the plain mean over factors, informativeness = R² on the same set. Forest
    variants (random) are averaged over `seeds` random_states; their spread across seeds is reported as
    <key>_seed_std."""
    x = preprocessing.StandardScaler().fit_transform(codes.astype(np.float64))
    y = preprocessing.StandardScaler().fit_transform(factors.astype(np.float64))
    out = {}
    for v in variants:
        runs = []
        for seed in (range(seeds) if v.startswith("rf") else [0]):
            importance, r2 = np.zeros((x.shape[1], y.shape[1])), []
            for j in range(y.shape[1]):
                model = _cr_regressor(v, j, seed).fit(x, y[:, j])
                if v == "rf_cv":
                    model = model.best_estimator_
                importance[:, j] = np.abs(model.coef_) if v.startswith("lasso") else model.feature_importances_
                r2.append(model.score(x, y[:, j]))
            runs.append([_entropy_score(importance, True), _cr_completeness(importance), float(np.mean(r2))])
        runs = np.array(runs)
        for i, key in enumerate(["dci_disentanglement_", "dci_completeness_", "dci_informativeness_"]):
            out[key + v] = float(runs[:, i].mean())
            out[key + v + "_seed_std"] = float(runs[:, i].std())
    return out


def _logistic(era):
    if era == "paper":
        return linear_model.LogisticRegression(solver="liblinear", multi_class="ovr")
    return linear_model.LogisticRegression()


def _macro_auc(proba, classes, y):
    aucs = []
    for c, cls in enumerate(classes):
        truth = y == cls
        if truth.all() or not truth.any():
            continue
        aucs.append(metrics.roc_auc_score(truth, proba[:, c]))
    return float(np.mean(aucs))


def explicitness(train, train_f, test, test_f, era):
    scaler = preprocessing.StandardScaler().fit(train.astype(np.float64))
    x_train = scaler.transform(train.astype(np.float64))
    x_test = scaler.transform(test.astype(np.float64))
    constant = train.max(axis=0) == train.min(axis=0)
    x_train[:, constant] = 0.0  # centring a constant float32 column can leave rounding residue
    tr, te = [], []
    for j in range(train_f.shape[1]):
        clf = _logistic(era).fit(x_train, train_f[:, j])
        tr.append(_macro_auc(clf.predict_proba(x_train), clf.classes_, train_f[:, j]))
        te.append(_macro_auc(clf.predict_proba(x_test), clf.classes_, test_f[:, j]))
    return float(np.mean(tr)), float(np.mean(te))


def relative_strength(r):
    with np.errstate(all="ignore"):
        x = np.nanmean(np.nan_to_num(np.power(np.max(r, axis=0), 2) / np.sum(r, axis=0)))
        y = np.nanmean(np.nan_to_num(np.power(np.max(r, axis=1), 2) / np.sum(r, axis=1)))
    return (x + y) / 2


def udr(means, kls, method, filter_low_kl, kl_threshold, alpha):
    reps, masks = [], []
    for mean, kl in zip(means, kls):
        z = preprocessing.StandardScaler().fit_transform(mean.astype(np.float64))
        reps.append(z * np.greater(kl, 0.01))
        masks.append(kl > kl_threshold)
    m = len(reps)
    pairwise = np.zeros((m, m))
    for i in range(m):
        for j in range(m):
            if i == j:
                continue
            if method == "lasso":
                model = linear_model.Lasso(alpha=alpha).fit(reps[i], reps[j])
                r = np.abs(model.coef_).T
            else:
                r = np.zeros((reps[i].shape[1], reps[j].shape[1]))
                with np.errstate(all="ignore"):
                    for a in range(r.shape[0]):
                        for b in range(r.shape[1]):
                            rho, _ = scipy.stats.spearmanr(reps[i][:, a], reps[j][:, b], nan_policy="omit")
                            r[a, b] = abs(rho)
            if filter_low_kl:
                r = r[masks[i], :][:, masks[j]]
            pairwise[i, j] = relative_strength(r)
    scores = [float(np.median(np.delete(pairwise[:, i], i))) for i in range(m)]
    return {"model_scores": scores, "pairwise": pairwise.tolist()}


# ------------------------------------------------------------------------------------------ code sets

SIZES = [3, 6, 40, 32, 32]  # dSprites' varying factors


def _factors(rng, n):
    return np.stack([rng.integers(0, s, n) for s in SIZES], axis=1).astype(np.int64)


def _normalised(f):
    return f / (np.array(SIZES, dtype=np.float64) - 1.0)


def _code_sets(rng, n_train, n_test):
    f_train, f_test = _factors(rng, n_train), _factors(rng, n_test)
    mixing_matrix = rng.normal(size=(len(SIZES), 10))
    noise_scales = np.array([0.02, 0.05, 0.1, 0.2, 0.4])

    def build(f, name):
        n = f.shape[0]
        v = _normalised(f)
        if name == "identity":
            return f.astype(np.float32)
        if name == "noisy":
            return (v + rng.normal(size=v.shape) * noise_scales).astype(np.float32)
        if name == "mixing":
            return (v @ mixing_matrix + 0.05 * rng.normal(size=(n, 10))).astype(np.float32)
        if name == "duplicated":
            c = v + 0.05 * rng.normal(size=v.shape)
            return np.repeat(c, 2, axis=1).astype(np.float32)
        if name == "dead":
            c = v + 0.05 * rng.normal(size=v.shape)
            return np.concatenate([c, np.zeros((n, 5))], axis=1).astype(np.float32)
        if name == "noise":
            return rng.normal(size=(n, 10)).astype(np.float32)
        if name == "constant":
            return np.zeros((n, 10), dtype=np.float32)
        raise ValueError(name)

    for name in ["identity", "noisy", "mixing", "duplicated", "dead", "noise", "constant"]:
        yield name, build(f_train, name), f_train, build(f_test, name), f_test


def _udr_sets(rng, n):
    s = rng.normal(size=(n, 5))
    kl_active, kl_dead = 1.5, 0.001
    # aligned: permuted, sign-flipped, noisy copies of the same 5 sources + 5 dead latents per model;
    # one KL exactly 0.01 (inactive: the threshold is strict).
    aligned = []
    for m in range(4):
        perm = rng.permutation(5)
        signs = rng.choice([-1.0, 1.0], size=5)
        active = s[:, perm] * signs + (0.05 + 0.1 * m) * rng.normal(size=(n, 5))
        dead = 0.01 * rng.normal(size=(n, 5))
        mean = np.concatenate([active, dead], axis=1)
        order = rng.permutation(10)
        kl = np.array([kl_active] * 5 + [kl_dead] * 4 + [0.01])[order]
        aligned.append((mean[:, order].astype(np.float32), kl.astype(np.float32)))
    yield "aligned", aligned
    # rotated: the same sources, some models rotated (entangled) and one with a constant active latent.
    rotated = []
    for m in range(4):
        q, _ = np.linalg.qr(rng.normal(size=(5, 5)))
        z = s @ q if m % 2 else s.copy()
        z = z + 0.1 * rng.normal(size=z.shape)
        kl = np.full(5, 1.0)
        if m == 3:
            z[:, 4] = 0.5
        rotated.append((z.astype(np.float32), kl.astype(np.float32)))
    yield "rotated", rotated


def tiny_set():
    """The deterministic set the C++ unit tests rebuild (tests/metrics/tiny_sets.h): 400 train + 200 test
    rows, K = 2 factors (3 and 4 classes), D = 4 codes (two noisy factors, a mixture, noise)."""
    i = np.arange(600)
    f = np.stack([i % 3, (i // 3) % 4], axis=1).astype(np.int64)
    u0 = ((i * 7919) % 1000) / 1000.0 - 0.5
    u1 = ((i * 104729) % 997) / 997.0 - 0.5
    u2 = ((i * 31337) % 1009) / 1009.0 - 0.5
    c = np.stack([f[:, 0] + 1.6 * u0, f[:, 1] + 2.0 * u1, 0.5 * f[:, 0] + 0.5 * f[:, 1] + u2, u0 + u1],
                 axis=1).astype(np.float32)
    return c[:400], f[:400], c[400:], f[400:]


def tiny_udr():
    """The deterministic UDR models of tests/metrics/tiny_sets.h: 3 models, N = 200, D = 3."""
    i = np.arange(200)
    a = ((i * 7919) % 1000) / 1000.0 - 0.5
    b = ((i * 104729) % 997) / 997.0 - 0.5
    c = ((i * 31337) % 1009) / 1009.0 - 0.5
    means = [np.stack([a, b, c + 0.1 * a], axis=1), np.stack([b + 0.2 * c, -a, 0.001 * c], axis=1),
             np.stack([a + b, a - b, c], axis=1)]
    kls = [np.array([1.0, 1.0, 1.0]), np.array([1.0, 1.0, 0.005]), np.array([1.0, 0.5, 1.0])]
    return [m.astype(np.float32) for m in means], [k.astype(np.float32) for k in kls]


def make_sets(args):
    rng = np.random.default_rng(args.seed)
    names = []
    tr, ftr, te, fte = tiny_set()
    with h5py.File(f"{args.out_dir}/tiny.h5", "w") as h:
        h["/train/codes"], h["/train/factors"] = tr, ftr
        h["/test/codes"], h["/test/factors"] = te, fte
    names.append("tiny")
    for m, (mean, kl) in enumerate(zip(*tiny_udr())):
        with h5py.File(f"{args.out_dir}/udr_tiny_{m}.h5", "w") as h:
            h["/udr/mean"], h["/udr/kl"] = mean, kl
    names.append("udr_tiny")
    for name, tr, ftr, te, fte in _code_sets(rng, args.n_train, args.n_test):
        with h5py.File(f"{args.out_dir}/{name}.h5", "w") as h:
            h["/train/codes"], h["/train/factors"] = tr, ftr
            h["/test/codes"], h["/test/factors"] = te, fte
        names.append(name)
    for name, models in _udr_sets(rng, args.n_udr):
        for m, (mean, kl) in enumerate(models):
            with h5py.File(f"{args.out_dir}/udr_{name}_{m}.h5", "w") as h:
                h["/udr/mean"], h["/udr/kl"] = mean, kl
        names.append(f"udr_{name}")
    print(json.dumps({"sets": names}))


# -------------------------------------------------------------------------------------------------- CLI

def run_codes(args):
    with h5py.File(args.file, "r") as h:
        train = h["/train/codes"][...].astype(np.float32)
        train_f = h["/train/factors"][...].astype(np.int64)
        if "/test/codes" in h:
            test = h["/test/codes"][...].astype(np.float32)
            test_f = h["/test/factors"][...].astype(np.int64)
        else:
            test, test_f = train, train_f
    wanted = args.metrics.split(",")
    out, seconds = {"era": args.era}, {}
    if "sap" in wanted:
        t = time.time()
        out["sap"], scores = sap(train, train_f, test, test_f)
        out["sap_scores"] = scores.tolist()
        seconds["sap"] = time.time() - t
    if "dci" in wanted:
        t = time.time()
        out.update(dci(train, train_f, test, test_f, args.seed))
        seconds["dci"] = time.time() - t
    if args.cr_dci:
        t = time.time()
        out.update(dci_cr(train, train_f, args.cr_dci.split(","), args.cr_seeds))
        seconds["dci_cr"] = time.time() - t
    if "explicitness" in wanted:
        t = time.time()
        out["explicitness_train"], out["explicitness_test"] = explicitness(train, train_f, test, test_f, args.era)
        seconds["explicitness"] = time.time() - t
    out["seconds"] = seconds
    print(json.dumps(out))


def run_udr(args):
    means, kls = [], []
    for path in args.files:
        with h5py.File(path, "r") as h:
            means.append(h["/udr/mean"][...])
            kls.append(h["/udr/kl"][...].astype(np.float64))
    t = time.time()
    out = udr(means, kls, args.method, not args.no_filter, args.kl_threshold, args.alpha)
    out["seconds"] = time.time() - t
    print(json.dumps(out))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("make-sets")
    p.add_argument("out_dir")
    p.add_argument("--n-train", type=int, default=2000)
    p.add_argument("--n-test", type=int, default=1000)
    p.add_argument("--n-udr", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(run=make_sets)
    p = sub.add_parser("codes")
    p.add_argument("file")
    p.add_argument("--metrics", default="sap,dci,explicitness")
    p.add_argument("--era", choices=["paper", "current"], default="paper")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--cr-dci", default="", help="CR DCI variants (lasso,lasso_cv,rf,rf_ibgan,rf_cv) on the train split")
    p.add_argument("--cr-seeds", type=int, default=5, help="random_states averaged for the forest variants")
    p.set_defaults(run=run_codes)
    p = sub.add_parser("udr")
    p.add_argument("files", nargs="+")
    p.add_argument("--method", choices=["lasso", "spearman"], default="lasso")
    p.add_argument("--no-filter", action="store_true")
    p.add_argument("--kl-threshold", type=float, default=0.01)
    p.add_argument("--alpha", type=float, default=0.1)
    p.set_defaults(run=run_udr)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main(sys.argv[1:])
