"""Model selection without labels on codes computed anywhere."""
from . import _native


def udr(codes, method="lasso", *, kl=None, filter_low_kl=True, kl_threshold=0.01, lasso_alpha=0.1,
        threads=0):
    """Unsupervised Disentanglement Ranking (Duan et al. 2020), as disentanglement_lib's ``udr_sklearn``
    (docs/protocols.md §5.3).

    ``codes``: one float [N, D] array per model, the posterior means of every model on the same N
    observations (M >= 2). ``method``: ``"lasso"`` (Lasso(alpha) weights) or ``"spearman"`` (|rho|).
    ``kl``: one [D] vector per model of per-latent KL to the prior (None, or None for a model without
    one: all its latents kept); with ``filter_low_kl`` only latents with KL > ``kl_threshold`` are scored.
    Returns ``{"model_scores": [M floats], "pairwise": M x M nested list}``.
    """
    if not isinstance(codes, (list, tuple)):
        raise ValueError("udr: codes must be a list with one [N, D] array per model")
    return _native.udr(list(codes), None if kl is None else list(kl), method, filter_low_kl, kl_threshold,
                       lasso_alpha, threads)
