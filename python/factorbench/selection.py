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


def model_centrality(models, *, seed=0, threads=0, **config):
    """ModelCentrality (Lin et al. 2020, InfoGAN-CR's released selection; docs/protocols.md §5.2) on models
    given as Python callables, as ``factorbench select --method model-centrality`` runs it on trained runs.

    Every model generates its own groups of images with one code held fixed per group; F[i][j] is the CR
    FactorVAE score of model i's encoder on model j's groups, S = (F + F^T)/2, and a model's centrality is
    its mean S to the others (the medoid is the selection).

    ``models``: one dict per model (n >= 2) with
      ``generate(codes, noise) -> images``: codes float32 [n, code_dim], noise float32 [n, noise_dim] or
      None; images any float array [n, ...] (numpy, or a CPU torch tensor), passed as they are to every
      ``encode``;
      ``encode(images) -> codes`` float [n, D_i] (deterministic, or seeded by the caller: the CR protocol's
      sampled codes are the callable's business);
      ``code_dim``; optionally ``prior`` ("normal" N(0, I) or "uniform" U[-1, 1], of the codes),
      ``noise_dim`` and ``noise_prior``.
    ``config``: ``groups`` (0 = 100 per code), ``group_size`` (100), ``normalise_samples`` (73728), ``batch``
    (500). ``seed`` draws every latent. Returns {"scores": [n], "f": n x n nested list}. The callables run
    with the GIL held; this loads LibTorch (the methods layer) on first use.
    """
    from . import _selection
    if not isinstance(models, (list, tuple)):
        raise ValueError("model_centrality: models must be a list with one dict per model")
    return _selection.model_centrality(list(models), config, seed, threads)
