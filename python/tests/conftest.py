"""Shared fixtures: the CLI binary (FACTORBENCH_CLI), the reference scripts under tests/metrics/, and small
code sets (numpy only)."""
import os
import sys

import numpy as np
import pytest

SOURCE_DIR = os.environ.get("FB_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "metrics"))


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("FACTORBENCH_CLI")
    if not path or not os.path.exists(path):
        pytest.skip("FACTORBENCH_CLI is not set (ctest sets it)")
    return path


def code_set(seed=0, n_train=400, n_test=200, sizes=(3, 4, 5), noise=(0.05, 0.1, 0.2), extra=2):
    """Noisy normalised factors plus `extra` pure-noise codes: float32 codes, int64 factors."""
    rng = np.random.default_rng(seed)
    sizes = np.array(sizes)

    def split(n):
        f = np.stack([rng.integers(0, s, n) for s in sizes], axis=1).astype(np.int64)
        v = f / (sizes - 1.0)
        c = np.concatenate([v + rng.normal(size=v.shape) * np.array(noise), rng.normal(size=(n, extra))], axis=1)
        return c.astype(np.float32), f

    train_codes, train_factors = split(n_train)
    test_codes, test_factors = split(n_test)
    return train_codes, train_factors, test_codes, test_factors
