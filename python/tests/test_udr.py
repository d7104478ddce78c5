"""factorbench.udr: equal to `factorbench udr` on the same means, and within the scikit-learn cross-check's
tolerance."""
import json
import subprocess

import numpy as np
import pytest

import factorbench as fb

h5py = pytest.importorskip("h5py")


def pool(seed=0, n=300, models=3):
    rng = np.random.default_rng(seed)
    s = rng.normal(size=(n, 3))
    means, kls = [], []
    for m in range(models):
        active = s[:, rng.permutation(3)] + 0.1 * (m + 1) * rng.normal(size=(n, 3))
        means.append(np.concatenate([active, 0.01 * rng.normal(size=(n, 2))], axis=1).astype(np.float32))
        kls.append(np.array([1.5, 1.2, 0.9, 0.001, 0.002], np.float32))
    return means, kls


@pytest.mark.parametrize("method", ["lasso", "spearman"])
def test_udr_equals_cli(cli, tmp_path, method):
    means, kls = pool()
    files = []
    for i, (mean, kl) in enumerate(zip(means, kls)):
        path = tmp_path / f"m{i}.h5"
        with h5py.File(path, "w") as h:
            h["/udr/mean"] = mean
            h["/udr/kl"] = kl
        files.append(str(path))
    out = tmp_path / "udr.json"
    subprocess.run([cli, "-q", "udr", "--codes", *files, "--method", method, "--out", str(out), "--force"],
                   check=True)
    with open(out) as f:
        theirs = json.load(f)
    ours = fb.udr(means, method, kl=kls)
    assert ours["model_scores"] == theirs["model_scores"]
    assert ours["pairwise"] == theirs["pairwise"]


@pytest.mark.parametrize("method", ["lasso", "spearman"])
def test_udr_agrees_with_scikit_learn(method):
    ref = pytest.importorskip("sklearn_reference")
    crosscheck = pytest.importorskip("crosscheck_sklearn")
    means, kls = pool(seed=1)
    ours = fb.udr(means, method, kl=kls)
    theirs = ref.udr(means, kls, method, True, 0.01, 0.1)
    got = ours["model_scores"] + [v for row in ours["pairwise"] for v in row]
    want = theirs["model_scores"] + [v for row in theirs["pairwise"] for v in row]
    assert max(abs(a - b) for a, b in zip(got, want)) <= crosscheck.UDR_TOLERANCE


def test_udr_errors():
    means, kls = pool()
    with pytest.raises(ValueError, match="lasso or spearman"):
        fb.udr(means, "pearson")
    with pytest.raises(ValueError, match="at least 2 models"):
        fb.udr(means[:1])
    with pytest.raises(ValueError, match=r"codes\[1\]: expected a 2-D array"):
        fb.udr([means[0], means[1][:, 0]])
    with pytest.raises(ValueError, match="kl: expected one vector per model"):
        fb.udr(means, kl=kls[:2])
