"""Kernels that total agent states per region for the results table."""

from __future__ import annotations

from numba import njit

from sim.codes import EMPLOYED, RETRAINING, UNEMPLOYED


@njit(cache=True)
def tally_workers(
    status,
    employer,
    region,
    wage,
    quarters_unemployed,
    benefit_quarters,
    weight,
    est_region,
    est_sector,
    employed,
    wage_bill,
    jobs,
    unemployed,
    retraining,
    benefit_wages,
):
    """One pass over the workers: employed real workers and their summed wages (EUR/quarter) per
    establishment; jobs per workplace region and sector (jobs[r, sector]); unemployed and
    retraining people per home region; benefit_wages[r] = summed last wages of those entitled
    to benefits (unemployed for at most `benefit_quarters` quarters, and everyone retraining). All
    counts are real workers: an agent counts as its weight. `age_and_move` (sim.kernels.labour)
    can do the same count in its own pass: keep the two in step."""
    employed[:] = 0
    wage_bill[:] = 0.0
    jobs[:, :] = 0
    unemployed[:] = 0
    retraining[:] = 0
    benefit_wages[:] = 0.0
    for w in range(status.shape[0]):
        st = status[w]
        m = weight[w]
        if st == EMPLOYED:
            f = employer[w]
            employed[f] += m
            wage_bill[f] += wage[w] * m
        elif st == UNEMPLOYED:
            unemployed[region[w]] += m
            if quarters_unemployed[w] <= benefit_quarters:
                benefit_wages[region[w]] += wage[w] * m
        elif st == RETRAINING:
            retraining[region[w]] += m
            benefit_wages[region[w]] += wage[w] * m
    # jobs by workplace region and sector from the establishments (far fewer than workers)
    for f in range(employed.shape[0]):
        jobs[est_region[f], est_sector[f]] += employed[f]


@njit(cache=True)
def value_added_by_region(est_region, est_sector, est_value_added, out):
    """Value added (EUR) per region and sector from establishment value added."""
    out[:, :] = 0.0
    for f in range(est_region.shape[0]):
        out[est_region[f], est_sector[f]] += est_value_added[f]
