"""Kernels for OEM plants: sharing vehicle demand among plants and retooling for BEVs."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _fill(want, limit, out):
    """Give each plant what it wants within `limit`; re-offer the rest once.

    Unmet wants of plants at their limit go to plants with room left, in proportion to that
    room. Returns the demand nobody could serve (made outside the simulated plants).
    """
    n = want.shape[0]
    unmet = 0.0
    for p in range(n):
        made = min(want[p], limit[p])
        out[p] = made
        unmet += want[p] - made
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
    want_bev,
    want_ice,
    workforce_limit,
    out_bev,
    out_ice,
):
    """OEM production of BEVs and non-BEV vehicles in one quarter (vehicles).

    capacity: vehicles per quarter per plant; bev_capable_share: share of capacity that can make
    BEVs; want_bev / want_ice: the demand addressed to each plant (its market share plus any
    public procurement routed to it); workforce_limit: vehicles the plant's current workforce can
    make, on either line (BEVs are served first). Writes out_bev and out_ice; returns the unmet
    demand (bev, ice), which is made outside the simulated plants.
    """
    n = capacity.shape[0]
    bev_limit = np.empty(n)
    ice_limit = np.empty(n)
    for p in range(n):
        bev_limit[p] = min(capacity[p] * bev_capable_share[p], workforce_limit[p])
    lost_bev = _fill(want_bev, bev_limit, out_bev)
    # workers move between lines: non-BEV output uses the workforce BEVs left over
    for p in range(n):
        ice_limit[p] = max(
            0.0,
            min(capacity[p] * (1.0 - bev_capable_share[p]), workforce_limit[p] - out_bev[p]),
        )
    lost_ice = _fill(want_ice, ice_limit, out_ice)
    return lost_bev, lost_ice


@njit(cache=True)
def retool_plants(
    capacity,
    bev_capable_share,
    pipeline,
    demand_bev,
    planning_utilisation,
    retool_step,
    cost_per_vehicle_quarterly,
    spent_by_plant,
):
    """Advance retooling projects and start new ones; returns the investment spent (EUR).

    pipeline[p, k] is the share of plant p's capacity that becomes BEV-capable in k quarters
    (k = 0 arrives now); its width - 1 is the retooling lag. demand_bev[p] is the BEV demand
    plant p expects when a project started now would finish. A plant wants a BEV-capable share that
    serves its share of that demand at `planning_utilisation`; when that exceeds its
    BEV-capable share plus what is already in its pipeline, it starts converting the missing
    share, at most `retool_step` of its capacity per quarter. spent_by_plant gets each plant's
    investment this quarter (EUR).
    """
    spent = 0.0
    lag = pipeline.shape[1] - 1
    for p in range(capacity.shape[0]):
        spent_by_plant[p] = 0.0
        bev_capable_share[p] = min(1.0, bev_capable_share[p] + pipeline[p, 0])
        committed = bev_capable_share[p]
        for k in range(lag):
            pipeline[p, k] = pipeline[p, k + 1]
            committed += pipeline[p, k]
        pipeline[p, lag] = 0.0
        if capacity[p] <= 0.0:
            continue
        wanted = min(1.0, demand_bev[p] / (capacity[p] * planning_utilisation))
        if wanted > committed:
            step = min(retool_step, wanted - committed)
            spent_by_plant[p] = step * capacity[p] * cost_per_vehicle_quarterly
            spent += spent_by_plant[p]
            if lag == 0:
                bev_capable_share[p] = min(1.0, bev_capable_share[p] + step)
            else:
                pipeline[p, lag - 1] += step
    return spent
