"""Keyed uniform numbers: deterministic per label, uniform, and independent of draw order."""

from __future__ import annotations

import numpy as np

from sim.kernels.keyed import keyed_uniform
from tests.kernels.helpers import python_version


def test_same_labels_same_number_other_labels_other_numbers():
    key = np.uint64(2**63 + 12345)
    a = keyed_uniform(key, 7, 3, 0)
    assert a == keyed_uniform(key, 7, 3, 0)
    others = {keyed_uniform(key, 7, 4, 0), keyed_uniform(key, 8, 3, 0), keyed_uniform(key, 7, 3, 1)}
    assert a not in others and len(others) == 3
    assert keyed_uniform(np.uint64(1), 7, 3, 0) != keyed_uniform(np.uint64(2), 7, 3, 0)


def test_keyed_numbers_are_uniform_and_uncorrelated():
    key = np.uint64(987654321)
    u = np.array([keyed_uniform(key, i, q, 0) for i in range(2000) for q in range(10)])
    assert ((u >= 0) & (u < 1)).all()
    counts, _ = np.histogram(u, bins=10, range=(0, 1))
    expected = len(u) / 10
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    assert chi2 < 30.0  # 9 degrees of freedom: p < 0.001 above 27.9
    grid = u.reshape(2000, 10)
    assert abs(np.corrcoef(grid[:, 0], grid[:, 1])[0, 1]) < 0.1
    with np.errstate(over="ignore"):  # numpy warns on the (intended) 64-bit wrap-around
        twin = [python_version(keyed_uniform)(key, 0, q, 0) for q in range(5)]
    assert np.allclose(u[:5], twin)
