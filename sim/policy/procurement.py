"""Public procurement of clean vehicles: extra demand, local content and innovation procurement."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.codes import QUARTERS_PER_YEAR
from sim.data import RegionTable
from sim.policy.areas import regions_in, share_by_jobs
from sim.scenario.schema import ProcurementProgramme


@dataclass
class Programme:
    """One programme resolved to regions: who buys (for spending) and which plants are local."""

    spec: ProcurementProgramme
    regions: np.ndarray  # region indices of the buying area
    spend_weights: np.ndarray  # share of the spending booked in each of those regions
    local_plants: np.ndarray  # plant indices in the area
    price: float  # EUR per vehicle equivalent


def resolve(
    programmes: list[ProcurementProgramme],
    regions: RegionTable,
    plant_region: np.ndarray,
    bev_price: float,
    key: str = "procurement.programmes",
) -> list[Programme]:
    """Programmes with their areas resolved (ScenarioError for an unknown area)."""
    out = []
    for i, prog in enumerate(programmes):
        idx = regions_in(prog.area, regions, f"{key}[{i}].area")
        out.append(
            Programme(
                spec=prog,
                regions=idx,
                spend_weights=share_by_jobs(idx, regions),
                local_plants=np.flatnonzero(np.isin(plant_region, idx)),
                price=prog.vehicle_price_eur or bev_price,
            )
        )
    return out


def add_demand(
    programmes: list[Programme],
    year: int,
    market_share: np.ndarray,
    plant_capacity: np.ndarray,
    want_bev: np.ndarray,
    want_ice: np.ndarray,
    spend: np.ndarray,
) -> float:
    """Add this quarter's procured vehicles to the plants' demand and book the spending.

    Vehicles bought = budget / 4 / price, of which `clean_share` are BEVs. The local-content
    share goes to the area's plants in proportion to their capacity (to the EU market when the
    area has no plant); the rest joins the EU market, shared by market share. Spending (EUR) is
    booked on the buying regions in proportion to their automotive jobs. Returns the vehicles.
    """
    total = 0.0
    for prog in programmes:
        s = prog.spec
        if not s.start_year <= year <= s.end_year or s.budget_eur_per_year <= 0:
            continue
        vehicles = s.budget_eur_per_year / QUARTERS_PER_YEAR / prog.price
        total += vehicles
        local = vehicles * s.local_content_share if len(prog.local_plants) else 0.0
        market = vehicles - local
        for want, share in ((want_bev, s.clean_share), (want_ice, 1.0 - s.clean_share)):
            want += market * share * market_share
            if local > 0:
                cap = plant_capacity[prog.local_plants]
                want[prog.local_plants] += local * share * cap / cap.sum()
        spend[prog.regions] += s.budget_eur_per_year / QUARTERS_PER_YEAR * prog.spend_weights
    return total


def innovation_factor(
    programmes: list[Programme], year: int, supplier_region: np.ndarray, boost: float
) -> np.ndarray:
    """Per supplier: 1 + boost where an active innovation programme buys in its region."""
    factor = np.ones(len(supplier_region))
    for prog in programmes:
        s = prog.spec
        if s.innovation and s.start_year <= year <= s.end_year and s.budget_eur_per_year > 0:
            factor[np.isin(supplier_region, prog.regions)] = 1.0 + boost
    return factor
