"""Invariants that must hold after every quarter of any run (used by several test modules)."""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.model import TransitionModel
from sim.outputs.columns import REGION_COLUMNS

STATUSES = (codes.EMPTY, *codes.STATUS_NAMES)


def pool_size(model: TransitionModel) -> int:
    """Real workers in the automotive labour pool (employed, unemployed, retraining)."""
    w = model.pop.workers
    in_pool = np.isin(w.status, (codes.EMPLOYED, codes.UNEMPLOYED, codes.RETRAINING))
    return int(w.weight[in_pool].sum())


def check_quarter(model: TransitionModel, pool_before: int) -> int:
    """Assert every invariant for the quarter just simulated; return the new pool size."""
    w, e = model.pop.workers, model.pop.establishments
    p, s = model.pop.plants, model.pop.suppliers
    # every worker row is in exactly one known state, with a consistent employer
    assert np.isin(w.status, STATUSES).all()
    employed = w.status == codes.EMPLOYED
    assert (w.employer[employed] >= 0).all()
    assert (w.employer[~employed] == -1).all()
    # an agent stands for 1..scale real workers, an employed one for at most its firm's cap
    live = np.isin(w.status, (codes.EMPLOYED, codes.UNEMPLOYED, codes.RETRAINING))
    assert (w.weight[live] >= 1).all() and (w.weight[live] <= model.scale).all()
    assert (w.weight[employed] <= e.agent_cap[w.employer[employed]]).all()
    assert model.split_rows_short == 0
    n_p = len(p)
    sup_of = w.employer[employed][w.employer[employed] >= n_p] - n_p
    assert s.alive[sup_of].all(), "a worker is employed by an exited supplier"
    # the pool is conserved: before + entrants - leavers
    pool = pool_size(model)
    f = model.flows
    leavers = f["retired"] + f["retired_early"] + f["moved_to_other_sectors"]
    assert pool == pool_before + f["entrants"] - leavers
    # employment counts per establishment (real workers) match the worker rows
    counts = np.bincount(w.employer[employed], weights=w.weight[employed], minlength=len(e))
    assert (counts == e.employed).all()
    # no negative stocks; production within capacity; cash above the exit floor
    for arr in (
        p.capacity,
        p.production_ice,
        p.production_bev,
        s.capacity,
        s.production,
        s.orders,
        e.employed,
    ):
        assert (arr >= 0).all()
    assert (p.production_ice + p.production_bev <= p.capacity * (1 + 1e-9) + 1e-6).all()
    alive = s.alive == 1
    cap = model.capacity_at_production  # capacity when this quarter's output was made
    assert (s.production <= cap * (1 + 1e-9) + 1e-6).all()
    exited_earlier = (~alive) & (model.scratch.exited == 0)
    assert (s.production[exited_earlier] == 0).all()
    floor = -model.spec.suppliers.credit_line_quarters * s.capacity * s.price
    assert (s.cash[alive] >= floor[alive] - 1e-6).all()
    assert ((p.bev_capable_share >= 0) & (p.bev_capable_share <= 1)).all()
    # orders sent by customers = orders received by suppliers + orders nobody could take
    sent, got, unlinked = (
        model.scratch.orders_sent,
        model.scratch.orders_received,
        model.scratch.orders_unlinked,
    )
    assert np.allclose(sent, got + unlinked, rtol=1e-9, atol=1e-6)
    # regional value added adds up to the total of all establishments
    q = model.quarter_index - 1
    va = model.history[q, :, REGION_COLUMNS.index("value_added")].sum()
    assert np.isclose(va, e.value_added.sum() / 1e6, rtol=1e-9)
    sectors = model.history[
        q, :, REGION_COLUMNS.index("va_oem") : REGION_COLUMNS.index("va_oem") + 4
    ]
    assert np.isclose(sectors.sum(), va, rtol=1e-9)
    # jobs in the table = real workers of the employed agents; no NaN anywhere
    jobs = model.history[q, :, REGION_COLUMNS.index("jobs_total")].sum()
    assert jobs == w.weight[employed].sum()
    assert np.isfinite(model.history[: q + 1]).all()
    return pool
