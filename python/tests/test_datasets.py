"""factorbench.datasets: registry datasets and files with numpy out; images equal the HDF5 file's."""
import numpy as np
import pytest

import factorbench as fb

h5py = pytest.importorskip("h5py")


@pytest.fixture(scope="module")
def dsprites_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "dsprites.h5"
    report = fb.datasets.generate("dsprites", path, count=96, threads=1)
    assert report["images"] == 96 and report["bytes"] > 0
    return path


def test_images_and_factors_equal_the_file(dsprites_file):
    ds = fb.datasets.open(dsprites_file)
    with h5py.File(dsprites_file, "r") as h:
        imgs = h["imgs"][...]
        classes = h["latents/classes"][...]
    assert len(ds) == imgs.shape[0] == 96
    assert ds.image_shape == (64, 64, 1)
    everything = ds.images()
    assert everything.dtype == np.uint8 and everything.shape == (96, 64, 64, 1)
    assert not everything.flags.writeable  # a view of the held images, not a copy
    np.testing.assert_array_equal(everything[..., 0], imgs)
    picked = [5, 0, 95, 5]
    np.testing.assert_array_equal(ds.images(picked)[..., 0], imgs[picked])
    np.testing.assert_array_equal(ds.factors(picked), classes[picked])


def test_metadata_and_index(dsprites_file):
    ds = fb.datasets.open(dsprites_file)
    assert ds.factor_names == ["color", "shape", "scale", "orientation", "posX", "posY"]
    assert ds.factor_sizes == [1, 3, 6, 40, 32, 32]
    rows = [3, 17, 42]
    np.testing.assert_array_equal(ds.index(ds.factors(rows)), rows)
    missing = np.zeros((1, 6), np.int64)
    if ds.index(ds.factors([0]))[0] != 0 or (ds.factors(np.arange(96)) == 0).all(axis=1).any():
        pytest.skip("the all-zero factor row happens to be held")
    with pytest.raises(KeyError, match="not among"):
        ds.index(missing)


def test_oracle_renders_the_held_images(dsprites_file):
    ds = fb.datasets.open(dsprites_file)
    rows = np.arange(0, 96, 7)
    np.testing.assert_array_equal(ds.render(ds.factors(rows)), ds.images(rows))


def test_sampling_is_seeded_and_fixes_the_factor():
    ds = fb.datasets.open("dsprites", count=32)
    a = ds.sample_factors(50, rng=3)
    assert a.shape == (50, 6) and a.dtype == np.int64
    np.testing.assert_array_equal(a, ds.sample_factors(50, rng=3))
    assert (a < np.array(ds.factor_sizes)).all()
    images, factors = ds.images_with_fixed_factor("scale", 4, 20, rng=np.random.default_rng(1))
    assert images.shape == (20, 64, 64, 1) and (factors[:, 2] == 4).all()
    np.testing.assert_array_equal(images, ds.render(factors))


def test_every_registered_dataset_is_listed():
    names = {d["name"] for d in fb.datasets.available()}
    assert {"dsprites", "dsprites_color"} <= names


def test_errors():
    with pytest.raises(ValueError, match="dsprite"):
        fb.datasets.open("dsprite")  # unknown name, nearest names listed
    with pytest.raises(OSError):
        fb.datasets.open("/nonexistent/file.h5")
    ds = fb.datasets.open("dsprites", count=8)
    with pytest.raises(IndexError, match=r"8 is outside \[0, 8\)"):
        ds.images([8])
    with pytest.raises(ValueError, match=r"expected shape \(n, 6\), got \(1, 5\)"):
        ds.render(np.zeros((1, 5), np.int64))
    with pytest.raises(ValueError, match="is not one of"):
        ds.images_with_fixed_factor("size", 0, 3)
    with pytest.raises(ValueError, match="count"):
        fb.datasets.open("dsprites", count=-1)


def test_every_generated_dataset_opens_in_memory():
    """The registry walk through Python: every dataset with a generator opens with `count`, gives images
    of its shape, samples factors inside their sizes and renders them."""
    walked = 0
    for entry in fb.datasets.available():
        if not entry["generates"]:
            continue  # read only from the user's files (mnist)
        ds = fb.datasets.open(entry["name"], count=4)
        assert len(ds) == 4, entry["name"]
        h, w, c = ds.image_shape
        images = ds.images([0, 3])
        assert images.shape == (2, h, w, c) and images.dtype == np.uint8
        factors = ds.sample_factors(16, rng=0)
        assert ((factors >= 0) & (factors < np.array(ds.factor_sizes))).all(), entry["name"]
        assert ds.render(factors[:2]).shape == (2, h, w, c)
        walked += 1
    assert walked >= 8
