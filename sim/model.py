"""TransitionModel: the mesa.Model that steps the regional automotive economy one quarter at a time.

The model builds the state (sim.initialise) and holds it; `step` runs the phases of a quarter,
written once, in order, in `sim.schedule.SCHEDULE`. Each phase is one or a few kernel calls on
the struct-of-arrays state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mesa
import numpy as np

from sim.codes import QUARTERS_PER_YEAR
from sim.data import read_drivetrain_history, read_regions
from sim.demand import (
    bev_share_path,
    hybrid_paths,
    nonbev_ev_content,
    quarter_times,
)
from sim.errors import ScenarioError
from sim.fleet import build_aftermarket  # issue 11: aftermarket
from sim.initialise.network import build_links, region_weights, to_networkx
from sim.initialise.oem_labour import build_oem_lines
from sim.initialise.population import Population, build_population
from sim.market import apply_market, plant_factors  # issue 11: history, exports, imports
from sim.outputs import reporters
from sim.outputs.columns import REGION_COLUMNS
from sim.policy.levers import Levers
from sim.productivity import Productivity
from sim.rng import make_streams, root_sequence
from sim.scale import AGE_BAND_QUARTERS, MAX_SCALE
from sim.scenario import Scenario, load_scenario
from sim.schedule import SCHEDULE, Phase, Quarter, count_employment
from sim.state import Scratch


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

    #: Debug check: recount the workers every quarter and compare with the tally `worker_lives`
    #: made in the same pass as the workers' lives (sim.schedule.count_employment).
    check_tally: bool = False

    def __init__(
        self,
        *,
        scenario: str | Path | Scenario = "scenarios/tiny.toml",
        rng: Any = None,
        seed: int | None = None,
        scale: int = 1,
    ) -> None:
        spec = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        root, self.seed = root_sequence(seed, rng, spec.seed)
        super().__init__(rng=np.random.default_rng(root))
        if (
            isinstance(scale, bool)
            or not isinstance(scale, (int, np.integer))
            or not 1 <= scale <= MAX_SCALE
        ):
            raise ValueError(f"scale must be a whole number from 1 to {MAX_SCALE}, got {scale!r}")
        self.spec = spec
        self.scale = int(scale)
        #: One Generator per kind of random decision, and a key per stream for keyed draws.
        self.streams, self.keys = make_streams(root)
        #: The phases `step` runs, in order (sim.schedule.SCHEDULE).
        self.phases: tuple[Phase, ...] = SCHEDULE

        self.years, self.quarters, times = quarter_times(spec.time.start_year, spec.time.end_year)
        el = spec.electrification
        history = (
            read_drivetrain_history(el.history_file, el.history_area) if el.history_file else {}
        )
        self.bev_share = bev_share_path(el, times, {y: v[0] for y, v in history.items()})
        self.phev_share, self.hev_share = hybrid_paths(el, times, self.bev_share, history)
        self.nonbev_ev = nonbev_ev_content(el, self.bev_share, self.phev_share, self.hev_share)
        regions = read_regions(spec.regions.file, spec.regions.include, spec.regions.job_scale)
        # issue 11 (sim/market.py): production follows observed history and the EU market with
        # exports and imports; bev_share from here on is the BEV share of EU production
        self.registration_bev_share = self.bev_share
        spec, self.market, self.bev_share, self.phev_share, self.hev_share = apply_market(
            spec, self.years, self.bev_share, self.phev_share, self.hev_share
        )
        self.spec = spec
        self.demand = self.market.quarterly_production * regions.demand_share
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
        # issue 11: OEM workforce lines by drivetrain (sim.initialise.oem_labour), and labour
        # productivity growth (sim.productivity; phase `grow_productivity`)
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
            self.streams["planned_links"],
        )
        # issue 11: per-plant factor of countries with their own production series; aftermarket
        plant_country = [regions.country[r] for r in self.pop.plants.region]
        self.plant_factor = plant_factors(self.market, plant_country, self.n_quarters)
        self.aftermarket = build_aftermarket(
            spec,
            self.market,
            self.years,
            regions.demand_share,
            self.pop.economics.content_ice,
            float(self.demand[0]),
            float(self.bev_share[0]),
            float(self.nonbev_ev[0]),
            {y: v[0] for y, v in history.items()},
        )
        self._network_cache: Any = None
        self.region_weight = region_weights(
            regions.distance_km(), regions.country_index, spec.network
        )

        n_r, n_p = len(regions), len(self.pop.plants)
        self.history = np.zeros((self.n_quarters, n_r, len(REGION_COLUMNS)))
        self.flows: dict[str, float] = {}
        bands = None
        if self.scale > 1:
            bands = QUARTERS_PER_YEAR * int(spec.labour.retirement_age) // AGE_BAND_QUARTERS + 1
        self.scratch = Scratch.allocate(
            n_r, len(self.pop.establishments), n_p, len(self.pop.suppliers), bands
        )
        self.split_rows_short = 0  # workers not moved for lack of a free row (stays 0)
        self.levers = Levers(spec, self.pop)
        self.ramping: dict[int, tuple[int, float]] = {}  # new plant -> (quarter opened, capacity)
        # share of its contracted orders a supplier is offered (below 1 while a new plant ramps up)
        self.availability = np.ones(len(self.pop.suppliers))
        # what each supplier sells in a normal start year (planned plants: at full size)
        self.reference_orders = self.pop.suppliers.capacity * spec.suppliers.base_utilisation
        nb = regions.neighbour_indices(spec.mobility.neighbour_km)
        # neighbouring regions within reach for mobility, as a CSR list (start offsets, ids)
        self.neighbour_start = np.concatenate([[0], np.cumsum([len(x) for x in nb])]).astype(
            np.int64
        )
        self.neighbour_list = np.concatenate(nb).astype(np.int64)
        count_employment(self)
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

    def network_changed(self) -> None:
        """Forget the cached networkx view (a phase changed the supply links)."""
        self._network_cache = None

    # ------------------------------------------------------------------ one quarter
    def step(self) -> None:
        """Advance one quarter: run every phase of `self.phases` (sim.schedule) in order."""
        if not self.running:
            return
        q = self.quarter_index
        t = Quarter(q, int(self.years[q]), int(self.quarters[q]))
        for phase in self.phases:
            phase.run(self, t)
        self.quarter_index += 1
        self.datacollector.collect(self)
        if self.quarter_index >= self.n_quarters:
            self.running = False
