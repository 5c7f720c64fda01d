"""The build's kernels and numpy code as they were before issue 12's build speed-up (commit
7650af5), kept verbatim as references: the shipped kernels must give identical outputs and
consume the same random draws (tests/kernels/test_reference_build.py)."""

from __future__ import annotations

import numpy as np
from numba import njit

from sim import codes
from sim.codes import QUARTERS_PER_YEAR
from sim.data import RegionTable
from sim.initialise.population import _agents, split_into_agents
from sim.kernels.csr import by_group_tier
from sim.kernels.sampling import pick_total, weighted_pick_given_total
from sim.scenario.schema import Scenario
from sim.state import Establishments, Workers


@njit(cache=True)
def sample_links(
    n_oem,
    oem_region,
    oem_capacity,
    sup_region,
    sup_group,
    sup_tier,
    sup_capacity,
    n_groups,
    links_per_customer,
    region_weight,
    rng,
):
    """Supply links (supplier, customer node) for every customer, tier by tier.

    Each OEM plant buys every product group from up to `links_per_customer` tier-1 suppliers;
    each tier-1 (tier-2) supplier buys its own product from up to that many tier-2 (tier-3)
    suppliers of the same product. Suppliers are drawn without replacement with chance
    proportional to capacity x region_weight[customer region, supplier region]. Then every
    supplier draws up to that many customers it can serve (chance proportional to customer
    size x the same weight), so that start-year demand can reach all capacity and every
    supplier sells to someone when any customer for it exists. A pair may be linked twice
    (both sides drew it).
    Returns (supplier, customer) arrays sorted by supplier tier, and tier offsets.
    """
    n_sup = sup_group.shape[0]
    # candidates grouped by (group, tier): CSR over key = group * 3 + tier - 1
    candidates, start = by_group_tier(sup_group, sup_tier, np.ones(n_sup, dtype=np.bool_), n_groups)
    max_edges = (n_oem * n_groups + 2 * n_sup) * links_per_customer
    e_sup = np.empty(max_edges, dtype=np.int64)
    e_cust = np.empty(max_edges, dtype=np.int64)
    e_tier = np.empty(max_edges, dtype=np.int64)
    n_edges = 0
    taken = np.zeros(n_sup, dtype=np.bool_)
    # Summed pick weights of a customer's first pick (nothing taken yet), remembered per
    # (group-tier key, customer region) for suppliers and per region for plants (-1 = not yet).
    n_regions = region_weight.shape[0]
    slot_total = np.full(n_groups * 3 * n_regions, -1.0)
    plant_total = np.full(n_regions, -1.0)
    for tier in range(1, 4):
        n_customers = n_oem if tier == 1 else n_sup
        for c in range(n_customers):
            if tier == 1:
                groups_lo, groups_hi = 0, n_groups
                c_region = oem_region[c]
                node = c
            else:
                if sup_tier[c] != tier - 1:
                    continue
                groups_lo, groups_hi = sup_group[c], sup_group[c] + 1
                c_region = sup_region[c]
                node = n_oem + c
            for g in range(groups_lo, groups_hi):
                key = g * 3 + tier - 1
                lo, hi = start[key], start[key + 1]
                first = n_edges
                for i in range(links_per_customer):
                    s = _pick(
                        candidates,
                        lo,
                        hi,
                        sup_capacity,
                        sup_region,
                        c_region,
                        region_weight,
                        taken,
                        i == 0,
                        slot_total,
                        int(key) * n_regions + int(c_region),
                        rng,
                    )
                    if s < 0:
                        break
                    taken[s] = True
                    e_sup[n_edges] = s
                    e_cust[n_edges] = node
                    e_tier[n_edges] = tier
                    n_edges += 1
                # reset the without-replacement marks of this customer
                for i in range(first, n_edges):
                    taken[e_sup[i]] = False
    # every supplier also draws its own customers (without replacement), so that demand can
    # reach all capacity
    plants = np.arange(n_oem)
    plant_taken = np.zeros(n_oem, dtype=np.bool_)
    for s in range(n_sup):
        tier = sup_tier[s]
        first = n_edges
        for i in range(links_per_customer):
            if tier == 1:  # a plant, chance proportional to capacity x region weight
                chosen = _pick(
                    plants,
                    0,
                    n_oem,
                    oem_capacity,
                    oem_region,
                    sup_region[s],
                    region_weight,
                    plant_taken,
                    i == 0,
                    plant_total,
                    sup_region[s],
                    rng,
                )
                if chosen >= 0:
                    plant_taken[chosen] = True
            else:  # a supplier of the same product one tier up
                key = sup_group[s] * 3 + tier - 2
                chosen = _pick(
                    candidates,
                    start[key],
                    start[key + 1],
                    sup_capacity,
                    sup_region,
                    sup_region[s],
                    region_weight,
                    taken,
                    i == 0,
                    slot_total,
                    int(key) * n_regions + int(sup_region[s]),
                    rng,
                )
                if chosen >= 0:
                    taken[chosen] = True
                    chosen += n_oem
            if chosen < 0:
                break
            e_sup[n_edges] = s
            e_cust[n_edges] = chosen
            e_tier[n_edges] = tier
            n_edges += 1
        for i in range(first, n_edges):  # reset the without-replacement marks
            if e_cust[i] < n_oem:
                plant_taken[e_cust[i]] = False
            else:
                taken[e_cust[i] - n_oem] = False
    order = np.argsort(e_tier[:n_edges], kind="mergesort")
    tier_start = np.zeros(4, dtype=np.int64)
    for i in range(n_edges):
        tier_start[e_tier[i]] += 1
    for t in range(1, 4):
        tier_start[t] += tier_start[t - 1]
    return e_sup[:n_edges][order], e_cust[:n_edges][order], tier_start


@njit(cache=True)
def _pick(
    order, lo, hi, size, node_region, from_region, region_weight, taken, first, totals, k, rng
):
    """weighted_pick from anywhere, skipping `taken`; for a customer's first pick (nothing
    taken) the summed weight is read from, or remembered in, totals[k]. Draws nothing when no
    node has a positive weight."""
    if first:
        if totals[k] < 0.0:
            totals[k] = pick_total(
                order, lo, hi, size, node_region, from_region, region_weight, taken, False
            )
        total = totals[k]
    else:
        total = pick_total(
            order, lo, hi, size, node_region, from_region, region_weight, taken, False
        )
    if total <= 0.0:
        return -1
    return weighted_pick_given_total(
        order,
        lo,
        hi,
        size,
        node_region,
        from_region,
        region_weight,
        taken,
        False,
        total,
        rng.random(),
    )


@njit(cache=True)
def balance_links(x, sup, row, target, need, n_sup, n_rows, iterations):
    """Biproportional fitting (RAS) of link weights x in place: each iteration scales every
    supplier's links so their sum meets target[supplier] (suppliers with no weight keep theirs),
    then every (customer, product) row's links so their sum meets the row's need (rows with no
    weight go to 0). need is per link (its row's need). Sums run in link order, as numpy's
    bincount adds them; each pass over the links also adds up what the next step needs."""
    n = x.shape[0]
    col_sum = np.zeros(n_sup)
    ratio = np.empty(n_sup)
    row_sum = np.empty(n_rows)
    for e in range(n):
        col_sum[sup[e]] += x[e]
    for it in range(iterations):
        for s in range(n_sup):
            ratio[s] = target[s] / col_sum[s] if col_sum[s] > 0 else 1.0
        row_sum[:] = 0.0
        for e in range(n):
            x[e] = x[e] * ratio[sup[e]]
            row_sum[row[e]] += x[e]
        col_sum[:] = 0.0
        last = it == iterations - 1
        for e in range(n):
            rs = row_sum[row[e]]
            x[e] = x[e] * (need[e] / rs if rs > 0 else 0.0)
            if not last:
                col_sum[sup[e]] += x[e]


# --------------------------------------------------------------- start-year population (numpy)
def _firm_sizes(
    total: float, alpha: float, min_size: int, max_size: int, rng: np.random.Generator
) -> list[float]:
    """Firm sizes (jobs) from a Pareto tail with exponent alpha, truncated, adding up to total."""
    sizes: list[float] = []
    left = total
    while left >= 0.5:
        x = min(float(min_size * (1.0 - rng.random()) ** (-1.0 / alpha)), float(max_size))
        x = min(x, left)
        if left - x < min_size * 0.5:
            x = left  # no leftover crumb smaller than half the minimum size
        sizes.append(x)
        left -= x
    return sizes


def supplier_firms(
    sector_jobs: np.ndarray,
    sector_groups: tuple[tuple[int, ...], ...],
    sector_weights: tuple[np.ndarray, ...],
    tiers: np.ndarray,
    jobs_parts: np.ndarray,
    spare_group: int,
    alpha: float,
    min_size: int,
    max_size: int,
    rng: np.random.Generator,
) -> tuple[list[int], list[int], list[int], list[float]]:
    """The supplier loop of build_population (region, sector, group, tier; the spare firm of
    a region with parts jobs but no firm): (region, group, tier, jobs) lists."""
    s_region, s_group, s_tier, s_jobs = [], [], [], []
    for r in range(len(sector_jobs)):
        firms_before = len(s_jobs)
        for col, groups in enumerate(sector_groups):
            weights = sector_weights[col]
            for g, wg in zip(groups, weights, strict=True):
                for t in range(3):
                    total = sector_jobs[r, col] * wg * tiers[t]
                    for size in _firm_sizes(total, alpha, min_size, max_size, rng):
                        s_region.append(r)
                        s_group.append(g)
                        s_tier.append(t + 1)
                        s_jobs.append(size)
        if jobs_parts[r] > 0 and len(s_jobs) == firms_before:
            s_region.append(r)
            s_group.append(spare_group)
            s_tier.append(1)
            s_jobs.append(float(jobs_parts[r]))
    return s_region, s_group, s_tier, s_jobs


def _truncated_normal(
    mean: float, sd: float, lo: float, hi: float, n: int, rng: np.random.Generator
) -> np.ndarray:
    """Normal draws restricted to [lo, hi] by redrawing those outside (no pile-up at the bounds)."""
    x = rng.normal(mean, sd, n)
    bad = (x < lo) | (x >= hi)
    while bad.any():
        x[bad] = rng.normal(mean, sd, int(bad.sum()))
        bad = (x < lo) | (x >= hi)
    return x


def whole_jobs(real: np.ndarray, group: np.ndarray, group_jobs: np.ndarray) -> np.ndarray:
    """Whole jobs per establishment whose sum within each group (region) is exactly
    round(group_jobs[group]): floor each share, then give the missing jobs to the largest
    remainders (ties: lower index), going round again if more are missing than members."""
    jobs = np.floor(real).astype(np.int64)
    remainder = real - jobs
    for g in np.unique(group):
        members = np.flatnonzero(group == g)
        missing = round(float(group_jobs[g])) - int(jobs[members].sum())
        if missing > 0:
            order = members[np.argsort(-remainder[members], kind="stable")]
            np.add.at(jobs, order[np.arange(missing) % len(order)], 1)
    return jobs


def make_workers(
    s: Scenario,
    est: Establishments,
    per_est: np.ndarray,
    regions: RegionTable,
    scale: int,
    rng: np.random.Generator,
) -> Workers:
    """Worker rows: employees of each establishment (per_est: its real jobs), start-year
    unemployed, and spare rows; each agent stands for at most `scale` real workers."""
    lab = s.labour
    est_agents, est_weights = split_into_agents(per_est, est.agent_cap)
    employer = np.repeat(np.arange(len(per_est), dtype=np.int32), est_agents)
    n_emp = len(employer)
    jobs_by_region = np.bincount(est.region, weights=per_est, minlength=len(regions))
    n_unemp_real = _agents(jobs_by_region * float(lab.initial_unemployed_share), 1, rng)
    n_unemp_region, unemp_weights = split_into_agents(n_unemp_real, scale)
    n_unemp = int(n_unemp_region.sum())
    n_live = n_emp + n_unemp
    # at a coarse scale agents are split when only some of their workers move: keep two
    # free rows per establishment for that (the model adds more when needed)
    split_reserve = 2 * len(per_est) if scale > 1 else 0
    n_rows = n_live + int(np.ceil(lab.spare_rows * n_live)) + 1 + split_reserve
    sector = est.sector[employer]

    status = np.full(n_rows, codes.EMPTY, dtype=np.int8)
    status[:n_emp] = codes.EMPLOYED
    status[n_emp:n_live] = codes.UNEMPLOYED
    emp = np.full(n_rows, -1, dtype=np.int32)
    emp[:n_emp] = employer
    region = np.zeros(n_rows, dtype=np.int16)
    region[:n_emp] = est.region[employer]
    region[n_emp:n_live] = np.repeat(np.arange(len(regions)), n_unemp_region)
    last = np.zeros(n_rows, dtype=np.int8)
    last[:n_emp] = sector
    # unemployed at the start held jobs like those of their region: drawn from its sector mix
    if n_unemp:
        mix = np.zeros((len(regions), codes.N_SECTORS))
        np.add.at(mix, (est.region[employer], sector), est_weights)
        for r in np.flatnonzero(n_unemp_region):
            rows = slice(
                n_emp + int(n_unemp_region[:r].sum()), n_emp + int(n_unemp_region[: r + 1].sum())
            )
            weights = mix[r] / mix[r].sum() if mix[r].sum() > 0 else np.full(codes.N_SECTORS, 0.25)
            last[rows] = rng.choice(codes.N_SECTORS, size=int(n_unemp_region[r]), p=weights)

    ages = _truncated_normal(lab.age_mean, lab.age_sd, 18.0, lab.retirement_age - 0.25, n_live, rng)
    age_q = np.zeros(n_rows, dtype=np.int16)
    age_q[:n_live] = np.floor(ages * QUARTERS_PER_YEAR).astype(np.int16)

    thr = lab.ev_skill_threshold
    u1, u2 = rng.random(n_live), rng.random(n_live)
    sec = last[:n_live]
    ice = np.where(
        sec == codes.SECTOR_ICE,
        0.6 + 0.4 * u1,
        np.where(sec == codes.SECTOR_EV, 0.5 * u1, 0.3 + 0.5 * u1),
    )
    ev = np.where(sec == codes.SECTOR_EV, thr + (1 - thr) * u2, thr * u2)
    ice_skill = np.zeros(n_rows, dtype=np.float32)
    ev_skill = np.zeros(n_rows, dtype=np.float32)
    ice_skill[:n_live], ev_skill[:n_live] = ice, ev

    sigma = lab.wage_dispersion
    level = np.concatenate(
        [
            est.wage_level[employer],
            np.full(n_unemp, float(np.mean(est.wage_level)) if len(est.wage_level) else 0.0),
        ]
    )
    weight = np.zeros(n_rows, dtype=np.int16)
    weight[:n_emp] = est_weights
    weight[n_emp:n_live] = unemp_weights
    wage = np.zeros(n_rows, dtype=np.float32)
    wage[:n_live] = level * np.exp(sigma * rng.normal(size=n_live) - 0.5 * sigma**2)
    return Workers(
        region=region,
        employer=emp,
        status=status,
        last_sector=last,
        ice_skill=ice_skill,
        ev_skill=ev_skill,
        age_q=age_q,
        quarters_unemployed=np.zeros(n_rows, dtype=np.int16),
        wage=wage,
        training_left=np.zeros(n_rows, dtype=np.int8),
        weight=weight,
    )
