"""The policy levers of a run, resolved once and applied quarter by quarter.

`Levers` turns the scenario's lever sections into arrays the kernels take (per-plant demand,
per-supplier aid rates and conversion chances, reskilling places per region, aid pools) and
books the public spending per region. Every lever is off unless its section says otherwise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.codes import QUARTERS_PER_YEAR
from sim.initialise.population import Population
from sim.policy import aid, procurement, reskilling
from sim.policy.fund import allocation_weights
from sim.policy.localisation import eu_share_by_group
from sim.scenario.schema import ProcurementProgramme, Scenario

#: Per-region spending lines (EUR per quarter), in the order of the results columns.
SPEND_LINES = ("aid", "procurement", "reskilling", "benefits")


class Levers:
    """Lever state of one run; `spend[line]` and the counters are reset every quarter."""

    def __init__(self, spec: Scenario, pop: Population) -> None:
        self.spec = spec
        regions, plants, sup = pop.regions, pop.plants, pop.suppliers
        n_r = len(regions)
        self.n_regions = n_r
        self.eu_share = eu_share_by_group(spec.localisation)
        self.plant_country_offset = np.array(
            [
                spec.electrification.country_offsets.get(regions.country[r], 0.0)
                for r in plants.region
            ]
        )
        self.programmes = procurement.resolve(
            spec.procurement.programmes, regions, plants.region, pop.economics.price_bev
        )
        self.pools = aid.make_pools(spec.aid, regions)
        self._supplier_pools: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._bev_price = pop.economics.price_bev
        self.clawback = aid.Clawback.empty(len(sup))
        self.base_places = reskilling.base_places(spec.reskilling, regions)
        fund = spec.fund
        self.fund_weights = (
            allocation_weights(fund, regions, Path(spec.regions.file).parent)
            if fund.budget_eur_per_year > 0
            else np.zeros(n_r)
        )
        self.fund_places = np.zeros(n_r)  # real places per quarter paid by the fund this year
        self.fund_programmes: list[procurement.Programme] = []
        self.spend = {line: np.zeros(n_r) for line in SPEND_LINES}
        self.fund_allocation = np.zeros(n_r)
        self.firms_aided = np.zeros(n_r)
        self.clawbacks = np.zeros(n_r)

    # ------------------------------------------------------------------ quarter start
    def start_quarter(self, year: int, quarter: int, regions, plant_region) -> None:
        """Reset the quarter's books; in Q1 of a fund year, share the fund among regions."""
        for line in SPEND_LINES:
            self.spend[line][:] = 0.0
        self.firms_aided[:] = 0.0
        self.clawbacks[:] = 0.0
        self.fund_allocation[:] = 0.0
        fund = self.spec.fund
        active = fund.budget_eur_per_year > 0 and fund.start_year <= year <= fund.end_year
        if quarter == 1:
            self.fund_places[:] = 0.0
            self.fund_programmes = []
            if active:
                self._allocate_fund(year, regions, plant_region)
        if active:
            self.fund_allocation += fund.budget_eur_per_year / QUARTERS_PER_YEAR * self.fund_weights

    def _allocate_fund(self, year: int, regions, plant_region) -> None:
        fund = self.spec.fund
        alloc = fund.budget_eur_per_year * self.fund_weights
        self.pools.remaining[self.pools.region_pool] += alloc * fund.aid_share
        cost = self.spec.reskilling.cost_per_participant_eur
        if cost > 0:
            self.fund_places = alloc * fund.reskilling_share / cost / QUARTERS_PER_YEAR
        programmes = [
            ProcurementProgramme(
                area=regions.code[r],
                budget_eur_per_year=float(alloc[r] * fund.procurement_share),
                start_year=year,
                end_year=year,
                clean_share=1.0,
                local_content_share=fund.procurement_local_content,
            )
            for r in np.flatnonzero(alloc * fund.procurement_share > 0)
        ]
        self.fund_programmes = procurement.resolve(
            programmes, regions, plant_region, self._bev_price, key="fund"
        )

    # ------------------------------------------------------------------ vehicles
    def plant_demand(
        self, year: int, demand: float, bev_share: float, plants
    ) -> tuple[np.ndarray, np.ndarray, float]:
        """Per-plant BEV and non-BEV demand: market share x demand with the home country's BEV
        offset, plus public procurement. Returns (want_bev, want_ice, procured vehicles)."""
        share = np.clip(bev_share + self.plant_country_offset, 0.0, 1.0)
        want_bev = plants.market_share * demand * share
        want_ice = plants.market_share * demand * (1.0 - share)
        bought = procurement.add_demand(
            self.programmes + self.fund_programmes,
            year,
            plants.market_share,
            plants.capacity,
            want_bev,
            want_ice,
            self.spend["procurement"],
        )
        return want_bev, want_ice, bought

    def oem_aid(self, spent_by_plant: np.ndarray, plant_region: np.ndarray) -> None:
        """Aid on OEM retooling (public cost only; plants retool either way)."""
        a = self.spec.aid
        rate = min(self.aid_rate, a.intensity_cap)
        if not a.include_oems or rate <= 0 or not spent_by_plant.any():
            return
        paid = self.pools.draw(self.pools.pools_of(plant_region), rate * spent_by_plant)
        np.add.at(self.spend["aid"], plant_region, paid)

    # ------------------------------------------------------------------ suppliers
    @property
    def aid_rate(self) -> float:
        """Subsidy rate: the aid lever's, or the fund's default when only the fund pays aid."""
        rate = self.spec.aid.subsidy_rate
        if rate == 0 and self.spec.fund.budget_eur_per_year > 0 and self.spec.fund.aid_share > 0:
            rate = self.spec.fund.aid_rate
        return rate

    def supplier_terms(self, year: int, sup, sector: np.ndarray, start_jobs: np.ndarray):
        """(aid rate per supplier, pool ids per supplier, conversion-chance factor)."""
        if self.pools.remaining.any():
            rates = aid.supplier_rates(self.spec.aid, self.aid_rate, sector, sup.tier, start_jobs)
        else:  # no aid money left anywhere: no supplier gets aid
            rates = np.zeros(len(sector))
        factor = procurement.innovation_factor(
            self.programmes, year, sup.region, self.spec.procurement.innovation_boost
        )
        # suppliers keep their region: their pool ids are looked up once (and again only if
        # the region array is another one or changed)
        cached = self._supplier_pools
        if (
            cached is None
            or cached[0] is not sup.region
            or not np.array_equal(cached[1], sup.region)
        ):
            cached = (sup.region, sup.region.copy(), self.pools.pools_of(sup.region))
            self._supplier_pools = cached
        return rates, cached[2], factor

    def book_supplier_aid(self, q: int, paid: np.ndarray, sup_region: np.ndarray, employed) -> None:
        got = paid > 0
        np.add.at(self.spend["aid"], sup_region[got], paid[got])
        np.add.at(self.firms_aided, sup_region[got], 1.0)
        self.clawback.record(q, paid, employed)

    def retention_floor(self, q: int, n_suppliers: int) -> np.ndarray:
        """Agents each aided supplier must keep while its job-retention condition runs."""
        c = self.clawback
        if c.quarter_granted.max(initial=-1) < 0:  # no grant on record: no floor
            return np.zeros(min(len(c.quarter_granted), n_suppliers), dtype=np.int64)
        active = (c.quarter_granted >= 0) & (
            q - c.quarter_granted <= self.spec.aid.retention_quarters
        )
        floor = np.ceil((1.0 - self.spec.aid.max_layoff_share) * c.workforce_at_grant)
        return np.where(active, floor, 0).astype(np.int64)[:n_suppliers]

    def enforce_retention(self, q: int, sup, employed: np.ndarray) -> None:
        """Claw back aid from suppliers that broke the job-retention condition."""
        broke, amount = self.clawback.check(q, self.spec.aid, employed, sup.alive)
        if not broke.any():
            return
        # a firm repays what it can without going past its credit line; the rest is lost
        floor = -self.spec.suppliers.credit_line_quarters * sup.capacity * sup.price
        amount = np.minimum(amount, np.maximum(sup.cash - floor, 0.0))
        sup.cash[broke] -= amount[broke]
        np.add.at(self.spend["aid"], sup.region[broke], -amount[broke])
        np.add.at(self.clawbacks, sup.region[broke], 1.0)
        # recovered money returns to the firm's own region pool
        np.add.at(self.pools.remaining, self.pools.region_pool[sup.region[broke]], amount[broke])

    # ------------------------------------------------------------------ workers
    def places(self, year: int) -> tuple[np.ndarray, np.ndarray]:
        """Real reskilling places this quarter per region: (for the unemployed, preventive)."""
        rs = self.spec.reskilling
        active = rs.start_year <= year <= rs.end_year
        total = (self.base_places if active else 0.0) + self.fund_places
        preventive = total * self.spec.reskilling.preventive_share
        return total - preventive, preventive

    def book_reskilling(self, enrolled_real: np.ndarray) -> None:
        self.spend["reskilling"] += enrolled_real * self.spec.reskilling.cost_per_participant_eur
