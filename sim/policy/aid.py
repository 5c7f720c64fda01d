"""State aid for the move to EV products: budgets (pools), eligibility, OEM aid and clawback."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim import codes
from sim.data import RegionTable
from sim.policy.areas import regions_in
from sim.scenario.schema import AidSpec

SME_MAX_WORKERS = 250  # Commission Recommendation 2003/361/EC: an SME has fewer than 250


@dataclass
class AidPools:
    """Aid money by area. Pool ids: one per region, one per country, one EU pool (last)."""

    remaining: np.ndarray  # EUR left in each pool
    region_pool: np.ndarray  # pool id of each region
    country_pool: np.ndarray  # pool id of each region's country
    eu_pool: int
    granted: np.ndarray = field(default_factory=lambda: np.zeros(0))  # EUR granted per pool

    def pools_of(self, region: np.ndarray) -> np.ndarray:
        """(n, 3) pool ids for establishments in `region`: own region, country, EU (in order)."""
        return np.stack(
            [
                self.region_pool[region],
                self.country_pool[region],
                np.full(len(region), self.eu_pool),
            ],
            axis=1,
        ).astype(np.int64)

    def draw(self, pools: np.ndarray, amount: np.ndarray) -> np.ndarray:
        """Pay `amount[i]` from pools[i] in order while money lasts; returns what was paid."""
        paid = np.zeros(len(amount))
        for i in np.flatnonzero(amount > 0):
            left = amount[i]
            for pool in pools[i]:
                take = min(left, self.remaining[pool])
                self.remaining[pool] -= take
                paid[i] += take
                left -= take
                if left <= 0:
                    break
        return paid


def make_pools(spec: AidSpec, regions: RegionTable) -> AidPools:
    """Pools from `aid.budgets`; an area code is matched as a region first, then a country."""
    n_r = len(regions)
    countries = sorted(set(regions.country))
    region_pool = np.arange(n_r)
    country_pool = np.array([n_r + countries.index(c) for c in regions.country])
    eu_pool = n_r + len(countries)
    remaining = np.zeros(eu_pool + 1)
    for area, budget in spec.budgets.items():
        if area in ("EU", "ALL"):
            remaining[eu_pool] += budget
        elif area in regions.code:
            remaining[regions.code.index(area)] += budget
        else:
            idx = regions_in(area, regions, f"aid.budgets.{area}")
            remaining[country_pool[idx[0]]] += budget
    return AidPools(remaining, region_pool, country_pool, eu_pool, np.zeros(eu_pool + 1))


def supplier_rates(
    spec: AidSpec,
    rate: float,
    sector: np.ndarray,
    tier: np.ndarray,
    start_jobs: np.ndarray,
) -> np.ndarray:
    """Aid intensity each supplier can get: min(rate, cap) if eligible, else 0."""
    eligible = np.isin(tier, spec.tiers)
    if spec.ice_dependent_only:
        eligible &= sector == codes.SECTOR_ICE
    if spec.sme_only:
        eligible &= start_jobs < SME_MAX_WORKERS
    return np.where(eligible, min(rate, spec.intensity_cap), 0.0)


@dataclass
class Clawback:
    """Job-retention condition: remembers grants and takes aid back from firms that shed jobs."""

    quarter_granted: np.ndarray  # quarter index of the last grant, -1 = none
    workforce_at_grant: np.ndarray  # agents employed when aided
    aid_received: np.ndarray  # EUR of the last grant

    @classmethod
    def empty(cls, n: int) -> Clawback:
        return cls(np.full(n, -1), np.zeros(n, dtype=np.int64), np.zeros(n))

    def record(self, q: int, paid: np.ndarray, employed: np.ndarray) -> None:
        got = paid > 0
        if not got.any():
            return
        self.quarter_granted[got] = q
        self.workforce_at_grant[got] = employed[got]
        self.aid_received[got] = paid[got]

    def check(
        self, q: int, spec: AidSpec, employed: np.ndarray, alive: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Firms that broke the condition this quarter and the aid to recover from each."""
        if self.quarter_granted.max(initial=-1) < 0:  # no grant on record: nobody can break it
            return np.zeros(len(self.quarter_granted), dtype=bool), np.zeros(len(self.aid_received))
        active = (self.quarter_granted >= 0) & (q - self.quarter_granted <= spec.retention_quarters)
        floor = (1.0 - spec.max_layoff_share) * self.workforce_at_grant
        broke = active & alive.astype(bool) & (employed < np.ceil(floor))
        amount = np.where(broke, self.aid_received, 0.0)
        self.quarter_granted[broke] = -1
        return broke, amount
