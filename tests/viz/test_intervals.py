"""The one interval of the reports: the mean over seeds with its 95% t-interval."""

from __future__ import annotations

import numpy as np
import pytest

from sim.viz import intervals


def test_stat_is_the_t_interval_of_the_mean():
    mean, lo, hi = intervals.stat([1.0, 2.0, 3.0])
    half = 4.302652729911275 * 1.0 / np.sqrt(3)  # t(0.975, 2) x sd / sqrt(n)
    assert mean == 2.0 and lo == pytest.approx(2 - half) and hi == pytest.approx(2 + half)
    assert np.isnan(intervals.stat([5.0])[1])  # one seed: no interval


def test_band_matches_stat_at_every_time():
    values = np.array([[1.0, 10.0], [2.0, 12.0], [3.0, 17.0]])
    mean, lo, hi = intervals.band(values)
    for t in range(2):
        assert (mean[t], lo[t], hi[t]) == pytest.approx(intervals.stat(values[:, t]))
    one = intervals.band(values[:1])
    assert np.array_equal(one[1], one[0]) and np.array_equal(one[2], one[0])


def test_one_notation():
    assert intervals.text(14.2, -7.4, 36.1) == "14 (-7 to 36)"
    assert intervals.text(14.2, float("nan"), float("nan")) == "14"
    assert intervals.html(1.0, 0.5, 2.0, fmt="{:.1f}".format) == (
        "1.0 <span class=range>(0.5 to 2.0)</span>"
    )
    assert [intervals.sign(1, 2), intervals.sign(-2, -1), intervals.sign(-1, 1)] == [1, -1, 0]
