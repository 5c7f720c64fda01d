"""Shared CSR (compressed sparse row) helpers for the kernels."""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.codes import N_TIERS


@njit(cache=True)
def by_group_tier(sup_group, sup_tier, include, n_groups):
    """The suppliers with `include[s]` true, grouped by (product group, tier) as a CSR list:
    `order[start[k]:start[k + 1]]` are the suppliers of key k = group * N_TIERS + tier - 1, in
    index order. Returns (order, start); `order` has at least one element."""
    n = sup_group.shape[0]
    n_keys = n_groups * N_TIERS
    start = np.zeros(n_keys + 1, dtype=np.int64)
    for s in range(n):
        if include[s]:
            start[sup_group[s] * N_TIERS + sup_tier[s]] += 1
    for k in range(n_keys):
        start[k + 1] += start[k]
    fill = start[:-1].copy()
    order = np.empty(max(start[n_keys], 1), dtype=np.int64)
    for s in range(n):
        if include[s]:
            key = sup_group[s] * N_TIERS + sup_tier[s] - 1
            order[fill[key]] = s
            fill[key] += 1
    return order, start
