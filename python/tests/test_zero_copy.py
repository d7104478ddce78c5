"""Codes reach the metrics without a copy when their layout allows (float32, C-contiguous, aligned), and
every other layout or dtype is converted once with the same scores (docs/python.md "copies")."""
import numpy as np
import pytest

import factorbench as fb
from factorbench import _native

from conftest import code_set


def address(a):
    return a.__array_interface__["data"][0]


def view(codes):
    """(address the metrics read, copies made so far) for `codes`."""
    return _native.codes_view(codes)


def test_float32_c_contiguous_codes_are_read_in_place():
    c, _, _, _ = code_set()
    seen, before = view(c)
    assert seen == address(c)
    _, after = view(c)
    assert after == before


def test_a_large_array_is_not_copied():
    # 64 MB of codes: the library reads them where numpy put them.
    c = np.zeros((2_000_000, 8), np.float32)
    seen, before = view(c)
    assert seen == address(c)
    assert view(c)[1] == before


@pytest.mark.parametrize("make", [
    lambda c: c.astype(np.float64),                            # float64: rounded to float32
    lambda c: np.asfortranarray(c),                            # column-major
    lambda c: np.repeat(c, 2, axis=1)[:, ::2],                 # strided columns
    lambda c: c.astype(">f4"),                                 # big-endian float32
    lambda c: np.frombuffer(b"\0" * 4 + c.tobytes(), np.float32, offset=4).reshape(c.shape),  # misaligned
    lambda c: c.tolist(),                                      # not an array at all
], ids=["float64", "fortran", "strided", "big_endian", "misaligned", "list"])
def test_other_layouts_are_copied_once_with_the_same_scores(make):
    c, f, tc, tf = code_set(seed=11)
    expected = fb.metrics.evaluate(c, f, test_codes=tc, test_factors=tf)
    other = make(c)
    seen, before = view(other)
    after = view(other)[1]
    assert after == before + 1
    if isinstance(other, np.ndarray):
        assert seen != address(other)
    assert fb.metrics.evaluate(other, f, test_codes=tc, test_factors=tf) == expected


def test_metric_calls_make_no_copy_of_float32_codes():
    c, f, tc, tf = code_set(seed=12)
    before = view(c)[1]
    fb.metrics.mig(c, f)
    fb.metrics.evaluate(c, f, test_codes=tc, test_factors=tf)
    fb.metrics.irs(c, f)
    assert view(c)[1] == before
    fb.metrics.mig(c.astype(np.float64), f)
    assert view(c)[1] == before + 1

