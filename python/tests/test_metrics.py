"""factorbench.metrics: equal to `factorbench evaluate-codes` bit for bit, within the scikit-learn
cross-check's tolerances, and array errors as ValueError naming the shapes."""
import json
import os
import subprocess

import numpy as np
import pytest

import factorbench as fb
from conftest import code_set

h5py = pytest.importorskip("h5py")


def cli_scores(cli, tmp_path, train_codes, train_factors, test_codes=None, test_factors=None, args=()):
    path = tmp_path / "codes.h5"
    with h5py.File(path, "w") as h:
        h["/train/codes"] = train_codes
        h["/train/factors"] = train_factors
        if test_codes is not None:
            h["/test/codes"] = test_codes
            h["/test/factors"] = test_factors
    out = tmp_path / "scores.json"
    subprocess.run([cli, "-q", "evaluate-codes", "--codes", str(path), "--out", str(out), "--force", *args],
                   check=True)
    with open(out) as f:
        return json.load(f)


@pytest.mark.parametrize("era", ["paper", "current"])
def test_evaluate_equals_cli(cli, tmp_path, era):
    c, f, tc, tf = code_set()
    ours = fb.metrics.evaluate(c, f, test_codes=tc, test_factors=tf, sklearn_era=era)
    theirs = cli_scores(cli, tmp_path, c, f, tc, tf, ["--sklearn-era", era])
    assert ours == theirs  # the same keys and the same doubles (JSON keeps 17 digits)


def test_each_metric_equals_cli(cli, tmp_path):
    c, f, tc, tf = code_set(seed=1)
    theirs = cli_scores(cli, tmp_path, c, f, tc, tf, ["--cr-dci", "lasso"])
    split = dict(test_codes=tc, test_factors=tf)
    ours = {}
    ours.update(fb.metrics.mig(c, f, **split))
    ours.update(fb.metrics.sap(c, f, **split))
    ours.update(fb.metrics.dci(c, f, cr_dci=["lasso"], **split))
    ours.update(fb.metrics.modularity(c, f, **split))
    ours.update(fb.metrics.explicitness(c, f, **split))
    assert ours == theirs


def test_without_test_split_equals_cli(cli, tmp_path):
    c, f, _, _ = code_set(seed=2)
    assert fb.metrics.evaluate(c, f) == cli_scores(cli, tmp_path, c, f)


def test_float64_and_strided_codes_score_as_their_float32_copy():
    c, f, _, _ = code_set(seed=3)
    base = fb.metrics.evaluate(c, f, metrics=["mig", "sap"])
    assert fb.metrics.evaluate(c.astype(np.float64), f, metrics=["mig", "sap"]) == base
    fortran = np.asfortranarray(c)
    assert fb.metrics.evaluate(fortran, f.astype(np.int32), metrics=["mig", "sap"]) == base
    wide = np.zeros((c.shape[0], 2 * c.shape[1]), dtype=np.float32)
    wide[:, ::2] = c
    assert fb.metrics.evaluate(wide[:, ::2], f, metrics=["mig", "sap"]) == base


def test_threads_do_not_change_scores():
    c, f, tc, tf = code_set(seed=4)
    one = fb.metrics.evaluate(c, f, test_codes=tc, test_factors=tf, threads=1)
    two = fb.metrics.evaluate(c, f, test_codes=tc, test_factors=tf, threads=2)
    assert one == two


def test_options_reach_the_metric():
    c, f, _, _ = code_set(seed=5)
    assert fb.metrics.mig(c, f, bins=5) != fb.metrics.mig(c, f, bins=40)
    assert fb.metrics.mig(c, f, bins=np.int64(5)) == fb.metrics.mig(c, f, bins=5)  # numpy scalars too
    with pytest.raises(ValueError, match="bin"):
        fb.metrics.mig(c, f, binz=5)


def test_agrees_with_scikit_learn():
    ref = pytest.importorskip("sklearn_reference")
    crosscheck = pytest.importorskip("crosscheck_sklearn")
    c, f, tc, tf = code_set(seed=6)
    ours = fb.metrics.evaluate(c, f, test_codes=tc, test_factors=tf)
    theirs = {}
    theirs["sap"], _ = ref.sap(c, f, tc, tf)
    d = ref.dci(c, f, tc, tf, 0)
    theirs.update({k: d[k] for k in d if k.startswith("dci_") and k != "dci_importance"})
    theirs["explicitness_train"], theirs["explicitness_test"] = ref.explicitness(c, f, tc, tf, "paper")
    m = crosscheck.mutual_information(crosscheck.discretize(c), f)
    theirs["mig"], theirs["modularity"] = crosscheck.mig(m, f), crosscheck.modularity(m)
    for key, value in theirs.items():
        assert abs(ours[key] - value) <= crosscheck.TOLERANCE[key], (key, ours[key], value)


def test_irs_matches_its_array_function_keys():
    c, f, _, _ = code_set(seed=7)
    r = fb.metrics.irs(c, f)
    assert set(r) == {"irs", "irs_num_active_dims"}
    assert 0.0 <= r["irs"] <= 1.0 and r["irs_num_active_dims"] == c.shape[1]
    assert fb.metrics.evaluate(c, f, metrics=["irs", "mig"]) == {**r, **fb.metrics.mig(c, f)}


# ------------------------------------------------------------------------------------------- errors

def test_wrong_dtype_is_named():
    c, f, _, _ = code_set()
    with pytest.raises(ValueError, match=r"codes: expected float32 or float64, got int64 of shape \(400, 5\)"):
        fb.metrics.mig(c.astype(np.int64), f)
    with pytest.raises(ValueError, match=r"factors: expected an integer dtype .* got float32"):
        fb.metrics.mig(c, f.astype(np.float32))


def test_wrong_shape_is_named():
    c, f, _, _ = code_set()
    with pytest.raises(ValueError, match=r"codes: expected a 2-D array \[N, D\], got shape \(400,\)"):
        fb.metrics.sap(c[:, 0], f)
    with pytest.raises(ValueError, match=r"factors: expected a 2-D array \[N, K\], got shape \(2, 400, 3\)"):
        fb.metrics.sap(c, np.stack([f, f]))


def test_nan_codes_are_refused():
    c, f, _, _ = code_set()
    c[3, 1] = np.nan
    with pytest.raises(ValueError, match="codes contain NaN or Inf"):
        fb.metrics.evaluate(c, f)


def test_empty_arrays_are_refused():
    with pytest.raises(ValueError, match="no observations"):
        fb.metrics.mig(np.zeros((0, 3), np.float32), np.zeros((0, 2), np.int64))
    with pytest.raises(ValueError, match=r"D = 0"):
        fb.metrics.mig(np.zeros((5, 0), np.float32), np.zeros((5, 2), np.int64))


def test_length_mismatch_names_both_shapes():
    c, f, _, _ = code_set()
    with pytest.raises(ValueError, match=r"codes has 400 rows but factors has 399 \(codes shape \(400, 5\), "
                                         r"factors shape \(399, 3\)\)"):
        fb.metrics.evaluate(c, f[:-1])


def test_usage_errors_are_value_errors():
    c, f, tc, tf = code_set()
    with pytest.raises(ValueError, match="test_codes and test_factors go together"):
        fb.metrics.evaluate(c, f, test_codes=tc)
    with pytest.raises(ValueError, match="unknown"):
        fb.metrics.evaluate(c, f, metrics=["migg"])
    with pytest.raises(ValueError, match="needs more than codes"):
        fb.metrics.evaluate(c, f, metrics=["factor_vae"])
    with pytest.raises(ValueError, match="paper"):
        fb.metrics.explicitness(c, f, sklearn_era="1999")


def test_help_names_parameters_and_reference():
    doc = fb.metrics.dci.__doc__
    assert "disentanglement_lib" in doc and "docs/protocols.md" in doc
    for name in ["mig", "sap", "dci", "modularity", "explicitness", "irs", "evaluate", "evaluate_model"]:
        assert getattr(fb.metrics, name).__doc__, name
