"""Kernel that merges small worker agents, so that splitting agents (see `sim.kernels.labour`)
does not make the number of rows grow without bound when one agent stands for many workers.

Only agents of the same kind are merged: employed agents of the same establishment, or
unemployed agents of the same home region and last sector; in both cases of the same age band
and on the same side of the EV-skill threshold, and not in training. The merged agent takes
the weighted mean of the two states, so totals (workers, skills, and wage bills up to the
rounding of the merged wage) are unchanged.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.codes import EMPLOYED, EMPTY, UNEMPLOYED
from sim.kernels.accounting import cents


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
def _candidates(wk, est_agent_cap, max_weight):
    """The rows merge_small_agents may change, in row order: employed agents below their
    establishment's cap and unemployed agents below `max_weight`, not in training. One
    branch-free pass (most rows are full, and rows of different kinds alternate)."""
    status, weight, employer, training_left = wk.status, wk.weight, wk.employer, wk.training_left
    n = status.shape[0]
    rows = np.empty(n, dtype=np.int64)
    k = 0
    for w in range(n):
        st = status[w]
        # the cap as arithmetic on a load that is always made (a conditional load or a
        # select compiles to a branch that rows of alternating status mispredict);
        # EMPLOYED and UNEMPLOYED are the codes 0 and 1
        is_e = np.int64(st == EMPLOYED)
        cap = max_weight + (est_agent_cap[max(employer[w], 0)] - max_weight) * is_e
        if (weight[w] < cap) & (st >= EMPLOYED) & (st <= UNEMPLOYED) & (training_left[w] <= 0):
            rows[k] = w
            k += 1
    return rows[:k]


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
    counts=None,
):
    """Merge agents into full ones: employed agents up to their establishment's
    `est_agent_cap`, unemployed ones up to `max_weight` workers; returns rows freed.

    open_employed (establishments, age bands, 2) and open_unemployed (regions, sectors, age
    bands, 2, 2) are scratch tables of the agent still open for merging per kind; only the
    slots of this call's agents are reset and read, so other slots may hold anything. The age
    band of an agent is age_q // band_q (the last band takes everyone older). Unemployed agents
    are merged only with others on the same side of `benefit_quarters` (still entitled to
    benefits or not).

    Only the agents below their cap and not in training take part; they are found first and
    then visited in row order. No row changes before it is visited (a merge changes the
    visited row and an earlier one), so this is the single row-order pass over all agents
    it replaces (tests/kernels/reference.py), with the same results.

    `counts` (sim.state.WorkerCounts, or None): a merge leaves the numbers of workers as they
    are but averages wages, so the wage bill (employed) or the benefit wages (unemployed and
    entitled) of the agents' establishment or region take the merged agent's wage in cents.
    """
    rows = _candidates(wk, est_agent_cap, max_weight)
    n_bands = open_employed.shape[1]
    # the slot of each candidate: flat index into open_employed (>= 0) or, as -1 - index,
    # into open_unemployed
    slots = np.empty(rows.shape[0], dtype=np.int64)
    oe = open_employed.reshape(-1)
    ou = open_unemployed.reshape(-1)
    n_sec = open_unemployed.shape[1]
    for i in range(rows.shape[0]):
        w = rows[i]
        band = min(wk.age_q[w] // band_q, n_bands - 1)
        skilled = 1 if wk.ev_skill[w] >= ev_threshold else 0
        if wk.status[w] == EMPLOYED:
            s = (np.int64(wk.employer[w]) * n_bands + band) * 2 + skilled
            oe[s] = -1
            slots[i] = s
        else:
            entitled = 1 if wk.quarters_unemployed[w] <= benefit_quarters else 0
            s = ((np.int64(wk.region[w]) * n_sec + wk.last_sector[w]) * n_bands + band) * 4
            s += skilled * 2 + entitled
            ou[s] = -1
            slots[i] = -1 - s
    freed = 0
    for i in range(rows.shape[0]):
        w = rows[i]
        m = wk.weight[w]
        cap = est_agent_cap[wk.employer[w]] if wk.status[w] == EMPLOYED else max_weight
        s = slots[i]
        o = oe[s] if s >= 0 else ou[-1 - s]
        if o < 0:
            nxt = w
        else:
            t = min(m, cap - wk.weight[o])
            if counts is not None:
                # what the two agents add before the merge, less what they add after it
                before = np.int64(wk.weight[o]) * cents(wk.wage[o]) + np.int64(t) * cents(
                    wk.wage[w]
                )
            _absorb(wk, o, w, t)
            if counts is not None:
                change = np.int64(wk.weight[o]) * cents(wk.wage[o]) - before
                if s >= 0:
                    counts.wage_cents[wk.employer[o]] += change
                elif wk.quarters_unemployed[o] <= benefit_quarters:
                    counts.benefit_cents[wk.region[o]] += change
            if wk.weight[w] == 0:
                wk.status[w] = EMPTY
                wk.employer[w] = -1
                freed += 1
                nxt = o if wk.weight[o] < cap else -1
            else:
                nxt = w  # o is full now; what is left of w stays open
        if s >= 0:
            oe[s] = nxt
        else:
            ou[-1 - s] = nxt
    return freed
