"""EU production from history, the market and trade (sim/market.py)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.history import MarketHistory
from sim.market import domestic_content, market_path, production_bev_share
from sim.scenario.schema import DemandSpec


def _quarters(start: int, end: int) -> np.ndarray:
    return np.repeat(np.arange(start, end + 1), 4)


def test_without_trade_production_mix_is_the_market_mix():
    spec = DemandSpec(export_share=0.0, import_share_bev=0.0, import_share_nonbev=0.0)
    b = np.linspace(0, 1, 11)
    assert np.allclose(production_bev_share(spec, b), b)


def test_identity_per_drivetrain():
    spec = DemandSpec(
        export_share=0.4, export_bev_ratio=0.5, import_share_bev=0.3, import_share_nonbev=0.2
    )
    b, registrations = 0.3, 10e6
    made_for_eu_bev = registrations * b * 0.7
    made_for_eu_non = registrations * (1 - b) * 0.8
    production = registrations * float(domestic_content(spec, b)) / (1 - 0.4)
    exports = 0.4 * production
    expected = (made_for_eu_bev + exports * 0.5 * b) / production
    assert production == pytest.approx(made_for_eu_bev + made_for_eu_non + exports)
    assert float(production_bev_share(spec, np.array([b]))[0]) == pytest.approx(expected)


def test_no_history_starts_at_base_units_and_grows_with_the_market():
    spec = DemandSpec(base_units_per_year=1e6, growth_per_year=0.02)
    years = _quarters(2025, 2030)
    path = market_path(spec, years, np.full(len(years), 0.2))
    assert path.start_units == pytest.approx(1e6)
    assert path.production[-1] == pytest.approx(1e6 * 1.02**5)


def test_observed_years_followed_then_identity_from_the_last_one():
    history = MarketHistory(
        production={"EU27": {2021: 10e6, 2022: 11e6}, "DE": {2021: 4e6, 2022: 3e6}},
        registrations={"EU27": {2021: 9e6, 2022: 9e6, 2023: 9.9e6}},
    )
    spec = DemandSpec(import_share_bev=0.5, import_share_nonbev=0.2)
    years = _quarters(2021, 2025)
    bev = np.repeat([0.1, 0.1, 0.1, 0.5, 0.5], 4)
    path = market_path(spec, years, bev, history)
    assert list(path.production[:2]) == [10e6, 11e6]
    assert list(path.observed_production) == [1, 1, 0, 0, 0]
    # 2023: registrations +10% at the same mix; 2024: the mix moves to BEVs, imported more often
    d = domestic_content(spec, np.array([0.1, 0.5]))
    assert path.production[2] == pytest.approx(11e6 * 1.1)
    assert path.production[3] == pytest.approx(11e6 * 1.1 * d[1] / d[0])
    assert path.start_units == 10e6
    # Germany: its production relative to the EU's, held after its last year (2022)
    de = path.country_factor["DE"][::4]
    assert de[0] == 1.0
    assert de[1] == pytest.approx((3 / 4) / (11 / 10))
    assert np.allclose(de[2:], de[1])


def test_start_between_observations_moves_from_the_one_before():
    history = MarketHistory(production={"EU27": {2019: 10e6, 2024: 12e6}})
    spec = DemandSpec(growth_per_year=0.0)
    path = market_path(spec, _quarters(2020, 2024), np.full(20, 0.1), history)
    assert path.production[0] == pytest.approx(10e6)
    assert path.production[-1] == 12e6
