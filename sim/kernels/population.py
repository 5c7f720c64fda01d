"""Kernels of the start-year population: supplier firm sizes, the worker rows and wages.

`firm_sizes` draws from the random generator exactly as the Python loop it replaced did (one
`Generator.random()` per firm; numba's gives the same numbers as numpy's); the worker kernels
take numbers numpy has drawn. So the population is the same to the bit. (Drawing the workers'
numbers in numba as well would take no less time, but seconds more to compile.)"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.codes import EMPLOYED, QUARTERS_PER_YEAR, UNEMPLOYED


@njit(cache=True)
def firm_sizes(
    cell_total, cell_group, cell_tier, parts_jobs, spare_group, alpha, min_size, max_size, rng
):
    """Supplier firms, region by region: each cell (region r, column c: a product group and
    tier) of cell_total[r, c] jobs is split into firms of Pareto sizes (exponent alpha,
    min_size to max_size jobs, one uniform number per firm) adding up to it, with no crumb
    smaller than half the minimum size left over. A region with parts jobs but no firm in any
    cell (too few jobs for half a firm) gets one firm of group spare_group, tier 1, holding
    parts_jobs[r]. Returns (region, group, tier, jobs) of the firms in that order."""
    if not (min_size >= 1.0 and max_size >= min_size):
        raise ValueError("firm_sizes: need 1 <= min_size <= max_size")
    # every firm but a cell's last has at least min_size jobs: room for all of them
    cap = cell_total.shape[0]
    for r in range(cell_total.shape[0]):
        for c in range(cell_total.shape[1]):
            cap += int(max(cell_total[r, c], 0.0) / min_size) + 2
    f_region = np.empty(cap, dtype=np.int64)
    f_group = np.empty(cap, dtype=np.int64)
    f_tier = np.empty(cap, dtype=np.int64)
    f_jobs = np.empty(cap)
    n = 0
    exponent = -1.0 / alpha
    for r in range(cell_total.shape[0]):
        before = n
        for c in range(cell_total.shape[1]):
            left = cell_total[r, c]
            while left >= 0.5:
                x = min(min_size * (1.0 - rng.random()) ** exponent, max_size)
                x = min(x, left)
                if left - x < min_size * 0.5:
                    x = left  # no leftover crumb smaller than half the minimum size
                f_region[n] = r
                f_group[n] = cell_group[c]
                f_tier[n] = cell_tier[c]
                f_jobs[n] = x
                n += 1
                left -= x
        if parts_jobs[r] > 0 and n == before:
            f_region[n] = r
            f_group[n] = spare_group
            f_tier[n] = 1
            f_jobs[n] = parts_jobs[r]
            n += 1
    return f_region[:n], f_group[:n], f_tier[:n], f_jobs[:n]


@njit(cache=True)
def worker_rows(
    employer,
    est_region,
    est_sector,
    est_weights,
    unemployed_per_region,
    unemployed_weights,
    ages,
    u1,
    u2,
    wage_factor,
    wage_level,
    unemployed_level,
    ev_threshold,
    sector_ice,
    sector_ev,
    status,
    emp,
    region,
    last_sector,
    weight,
    age_q,
    ice_skill,
    ev_skill,
    wage,
    wage_bill,
):
    """Start-year worker rows: first the employees (row i works for employer[i], standing for
    est_weights[i] workers), then unemployed_per_region[r] unemployed rows of each region r
    (weights unemployed_weights, last sector already set), n = len(ages) rows in all; the
    rest of the arrays is left as it is. From the draws ages, u1, u2 and wage_factor (one each
    per row): age_q (whole quarters of age), the skills (ICE-specific jobs: ICE skill 0.6-1;
    EV-specific: ICE 0-0.5, EV from the threshold to 1; agnostic: ICE 0.3-0.8; EV below the
    threshold otherwise) and the wage (the employer's wage level, or unemployed_level, x
    wage_factor), worked out in float64 and stored as float32, as numpy did. Adds each
    employee's wage x weight (in float32, as numpy multiplies float32 by int16) to
    wage_bill[employer], in row order."""
    n_emp = employer.shape[0]
    for i in range(n_emp):
        e = employer[i]
        status[i] = EMPLOYED
        emp[i] = e
        region[i] = est_region[e]
        last_sector[i] = est_sector[e]
        weight[i] = est_weights[i]
    i = n_emp
    for r in range(unemployed_per_region.shape[0]):
        for _ in range(unemployed_per_region[r]):
            status[i] = UNEMPLOYED
            region[i] = r
            weight[i] = unemployed_weights[i - n_emp]
            i += 1
    rest = 1 - ev_threshold
    for i in range(ages.shape[0]):
        age_q[i] = np.int16(np.floor(ages[i] * QUARTERS_PER_YEAR))
        sector = last_sector[i]
        if sector == sector_ice:
            ice_skill[i] = np.float32(0.6 + 0.4 * u1[i])
        elif sector == sector_ev:
            ice_skill[i] = np.float32(0.5 * u1[i])
        else:
            ice_skill[i] = np.float32(0.3 + 0.5 * u1[i])
        if sector == sector_ev:
            ev_skill[i] = np.float32(ev_threshold + rest * u2[i])
        else:
            ev_skill[i] = np.float32(ev_threshold * u2[i])
        level = wage_level[employer[i]] if i < n_emp else unemployed_level
        wage[i] = np.float32(level * wage_factor[i])
    for i in range(n_emp):
        wage_bill[employer[i]] += np.float64(wage[i] * np.float32(weight[i]))
