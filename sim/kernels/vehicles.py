"""Kernels for OEM plants: sharing vehicle demand among plants and retooling for BEVs."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _fill(demand_share, limit, total_demand, out):
    """Give each plant its share of `total_demand` within `limit`; re-offer the rest once.

    Unmet demand of plants at their limit goes to plants with room left, in proportion to that
    room. Returns the demand nobody could serve (made outside the simulated plants).
    """
    n = demand_share.shape[0]
    unmet = 0.0
    for p in range(n):
        want = demand_share[p] * total_demand
        made = min(want, limit[p])
        out[p] = made
        unmet += want - made
    room_total = 0.0
    for p in range(n):
        room_total += limit[p] - out[p]
    if unmet > 0.0 and room_total > 0.0:
        give = min(unmet, room_total)
        for p in range(n):
            out[p] += give * (limit[p] - out[p]) / room_total
        unmet -= give
    return unmet


@njit(cache=True)
def produce_vehicles(
    capacity,
    bev_capable_share,
    market_share,
    workforce_limit,
    demand_bev,
    demand_ice,
    out_bev,
    out_ice,
):
    """OEM production of BEVs and combustion vehicles in one quarter (vehicles).

    capacity: vehicles per quarter per plant; bev_capable_share: share of capacity that can make
    BEVs; market_share: each plant's share of demand (sums to 1); workforce_limit: vehicles the
    plant's current workforce can make, on either line (BEVs are served first). Writes out_bev
    and out_ice; returns the unmet demand (bev, ice), which is made outside the simulated
    plants.
    """
    n = capacity.shape[0]
    bev_limit = np.empty(n)
    ice_limit = np.empty(n)
    for p in range(n):
        bev_limit[p] = min(capacity[p] * bev_capable_share[p], workforce_limit[p])
    lost_bev = _fill(market_share, bev_limit, demand_bev, out_bev)
    # workers move between lines: combustion output uses the workforce BEVs left over
    for p in range(n):
        ice_limit[p] = max(
            0.0, min(capacity[p] * (1.0 - bev_capable_share[p]), workforce_limit[p] - out_bev[p])
        )
    lost_ice = _fill(market_share, ice_limit, demand_ice, out_ice)
    return lost_bev, lost_ice


@njit(cache=True)
def retool_plants(
    capacity,
    bev_capable_share,
    pipeline,
    market_share,
    demand_bev,
    planning_utilisation,
    retool_step,
    cost_per_vehicle_quarterly,
):
    """Advance retooling projects and start new ones; returns the investment spent (EUR).

    pipeline[p, k] is the share of plant p's capacity that becomes BEV-capable in k quarters
    (k = 0 arrives now); its width - 1 is the retooling lag. demand_bev is the BEV demand
    expected when a project started now would finish. A plant wants a BEV-capable share that
    serves its share of that demand at `planning_utilisation`; when that exceeds its
    BEV-capable share plus what is already in its pipeline, it starts converting the missing
    share, at most `retool_step` of its capacity per quarter.
    """
    spent = 0.0
    lag = pipeline.shape[1] - 1
    for p in range(capacity.shape[0]):
        bev_capable_share[p] = min(1.0, bev_capable_share[p] + pipeline[p, 0])
        committed = bev_capable_share[p]
        for k in range(lag):
            pipeline[p, k] = pipeline[p, k + 1]
            committed += pipeline[p, k]
        pipeline[p, lag] = 0.0
        if capacity[p] <= 0.0:
            continue
        wanted = min(1.0, market_share[p] * demand_bev / (capacity[p] * planning_utilisation))
        if wanted > committed:
            step = min(retool_step, wanted - committed)
            spent += step * capacity[p] * cost_per_vehicle_quarterly
            if lag == 0:
                bev_capable_share[p] = min(1.0, bev_capable_share[p] + step)
            else:
                pipeline[p, lag - 1] += step
    return spent
