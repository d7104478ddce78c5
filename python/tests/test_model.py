"""A PyTorch model scored by FactorVAE through a Python `encode` callable, no export."""
import numpy as np
import pytest

import factorbench as fb

torch = pytest.importorskip("torch")

# The registry walk's small FactorVAE config (a few thousand oracle images).
SMALL = {"factor_vae": {"batch_size": 16, "num_train": 200, "num_eval": 100, "num_variance_estimate": 400}}


class Centroid(torch.nn.Module):
    """Reads position and size off a dSprites image: the sprite's centroid and mass, plus two random
    projections (nuisance codes)."""

    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(0)
        self.random = torch.nn.Parameter(torch.randn(64 * 64, 2, generator=g), requires_grad=False)
        grid = torch.arange(64, dtype=torch.float32) / 63.0
        self.register_buffer("ys", grid.view(1, 64, 1))
        self.register_buffer("xs", grid.view(1, 1, 64))

    def forward(self, x):  # x: float [n, 64, 64] in [0, 1]
        mass = x.sum(dim=(1, 2)).clamp_min(1.0)
        cy = (x * self.ys).sum(dim=(1, 2)) / mass
        cx = (x * self.xs).sum(dim=(1, 2)) / mass
        noise = x.reshape(x.shape[0], -1) @ self.random / 100.0
        return torch.cat([torch.stack([cx, cy, mass / 1000.0], dim=1), noise], dim=1)


@pytest.fixture(scope="module")
def dataset():
    return fb.datasets.open("dsprites", count=32)


def torch_encoder(model, dataset, calls):
    def encode(images):
        calls.append(images.shape)
        with torch.no_grad():
            x = torch.from_numpy(images[..., 0].astype(np.float32) * dataset.pixel_scale)
            return model(x)  # a CPU tensor: numpy.asarray reads it
    return encode


def test_factor_vae_scores_a_torch_encoder(dataset):
    calls = []
    model = Centroid().eval()
    scores = fb.metrics.evaluate_model(torch_encoder(model, dataset, calls), dataset, metrics=["factor_vae"],
                                       configs=SMALL, seed=0)
    assert set(scores) == {"factor_vae", "factor_vae_train_accuracy", "factor_vae_eval_accuracy",
                           "factor_vae_num_active_dims"}
    assert calls and all(shape[1:] == (64, 64, 1) for shape in calls)
    # Position x, y and scale are read off the image: at least those three of the five factors are voted
    # right, far above chance (1/5).
    assert scores["factor_vae"] >= 0.5
    # The same encoder through numpy gives the same bytes; a constant encoder scores far lower.
    numpy_encode = lambda images: torch_encoder(model, dataset, [])(images).numpy()
    again = fb.metrics.evaluate_model(numpy_encode, dataset, metrics=["factor_vae"], configs=SMALL, seed=0)
    assert again == scores
    rng = np.random.default_rng(0)
    noise = fb.metrics.evaluate_model(lambda images: rng.normal(size=(len(images), 5)), dataset,
                                      metrics=["factor_vae"], configs=SMALL, seed=0, code_dim=5)
    assert noise["factor_vae"] < scores["factor_vae"]


@pytest.mark.parametrize("protocol", ["dl", "cr"])
def test_every_encoder_metric_runs_through_python(dataset, protocol):
    """The registry walk, through the callable: every metric that needs at most an encoder scores the
    torch encoder with its small config, deterministically, with keys in their declared family."""
    model = Centroid().eval()
    encode = torch_encoder(model, dataset, [])
    walk = [m for m in fb.metrics.available() if m["encoder_only"]]
    assert {"factor_vae", "beta_vae", "mig", "irs"} <= {m["name"] for m in walk}
    for m in walk:
        cfg = {m["name"]: dict(m["walk_config"])}
        if m["name"] == "dci" and "rf_max_depth" in cfg["dci"]:
            # The walk config's forest depths are per factor of its 10-factor toy set; dSprites varies 5.
            cfg["dci"].update(cr_variants=["lasso"], cr_reported_variant="lasso", rf_max_depth=[4] * 5)
        first = fb.metrics.evaluate_model(encode, dataset, metrics=[m["name"]], protocol=protocol, configs=cfg)
        assert first, m["name"]
        assert all(k.startswith(m["name"].split("_")[0]) for k in first), (m["name"], first)
        again = fb.metrics.evaluate_model(encode, dataset, metrics=[m["name"]], protocol=protocol, configs=cfg)
        assert again == first, m["name"]


def test_cr_protocol_and_threads(dataset):
    model = Centroid().eval()
    encode = torch_encoder(model, dataset, [])
    cfg = {"factor_vae": {"cr_groups": 100, "cr_group_size": 20, "cr_normalise_samples": 400}}
    one = fb.metrics.evaluate_model(encode, dataset, metrics=["factor_vae"], protocol="cr", configs=cfg,
                                    threads=1)
    two = fb.metrics.evaluate_model(encode, dataset, metrics=["factor_vae"], protocol="cr", configs=cfg,
                                    threads=2)
    assert one == two and 0.0 <= one["factor_vae"] <= 1.0


def test_encoder_errors_surface(dataset):
    with pytest.raises(ValueError, match=r"encode\(images\): expected codes of shape \(\d+, 5\), got \(\d+, 4\)"):
        fb.metrics.evaluate_model(lambda images: np.zeros((len(images), 4)), dataset, code_dim=5,
                                  configs=SMALL)

    def broken(images):
        raise RuntimeError("model exploded")

    with pytest.raises(RuntimeError, match="model exploded"):
        fb.metrics.evaluate_model(broken, dataset, code_dim=3, configs=SMALL)
    with pytest.raises(FloatingPointError, match="non-finite"):
        fb.metrics.evaluate_model(lambda images: np.full((len(images), 2), np.nan), dataset, code_dim=2,
                                  configs=SMALL)
    with pytest.raises(ValueError, match="protocol"):
        fb.metrics.evaluate_model(lambda images: np.zeros((len(images), 2)), dataset, code_dim=2, protocol="xx")


def test_training_example_runs():
    """docs/python.md's example: a VAE trained in PyTorch and scored between steps."""
    import os
    import subprocess
    import sys

    from conftest import SOURCE_DIR
    script = os.path.join(SOURCE_DIR, "python", "examples", "train_and_score.py")
    out = subprocess.run([sys.executable, script, "--steps", "2", "--every", "2", "--count", "128", "--small"],
                         check=True, capture_output=True, text=True).stdout
    assert out.startswith("step 2 loss ") and "factor_vae " in out and "mig " in out
