"""Factor datasets: every dataset the registry opens (``factorbench list datasets``), by name or from a
file in any format a reader recognises, with numpy out; and the generators ``factorbench generate`` runs.

Images are uint8 [n, H, W, C] at the stored scale (dSprites 0/1, others 0..255; ``pixel_scale`` maps to
[0, 1]); factors are int64 [n, K] class indices (docs/protocols.md §1).
"""
import numpy as np

from . import _native

__all__ = ["open", "generate", "available", "Dataset"]


def _seed(rng):
    """An int seed, or one drawn from a numpy Generator."""
    if rng is None:
        return 0
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63))
    return int(rng)


class Dataset:
    """An opened dataset: held images and factor classes, and its ground-truth oracle (``render``)."""

    def __init__(self, native):
        self._native = native

    @property
    def name(self):
        """Registry name ("dsprites", ...)."""
        return self._native.name

    @property
    def factor_names(self):
        """The factors' names, in column order."""
        return self._native.factor_names

    @property
    def factor_sizes(self):
        """Each factor's number of classes."""
        return self._native.factor_sizes

    @property
    def image_shape(self):
        """(H, W, C)."""
        return self._native.image_shape

    @property
    def pixel_scale(self):
        """Multiplier from the stored uint8 to [0, 1]: 1 for 0/1 data, 1/255 for 0..255 data."""
        return self._native.pixel_scale

    def __len__(self):
        return len(self._native)

    def factor_values(self, factor):
        """The value of each class of ``factor`` (name or column)."""
        return self._native.factor_values(factor)

    def images(self, indices=None):
        """Images ``indices`` as a new uint8 [n, H, W, C] array; without indices all of them, read-only: a
        view of the held images (no copy), or a copy for a dataset read from its file (MPI3D)."""
        if indices is None:
            return self._native.all_images()
        return self._native.images(indices)

    def factors(self, indices):
        """Factor classes of held images ``indices``: int64 [n, K]."""
        return self._native.factors(indices)

    def sample_factors(self, n, rng=None):
        """``n`` factor vectors int64 [n, K] from the dataset's factor prior; ``rng`` an int seed or a
        numpy Generator (a seed is drawn from it)."""
        return self._native.sample_factors(n, _seed(rng))

    def index(self, factors):
        """The held image of each row of ``factors`` ([n, K] classes): int64 [n]; KeyError for a row that
        is not held."""
        return self._native.index(np.atleast_2d(factors))

    def render(self, factors, rng=None, threads=0):
        """The ground-truth oracle: one image per row of ``factors`` ([n, K] classes), nuisance drawn from
        ``rng``."""
        return self._native.render(np.atleast_2d(factors), _seed(rng), threads)

    def images_with_fixed_factor(self, factor, value, n, rng=None, threads=0):
        """``n`` oracle images with ``factor`` (name or column) fixed at class ``value`` and the others
        drawn from the prior: returns (images uint8 [n, H, W, C], factors int64 [n, K])."""
        return self._native.images_with_fixed_factor(factor, value, n, _seed(rng), threads)

    def __repr__(self):
        return f"<factorbench.datasets.Dataset {self.name}: {len(self)} images {self.image_shape}>"


def open(name_or_path, **options):
    """Opens a registered dataset by name (its file generated into the cache on first use, or ``count``
    images rendered in memory) or a dataset file (``factorbench list datasets``). ``options``: the
    dataset's open options. Raises ValueError for unknown names/options, OSError for unreadable files."""
    return Dataset(_native.open_dataset(str(name_or_path), options))


def generate(name, out, *, force=False, threads=0, **options):
    """Writes dataset ``name``'s file to ``out`` in its release layout, as ``factorbench generate NAME
    --out OUT``; ``options`` are the generator's (e.g. ``count=512``). Returns {images, seconds, bytes}."""
    return _native.generate_dataset(name, str(out), force, options, threads)


def available():
    """Every registered dataset: name, summary, whether it has a generator, its default open options."""
    return _native.list_datasets()
