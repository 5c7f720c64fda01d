"""EU car production from the EU market, trade and observed history (docs/model.md 7.1a).

Per drivetrain, EU production = EU registrations x (1 - import share) + exports. With exports
a fixed share e of production and the registrations' BEV share b:

    production P = R x D(b) / (1 - e),   D(b) = b (1 - m_bev) + (1 - b) (1 - m_nonbev)
    BEV share of production s = (1 - e) b (1 - m_bev) / D(b) + e min(1, r b)

where m are the import shares and r the exports' BEV share relative to the EU's. Observed
production is followed where the history has it; a year without an observed figure moves
from the nearest observed year with the identity (R x D(b)). Plants of a country with its own
production series get that country's observed production relative to the EU's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.history import MarketHistory, read_market_history
from sim.scenario.schema import DemandSpec, Scenario


@dataclass
class MarketPath:
    """The market of a run, by quarter (q) or by year (index y - start_year)."""

    years: np.ndarray  # calendar years of the run
    production: np.ndarray  # EU car production per year (vehicles)
    registrations: np.ndarray  # EU new-car registrations per year (vehicles)
    bev_share_registrations: np.ndarray  # per year
    production_bev_share: np.ndarray  # per quarter: BEV share of EU production
    quarterly_production: np.ndarray  # per quarter: EU production / 4
    observed_production: np.ndarray  # per year: 1 where production is an observed figure
    country_factor: dict[str, np.ndarray]  # country -> per-quarter demand factor
    fleet_observed: dict[int, float]  # observed cars on the road by year (EU)

    @property
    def start_units(self) -> float:
        """Production in the start year (vehicles/year): the units the start year is
        calibrated on (sim.initialise.population.derive_economics)."""
        return float(self.production[0])


def domestic_content(spec: DemandSpec, bev: np.ndarray | float) -> np.ndarray:
    """D(b): share of EU registrations made in the EU, for a BEV share b."""
    b = np.asarray(bev, dtype=float)
    return b * (1.0 - spec.import_share_bev) + (1.0 - b) * (1.0 - spec.import_share_nonbev)


def production_bev_share(spec: DemandSpec, bev: np.ndarray) -> np.ndarray:
    """BEV share of EU production for a BEV share b of EU registrations."""
    b = np.asarray(bev, dtype=float)
    d = domestic_content(spec, b)
    home = np.divide(b * (1.0 - spec.import_share_bev), d, out=np.zeros_like(b), where=d > 1e-12)
    exported = np.minimum(1.0, spec.export_bev_ratio * b)
    return np.clip((1.0 - spec.export_share) * home + spec.export_share * exported, 0.0, 1.0)


def _nearest(observed: dict[int, float], year: int) -> int:
    """The observed year used as the anchor of `year`: the latest one before it, else the
    earliest one after it."""
    before = [y for y in observed if y <= year]
    return max(before) if before else min(observed)


def _registrations(spec: DemandSpec, years: np.ndarray, observed: dict[int, float]) -> np.ndarray:
    """EU registrations per year: observed, else from the last observed level (or the
    scenario's market size) at growth_per_year. Without any observation: relative (start = 1)."""
    g = spec.growth_per_year
    out = np.empty(len(years))
    last = max(observed) if observed else None
    for i, y in enumerate(years):
        y = int(y)
        if y in observed:
            out[i] = observed[y]
        elif last is not None and y > last:
            level = spec.registrations_per_year or observed[last]
            out[i] = level * (1.0 + g) ** (y - last)
        elif observed:  # before the first observation: back from it
            first = min(observed)
            out[i] = observed[first] * (1.0 + g) ** (y - first)
        else:
            out[i] = (1.0 + g) ** (y - int(years[0]))
    return out


def market_path(
    spec: DemandSpec,
    years_q: np.ndarray,
    bev_registrations_q: np.ndarray,
    history: MarketHistory | None = None,
) -> MarketPath:
    """The run's market: production and its BEV share per quarter, registrations per year.

    years_q: calendar year of each quarter; bev_registrations_q: BEV share of EU registrations
    per quarter (the electrification path with its observed years).
    """
    if history is None:
        history = read_market_history(spec.history_file) if spec.history_file else MarketHistory()
    years = np.unique(years_q)
    bev_year = np.array([bev_registrations_q[years_q == y].mean() for y in years])
    area = spec.history_area
    reg_obs = history.registrations.get(area, {})
    prod_obs = history.production.get(area, {})
    rel = _registrations(spec, years, reg_obs)
    z = rel * domestic_content(spec, bev_year)  # proportional to production (identity)
    # the identity for years outside the run, where an observed anchor lies there
    span = sorted(set(int(y) for y in years) | set(prod_obs))
    z_all = dict(
        zip(
            span,
            _registrations(spec, np.array(span), reg_obs)
            * domestic_content(spec, _bev_for(span, years, bev_year)),
            strict=True,
        )
    )
    production = np.empty(len(years))
    observed = np.zeros(len(years))
    for i, y in enumerate(years):
        y = int(y)
        if y in prod_obs:
            production[i] = prod_obs[y]
            observed[i] = 1.0
        elif prod_obs:
            a = _nearest(prod_obs, y)
            production[i] = prod_obs[a] * z_all[y] / z_all[a]
        else:
            production[i] = spec.base_units_per_year * z[i] / z[0]
    if reg_obs:  # observed, then the market path from the last observed level
        registrations = rel
    else:  # no observed market: the identity's registrations of the production path
        registrations = (
            production
            * (1.0 - spec.export_share)
            / np.maximum(domestic_content(spec, bev_year), 1e-9)
        )
    index = years_q - years[0]
    factors = _country_factors(spec, history, years, production) if spec.country_history else {}
    return MarketPath(
        years=years,
        production=production,
        registrations=registrations,
        bev_share_registrations=bev_year,
        production_bev_share=production_bev_share(spec, bev_registrations_q),
        quarterly_production=production[index] / 4.0,
        observed_production=observed,
        country_factor={c: f[index] for c, f in factors.items()},
        fleet_observed=dict(history.fleet.get(area, {})),
    )


def _bev_for(span: list[int], years: np.ndarray, bev_year: np.ndarray) -> np.ndarray:
    """BEV share for years of `span`: the run's where it covers them, else the nearest year's
    (an anchor outside the run sits next to it)."""
    out = np.empty(len(span))
    for i, y in enumerate(span):
        j = int(np.clip(y - int(years[0]), 0, len(years) - 1))
        out[i] = bev_year[j]
    return out


def _country_factors(
    spec: DemandSpec, history: MarketHistory, years: np.ndarray, eu_production: np.ndarray
) -> dict[str, np.ndarray]:
    """Per country with its own series: (country production / its start-year production) /
    (EU production / EU start-year production), per year; held at the last observed year's
    value after it, 1 before the first. Countries whose series misses the start year
    (and every year before it) keep 1."""
    out: dict[str, np.ndarray] = {}
    start = int(years[0])
    for country, series in history.production.items():
        if country == spec.history_area or not series:
            continue
        base_year = max((y for y in series if y <= start), default=None)
        if base_year is None:
            continue
        factor = np.ones(len(years))
        last = max(series)
        for i, y in enumerate(years):
            y = int(y)
            if y <= base_year:
                continue
            ref = min(y, last)
            if ref <= start:  # the series ends at or before the start: nothing to follow
                continue
            mine = series[_nearest(series, ref)] / series[base_year]
            eu = eu_production[ref - start] / eu_production[0]
            factor[i] = mine / eu if eu > 0 else 1.0
        out[country] = factor
    return out


def plant_factors(path: MarketPath, plant_country: list[str], n_quarters: int) -> np.ndarray:
    """(quarters, plants) demand factor of each plant (1 where its country has no series)."""
    out = np.ones((n_quarters, len(plant_country)))
    for p, country in enumerate(plant_country):
        f = path.country_factor.get(country)
        if f is not None:
            out[:, p] = f
    return out


def apply_market(
    spec: Scenario,
    years_q: np.ndarray,
    bev: np.ndarray,
    phev: np.ndarray,
    hev: np.ndarray,
) -> tuple[Scenario, MarketPath, np.ndarray, np.ndarray, np.ndarray]:
    """The market of a run and what the plants see: (scenario with the start year's production
    as base_units_per_year when a history file is used, market path, BEV / PHEV / full-hybrid
    shares of EU production per quarter). Exports and imports change the BEV share; hybrids
    keep their share of the non-BEV cars (assumption: the non-BEV mix of exports and imports
    is the EU's)."""
    path = market_path(spec.demand, years_q, bev)
    s = path.production_bev_share
    non = 1.0 - bev
    scale = np.divide(1.0 - s, non, out=np.zeros_like(non), where=non > 1e-9)
    if spec.demand.history_file:
        demand = spec.demand.model_copy(update={"base_units_per_year": path.start_units})
        spec = spec.model_copy(update={"demand": demand})
    return spec, path, s, phev * scale, hev * scale
