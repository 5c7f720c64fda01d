"""Cars on EU roads and their spare-parts demand (aftermarket), per year (docs/model.md 7.3a).

The fleet is a stock of cars by age and drivetrain (BEV / non-BEV). Each year the registrations
of the year join it at age 0 and older cars leave it with a Weibull survival curve whose scale
is set so that the average age of a stationary fleet equals `fleet.mean_age_years` (ACEA).
A combustion car in use needs spare parts worth `fleet.parts_eur_per_car_year` a year, split
over the product groups in proportion to its new-car supplier content (assumption); a BEV needs
the same share of each group's content, times `fleet.bev_parts_factor`; a car made outside
the EU takes its spare parts from outside the EU (assumption), so only the EU-made share of the
fleet orders from EU suppliers. Per-year aggregates: numpy, no kernel.

The aftermarket enters the orders that plants pass to their tier-1 suppliers (sim.kernels.supply
.route_orders): each plant passes on its market share of the simulated regions' aftermarket.
To keep the start year calibrated (start-year jobs = the data), one order unit of sector s
stands for (OE_s + AM_s) / OE_s sets in the start year: orders are scaled by
k_s = OE_s / (OE_s + AM_s), computed once, so the start year's orders equal the new-car ones
and later orders move with new-car output plus the fleet's needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim import codes
from sim.market import MarketPath
from sim.scenario.schema import DemandSpec, FleetSpec, Scenario

#: Oldest age class of the fleet (years); cars older than this are scrapped (assumption: the
#: Weibull survival at this age is negligible for every allowed mean age and shape).
MAX_AGE = 80


def weibull_scale(mean_age: float, shape: float) -> float:
    """Scale (years) of a Weibull survival curve whose stationary fleet has this mean age:
    mean age = scale x Gamma(1 + 2/k) / (2 Gamma(1 + 1/k))."""
    return 2.0 * mean_age * math.gamma(1.0 + 1.0 / shape) / math.gamma(1.0 + 2.0 / shape)


def survival(spec: FleetSpec) -> np.ndarray:
    """Chance that a car is still on the road at the middle of each age class 0..MAX_AGE."""
    lam = weibull_scale(spec.mean_age_years, spec.survival_shape)
    ages = np.arange(MAX_AGE + 1) + 0.5
    return np.exp(-((ages / lam) ** spec.survival_shape))


@dataclass
class FleetPath:
    """Cars on the road per year of the run, by drivetrain."""

    years: np.ndarray
    bev: np.ndarray
    nonbev: np.ndarray


def fleet_path(
    spec: FleetSpec,
    years: np.ndarray,
    registrations: np.ndarray,
    bev_registrations: np.ndarray,
    bev_history: dict[int, float],
    observed_stock: dict[int, float],
) -> FleetPath:
    """Stock by drivetrain in each year of the run.

    The start-year stock is the observed fleet of the latest year up to the start (else
    `spec.stock`), spread over ages like a stationary fleet; a vintage's BEV share is the
    observed BEV share of its registration year (0 before the first observed year:
    assumption, BEVs were under 2% of new cars before 2019, facts.md 3.4). In a later year with
    an observed fleet, the stock is scaled to it, keeping its mix and age profile.
    """
    s = survival(spec)
    start = int(years[0])
    before = [y for y in observed_stock if y <= start]
    total = observed_stock[max(before)] if before else spec.stock
    stock = total * s / s.sum()
    vintage_bev = np.array([bev_history.get(start - a, 0.0) for a in range(MAX_AGE + 1)])
    bev = stock * vintage_bev
    non = stock - bev
    step = np.ones(MAX_AGE + 1)
    step[1:] = s[1:] / s[:-1]  # survival from one age class to the next
    out_bev, out_non = np.empty(len(years)), np.empty(len(years))
    for i in range(len(years)):
        if i > 0:
            bev[1:] = bev[:-1] * step[1:]
            non[1:] = non[:-1] * step[1:]
            new = registrations[i] * s[0]
            bev[0] = new * bev_registrations[i]
            non[0] = new * (1.0 - bev_registrations[i])
            observed = observed_stock.get(int(years[i]))
            if observed:  # back on the observed fleet (used imports, longer lives: not modelled)
                factor = observed / (bev.sum() + non.sum())
                bev *= factor
                non *= factor
        out_bev[i], out_non[i] = bev.sum(), non.sum()
    return FleetPath(years=years, bev=out_bev, nonbev=out_non)


class Aftermarket:
    """Aftermarket part sets per quarter for the simulated regions, and the order scaling."""

    def __init__(
        self,
        fleet: FleetSpec,
        demand: DemandSpec,
        path: FleetPath,
        years_q: np.ndarray,
        demand_share: float,
        content_ice: float,
        start_production: float,
        start_bev_share: float,
        start_nonbev_ev: float,
    ) -> None:
        self.enabled = fleet.enabled and fleet.parts_eur_per_car_year > 0
        index = years_q - int(path.years[0])
        # part sets per car and year: the spend of a combustion car over its supplier content
        # (the fleet the spend was measured on is 98% non-BEV); a BEV needs the same share of
        # each of its groups' sets, times bev_parts_factor (assumption), so drivetrain-agnostic
        # parts do not change with the fleet's mix
        per_car_ice = fleet.parts_eur_per_car_year / content_ice
        per_car_bev = per_car_ice * fleet.bev_parts_factor
        eu_made_non = 1.0 - demand.import_share_nonbev
        eu_made_bev = 1.0 - demand.import_share_bev
        #: part sets per quarter ordered for the simulated regions' share of the EU fleet
        self.ice = path.nonbev[index] * eu_made_non * per_car_ice / 4.0 * demand_share
        self.bev = path.bev[index] * eu_made_bev * per_car_bev / 4.0 * demand_share
        if not self.enabled:
            self.ice[:] = 0.0
            self.bev[:] = 0.0
        # start-year new-car (OE) and aftermarket (AM) need per sector, in part sets
        p0, b0, h0 = start_production, start_bev_share, start_nonbev_ev
        oe = np.zeros(codes.N_SECTORS)
        am = np.zeros(codes.N_SECTORS)
        oe[codes.SECTOR_ICE] = p0 * (1.0 - b0)
        am[codes.SECTOR_ICE] = self.ice[0]
        oe[codes.SECTOR_EV] = p0 * b0 + h0 * p0 * (1.0 - b0)
        am[codes.SECTOR_EV] = self.bev[0] + h0 * self.ice[0]
        oe[codes.SECTOR_AGNOSTIC] = p0
        am[codes.SECTOR_AGNOSTIC] = self.ice[0] + self.bev[0]
        total = oe + am
        #: k_s: start-year orders of sector s equal its new-car orders (see module docstring)
        self.sector_scale = np.divide(oe, total, out=np.ones(codes.N_SECTORS), where=total > 0)
        self.sector_scale[0] = 1.0
        #: aftermarket share of each sector's start-year orders (reported in docs and tests)
        self.start_share = np.divide(am, total, out=np.zeros(codes.N_SECTORS), where=total > 0)

    def orders(
        self,
        q: int,
        production_ice: np.ndarray,
        production_bev: np.ndarray,
        market_share: np.ndarray,
        eu_share: np.ndarray,
        group_sector: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What plants pass on per drivetrain (new cars + their share of the aftermarket) and
        the per-group factor (EU share x sector scale) for sim.kernels.supply.route_orders."""
        if not self.enabled:
            return production_ice, production_bev, eu_share
        ice = production_ice + market_share * self.ice[q]
        bev = production_bev + market_share * self.bev[q]
        return ice, bev, eu_share * self.sector_scale[group_sector]


def build_aftermarket(
    spec: Scenario,
    path: MarketPath,
    years_q: np.ndarray,
    demand_share: float,
    content_ice: float,
    start_units_q: float,
    start_bev_share: float,
    start_nonbev_ev: float,
    bev_history: dict[int, float],
) -> Aftermarket:
    """The run's aftermarket from its market path (registrations by year) and the scenario."""
    fleet = fleet_path(
        spec.fleet,
        path.years,
        path.registrations,
        path.bev_share_registrations,
        bev_history,
        path.fleet_observed,
    )
    return Aftermarket(
        spec.fleet,
        spec.demand,
        fleet,
        years_q,
        demand_share,
        content_ice,
        start_units_q,
        start_bev_share,
        start_nonbev_ev,
    )
