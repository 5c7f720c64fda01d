"""Fleet stock and aftermarket orders (sim/fleet.py)."""

from __future__ import annotations

import numpy as np
import pytest

from sim import codes, load_scenario
from sim.fleet import MAX_AGE, Aftermarket, fleet_path, survival
from sim.scenario.schema import DemandSpec, FleetSpec
from sim.single_run import run
from tests.conftest import TINY


@pytest.mark.parametrize(("mean", "shape"), [(12.3, 3.0), (8.0, 1.5), (15.0, 4.0)])
def test_survival_curve_gives_the_mean_age_of_a_stationary_fleet(mean, shape):
    s = survival(FleetSpec(mean_age_years=mean, survival_shape=shape))
    ages = np.arange(MAX_AGE + 1) + 0.5
    assert (ages * s).sum() / s.sum() == pytest.approx(mean, rel=0.02)
    assert np.all(np.diff(s) <= 0)


def test_fleet_decays_without_registrations_and_settles_with_steady_ones():
    spec = FleetSpec(stock=1e6)
    years = np.arange(2025, 2125)
    empty = fleet_path(spec, years, np.zeros(100), np.zeros(100), {}, {})
    assert empty.nonbev[0] == pytest.approx(1e6)
    assert np.all(np.diff(empty.nonbev[:50]) < 0) and empty.nonbev[-1] < 1.0
    s = survival(spec)
    steady = 1e6 / s.sum()
    path = fleet_path(spec, years, np.full(100, steady), np.ones(100), {}, {})
    assert path.bev[-1] == pytest.approx(1e6, rel=1e-3)  # every car replaced by a BEV
    assert path.nonbev[-1] < 1.0


def test_start_year_orders_equal_new_car_orders_per_sector():
    spec = FleetSpec()
    years_q = np.repeat(np.arange(2025, 2031), 4)
    fleet = fleet_path(spec, np.arange(2025, 2031), np.full(6, 10e6), np.full(6, 0.2), {}, {})
    p0, b0, h0 = 1000.0, 0.15, 0.1
    am = Aftermarket(spec, DemandSpec(), fleet, years_q, 1e-4, 15_000, p0, b0, h0)
    share = np.array([0.25, 0.75])
    ice, bev, eu = am.orders(
        0,
        share * p0 * (1 - b0),
        share * p0 * b0,
        share,
        np.ones(codes.N_GROUPS),
        np.array(codes.GROUP_SECTOR),
    )
    sector = np.array(codes.GROUP_SECTOR)
    need = {
        codes.SECTOR_ICE: ice.sum(),
        codes.SECTOR_EV: bev.sum() + h0 * ice.sum(),
        codes.SECTOR_AGNOSTIC: ice.sum() + bev.sum(),
    }
    new_cars = {
        codes.SECTOR_ICE: p0 * (1 - b0),
        codes.SECTOR_EV: p0 * b0 + h0 * p0 * (1 - b0),
        codes.SECTOR_AGNOSTIC: p0,
    }
    for s, value in need.items():
        scale = eu[np.flatnonzero(sector == s)[0]]
        assert value * scale == pytest.approx(new_cars[s])
    assert 0 < am.start_share[codes.SECTOR_ICE] < 1


def _ice_jobs_2044(enabled: bool) -> float:
    spec = load_scenario(
        TINY,
        overrides={
            "time.end_year": 2044,
            "electrification.mode": "preset",
            "electrification.preset": "eu_co2_2023_851",
            "demand.export_bev_ratio": 2.0,  # exports all BEV once the EU is (no ICE output)
            "fleet.enabled": enabled,
        },
    )
    t = run(spec, 1, scale=1).table
    return float(t["jobs_supplier_ice"][t["year"] == 2044].sum() / 4)


def test_aftermarket_keeps_ice_suppliers_working_after_new_ice_sales_end():
    assert _ice_jobs_2044(enabled=True) > 0.1 * _ice_jobs_2044(enabled=False) + 5
