"""TransitionModel: the mesa.Model that steps the regional automotive economy one quarter at a time.

Python here only orchestrates: each phase of a quarter is one or two kernel calls on the
struct-of-arrays state. The order of a quarter is written once, in `step`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mesa
import numpy as np

from sim import codes, reporters
from sim.codes import COL, REGION_COLUMNS
from sim.data import read_drivetrain_history, read_regions
from sim.demand import (
    bev_share_path,
    hybrid_paths,
    nonbev_ev_content,
    quarter_times,
    vehicle_demand,
)
from sim.initialise.network import build_links, region_weights, to_networkx
from sim.initialise.oem_labour import build_oem_lines
from sim.initialise.population import Population, build_population
from sim.kernels.accounting import tally_workers, value_added_by_region
from sim.kernels.cohorts import merge_small_agents
from sim.kernels.firms import adjust_capacity, convert_and_exit, rewire, supplier_accounts
from sim.kernels.labour import (
    add_entrants,
    age_and_move,
    enrol_retraining,
    lay_off,
    match,
    relocate,
)
from sim.kernels.supply import route_orders
from sim.kernels.vehicles import produce_vehicles, retool_plants
from sim.policy.levers import SPEND_LINES, Levers
from sim.policy.reskilling import whole_places
from sim.productivity import Productivity
from sim.scale import MAX_SCALE
from sim.scenario import Scenario, ScenarioError, load_scenario

#: Quarters over which a newly opened plant's capacity rises to its planned size (assumption).
RAMP_UP_QUARTERS = 8


#: Width of the age bands within which small agents are merged at a coarse scale (quarters):
#: five years (assumption; narrow enough that merged workers retire at about the same time).
AGE_BAND_QUARTERS = 20

#: Named random streams, one per kind of random decision (common random numbers: two runs that
#: differ in one lever share every other draw). Append new names at the end only.
STREAMS = (
    "population",
    "network",
    "firms",
    "rewire",
    "layoffs",
    "matching",
    "entrants",
    "workers",
    "retraining",
    "mobility",
    "policy",
)


def _seed_sequence(
    seed: int | None, rng: Any, default: int
) -> tuple[np.random.SeedSequence, int | None]:
    """The root SeedSequence of a run from a seed, a Generator or the scenario's default seed."""
    if seed is not None and rng is not None:
        raise ValueError("give either seed or rng, not both")
    value = seed if seed is not None else rng
    if value is None:
        value = default
    if isinstance(value, np.random.Generator):
        return np.random.SeedSequence(value.integers(0, 2**63, size=4).tolist()), None
    if isinstance(value, np.random.SeedSequence):
        return value, None
    if isinstance(value, (bool, float)) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"seed must be a non-negative integer or a numpy Generator, got {value!r}")
    return np.random.SeedSequence(int(value)), int(value)


def _stream_key(root: np.random.SeedSequence, index: int) -> np.uint64:
    """The 64-bit key of stream `index` for keyed draws (sim.kernels.keyed)."""
    child = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, index))
    return np.uint64(child.generate_state(1, np.uint64)[0])


class TransitionModel(mesa.Model):
    """Regional automotive supply chains through the EV transition, stepped quarterly.

    Parameters (keyword-only):
        scenario: a path to a scenario TOML file, or a loaded `Scenario`.
        rng / seed: a non-negative integer or a numpy Generator (one of them; default: the
            scenario's seed). Every random draw of the run derives from it.
        scale: the most real workers one worker agent stands for (1 = one agent per real
            worker). Firms, their workforces and every count stay in real workers at any
            scale; a coarser scale only groups workers of one firm (or one region's
            unemployed) who then share age, skills and wage. See docs/model.md, "Scale".
    """

    def __init__(
        self,
        *,
        scenario: str | Path | Scenario = "scenarios/tiny.toml",
        rng: Any = None,
        seed: int | None = None,
        scale: int = 1,
    ) -> None:
        spec = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        root, self.seed = _seed_sequence(seed, rng, spec.seed)
        super().__init__(rng=np.random.default_rng(root))
        if (
            isinstance(scale, bool)
            or not isinstance(scale, (int, np.integer))
            or not 1 <= scale <= MAX_SCALE
        ):
            raise ValueError(f"scale must be a whole number from 1 to {MAX_SCALE}, got {scale!r}")
        self.spec = spec
        self.scale = int(scale)
        self.streams = {
            name: np.random.default_rng(
                np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, i))
            )
            for i, name in enumerate(STREAMS)
        }
        # keys for keyed draws (sim.kernels.keyed), one per stream, from the same sequences
        self.keys = {name: _stream_key(root, i) for i, name in enumerate(STREAMS)}

        self.years, self.quarters, times = quarter_times(spec.time.start_year, spec.time.end_year)
        el = spec.electrification
        history = read_drivetrain_history(el.history_file, el.history_area)
        self.bev_share = bev_share_path(el, times, {y: v[0] for y, v in history.items()})
        self.phev_share, self.hev_share = hybrid_paths(el, times, self.bev_share, history)
        self.nonbev_ev = nonbev_ev_content(el, self.bev_share, self.phev_share, self.hev_share)
        regions = read_regions(spec.regions.file, spec.regions.include, spec.regions.job_scale)
        self.demand = vehicle_demand(spec.demand, times) * regions.demand_share
        self.n_quarters = len(times)
        self.quarter_index = 0
        self.pop: Population = build_population(
            spec,
            regions,
            float(self.bev_share[0]),
            self.scale,
            self.streams["population"],
            float(self.nonbev_ev[0]),
        )
        if len(self.pop.plants) == 0:
            raise ScenarioError(f"{spec.regions.file}: the selected regions have no OEM plant jobs")
        # issue 11A: OEM workforce lines by drivetrain, and labour productivity growth
        self.oem_lines = build_oem_lines(
            spec, self.pop, float(self.bev_share[0]), float(self.nonbev_ev[0]), self.n_quarters
        )
        self.productivity = Productivity(spec.productivity)
        self.links, self.tier_edge_start = build_links(
            self.pop,
            spec,
            float(self.bev_share[0]),
            self.streams["network"],
            float(self.nonbev_ev[0]),
        )
        self._network_cache: Any = None
        self._region_weight = region_weights(
            regions.distance_km(), regions.country_index, spec.network
        )

        n_r, n_e = len(regions), len(self.pop.establishments)
        self.history = np.zeros((self.n_quarters, n_r, len(REGION_COLUMNS)))
        self.flows: dict[str, float] = {}
        self._jobs = np.zeros((n_r, codes.N_SECTORS), dtype=np.int64)
        self._unemployed = np.zeros(n_r, dtype=np.int64)
        self._retraining = np.zeros(n_r, dtype=np.int64)
        self._va = np.zeros((n_r, codes.N_SECTORS))
        self._converted = np.zeros(len(self.pop.suppliers), dtype=np.int8)
        self._exited = np.zeros(len(self.pop.suppliers), dtype=np.int8)
        self._orders_sent = np.zeros(3)
        self._orders_received = np.zeros(3)
        self._orders_unlinked = np.zeros(3)
        self._orders_short = np.zeros(3)
        self._to_fire = np.zeros(n_e, dtype=np.int64)
        self._group_sector = np.array(codes.GROUP_SECTOR, dtype=np.int64)
        self._conversion_target = np.array(codes.CONVERSION_TARGET, dtype=np.int64)
        self._free_row_hint = 0
        self._split_cursor = np.zeros(1, dtype=np.int64)
        self.split_rows_short = 0  # workers not moved for lack of a free row (stays 0)
        if self.scale > 1:
            bands = 4 * int(spec.labour.retirement_age) // AGE_BAND_QUARTERS + 1
            self._open_employed = np.empty((n_e, bands, 2), dtype=np.int64)
            self._open_unemployed = np.empty((n_r, codes.N_SECTORS, bands, 2, 2), dtype=np.int64)
        self._aid_paid = np.zeros(len(self.pop.suppliers))
        self._retool_by_plant = np.zeros(len(self.pop.plants))
        self._benefit_wages = np.zeros(n_r)
        self._region_flows = np.zeros((n_r, 5), dtype=np.int64)
        self._enrolled = np.zeros(n_r, dtype=np.int64)
        self._moved = np.zeros(n_r, dtype=np.int64)
        self.levers = Levers(spec, self.pop)
        self._ramping: dict[int, tuple[int, float]] = {}  # new plant -> (quarter opened, capacity)
        # share of its contracted orders a supplier is offered (below 1 while a new plant ramps up)
        self._availability = np.ones(len(self.pop.suppliers))
        # what each supplier sells in a normal start year (planned plants: at full size)
        self._reference_orders = self.pop.suppliers.capacity * spec.suppliers.base_utilisation
        nb = regions.neighbours(spec.mobility.neighbour_km)
        self._nb_start = np.concatenate([[0], np.cumsum([len(x) for x in nb])]).astype(np.int64)
        self._nb_list = np.array([regions.code.index(c) for x in nb for c in x], dtype=np.int64)
        self._count_employment()
        n_p = len(self.pop.plants)
        self.start_supplier_jobs = self.pop.establishments.employed[n_p:].copy()
        self.datacollector = mesa.DataCollector(model_reporters=reporters.MODEL_REPORTERS)

    # ------------------------------------------------------------------ public views
    @property
    def regions(self):
        """The simulated regions (codes, names, countries, coordinates, start-year data)."""
        return self.pop.regions

    @property
    def network(self):
        """The supply network as a networkx DiGraph (supplier -> customer), as it is now."""
        if self._network_cache is None:
            self._network_cache = to_networkx(self.pop, self.links)
        return self._network_cache

    @property
    def current_year(self) -> int:
        return int(self.years[min(self.quarter_index, self.n_quarters - 1)])

    def region_table(self) -> dict[str, np.ndarray]:
        """Results so far as columns: year, quarter, region code, then REGION_COLUMNS."""
        done = self.quarter_index
        n_r = len(self.pop.regions)
        table: dict[str, np.ndarray] = {
            "year": np.repeat(self.years[:done], n_r).astype(np.int32),
            "quarter": np.repeat(self.quarters[:done], n_r).astype(np.int8),
            "region": np.tile(np.array(self.pop.regions.code, dtype=object), done),
        }
        for k, name in enumerate(REGION_COLUMNS):
            table[name] = self.history[:done, :, k].reshape(-1)
        return table

    # ------------------------------------------------------------------ one quarter
    def step(self) -> None:
        """Advance one quarter: demand, vehicles, orders, firms, labour, workers, accounts."""
        if not self.running:
            return
        q = self.quarter_index
        year, quarter = int(self.years[q]), int(self.quarters[q])
        self.flows = {}
        self.levers.start_quarter(year, quarter, self.pop.regions, self.pop.plants.region)
        if quarter == 1:
            self._open_new_plants(year)
        self._ramp_up_new_plants(q)
        self.productivity.apply(q, self.pop, self.oem_lines)  # issue 11A
        self._make_vehicles(q, year)
        self._pass_orders(q)
        self._run_firms(q, year)
        self._reserve_rows()
        self._labour_market(q)
        self._worker_lives()
        self._reskill(year)
        self._merge_small_agents()
        self._count_employment()
        self._account(q)
        self.quarter_index += 1
        self.datacollector.collect(self)
        if self.quarter_index >= self.n_quarters:
            self.running = False

    # ------------------------------------------------------------------ phases
    def _count_employment(self) -> None:
        """Employment per establishment and worker counts per region, in one pass."""
        w, e = self.pop.workers, self.pop.establishments
        tally_workers(
            w.status,
            w.employer,
            w.region,
            w.wage,
            w.quarters_unemployed,
            self.spec.labour.benefit_quarters,
            w.weight,
            e.region,
            e.sector,
            e.employed,
            e.wage_bill,
            self._jobs,
            self._unemployed,
            self._retraining,
            self._benefit_wages,
        )

    def _reserve_rows(self) -> None:
        """At a coarse scale, make sure a quarter's agent splits find free rows: at least two
        per establishment plus two per unemployed or retraining agent (grown by a quarter
        of the rows, or more, when short). Nothing to do at scale 1, where no agent splits."""
        if self.scale == 1:
            return
        w = self.pop.workers
        counts = np.bincount(w.status.astype(np.int64) + 1, minlength=codes.N_STATUS_CODES)
        free = counts[codes.EMPTY + 1] + counts[codes.LEFT_LABOUR_FORCE + 1]
        free += counts[codes.EMPLOYED_ELSEWHERE + 1]
        looking = counts[codes.UNEMPLOYED + 1] + counts[codes.RETRAINING + 1]
        need = 2 * len(self.pop.establishments) + 2 * looking
        if free < need:
            w.grow(max(need - free, len(w) // 4))

    def _merge_small_agents(self) -> None:
        """At a coarse scale, merge agents left small by splits (see sim.kernels.cohorts)."""
        if self.scale == 1:
            return
        merge_small_agents(
            self.pop.workers.arrays(),
            self.pop.establishments.agent_cap,
            self.scale,
            AGE_BAND_QUARTERS,
            self.spec.labour.ev_skill_threshold,
            self.spec.labour.benefit_quarters,
            self._open_employed,
            self._open_unemployed,
        )

    def _workforce_limit(self, employed: np.ndarray, labour_per_unit: np.ndarray) -> np.ndarray:
        """Units the current workforce (real workers) can make, with one worker of slack."""
        overtime = 1.0 + self.spec.suppliers.overtime
        return (employed + 1) / labour_per_unit * overtime

    def _open_new_plants(self, year: int) -> None:
        """Planned EV-component plants open in Q1 of their year; their links get the weight a
        tier-1 link of their product typically has per unit of supplier capacity, times the
        new plant's capacity (they had no orders before)."""
        s = self.pop.suppliers
        opening = np.flatnonzero((s.opens_year == year) & (s.alive == 0))
        if not len(opening):
            return
        s.alive[opening] = 1
        links = self.links
        for i in opening:
            mine = links.supplier == i
            peers = (s.group[links.supplier] == s.group[i]) & (s.tier[links.supplier] == 1)
            peers &= ~mine & (s.alive[links.supplier] == 1)
            per_unit = links.weight[peers] / np.maximum(s.capacity[links.supplier[peers]], 1e-9)
            typical = float(np.median(per_unit)) if peers.any() else 1.0
            links.weight[mine] = typical * s.capacity[i]
            self._ramping[int(i)] = (self.quarter_index, float(s.capacity[i]))
        self._network_cache = None

    def _ramp_up_new_plants(self, q: int) -> None:
        """A new plant's capacity and its share of its customers' orders rise in equal steps
        over RAMP_UP_QUARTERS to their planned size (assumption), so that customers do not
        send it orders its new workforce cannot make yet. Its losses while it ramps up do not
        count towards the loss streak that makes a supplier exit (assumption: start-up losses
        are planned and financed); running out of credit still closes it."""
        s = self.pop.suppliers
        for i, (opened, planned) in list(self._ramping.items()):
            share = min(1.0, (q - opened + 1) / RAMP_UP_QUARTERS)
            self._availability[i] = share
            s.loss_streak[i] = 0  # start-up losses are planned: they do not count towards exit
            if s.alive[i]:
                s.capacity[i] = (
                    max(s.capacity[i], planned * share) if share >= 1.0 else planned * share
                )
            if share >= 1.0 or not s.alive[i]:
                del self._ramping[i]

    def _make_vehicles(self, q: int, year: int) -> None:
        p, e, oem = self.pop.plants, self.pop.establishments, self.spec.oems
        n_p = len(p)
        limit = self._workforce_limit(e.employed[:n_p], p.labour_per_vehicle)
        want_bev, want_ice, procured = self.levers.plant_demand(
            year, self.demand[q], self.bev_share[q], p
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
        self.oem_lines.update(p, float(self.nonbev_ev[q]), q)  # issue 11A: workers per vehicle
        # plants plan retooling against the BEV demand expected when the project would finish
        ahead = min(q + oem.retool_lag_quarters, self.n_quarters - 1)
        share_ahead = np.clip(self.bev_share[ahead] + self.levers.plant_country_offset, 0, 1)
        spent = retool_plants(
            p.capacity,
            p.bev_capable_share,
            p.retool_pipeline,
            p.market_share * self.demand[ahead] * share_ahead,
            oem.base_utilisation,
            oem.retool_step,
            4.0 * oem.retool_cost_eur_per_vehicle,
            self._retool_by_plant,
        )
        self.levers.oem_aid(self._retool_by_plant, p.region)
        self.flows.update(
            vehicles_lost_bev=lost_bev,
            vehicles_lost_ice=lost_ice,
            oem_retooling_eur=spent,
            vehicles_procured=procured,
        )

    def _pass_orders(self, q: int) -> None:
        s, p, e = self.pop.suppliers, self.pop.plants, self.pop.establishments
        n_p = len(p)
        limit = self._workforce_limit(e.employed[n_p:], s.labour_per_unit)
        self.capacity_at_production = s.capacity.copy()  # capacity changes later in the quarter
        route_orders(
            n_p,
            p.production_ice,
            p.production_bev,
            float(self.nonbev_ev[q]),
            self.levers.eu_share,
            self._group_sector,
            s.group,
            s.tier,
            s.alive,
            s.capacity,
            self._availability,
            limit,
            self.links.supplier,
            self.links.customer,
            self.links.weight,
            self.tier_edge_start,
            s.orders,
            s.production,
            self._orders_sent,
            self._orders_received,
            self._orders_unlinked,
            self._orders_short,
        )

    def _run_firms(self, q: int, year: int) -> None:
        s, p, e = self.pop.suppliers, self.pop.plants, self.pop.establishments
        spec, econ = self.spec.suppliers, self.pop.economics
        n_p = len(p)
        supplier_accounts(
            s.production,
            s.price,
            s.group,
            econ.input_share,  # issue 11A: input share by product group
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
        n_p = len(p)
        rates, pools, factor = self.levers.supplier_terms(
            year, s, e.sector[n_p:], self.start_supplier_jobs
        )
        spent = convert_and_exit(
            s.group,
            s.tier,
            s.alive,
            s.orders,
            self._reference_orders,
            s.capacity,
            s.cash,
            s.loss_streak,
            s.price,
            s.labour_per_unit,
            s.fixed_cost_per_unit,
            s.quarters_to_convert,
            self._group_sector,
            self._conversion_target,
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
            self.levers.pools.remaining,
            self._aid_paid,
            self._converted,
            self._exited,
            self.keys["firms"],
            q,
        )
        self.levers.book_supplier_aid(q, self._aid_paid, s.region, e.employed[n_p:])
        changed = 0
        if self._converted.any() or self._exited.any():
            changed = rewire(
                self.links.supplier,
                self.links.customer,
                self._converted,
                self._exited,
                n_p,
                p.region,
                p.capacity,
                s.group,
                s.tier,
                s.alive,
                s.capacity,
                s.region,
                self._region_weight,
                self.keys["rewire"],
                q,
            )
            self._network_cache = None
            converted = self._converted.astype(bool)
            e.sector[n_p:][converted] = self._group_sector[s.group[converted]]
            e.wage_level[n_p:][converted] = (
                self.spec.labour.labour_share_of_value_added
                * s.price[converted]
                * (1 - econ.input_share[s.group[converted]])  # issue 11A: by product group
                / s.labour_per_unit[converted]
            )
        e.upskill[:n_p] = 0
        e.upskill[n_p:] = self._converted
        oem_va = p.production_ice * (econ.price_ice - econ.content_ice) + p.production_bev * (
            econ.price_bev - econ.content_bev
        )
        e.value_added[:n_p] = oem_va
        e.value_added[n_p:] = s.value_added
        self.flows.update(
            supplier_conversion_eur=spent,
            conversions=float(self._converted.sum()),
            exits=float(self._exited.sum()),
            links_rewired=float(changed),
        )

    def _labour_market(self, q: int) -> None:
        w, e, p, s = self.pop.workers, self.pop.establishments, self.pop.plants, self.pop.suppliers
        lab, n_p = self.spec.labour, len(self.pop.plants)
        # suppliers staff for their orders within capacity (so a new or growing firm can hire
        # ahead of output), plants for their output
        need_real = np.concatenate(
            [
                (p.production_ice + p.production_bev) * p.labour_per_vehicle,
                np.minimum(s.orders, s.capacity) * s.labour_per_unit * s.alive,
            ]
        )
        e.target[:] = np.floor(need_real + 0.5).astype(np.int64)
        keep = np.ceil(e.target * (1.0 + lab.layoff_band)).astype(np.int64)
        # aided suppliers keep the workforce their job-retention condition asks for
        keep[n_p:] = np.maximum(keep[n_p:], self.levers.retention_floor(q, len(s)))
        keep[n_p:][s.alive == 0] = 0
        np.maximum(e.employed - keep, 0, out=self._to_fire)
        wk = w.arrays()
        fired, kept = lay_off(
            wk, e.sector, self._to_fire, e.employed, self._split_cursor, self.streams["layoffs"]
        )
        self.split_rows_short += kept
        employed_now = e.employed - np.maximum(e.employed - keep, 0)
        self.levers.enforce_retention(q, s, employed_now[n_p:])
        vacancies = np.maximum(e.target - employed_now, 0)
        vacancies[n_p:][s.alive == 0] = 0
        open_before = int(vacancies.sum())
        hired = match(
            wk,
            e.region,
            e.sector,
            e.wage_level,
            e.agent_cap,
            vacancies,
            len(self.pop.regions),
            lab.ev_skill_threshold,
            lab.matching_efficiency,
            lab.matching_elasticity,
            lab.wage_dispersion,
            self._split_cursor,
            self.streams["matching"],
        )
        self._moved[:] = 0
        if self.spec.mobility.migration_rate > 0:
            open_by_region = np.bincount(e.region, weights=vacancies, minlength=len(self._moved))
            relocate(
                w.status,
                w.region,
                w.weight,
                self._nb_start,
                self._nb_list,
                open_by_region,
                self.spec.mobility.migration_rate,
                self.streams["mobility"],
                self._moved,
            )
        entrants, unfilled, self._free_row_hint = add_entrants(
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
            4 * lab.entrant_age_min,
            4 * lab.entrant_age_max,
            lab.wage_dispersion,
            w.weight,
            self._free_row_hint,
            self.streams["entrants"],
        )
        self.flows.update(
            layoffs=fired,
            hires=hired,
            entrants=entrants,
            vacancies_open=open_before,
            vacancies_unfilled_no_rows=unfilled,
            moved_region=float(self._moved.sum()),
            move_cost_eur=float(self._moved.sum() * self.spec.mobility.move_cost_eur),
        )

    def _reskill(self, year: int) -> None:
        """Fill this quarter's reskilling places (unemployed first, then preventive); courses
        start next quarter, so a course of n quarters keeps people out of the search n quarters."""
        w, e = self.pop.workers, self.pop.establishments
        places_real, preventive_real = self.levers.places(year)
        self._enrolled[:] = 0
        if not (places_real.any() or preventive_real.any()):
            return
        rng = self.streams["policy"]
        enrol_retraining(
            w.arrays(),
            e.sector,
            whole_places(places_real, rng),
            whole_places(preventive_real, rng),
            self.spec.reskilling.duration_quarters,
            self.spec.labour.ev_skill_threshold,
            self._split_cursor,
            self.streams["retraining"],
            self._enrolled,
        )
        self.levers.book_reskilling(self._enrolled)

    def _worker_lives(self) -> None:
        w, e, lab, rs = (
            self.pop.workers,
            self.pop.establishments,
            self.spec.labour,
            self.spec.reskilling,
        )
        flows = self._region_flows
        flows[:] = 0
        age_and_move(
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
            4 * lab.retirement_age,
            4 * lab.early_retirement_age,
            4 * lab.older_from_age,
            lab.outside_job_rate,
            lab.outside_job_rate_older,
            lab.early_retirement_rate,
            lab.ev_learning_per_quarter,
            lab.skill_loss_per_quarter,
            lab.ev_skill_threshold,
            rs.success_probability,
            rs.ev_skill_gain,
            w.weight,
            self.streams["workers"],
            flows,
        )
        total = flows.sum(axis=0)
        self.flows.update(
            retired=total[0],
            retired_early=total[1],
            moved_to_other_sectors=total[2],
            retrained=total[3],
            retraining_failed=total[4],
        )

    def _account(self, q: int) -> None:
        """Write quarter q's row of the regional table (needs _count_employment first)."""
        e, p, s = self.pop.establishments, self.pop.plants, self.pop.suppliers
        value_added_by_region(e.region, e.sector, e.value_added, self._va)
        row = self.history[q]
        row[:, 0] = self._jobs.sum(axis=1)
        row[:, 1:5] = self._jobs
        row[:, 5] = self._unemployed
        row[:, 6] = self._retraining
        row[:, 7] = self._va.sum(axis=1) / 1e6
        row[:, 8:12] = self._va / 1e6
        row[:, 12] = np.bincount(p.region, weights=p.production_ice, minlength=len(row))
        row[:, 13] = np.bincount(p.region, weights=p.production_bev, minlength=len(row))
        row[:, 14] = np.bincount(s.region, weights=s.alive, minlength=len(row))
        lv = self.levers
        lv.spend["benefits"] += self._benefit_wages * self.spec.labour.benefit_replacement_rate
        for line in SPEND_LINES:
            row[:, COL[f"spend_{line}"]] = lv.spend[line] / 1e6
        row[:, COL["fund_allocation"]] = lv.fund_allocation / 1e6
        row[:, COL["enrolled"]] = self._enrolled
        row[:, COL["retrained"]] = self._region_flows[:, 3]
        row[:, COL["firms_aided"]] = lv.firms_aided
        row[:, COL["clawbacks"]] = lv.clawbacks
        row[:, COL["moved_in"]] = self._moved
