"""The shared weighted pick: proportional to size x region weight, honouring skips and regions."""

from __future__ import annotations

import numpy as np

from sim.kernels.sampling import weighted_pick


def _pick(skip, same_region, seed):
    order = np.array([0, 1, 2, 3])
    size = np.array([1.0, 3.0, 0.0, 6.0])
    region = np.array([0, 0, 0, 1])
    weight = np.array([[1.0, 1.0], [1.0, 1.0]])
    return weighted_pick(
        order, 0, 4, size, region, 0, weight, skip, same_region, np.random.default_rng(seed)
    )


def test_frequencies_follow_size_and_skips():
    none = np.zeros(4, dtype=np.bool_)
    counts = np.bincount([_pick(none, False, s) for s in range(4000)], minlength=4)
    assert counts[2] == 0  # zero size is never picked
    assert np.allclose(counts / 4000, [0.1, 0.3, 0.0, 0.6], atol=0.03)
    skip = np.array([False, True, False, False])
    assert {_pick(skip, False, s) for s in range(200)} == {0, 3}
    assert {_pick(none, True, s) for s in range(200)} == {0, 1}  # region 0 only
    assert _pick(np.array([True, True, True, True]), False, 0) == -1
