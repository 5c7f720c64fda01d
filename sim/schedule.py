"""The quarter: an ordered tuple of named phases (`SCHEDULE`). `TransitionModel.step` runs them
in this order; benchmarks time them; docs/model.md ("Order of a quarter") lists them one to one.

Each phase is a small function `phase(model, t)` that calls kernels (sim.kernels) and model
rules (sim.rules) on the model's arrays. A new mechanism goes in as a new phase at its place in
`SCHEDULE` (and in docs/model.md), or as a call inside the phase it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from sim import codes
from sim.codes import QUARTERS_PER_YEAR
from sim.kernels.accounting import jobs_by_region, tally_workers, value_added_by_region
from sim.kernels.cohorts import merge_small_agents
from sim.kernels.firms import (
    RewireIndex,
    adjust_capacity,
    alive_by_region,
    convert_and_exit,
    rewire,
    supplier_accounts,
)
from sim.kernels.labour import (
    add_entrants,
    age_and_move,
    enrol_retraining,
    lay_off,
    match,
    relocate,
    rows_with_status,
)
from sim.kernels.supply import RouteWork, route_orders
from sim.kernels.vehicles import produce_vehicles, retool_plants
from sim.outputs.columns import COL, FLOW, WORKER_FLOWS
from sim.policy.levers import SPEND_LINES
from sim.policy.reskilling import whole_places
from sim.rules.conversion import rescale_sales_links
from sim.rules.new_plants import open_new_plants, ramp_up
from sim.rules.value_added import converted_wage_level, oem_value_added
from sim.rules.workforce import staffing_targets, workforce_kept, workforce_limit
from sim.scale import AGE_BAND_QUARTERS
from sim.state import WorkerCounts

if TYPE_CHECKING:
    from sim.model import TransitionModel


class Quarter(NamedTuple):
    """The quarter being simulated: its index from 0, its calendar year and quarter (1-4)."""

    index: int
    year: int
    quarter: int


@dataclass(frozen=True)
class Phase:
    """One step of the quarter: a name, the function that runs it and the names of the kernels
    it calls (module attributes of sim.schedule; the benchmark profile times them)."""

    name: str
    run: Callable[[TransitionModel, Quarter], None]
    kernels: tuple[str, ...] = ()


def start_policies(model: TransitionModel, t: Quarter) -> None:
    """Levers read this quarter's budgets, programmes and offsets."""
    model.flows = {}
    model.levers.start_quarter(t.year, t.quarter, model.pop.regions, model.pop.plants.region)


def open_plants(model: TransitionModel, t: Quarter) -> None:
    """Planned EV-component plants open in Q1 of their year (sim.rules.new_plants)."""
    if t.quarter == 1 and open_new_plants(
        model.pop.suppliers, model.links, t.year, t.index, model.ramping
    ):
        model.network_changed()


def ramp_up_plants(model: TransitionModel, t: Quarter) -> None:
    """New plants' capacity and order share rise towards their planned size."""
    ramp_up(model.pop.suppliers, model.ramping, model.availability, t.index)


def grow_productivity(model: TransitionModel, t: Quarter) -> None:
    """Labour per unit falls by one quarter of each sector's productivity growth (none in the
    first quarter, the calibrated start; sim.productivity)."""
    model.productivity.apply(t.index, model.pop, model.oem_lines)


def make_vehicles(model: TransitionModel, t: Quarter) -> None:
    """Plants make vehicles within capacity and workforce, and plan retooling for BEVs."""
    p, e, oem = model.pop.plants, model.pop.establishments, model.spec.oems
    n_p, q = len(p), t.index
    limit = workforce_limit(e.employed[:n_p], p.labour_per_vehicle, model.spec.suppliers.overtime)
    want_bev, want_ice, procured = model.levers.plant_demand(
        t.year, model.demand[q] * model.plant_factor[q], model.bev_share[q], p
    )
    lost_bev, lost_ice = produce_vehicles(
        p.capacity,
        p.bev_capable_share,
        want_bev,
        want_ice,
        limit,
        p.production_bev,
        p.production_ice,
    )
    # each plant's lines need workers for this output; workers per vehicle follow the mix
    model.oem_lines.update(p, float(model.nonbev_ev[q]), q)
    # plants plan retooling against the BEV demand expected when the project would finish
    ahead = min(q + oem.retool_lag_quarters, model.n_quarters - 1)
    share_ahead = np.clip(model.bev_share[ahead] + model.levers.plant_country_offset, 0, 1)
    spent = retool_plants(
        p.capacity,
        p.bev_capable_share,
        p.retool_pipeline,
        p.market_share * model.demand[ahead] * model.plant_factor[ahead] * share_ahead,
        oem.base_utilisation,
        oem.retool_step,
        float(QUARTERS_PER_YEAR) * oem.retool_cost_eur_per_vehicle,
        model.scratch.retool_by_plant,
    )
    model.levers.oem_aid(model.scratch.retool_by_plant, p.region)
    model.flows.update(
        vehicles_lost_bev=lost_bev,
        vehicles_lost_ice=lost_ice,
        oem_retooling_eur=spent,
        vehicles_procured=procured,
    )


def pass_orders(model: TransitionModel, t: Quarter) -> None:
    """Plants' output becomes component orders, passed down the tiers of the supply network."""
    s, p, e, x = model.pop.suppliers, model.pop.plants, model.pop.establishments, model.scratch
    n_p = len(p)
    limit = workforce_limit(e.employed[n_p:], s.labour_per_unit, model.spec.suppliers.overtime)
    model.capacity_at_production = s.capacity.copy()  # capacity changes later in the quarter
    size = (n_p, len(x.group_sector), len(s), len(model.links.supplier))
    if x.route_work is None or not x.route_work.fits(*size):  # buffers kept between quarters
        x.route_work = RouteWork.allocate(*size)
    # new-car parts plus each plant's share of the aftermarket (sim/fleet.py; issue 11)
    oem_ice, oem_bev, eu_share = model.aftermarket.orders(
        t.index,
        p.production_ice,
        p.production_bev,
        p.market_share,
        model.levers.eu_share,
        x.group_sector,
    )
    route_orders(
        n_p,
        oem_ice,
        oem_bev,
        float(model.nonbev_ev[t.index]),
        eu_share,
        x.group_sector,
        s.group,
        s.tier,
        s.alive,
        s.capacity,
        model.availability,
        limit,
        model.links.supplier,
        model.links.customer,
        model.links.weight,
        model.tier_edge_start,
        s.orders,
        s.production,
        x.orders_sent,
        x.orders_received,
        x.orders_unlinked,
        x.orders_short,
        x.route_work,
    )


def run_firms(model: TransitionModel, t: Quarter) -> None:
    """Suppliers book their accounts, adjust capacity, convert to EV products or exit; orphaned
    links are rewired; establishments' value added is set."""
    s, p, e, x = model.pop.suppliers, model.pop.plants, model.pop.establishments, model.scratch
    spec, econ = model.spec.suppliers, model.pop.economics
    n_p, q = len(p), t.index
    supplier_accounts(
        s.production,
        s.price,
        s.group,
        econ.input_share,
        e.wage_bill[n_p:],
        s.fixed_cost_per_unit,
        s.capacity,
        s.alive,
        s.cash,
        s.loss_streak,
        s.value_added,
    )
    adjust_capacity(
        s.orders,
        s.capacity,
        s.alive,
        spec.expand_above_utilisation,
        spec.shrink_below_utilisation,
        spec.capacity_growth_max,
        spec.capacity_shrink_rate,
    )
    rates, pools, factor = model.levers.supplier_terms(
        t.year, s, e.sector[n_p:], model.start_supplier_jobs
    )
    capacity_before = s.capacity.copy()  # a conversion rescales capacity to the new product
    spent = convert_and_exit(
        s.group,
        s.tier,
        s.alive,
        s.orders,
        model.reference_orders,
        s.capacity,
        s.cash,
        s.loss_streak,
        s.price,
        s.labour_per_unit,
        s.fixed_cost_per_unit,
        s.quarters_to_convert,
        x.group_sector,
        x.conversion_target,
        econ.price,
        econ.labour,
        spec.conversion_trigger_orders_share,
        spec.conversion_probability,
        spec.conversion_cost_quarters,
        spec.conversion_lag_quarters,
        spec.exit_after_loss_quarters,
        spec.credit_line_quarters,
        factor,
        rates,
        pools,
        model.levers.pools.remaining,
        x.aid_paid,
        x.converted,
        x.exited,
        model.keys["firms"],
        q,
    )
    model.levers.book_supplier_aid(q, x.aid_paid, s.region, e.employed[n_p:])
    changed = 0
    n_links, n_sup = len(model.links.supplier), len(s)
    if x.rewire_index is None or not x.rewire_index.fits(n_links, n_sup):
        # links by supplier, kept up to date by rewire (made again if the network's size changed)
        x.rewire_index = RewireIndex.build(model.links.supplier, model.links.customer, n_p, len(s))
    if x.converted.any():
        # contract shares follow the units of the new product, as capacity did
        rescale_sales_links(
            model.links.weight,
            model.links.supplier,
            x.converted,
            capacity_before,
            s.capacity,
            x.rewire_index,
        )
    if x.converted.any() or x.exited.any():
        changed = rewire(
            model.links.supplier,
            model.links.customer,
            model.links.key,
            x.converted,
            x.exited,
            n_p,
            p.region,
            p.capacity,
            s.group,
            s.tier,
            s.alive,
            s.capacity,
            s.region,
            model.region_weight,
            model.keys["rewire"],
            q,
            x.rewire_index,
        )
        model.network_changed()
        converted = x.converted.astype(bool)
        e.sector[n_p:][converted] = x.group_sector[s.group[converted]]
        e.wage_level[n_p:][converted] = converted_wage_level(
            s.price[converted],
            s.labour_per_unit[converted],
            model.spec.labour.labour_share_of_value_added,
            econ.input_share[s.group[converted]],
        )
    e.upskill[:n_p] = 0
    e.upskill[n_p:] = x.converted
    e.value_added[:n_p] = oem_value_added(p, econ)
    e.value_added[n_p:] = s.value_added
    model.flows.update(
        supplier_conversion_eur=spent,
        conversions=float(x.converted.sum()),
        exits=float(x.exited.sum()),
        links_rewired=float(changed),
    )


def worker_counts(model: TransitionModel) -> WorkerCounts:
    """The counts the worker kernels keep up to date (sim.state.WorkerCounts): views of the
    model's own arrays, so the kernels update those."""
    x = model.scratch
    return WorkerCounts(
        model.pop.establishments.employed,
        x.wage_cents,
        x.unemployed,
        x.retraining,
        x.benefit_cents,
        int(model.spec.labour.benefit_quarters),
    )


def reserve_rows(model: TransitionModel, t: Quarter) -> None:
    """At a coarse scale, make sure a quarter's agent splits find free rows: at least two
    per establishment plus two per unemployed or retraining agent (grown by a quarter
    of the rows, or more, when short). Nothing to do at scale 1, where no agent splits."""
    if model.scale == 1:
        return
    w = model.pop.workers
    st = w.status
    free = sum(
        np.count_nonzero(st == c)
        for c in (codes.EMPTY, codes.LEFT_LABOUR_FORCE, codes.EMPLOYED_ELSEWHERE)
    )
    looking = np.count_nonzero(st == codes.UNEMPLOYED) + np.count_nonzero(st == codes.RETRAINING)
    need = 2 * len(model.pop.establishments) + 2 * looking
    if free < need:
        w.grow(max(need - free, len(w) // 4))


def labour_market(model: TransitionModel, t: Quarter) -> None:
    """Layoffs down to the workforce kept, hiring into vacancies, moves to neighbouring
    regions, and new entrants for what stays open."""
    w, e, p, s = model.pop.workers, model.pop.establishments, model.pop.plants, model.pop.suppliers
    lab, n_p, x = model.spec.labour, len(model.pop.plants), model.scratch
    e.target[:] = staffing_targets(p, s)
    keep = workforce_kept(
        e.target, lab.layoff_band, model.levers.retention_floor(t.index, len(s)), n_p, s.alive
    )
    np.maximum(e.employed - keep, 0, out=x.to_fire)
    # the workforce once the layoffs are made (lay_off changes e.employed as it lays off)
    employed_now = e.employed - x.to_fire
    wk, counts = w.arrays(), worker_counts(model)
    # the same pass lists the unemployed rows for match (unless a split makes the list short)
    listed, n = np.empty(len(w), dtype=np.int64), np.zeros(1, dtype=np.int64)
    fired, kept = lay_off(
        wk,
        e.sector,
        x.to_fire,
        e.employed,
        x.split_cursor,
        model.streams["layoffs"],
        (listed, n),
        counts,
    )
    looking = listed[: n[0]] if n[0] >= 0 else rows_with_status(w.status, codes.UNEMPLOYED)
    model.split_rows_short += kept
    model.levers.enforce_retention(t.index, s, employed_now[n_p:])
    vacancies = np.maximum(e.target - employed_now, 0)
    vacancies[n_p:][s.alive == 0] = 0
    # planned plants not open yet stay out of the hiring order (common random numbers)
    x.not_open[n_p:] = (s.opens_year != 0) & (s.alive == 0)
    open_before = int(vacancies.sum())
    hired = match(
        wk,
        e.region,
        e.sector,
        e.wage_level,
        e.agent_cap,
        vacancies,
        len(model.pop.regions),
        lab.ev_skill_threshold,
        lab.matching_efficiency,
        lab.matching_elasticity,
        lab.wage_dispersion,
        x.split_cursor,
        model.streams["matching"],
        looking,
        x.not_open,
        counts,
    )
    x.moved[:] = 0
    if model.spec.mobility.migration_rate > 0:
        open_by_region = np.bincount(e.region, weights=vacancies, minlength=len(x.moved))
        relocate(
            w.status,
            w.region,
            w.weight,
            model.neighbour_start,
            model.neighbour_list,
            open_by_region,
            model.spec.mobility.migration_rate,
            model.streams["mobility"],
            x.moved,
        )
    entrants, unfilled, x.free_row_hint = add_entrants(
        w.status,
        w.employer,
        w.region,
        w.age_q,
        w.ice_skill,
        w.ev_skill,
        w.wage,
        w.last_sector,
        w.quarters_unemployed,
        e.region,
        e.sector,
        e.wage_level,
        e.agent_cap,
        vacancies,
        lab.entrant_fill_share,
        lab.ev_skill_threshold,
        QUARTERS_PER_YEAR * lab.entrant_age_min,
        QUARTERS_PER_YEAR * lab.entrant_age_max,
        lab.wage_dispersion,
        w.weight,
        x.free_row_hint,
        model.streams["entrants"],
        counts,
    )
    model.flows.update(
        layoffs=fired,
        hires=hired,
        entrants=entrants,
        vacancies_open=open_before,
        vacancies_unfilled_no_rows=unfilled,
        moved_region=float(x.moved.sum()),
        move_cost_eur=float(x.moved.sum() * model.spec.mobility.move_cost_eur),
    )


def worker_lives(model: TransitionModel, t: Quarter) -> None:
    """Workers age, retire, leave for other sectors, learn and finish reskilling.

    The same pass recounts the unemployed, those retraining and benefit wages per region
    (it visits every row anyway); the later phases of the quarter keep them up to date."""
    w, e, x, lab, rs = (
        model.pop.workers,
        model.pop.establishments,
        model.scratch,
        model.spec.labour,
        model.spec.reskilling,
    )
    flows = x.region_flows
    flows[:] = 0
    args = (
        w.status,
        w.employer,
        w.region,
        w.age_q,
        w.ev_skill,
        w.ice_skill,
        w.quarters_unemployed,
        w.training_left,
        e.sector,
        e.upskill,
        QUARTERS_PER_YEAR * lab.retirement_age,
        QUARTERS_PER_YEAR * lab.early_retirement_age,
        QUARTERS_PER_YEAR * lab.older_from_age,
        lab.outside_job_rate,
        lab.outside_job_rate_older,
        lab.early_retirement_rate,
        lab.ev_learning_per_quarter,
        lab.skill_loss_per_quarter,
        lab.ev_skill_threshold,
        rs.success_probability,
        rs.ev_skill_gain,
        w.weight,
        model.streams["workers"],
        flows,
    )
    age_and_move(*args, (w.wage, worker_counts(model)))
    total = flows.sum(axis=0)
    model.flows.update({name: total[FLOW[name]] for name in WORKER_FLOWS})


def reskill(model: TransitionModel, t: Quarter) -> None:
    """Fill this quarter's reskilling places (unemployed first, then preventive); courses
    start next quarter, so a course of n quarters keeps people out of the search n quarters."""
    w, e, x = model.pop.workers, model.pop.establishments, model.scratch
    places_real, preventive_real = model.levers.places(t.year)
    x.enrolled[:] = 0
    if not (places_real.any() or preventive_real.any()):
        return
    rng = model.streams["policy"]
    enrol_retraining(
        w.arrays(),
        e.sector,
        whole_places(places_real, rng),
        whole_places(preventive_real, rng),
        model.spec.reskilling.duration_quarters,
        model.spec.labour.ev_skill_threshold,
        x.split_cursor,
        model.streams["retraining"],
        x.enrolled,
        worker_counts(model),
    )
    model.levers.book_reskilling(x.enrolled)


def merge_agents(model: TransitionModel, t: Quarter) -> None:
    """At a coarse scale, merge agents left small by splits (see sim.kernels.cohorts)."""
    if model.scale == 1:
        return
    merge_small_agents(
        model.pop.workers.arrays(),
        model.pop.establishments.agent_cap,
        model.scale,
        AGE_BAND_QUARTERS,
        model.spec.labour.ev_skill_threshold,
        model.spec.labour.benefit_quarters,
        model.scratch.open_employed,
        model.scratch.open_unemployed,
        worker_counts(model),
    )


def count_employment(model: TransitionModel, t: Quarter | None = None) -> None:
    """Employment per establishment and worker counts per region from the counts the worker
    kernels keep (sim.state.WorkerCounts): the wage bills and benefit wages in EUR, jobs per
    region and sector. When the model is built (`t` None) the workers are counted in full
    first (`tally_workers`). With `model.check_tally` set, every quarter recounts the workers
    and raises if the kept counts differ from the recount at all."""
    e, x = model.pop.establishments, model.scratch
    counts = worker_counts(model)
    if t is None:
        tally_workers(*_tally_args(model), counts)
    elif model.check_tally:
        recount = WorkerCounts(*(np.zeros_like(a) for a in counts[:-1]), counts[-1])
        tally_workers(*_tally_args(model), recount)
        differ = [
            name
            for name, kept, full in zip(WorkerCounts._fields[:-1], counts, recount, strict=False)
            if not np.array_equal(kept, full)
        ]
        if differ:
            raise RuntimeError(
                f"quarter {model.quarter_index}: the counts kept by the worker kernels differ "
                f"from a full recount in {', '.join(differ)} (a phase changed worker rows "
                "without updating sim.state.WorkerCounts)"
            )
    np.divide(x.wage_cents, 100.0, out=e.wage_bill)
    np.divide(x.benefit_cents, 100.0, out=x.benefit_wages)
    jobs_by_region(e.region, e.sector, e.employed, x.jobs)


def _tally_args(model: TransitionModel) -> tuple[np.ndarray, ...]:
    """The worker arrays `tally_workers` reads."""
    w = model.pop.workers
    return (w.status, w.employer, w.region, w.wage, w.quarters_unemployed, w.weight)


def account(model: TransitionModel, t: Quarter) -> None:
    """Write the quarter's row of the regional results table (needs count_employment first)."""
    e, p, s, x = model.pop.establishments, model.pop.plants, model.pop.suppliers, model.scratch
    value_added_by_region(e.region, e.sector, e.value_added, x.value_added)
    row = model.history[t.index]
    n_r = len(row)
    row[:, COL["jobs_total"]] = x.jobs.sum(axis=1)
    for k, sector in enumerate(codes.SECTOR_NAMES):
        row[:, COL[f"jobs_{sector}"]] = x.jobs[:, k]
        row[:, COL[f"va_{sector}"]] = x.value_added[:, k] / 1e6
    row[:, COL["unemployed"]] = x.unemployed
    row[:, COL["retraining"]] = x.retraining
    row[:, COL["value_added"]] = x.value_added.sum(axis=1) / 1e6
    row[:, COL["vehicles_ice"]] = np.bincount(p.region, weights=p.production_ice, minlength=n_r)
    row[:, COL["vehicles_bev"]] = np.bincount(p.region, weights=p.production_bev, minlength=n_r)
    alive_by_region(s.region, s.alive, row[:, COL["suppliers_alive"]])
    lv = model.levers
    lv.spend["benefits"] += x.benefit_wages * model.spec.labour.benefit_replacement_rate
    for line in SPEND_LINES:
        row[:, COL[f"spend_{line}"]] = lv.spend[line] / 1e6
    row[:, COL["fund_allocation"]] = lv.fund_allocation / 1e6
    row[:, COL["enrolled"]] = x.enrolled
    row[:, COL["retrained"]] = x.region_flows[:, FLOW["retrained"]]
    row[:, COL["firms_aided"]] = lv.firms_aided
    row[:, COL["clawbacks"]] = lv.clawbacks
    row[:, COL["moved_in"]] = x.moved


#: The order of a quarter. docs/model.md, "Order of a quarter", names these phases one to one.
SCHEDULE: tuple[Phase, ...] = (
    Phase("start_policies", start_policies),
    Phase("open_plants", open_plants),
    Phase("ramp_up_plants", ramp_up_plants),
    Phase("grow_productivity", grow_productivity),
    Phase("make_vehicles", make_vehicles, ("produce_vehicles", "retool_plants")),
    Phase("pass_orders", pass_orders, ("route_orders",)),
    Phase(
        "run_firms",
        run_firms,
        ("supplier_accounts", "adjust_capacity", "convert_and_exit", "rewire"),
    ),
    Phase("reserve_rows", reserve_rows),
    Phase(
        "labour_market",
        labour_market,
        ("lay_off", "rows_with_status", "match", "relocate", "add_entrants"),
    ),
    Phase("worker_lives", worker_lives, ("age_and_move",)),
    Phase("reskill", reskill, ("enrol_retraining",)),
    Phase("merge_agents", merge_agents, ("merge_small_agents",)),
    Phase("count_employment", count_employment, ("tally_workers", "jobs_by_region")),
    Phase("account", account, ("value_added_by_region", "alive_by_region")),
)
