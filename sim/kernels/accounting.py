"""Kernels that total agent states per establishment and region for the results table."""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.codes import EMPLOYED, RETRAINING, UNEMPLOYED


@njit(cache=True)
def cents(wage):
    """A worker's wage (EUR per quarter) rounded to the nearest cent, as a whole number of
    cents: what one real worker adds to a wage bill or to benefit wages. Whole cents add up
    exactly in any order, so counts kept up to date as rows change (sim.state.WorkerCounts)
    equal a recount to the cent; an agent of weight m adds m * cents(wage)."""
    return np.int64(np.floor(np.float64(wage) * 100.0 + 0.5))


@njit(cache=True)
def tally_workers(status, employer, region, wage, quarters_unemployed, weight, counts):
    """The definition of `counts` (sim.state.WorkerCounts), recounted in one pass over the
    workers: employed real workers and their wages in cents per establishment; unemployed and
    retraining people per home region; benefit_cents[r] = summed last wages (cents) of those
    entitled to benefits (unemployed for at most `counts.benefit_quarters` quarters, and
    everyone retraining). An agent counts as its weight. The worker kernels keep the same
    counts up to date as they change rows; `count_employment` (sim.schedule) compares them
    with this recount when `model.check_tally` is set."""
    employed, wage_cents = counts.employed, counts.wage_cents
    unemployed, retraining, benefit = counts.unemployed, counts.retraining, counts.benefit_cents
    employed[:] = 0
    wage_cents[:] = 0
    unemployed[:] = 0
    retraining[:] = 0
    benefit[:] = 0
    for w in range(status.shape[0]):
        st = status[w]
        m = np.int64(weight[w])
        if st == EMPLOYED:
            f = employer[w]
            employed[f] += m
            wage_cents[f] += m * cents(wage[w])
        elif st == UNEMPLOYED:
            unemployed[region[w]] += m
            if quarters_unemployed[w] <= counts.benefit_quarters:
                benefit[region[w]] += m * cents(wage[w])
        elif st == RETRAINING:
            retraining[region[w]] += m
            benefit[region[w]] += m * cents(wage[w])


@njit(cache=True)
def jobs_by_region(est_region, est_sector, employed, jobs):
    """jobs[r, sector] = real workers employed at the establishments of region r (where the
    job is, not where the worker lives) and of that sector."""
    jobs[:, :] = 0
    for f in range(employed.shape[0]):
        jobs[est_region[f], est_sector[f]] += employed[f]


@njit(cache=True)
def value_added_by_region(est_region, est_sector, est_value_added, out):
    """Value added (EUR) per region and sector from establishment value added."""
    out[:, :] = 0.0
    for f in range(est_region.shape[0]):
        out[est_region[f], est_sector[f]] += est_value_added[f]
