"""Kernel that merges small worker agents, so that splitting agents (see `sim.kernels.labour`)
does not make the number of rows grow without bound when one agent stands for many workers.

Only agents of the same kind are merged: employed agents of the same establishment, or
unemployed agents of the same home region and last sector; in both cases of the same age band
and on the same side of the EV-skill threshold, and not in training. The merged agent takes
the weighted mean of the two states, so totals (workers, wage bills, skills) are unchanged.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.codes import EMPLOYED, EMPTY, UNEMPLOYED


@njit(cache=True)
def _absorb(wk, into, w, t):
    """Move t of agent w's workers into agent `into` (weighted means of the state)."""
    a = np.int64(wk.weight[into])
    t = np.int64(t)
    total = a + t
    wk.age_q[into] = (
        np.int64(wk.age_q[into]) * a + np.int64(wk.age_q[w]) * t + total // 2
    ) // total
    wk.quarters_unemployed[into] = (
        np.int64(wk.quarters_unemployed[into]) * a
        + np.int64(wk.quarters_unemployed[w]) * t
        + total // 2
    ) // total
    wk.ev_skill[into] = (wk.ev_skill[into] * a + wk.ev_skill[w] * t) / total
    wk.ice_skill[into] = (wk.ice_skill[into] * a + wk.ice_skill[w] * t) / total
    wk.wage[into] = (wk.wage[into] * a + wk.wage[w] * t) / total
    wk.weight[into] = total
    wk.weight[w] -= t


@njit(cache=True)
def merge_small_agents(
    wk,
    est_agent_cap,
    max_weight,
    band_q,
    ev_threshold,
    benefit_quarters,
    open_employed,
    open_unemployed,
):
    """Merge agents into full ones: employed agents up to their establishment's
    `est_agent_cap`, unemployed ones up to `max_weight` workers; returns rows freed.

    open_employed (establishments, age bands, 2) and open_unemployed (regions, sectors, age
    bands, 2, 2) are scratch tables of the agent still open for merging per kind (reset
    here); the age band of an agent is age_q // band_q (the last band takes everyone older).
    Unemployed agents are merged only with others on the same side of `benefit_quarters`
    (still entitled to benefits or not).
    """
    open_employed[:] = -1
    open_unemployed[:] = -1
    n_bands = open_employed.shape[1]
    freed = 0
    for w in range(wk.status.shape[0]):
        m = wk.weight[w]
        st = wk.status[w]
        if st == EMPLOYED:
            cap = est_agent_cap[wk.employer[w]]
        elif st == UNEMPLOYED:
            cap = max_weight
        else:
            continue
        if m >= cap or wk.training_left[w] > 0:
            continue
        band = min(wk.age_q[w] // band_q, n_bands - 1)
        skilled = 1 if wk.ev_skill[w] >= ev_threshold else 0
        f, r, sector = wk.employer[w], wk.region[w], wk.last_sector[w]
        entitled = 0
        if st == EMPLOYED:
            o = open_employed[f, band, skilled]
        else:
            entitled = 1 if wk.quarters_unemployed[w] <= benefit_quarters else 0
            o = open_unemployed[r, sector, band, skilled, entitled]
        if o < 0:
            nxt = w
        else:
            t = min(m, cap - wk.weight[o])
            _absorb(wk, o, w, t)
            if wk.weight[w] == 0:
                wk.status[w] = EMPTY
                wk.employer[w] = -1
                freed += 1
                nxt = o if wk.weight[o] < cap else -1
            else:
                nxt = w  # o is full now; what is left of w stays open
        if st == EMPLOYED:
            open_employed[f, band, skilled] = nxt
        else:
            open_unemployed[r, sector, band, skilled, entitled] = nxt
    return freed
