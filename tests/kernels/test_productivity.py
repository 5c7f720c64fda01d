"""Productivity kernel: rows scaled by their sector's factor."""

from __future__ import annotations

import numpy as np
import pytest

from sim.kernels.productivity import scale_rows
from tests.kernels.helpers import python_version


@pytest.mark.parametrize("kernel", (scale_rows, python_version(scale_rows)))
def test_rows_scale_by_their_sector(kernel):
    values = np.ones((3, 2))
    kernel(values, np.array([0, 2, 2]), np.array([0.5, 1.0, 0.9]))
    assert np.allclose(values, [[0.5, 0.5], [0.9, 0.9], [0.9, 0.9]])


def test_a_column_view_writes_through():
    x = np.ones(4)
    scale_rows(x.reshape(-1, 1), np.zeros(4, dtype=np.int64), np.array([0.8]))
    assert np.allclose(x, 0.8)
