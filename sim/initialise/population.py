"""Build the start-year agents (plants, suppliers, workers) from regional data and the scenario.

The base year is consistent by construction: labour per unit of each product and tier is
total EU jobs in it divided by the units the start-year demand needs, so the start-year
production needs exactly the jobs in the data; capacities are set so that production runs
at the scenario's base utilisation; fixed costs are set so that every supplier starts at
the base margin; wages are the base labour share of value added per worker.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import codes
from sim.codes import QUARTERS_PER_YEAR
from sim.data import RegionTable
from sim.kernels.population import firm_sizes, worker_rows
from sim.policy.localisation import gigafactory_plan
from sim.scenario.schema import Scenario
from sim.state import Establishments, Plants, Suppliers, Workers


@dataclass
class Economics:
    """Per-unit values and labour needs derived from the scenario at the start year."""

    price: np.ndarray  # (N_GROUPS, 3) EUR per unit sold by a supplier of group g, tier t+1
    input_share: np.ndarray  # (N_GROUPS,) share of a supplier's sales bought in, by group
    labour: np.ndarray  # (N_GROUPS, 3) workers per unit per quarter
    content_ice: float  # supplier content of an ICE vehicle (EUR)
    content_bev: float
    price_ice: float  # ex-works value of an ICE vehicle (EUR)
    price_bev: float
    oem_labour: float  # workers per vehicle per quarter at OEM plants
    category_jobs: np.ndarray  # EU start-year supplier jobs by sector (index = sector code)


@dataclass
class Population:
    """Everything the model steps: regions and the agent containers."""

    regions: RegionTable
    plants: Plants
    suppliers: Suppliers
    workers: Workers
    establishments: Establishments
    economics: Economics


def group_content(s: Scenario) -> np.ndarray:
    """Supplier content per vehicle by product group (EUR), the unit price of a tier-1 unit.

    ICE-specific content is `ice_specific_share_of_content` of a combustion car's supplier
    content; the rest is the agnostic content, the same in every vehicle."""
    v = s.vehicles
    ice_specific = v.ice_specific_share_of_content * v.supplier_content_ice_eur
    agnostic = v.supplier_content_ice_eur - ice_specific
    content = np.zeros(codes.N_GROUPS)
    w_ice = np.array(v.ice_group_weights) / sum(v.ice_group_weights)
    w_ag = np.array(v.agnostic_group_weights) / sum(v.agnostic_group_weights)
    content[list(codes.ICE_GROUPS)] = ice_specific * w_ice
    content[list(codes.EV_GROUPS)] = [
        v.battery_content_eur,
        v.e_motor_content_eur,
        v.power_electronics_content_eur,
    ]
    content[list(codes.AGNOSTIC_GROUPS)] = agnostic * w_ag
    return content


def input_shares(s: Scenario) -> np.ndarray:
    """Share of a supplier's sales bought in (from the tier below, or materials), by group."""
    shares = np.full(codes.N_GROUPS, s.vehicles.input_share_of_sales)
    shares[codes.EV_GROUPS[0]] = s.vehicles.battery_input_share  # battery
    return shares


def bev_content(s: Scenario) -> float:
    """Supplier content of a BEV (EUR): the agnostic content plus the three EV items."""
    content = group_content(s)
    return float(content[list(codes.AGNOSTIC_GROUPS)].sum() + content[list(codes.EV_GROUPS)].sum())


def derive_economics(
    s: Scenario, regions: RegionTable, base_bev_share: float, nonbev_ev: float = 0.0
) -> Economics:
    """Per-unit prices and labour coefficients calibrated to the start-year data."""
    v, sup = s.vehicles, s.suppliers
    units = s.demand.base_units_per_year / QUARTERS_PER_YEAR * regions.demand_share
    units_bev = base_bev_share * units
    units_ice = units - units_bev
    content = group_content(s)
    phi = input_shares(s)
    price = content[:, None] * phi[:, None] ** np.arange(3)[None, :]

    parts = regions.jobs_parts.sum()
    ice_jobs = float((regions.ice_share_parts * regions.jobs_parts).sum())
    ice_per_vehicle = ice_jobs / max(units_ice, 1e-9)
    ev_per_vehicle = v.ev_powertrain_labour_ratio * ice_per_vehicle
    # EV-powertrain sets needed: one per BEV plus the hybrids' share of a set per non-BEV
    ev_sets = units_bev + nonbev_ev * units_ice
    ev_jobs = min(ev_per_vehicle * ev_sets, 0.5 * max(parts - ice_jobs, 0.0))
    agnostic_jobs = max(parts - ice_jobs - ev_jobs, 0.0)
    agnostic_per_vehicle = agnostic_jobs / units

    tiers = np.array(sup.tier_job_shares) / sum(sup.tier_job_shares)
    labour = np.zeros((codes.N_GROUPS, 3))
    for cat_groups, per_vehicle in (
        (codes.ICE_GROUPS, ice_per_vehicle),
        (codes.EV_GROUPS, ev_per_vehicle),
        (codes.AGNOSTIC_GROUPS, agnostic_per_vehicle),
    ):
        weights = job_weights(s, cat_groups, content)
        for g, w in zip(cat_groups, weights, strict=True):
            labour[g] = per_vehicle * w * tiers
    content_ice = v.supplier_content_ice_eur
    content_bev = bev_content(s)
    share = v.supplier_share_of_vehicle_value
    category_jobs = np.array([regions.jobs_assembly.sum(), ice_jobs, ev_jobs, agnostic_jobs])
    return Economics(
        price=price,
        input_share=phi,
        labour=np.maximum(labour, 1e-12),
        content_ice=content_ice,
        content_bev=content_bev,
        price_ice=content_ice / share,
        price_bev=content_bev / share,
        oem_labour=regions.jobs_assembly.sum() / units,
        category_jobs=category_jobs,
    )


def job_weights(s: Scenario, groups: tuple[int, ...], content: np.ndarray) -> np.ndarray:
    """Split of a sector's supplier jobs over its product groups (sums to 1).

    ICE-specific and agnostic groups use the scenario's weights; EV groups split in proportion
    to content value (assumption: jobs follow value within the EV powertrain).
    """
    if groups == codes.ICE_GROUPS:
        w = np.array(s.vehicles.ice_group_weights)
    elif groups == codes.AGNOSTIC_GROUPS:
        w = np.array(s.vehicles.agnostic_group_weights)
    else:
        w = content[list(groups)]
    return w / w.sum()


def _regional_sector_jobs(regions: RegionTable, econ: Economics) -> np.ndarray:
    """Start-year supplier jobs per region and sector (columns: ICE, EV, agnostic)."""
    parts = regions.jobs_parts
    ice = regions.ice_share_parts * parts
    ev_share = econ.category_jobs[codes.SECTOR_EV] / max(parts.sum(), 1e-9)
    ev = np.minimum(ev_share * parts, parts - ice)
    return np.stack([ice, ev, parts - ice - ev], axis=1)


def whole_jobs(real: np.ndarray, group: np.ndarray, group_jobs: np.ndarray) -> np.ndarray:
    """Whole jobs per establishment whose sum within each group (region) is exactly
    round(group_jobs[group]): floor each share, then give the missing jobs to the largest
    remainders (ties: lower index), going round again if more are missing than members."""
    jobs = np.floor(real).astype(np.int64)
    if len(jobs) == 0:
        return jobs
    remainder = real - jobs
    # members of each group, largest remainder first (stable: ties by index)
    order = np.lexsort((-remainder, group))
    g_sorted = group[order]
    first = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1]])
    members = np.diff(np.r_[first, len(order)])
    groups = g_sorted[first]
    have = np.add.reduceat(jobs[order], first)
    want = np.array([round(float(group_jobs[g])) for g in groups], dtype=np.int64)
    missing = np.maximum(want - have, 0)
    # the k-th member (by remainder) of a group gets missing // n, and one more if k < missing % n
    rank = np.arange(len(order)) - np.repeat(first, members)
    extra = np.repeat(missing // members, members) + (rank < np.repeat(missing % members, members))
    jobs[order] += extra
    return jobs


def _agents(real: np.ndarray, scale: int, rng: np.random.Generator) -> np.ndarray:
    """Agents standing for `real` workers at `scale` workers per agent (stochastic rounding)."""
    x = real / scale
    return np.floor(x + rng.random(x.shape)).astype(np.int64)


def build_population(
    s: Scenario,
    regions: RegionTable,
    base_bev_share: float,
    scale: int,
    rng: np.random.Generator,
    nonbev_ev: float = 0.0,
) -> Population:
    """All start-year agents; randomness only from `rng`. nonbev_ev: the start year's EV
    content per non-BEV vehicle (hybrids), which EV-specific suppliers also serve."""
    econ = derive_economics(s, regions, base_bev_share, nonbev_ev)
    sup_spec, oem_spec = s.suppliers, s.oems
    content = group_content(s)
    labour_share = s.labour.labour_share_of_value_added

    # --- OEM plants: the region's assembly jobs split equally over its plants
    p_region, p_jobs = [], []
    for r in range(len(regions)):
        jobs = regions.jobs_assembly[r]
        if jobs <= 0:
            continue
        n = max(int(regions.assembly_plants[r]), 1)
        p_region += [r] * n
        p_jobs += [jobs / n] * n
    p_jobs_arr = np.array(p_jobs, dtype=np.float64)
    n_p = len(p_jobs)
    capacity = p_jobs_arr / econ.oem_labour / oem_spec.base_utilisation
    bev0 = (
        base_bev_share if oem_spec.base_bev_capable_share < 0 else oem_spec.base_bev_capable_share
    )
    plants = Plants(
        region=np.array(p_region, dtype=np.int32),
        capacity=capacity,
        bev_capable_share=np.full(n_p, bev0),
        retool_pipeline=np.zeros((n_p, oem_spec.retool_lag_quarters + 1)),
        market_share=capacity / capacity.sum() if n_p else capacity,
        labour_per_vehicle=np.full(n_p, econ.oem_labour),
        production_ice=np.zeros(n_p),
        production_bev=np.zeros(n_p),
    )

    # --- suppliers: per region, sector, product group and tier, Pareto-sized establishments
    sector_jobs = _regional_sector_jobs(regions, econ)
    tiers = np.array(sup_spec.tier_job_shares) / sum(sup_spec.tier_job_shares)
    # cells in the order region, sector, product group, tier; one column per group and tier
    cell_groups, cell_cols, cell_weights = [], [], []
    for col, groups in enumerate((codes.ICE_GROUPS, codes.EV_GROUPS, codes.AGNOSTIC_GROUPS)):
        for g, wg in zip(groups, job_weights(s, groups, content), strict=True):
            cell_groups.append(g)
            cell_cols.append(col)
            cell_weights.append(wg)
    cell_total = (sector_jobs[:, cell_cols] * np.array(cell_weights)[None, :])[:, :, None] * tiers[
        None, None, :
    ]
    f_region, f_group, f_tier, f_jobs = firm_sizes(
        cell_total.reshape(len(regions), -1),
        np.repeat(np.array(cell_groups, dtype=np.int64), 3),
        np.tile(np.arange(1, 4, dtype=np.int64), len(cell_groups)),
        regions.jobs_parts.astype(np.float64),
        codes.AGNOSTIC_GROUPS[0],
        float(sup_spec.size_pareto_alpha),
        float(sup_spec.min_size_jobs),
        float(sup_spec.max_size_jobs),
        rng,
    )
    s_region, s_group, s_tier, s_jobs = (
        f_region.tolist(),
        f_group.tolist(),
        f_tier.tolist(),
        f_jobs.tolist(),
    )
    # planned EV-component plants (localisation lever): tier 1, closed until their year
    opens_year = [0] * len(s_jobs)
    for r, g, year, planned in gigafactory_plan(s.localisation, regions):
        s_region.append(r)
        s_group.append(g)
        s_tier.append(1)
        s_jobs.append(planned * s.regions.job_scale)
        opens_year.append(year if year > s.time.start_year else 0)
    group = np.array(s_group, dtype=np.int8)
    tier = np.array(s_tier, dtype=np.int8)
    jobs = np.array(s_jobs, dtype=np.float64)
    n_s = len(jobs)
    labour_per_unit = econ.labour[group, tier - 1] if n_s else np.zeros(0)
    price = econ.price[group, tier - 1] if n_s else np.zeros(0)
    util0 = sup_spec.base_utilisation
    s_capacity = jobs / labour_per_unit / util0
    sales0 = s_capacity * util0 * price
    phi = econ.input_share[group] if n_s else np.zeros(0)
    suppliers = Suppliers(
        region=np.array(s_region, dtype=np.int32),
        tier=tier,
        group=group,
        capacity=s_capacity,
        price=price,
        labour_per_unit=labour_per_unit,
        fixed_cost_per_unit=np.zeros(n_s),  # set below, once the workforce exists
        cash=sup_spec.initial_cash_quarters * sales0,
        alive=(np.array(opens_year) == 0).astype(np.int8),
        opens_year=np.array(opens_year, dtype=np.int16),
        loss_streak=np.zeros(n_s, dtype=np.int16),
        quarters_to_convert=np.zeros(n_s, dtype=np.int16),
        orders=np.zeros(n_s),
        production=np.zeros(n_s),
        value_added=np.zeros(n_s),
    )

    # --- establishments (labour view): plants then suppliers
    group_sector = np.array(codes.GROUP_SECTOR, dtype=np.int8)
    oem_va_per_vehicle = (econ.price_ice - econ.content_ice) * (1 - base_bev_share) + (
        econ.price_bev - econ.content_bev
    ) * base_bev_share
    wage_level = np.concatenate(
        [
            np.full(n_p, labour_share * oem_va_per_vehicle / econ.oem_labour),
            labour_share * price * (1 - phi) / np.maximum(labour_per_unit, 1e-12),
        ]
    )
    n_e = n_p + n_s
    est = Establishments(
        region=np.concatenate([plants.region, suppliers.region]).astype(np.int32),
        sector=np.concatenate([np.zeros(n_p, dtype=np.int8), group_sector[group]]).astype(np.int8),
        wage_level=wage_level,
        target=np.zeros(n_e, dtype=np.int64),
        employed=np.zeros(n_e, dtype=np.int64),
        wage_bill=np.zeros(n_e),
        upskill=np.zeros(n_e, dtype=np.int8),
        value_added=np.zeros(n_e),
        agent_cap=agent_caps(np.concatenate([p_jobs_arr, jobs]), scale),
    )

    # --- workers: whole real jobs per establishment (the same at every scale), held by
    # agents of at most `scale` workers each
    staffed = np.where(suppliers.alive == 1, jobs, 0.0)  # plants opening later start empty
    per_est = whole_jobs(
        np.concatenate([p_jobs_arr, staffed]),
        est.region,
        regions.jobs_assembly + regions.jobs_parts,
    )
    workers, wage_bill = make_workers(s, est, per_est, regions, scale, rng)
    # fixed costs: what start-year value added leaves after the workers' actual wages and the
    # base margin, so every supplier starts at the margin
    later = suppliers.alive == 0  # not open yet: planned jobs at the planned wage level
    wage_bill[n_p:][later] = jobs[later] * wage_level[n_p:][later]
    fixed_total = np.maximum(
        sales0 * (1 - phi) - wage_bill[n_p:] - sup_spec.base_margin * sales0, 0.0
    )
    suppliers.fixed_cost_per_unit[:] = np.divide(
        fixed_total, s_capacity, out=np.zeros(n_s), where=s_capacity > 0
    )
    return Population(regions, plants, suppliers, workers, est, econ)


def _truncated_normal(
    mean: float, sd: float, lo: float, hi: float, n: int, rng: np.random.Generator
) -> np.ndarray:
    """Normal draws restricted to [lo, hi] by redrawing those outside (no pile-up at the bounds),
    in index order, as often as needed (only the redrawn ones are checked again)."""
    x = rng.normal(mean, sd, n)
    bad = np.flatnonzero((x < lo) | (x >= hi))
    while len(bad):
        redrawn = rng.normal(mean, sd, len(bad))
        x[bad] = redrawn
        bad = bad[(redrawn < lo) | (redrawn >= hi)]
    return x


#: Fewest worker agents an establishment is split into at a coarse scale (an agent stands for
#: at most 1/20 of its firm's start-year workforce, and never more than `scale` workers).
#: Numerical choice, not a model parameter: when an agent retires, its firm loses that share
#: of its workforce at once; 5% stays within the default overtime margin (10%) that absorbs
#: such gaps at scale 1, so firms do not make losses, shrink or exit because of how their
#: workers are grouped. Firms of up to 20 workers keep one agent per worker at every scale.
MIN_AGENTS_PER_FIRM = 20


def agent_caps(jobs: np.ndarray, scale: int) -> np.ndarray:
    """Most real workers one agent of each establishment stands for: its (planned) start-year
    jobs / MIN_AGENTS_PER_FIRM, within 1..scale."""
    caps = np.floor(np.asarray(jobs, dtype=np.float64) / MIN_AGENTS_PER_FIRM)
    return np.clip(caps, 1, scale).astype(np.int64)


def split_into_agents(real: np.ndarray, cap: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
    """Agents for `real[i]` whole workers of each group i, each agent standing for at most
    `cap[i]` of them: (agents per group, weight of each agent in group order). Every group's
    weights add up to its real workers; all agents but a group's last carry `cap[i]`."""
    real = np.asarray(real, dtype=np.int64)
    cap = np.broadcast_to(np.asarray(cap, dtype=np.int64), real.shape)
    agents = -(-real // cap)  # ceiling division
    weights = np.repeat(cap, agents)
    has = agents > 0
    last = np.cumsum(agents)[has] - 1
    weights[last] = real[has] - (agents[has] - 1) * cap[has]
    return agents, weights


def make_workers(
    s: Scenario,
    est: Establishments,
    per_est: np.ndarray,
    regions: RegionTable,
    scale: int,
    rng: np.random.Generator,
) -> tuple[Workers, np.ndarray]:
    """Worker rows: employees of each establishment (per_est: its real jobs), start-year
    unemployed, and spare rows; each agent stands for at most `scale` real workers. Also
    returns each establishment's start-year wage bill (sum of wage x weight of its rows)."""
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
    status = np.full(n_rows, codes.EMPTY, dtype=np.int8)
    emp = np.full(n_rows, -1, dtype=np.int32)
    region = np.zeros(n_rows, dtype=np.int16)
    last = np.zeros(n_rows, dtype=np.int8)
    weight = np.zeros(n_rows, dtype=np.int16)
    # unemployed at the start held jobs like those of their region: drawn from its sector mix
    if n_unemp:
        mix = np.zeros((len(regions), codes.N_SECTORS))
        np.add.at(mix, (est.region[employer], est.sector[employer]), est_weights)
        start = n_emp + np.concatenate([[0], np.cumsum(n_unemp_region)])
        for r in np.flatnonzero(n_unemp_region):
            weights = mix[r] / mix[r].sum() if mix[r].sum() > 0 else np.full(codes.N_SECTORS, 0.25)
            last[start[r] : start[r + 1]] = rng.choice(
                codes.N_SECTORS, size=int(n_unemp_region[r]), p=weights
            )
    ages = _truncated_normal(lab.age_mean, lab.age_sd, 18.0, lab.retirement_age - 0.25, n_live, rng)
    u1, u2 = rng.random(n_live), rng.random(n_live)
    sigma = lab.wage_dispersion
    factor = rng.normal(size=n_live)  # in place: exp(sigma x z - sigma^2 / 2)
    factor *= sigma
    factor -= 0.5 * sigma**2
    np.exp(factor, out=factor)
    # rows, ages, skills and wages: the employer's wage level (the unemployed: the mean
    # level) x the lognormal factor (sim.kernels.population.worker_rows)
    age_q = np.zeros(n_rows, dtype=np.int16)
    ice_skill = np.zeros(n_rows, dtype=np.float32)
    ev_skill = np.zeros(n_rows, dtype=np.float32)
    wage = np.zeros(n_rows, dtype=np.float32)
    wage_bill = np.zeros(len(per_est))
    worker_rows(
        employer,
        est.region,
        est.sector,
        est_weights,
        n_unemp_region,
        unemp_weights,
        ages,
        u1,
        u2,
        factor,
        est.wage_level,
        float(np.mean(est.wage_level)) if len(est.wage_level) else 0.0,
        float(lab.ev_skill_threshold),
        codes.SECTOR_ICE,
        codes.SECTOR_EV,
        status,
        emp,
        region,
        last,
        weight,
        age_q,
        ice_skill,
        ev_skill,
        wage,
        wage_bill,
    )
    workers = Workers(
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
    return workers, wage_bill
