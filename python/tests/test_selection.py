"""factorbench.model_centrality on models given as Python callables (the C++ test's planted medoid)."""
import numpy as np
import pytest

import factorbench as fb

SMALL = {"groups": 80, "group_size": 20, "normalise_samples": 400, "batch": 256}


def synthetic(mixed):
    """A 4-code model whose generator is the identity and whose encoder rotates codes mixed, mixed+1 by 45
    degrees; mixed < 0: the identity encoder (the planted medoid)."""
    def encode(x):
        out = x.copy()
        if mixed >= 0:
            a, b = mixed, (mixed + 1) % 4
            out[:, a] = (x[:, a] + x[:, b]) / np.sqrt(2.0)
            out[:, b] = (x[:, a] - x[:, b]) / np.sqrt(2.0)
        return out
    return {"generate": lambda codes, noise: codes.copy(), "encode": encode, "code_dim": 4, "prior": "uniform"}


def test_picks_the_planted_medoid():
    pool = [synthetic(0), synthetic(1), synthetic(-1), synthetic(2), synthetic(3)]
    r = fb.model_centrality(pool, seed=7, **SMALL)
    assert int(np.argmax(r["scores"])) == 2
    assert all(abs(r["f"][2][j] - 1.0) < 1e-12 for j in range(5))  # the identity reads every group
    assert r["f"][0][1] < 0.9
    assert fb.model_centrality(pool, seed=7, **SMALL) == r  # deterministic for a seed


def test_a_torch_generator_with_noise():
    torch = pytest.importorskip("torch")
    calls = []

    def generate(codes, noise):
        calls.append(noise.shape)
        return torch.from_numpy(np.concatenate([codes, 0.0 * noise], axis=1))

    pool = [{"generate": generate, "encode": lambda x: x[:, :4], "code_dim": 4, "noise_dim": 3},
            synthetic(-1) | {"generate": generate, "noise_dim": 3}]
    r = fb.model_centrality(pool, seed=1, **SMALL)
    assert calls and all(shape[1] == 3 for shape in calls)
    assert len(r["scores"]) == 2 and r["f"][0][0] == 1.0


def test_errors():
    with pytest.raises(ValueError, match="at least two models"):
        fb.model_centrality([synthetic(-1)], **SMALL)
    with pytest.raises(ValueError, match=r"models\[0\]: missing 'code_dim'"):
        fb.model_centrality([{"encode": None, "generate": None}, synthetic(0)], **SMALL)
    with pytest.raises(ValueError, match="group_sise"):
        fb.model_centrality([synthetic(-1), synthetic(0)], group_sise=3)
    bad = synthetic(0) | {"encode": lambda x: x[:-1]}
    with pytest.raises(ValueError, match=r"models\[1\].encode\(images\): expected 2 dimensions with 256 rows"):
        fb.model_centrality([synthetic(-1), bad], **SMALL)


def test_each_module_keeps_its_error_mapping():
    """The ModelCentrality module maps DataError to ValueError (its data are the callables' arrays); once it
    is loaded, the main module's data errors are still OSError (the translators are module-local)."""
    import importlib
    importlib.import_module("factorbench._selection")
    with pytest.raises(OSError):
        fb.datasets.open("/nonexistent/file.h5")
