"""Disentanglement metrics on numpy arrays, the same engine and keys as `factorbench evaluate-codes`.

Arrays: ``codes`` float32 or float64 [N, D] (float64 is rounded to float32, as the CLI reads codes).
A float32, C-contiguous array is read where it lies, without a copy; any other layout or dtype is
converted once (docs/python.md "Errors, threads, copies"). ``factors`` any integer dtype [N, K],
ground-truth factor classes (relabelled 0..m-1 per column over train and test, as scikit-learn orders
classes). ``test_codes``/``test_factors`` give a separate
evaluation split; without them the train arrays are reused (as evaluate-codes does without /test).

``threads``: the native worker threads (0 = every hardware thread, the CLI's default); the setting is
process-wide, as ``--threads`` is. The GIL is released while the native code runs.
"""
from . import _native

__all__ = ["mig", "sap", "dci", "modularity", "explicitness", "irs", "evaluate", "evaluate_model",
           "available"]


def _codes_metric(name, codes, factors, test_codes, test_factors, sklearn_era, seed, threads, config,
                  cr_dci=()):
    return _native.evaluate_codes(codes, factors, test_codes, test_factors, [name], {name: config},
                                  sklearn_era, seed, list(cr_dci), threads)


def mig(codes, factors, *, test_codes=None, test_factors=None, threads=0, **config):
    """Mutual Information Gap (Chen et al. 2018), as disentanglement_lib's ``mig``.

    Matches disentanglement_lib ``evaluation/metrics/mig.py`` (docs/protocols.md §4.2, §4.3a): each code
    discretised into ``bins`` (default 20) equal-width bins, per factor (top-1 minus top-2 mutual
    information) / H(factor), averaged over factors. Scored on the train arrays.

    Returns ``{"mig": float}``. ``config``: the metric's options (``factorbench list metrics``), e.g.
    ``bins=20``. Raises ValueError for bad arrays or options.
    """
    return _codes_metric("mig", codes, factors, test_codes, test_factors, "paper", 0, threads, config)


def sap(codes, factors, *, test_codes=None, test_factors=None, threads=0, **config):
    """SAP score (Kumar et al. 2018), as disentanglement_lib's ``sap_score`` (docs/protocols.md §4.2).

    Per factor and code a linear SVC (C=0.01) trained on the train split and scored on the test split;
    the mean over factors of the gap between the two best codes. Returns ``{"sap": float}``.
    """
    return _codes_metric("sap", codes, factors, test_codes, test_factors, "paper", 0, threads, config)


def dci(codes, factors, *, test_codes=None, test_factors=None, seed=0, cr_dci=(), threads=0, **config):
    """DCI (Eastwood & Williams 2018), as disentanglement_lib's ``dci`` (docs/protocols.md §4.2, §4.3a).

    Importances from one gradient-boosted classifier per factor (scikit-learn's
    GradientBoostingClassifier defaults); returns ``dci_disentanglement``, ``dci_completeness``,
    ``dci_informativeness_train`` and ``dci_informativeness_test``. ``seed``: the trees' tie-breaking.
    ``cr_dci``: InfoGAN-CR's regressions to add (``"lasso"``, ``"lasso_cv"``, ``"rf"``, ``"rf_ibgan"``,
    ``"rf_cv"``), each adding ``dci_*_<variant>`` keys, as ``evaluate-codes --cr-dci``.
    """
    return _codes_metric("dci", codes, factors, test_codes, test_factors, "paper", seed, threads, config,
                         cr_dci)


def modularity(codes, factors, *, test_codes=None, test_factors=None, threads=0, **config):
    """Modularity (Ridgeway & Mozer 2018), as disentanglement_lib's ``modularity_explicitness``.

    Mutual information of discretised codes (``bins``, default 20) with each factor; how much each code's
    information concentrates on one factor (docs/protocols.md §4.2). Returns ``{"modularity": float}``.
    """
    return _codes_metric("modularity", codes, factors, test_codes, test_factors, "paper", 0, threads,
                         config)


def explicitness(codes, factors, *, test_codes=None, test_factors=None, sklearn_era="paper", threads=0,
                 **config):
    """Explicitness (Ridgeway & Mozer 2018), as disentanglement_lib's ``modularity_explicitness``.

    Mean one-vs-rest ROC-AUC of a logistic regression predicting each factor from all codes.
    ``sklearn_era``: ``"paper"`` (scikit-learn <= 0.21 liblinear defaults, the published numbers) or
    ``"current"`` (>= 0.22 lbfgs), docs/protocols.md §4.3. Returns ``explicitness_train`` and
    ``explicitness_test``.
    """
    return _codes_metric("explicitness", codes, factors, test_codes, test_factors, sklearn_era, 0, threads,
                         config)


def irs(codes, factors, *, diff_quantile=0.99, bins=20, threads=0):
    """Interventional Robustness Score (Suter et al. 2019), as disentanglement_lib's ``irs``.

    Factors re-binned into ``bins`` equal-width bins, constant codes dropped; per factor and bin the
    ``diff_quantile`` quantile of |z - mean z| (docs/protocols.md §4.2). Returns ``irs`` and
    ``irs_num_active_dims``, the keys of the registered metric. Uses the arrays given (the registered
    metric draws its own observations from a dataset: see ``evaluate_model``).
    """
    return _native.irs(codes, factors, diff_quantile, bins, threads)


def evaluate(codes, factors, *, metrics=None, test_codes=None, test_factors=None, protocol="dl",
             sklearn_era="paper", seed=0, cr_dci=(), configs=None, threads=0):
    """Scores codes with several metrics at once, as ``factorbench evaluate-codes``.

    ``metrics=None`` runs exactly what ``evaluate-codes`` runs (DCI, explicitness, MIG, modularity, SAP,
    keys of docs/protocols.md §4.7), bit-equal to the CLI on the same arrays; a list names metrics
    (``"irs"`` included). ``protocol``: codes-only scoring follows disentanglement_lib (``"dl"``); the
    InfoGAN-CR DCI regressions are asked for with ``cr_dci``, so ``"cr"`` is refused here (it applies to
    ``evaluate_model``). ``configs``: ``{metric: {option: value}}``. Returns a dict of floats (None where
    a score is undefined, as the CLI writes null).
    """
    if protocol != "dl":
        raise ValueError(f"evaluate: protocol must be dl for codes (got {protocol}); the CR DCI "
                         "regressions are cr_dci=[...], the CR sampling protocol is evaluate_model's")
    configs = dict(configs or {})
    names = list(metrics) if metrics is not None else []
    out = {}
    if "irs" in names:
        names.remove("irs")
        out.update(irs(codes, factors, threads=threads, **configs.get("irs", {})))
        if not names:
            return out
    elif metrics is not None and not names:
        raise ValueError("evaluate: metrics is empty (None runs every codes-only metric)")
    out.update(_native.evaluate_codes(codes, factors, test_codes, test_factors, names, configs,
                                      sklearn_era, seed, list(cr_dci), threads))
    return out


def evaluate_model(encode, dataset, *, metrics=("factor_vae",), code_dim=None, protocol="dl",
                   sklearn_era="paper", seed=0, configs=None, threads=0):
    """Scores a representation function against a dataset's ground-truth oracle (FactorVAE, BetaVAE,
    MIG, SAP, DCI, IRS, ... with their own observation sampling, as ``factorbench evaluate``).

    ``encode(images) -> codes``: images uint8 [n, H, W, C] at the dataset's stored scale (multiply by
    ``dataset.pixel_scale`` for [0, 1]); codes [n, D] as anything numpy.asarray accepts (a CPU torch
    tensor included). It is called with the GIL held, one batch at a time. ``dataset``: a
    ``factorbench.datasets.open`` object. ``code_dim``: D, found by encoding one image when None.
    ``protocol``: ``"dl"`` (disentanglement_lib) or ``"cr"`` (InfoGAN-CR), docs/protocols.md §4.1.
    ``seed``: the metric seed, the only source of sampling randomness. ``configs``: ``{metric: {...}}``.
    Returns a dict of the metrics' keys.
    """
    if code_dim is None:
        import numpy as np
        probe = encode(dataset.images(np.zeros(1, dtype=np.int64)))
        code_dim = int(np.asarray(probe).shape[-1])
    return _native.evaluate_model(encode, dataset._native, list(metrics), dict(configs or {}), code_dim,
                                  protocol, sklearn_era, seed, threads)


def available():
    """Every registered metric: name, summary, whether it needs only codes (``codes_only``) or an encoder at
    most (``encoder_only``: ``evaluate_model`` runs it), its default options and a small test config."""
    return _native.list_metrics()
