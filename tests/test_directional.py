"""Directional checks: the model responds to electrification the way the mechanism implies."""

from __future__ import annotations

import numpy as np
import pytest

from sim import load_scenario, run
from sim.outputs.columns import REGION_COLUMNS
from tests.conftest import TINY

SEEDS = (1, 2, 3)


def _jobs(path_years, path_shares, column, year, seed):
    spec = load_scenario(
        TINY,
        overrides={
            "electrification.mode": "table",
            "electrification.years": path_years,
            "electrification.bev_shares": path_shares,
        },
    )
    t = run(spec, seed).table
    rows = t["year"] == year
    return t[column][rows].sum() / 4.0


@pytest.mark.parametrize("seed", SEEDS)
def test_faster_electrification_fewer_ice_jobs_in_2035(seed):
    fast = _jobs([2025, 2035], [0.174, 1.0], "jobs_supplier_ice", 2035, seed)
    slow = _jobs([2025, 2035], [0.174, 0.4], "jobs_supplier_ice", 2035, seed)
    assert fast < slow


@pytest.mark.parametrize("seed", SEEDS)
def test_more_bev_demand_never_lowers_ev_jobs(seed):
    shares = [0.3, 0.6, 0.9]
    ev = [_jobs([2025, 2030], [0.174, s], "jobs_supplier_ev", 2032, seed) for s in shares]
    assert ev == sorted(ev), ev


def test_shipped_fast_and_slow_scenarios_order_ice_jobs():
    """On the shipped scenario files (tiny regions), fast < slow for ICE supplier jobs in 2035."""
    col = REGION_COLUMNS.index("jobs_supplier_ice")
    out = {}
    for name in ("fast_electrification", "slow_electrification"):
        spec = load_scenario(
            TINY.parent / f"{name}.toml",
            overrides={
                "regions.include": ["DE11", "ITC1", "CZ02", "HU22"],
                "regions.job_scale": 0.02,
                "time.end_year": 2035,
            },
        )
        result = run(spec, 1)
        out[name] = result.model.history[-4:, :, col].sum() / 4
    assert out["fast_electrification"] < out["slow_electrification"]
    assert np.isfinite(list(out.values())).all()
