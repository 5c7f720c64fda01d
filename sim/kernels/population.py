"""Kernels of the start-year population: supplier firm sizes, the worker rows and wages.

Each draws from the random generator exactly as the numpy code it replaced did (the same
calls in the same order: `Generator.random` and `Generator.normal` give the same numbers in
numba as in numpy), so the population is the same to the bit."""

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
    n = 0
    cap = 1024
    f_region = np.empty(cap, dtype=np.int64)
    f_group = np.empty(cap, dtype=np.int64)
    f_tier = np.empty(cap, dtype=np.int64)
    f_jobs = np.empty(cap)
    exponent = -1.0 / alpha
    for r in range(cell_total.shape[0]):
        before = n
        for c in range(cell_total.shape[1]):
            left = cell_total[r, c]
            while left >= 0.5:
                x = min(min_size * (1.0 - rng.random()) ** exponent, float(max_size))
                x = min(x, left)
                if left - x < min_size * 0.5:
                    x = left  # no leftover crumb smaller than half the minimum size
                if n == cap:
                    cap *= 2
                    f_region = _grown(f_region, cap)
                    f_group = _grown(f_group, cap)
                    f_tier = _grown(f_tier, cap)
                    f_jobs = _grown(f_jobs, cap)
                f_region[n] = r
                f_group[n] = cell_group[c]
                f_tier[n] = cell_tier[c]
                f_jobs[n] = x
                n += 1
                left -= x
        if parts_jobs[r] > 0 and n == before:
            if n == cap:
                cap *= 2
                f_region = _grown(f_region, cap)
                f_group = _grown(f_group, cap)
                f_tier = _grown(f_tier, cap)
                f_jobs = _grown(f_jobs, cap)
            f_region[n] = r
            f_group[n] = spare_group
            f_tier[n] = 1
            f_jobs[n] = parts_jobs[r]
            n += 1
    return f_region[:n], f_group[:n], f_tier[:n], f_jobs[:n]


@njit(cache=True)
def _grown(a, cap):
    """A copy of `a` with room for `cap` elements."""
    out = np.empty(cap, dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


@njit(cache=True)
def worker_rows(
    employer,
    est_region,
    est_sector,
    est_weights,
    unemployed_per_region,
    unemployed_weights,
    sector_cdf,
    age_mean,
    age_sd,
    age_lo,
    age_hi,
    ev_threshold,
    wage_sd,
    wage_shift,
    sector_ice,
    sector_ev,
    rng,
    status,
    emp,
    region,
    last_sector,
    weight,
    age_q,
    ice_skill,
    ev_skill,
    wage_exponent,
):
    """Start-year worker rows: first the employees (row i works for employer[i], standing for
    est_weights[i] workers), then unemployed_per_region[r] unemployed rows of each region r
    (weights unemployed_weights), n rows in all; the rest of the arrays is left as it is.

    Draws, in this order: the unemployed rows' last sector (one uniform number each, the
    sector where it falls in the region's cumulative sector shares sector_cdf[r], as
    Generator.choice does); ages (normal(age_mean, age_sd) for all n, then again for those
    outside [age_lo, age_hi), in row order, until none is); n uniforms u1; n uniforms u2; n
    standard normals z. Fills age_q (whole quarters of age), the skills (ICE-specific jobs:
    ICE skill 0.6-1; EV-specific: ICE 0-0.5, EV from the threshold to 1; agnostic: ICE
    0.3-0.8; EV below the threshold otherwise; float32) and wage_exponent[:n] = wage_sd x z -
    wage_shift."""
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
    i = n_emp
    for r in range(unemployed_per_region.shape[0]):
        for _ in range(unemployed_per_region[r]):
            last_sector[i] = np.searchsorted(sector_cdf[r], rng.random(), side="right")
            i += 1
    n = i
    ages = np.empty(n)
    for i in range(n):
        ages[i] = rng.normal(age_mean, age_sd)
    bad = np.empty(n, dtype=np.int64)
    n_bad = 0
    for i in range(n):
        if ages[i] < age_lo or ages[i] >= age_hi:
            bad[n_bad] = i
            n_bad += 1
    while n_bad > 0:  # redraw the ones outside, in row order, as often as needed
        for j in range(n_bad):
            ages[bad[j]] = rng.normal(age_mean, age_sd)
        still = 0
        for j in range(n_bad):
            a = ages[bad[j]]
            if a < age_lo or a >= age_hi:
                bad[still] = bad[j]
                still += 1
        n_bad = still
    for i in range(n):
        age_q[i] = np.int16(np.floor(ages[i] * QUARTERS_PER_YEAR))
    for i in range(n):
        u = rng.random()
        if last_sector[i] == sector_ice:
            ice_skill[i] = np.float32(0.6 + 0.4 * u)
        elif last_sector[i] == sector_ev:
            ice_skill[i] = np.float32(0.5 * u)
        else:
            ice_skill[i] = np.float32(0.3 + 0.5 * u)
    rest = 1 - ev_threshold
    for i in range(n):
        u = rng.random()
        if last_sector[i] == sector_ev:
            ev_skill[i] = np.float32(ev_threshold + rest * u)
        else:
            ev_skill[i] = np.float32(ev_threshold * u)
    for i in range(n):
        wage_exponent[i] = wage_sd * rng.normal(0.0, 1.0) - wage_shift


@njit(cache=True)
def start_wages(factor, employer, wage_level, unemployed_level, weight, wage, wage_bill):
    """Wages of the first n = len(factor) rows: employees (the first len(employer) rows) earn
    their employer's wage level x factor, the unemployed unemployed_level x factor (float32).
    Adds each employee's wage x weight (in float32, as numpy multiplies float32 by int16) to
    wage_bill[employer], in row order."""
    n_emp = employer.shape[0]
    for i in range(factor.shape[0]):
        level = wage_level[employer[i]] if i < n_emp else unemployed_level
        wage[i] = np.float32(level * factor[i])
    for i in range(n_emp):
        wage_bill[employer[i]] += np.float64(wage[i] * np.float32(weight[i]))
