"""factorbench: disentanglement metrics, model selection and factor datasets from Python (docs/python.md).

    import factorbench as fb
    scores = fb.metrics.evaluate(codes, factors)            # numpy in, dict of floats out
    ds = fb.datasets.open("dsprites", count=512)
    fb.metrics.evaluate_model(encode, ds, metrics=["factor_vae"])

Errors raise ValueError (usage, config, bad arrays), OSError (data files, IO) or FloatingPointError
(numerical failures), with the CLI's one-line messages.
"""
from . import _native
from . import datasets, metrics
from .selection import model_centrality, udr

__version__ = _native.__version__
git_commit = _native.git_commit

__all__ = ["datasets", "metrics", "udr", "model_centrality", "__version__", "git_commit"]
