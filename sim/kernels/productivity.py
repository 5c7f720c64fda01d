"""Kernel for labour productivity growth: labour per unit falls by a rate per sector."""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def scale_rows(values, row_sector, factor_by_sector):
    """Multiply each row i of a 2-D array by factor_by_sector[row_sector[i]] (in place): labour
    per unit after a quarter of productivity growth."""
    for i in range(values.shape[0]):
        f = factor_by_sector[row_sector[i]]
        for j in range(values.shape[1]):
            values[i, j] *= f
