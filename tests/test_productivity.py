"""Labour productivity growth: labour per unit falls at each sector's rate, at every scale."""

from __future__ import annotations

import numpy as np

from sim import TransitionModel, load_scenario, run
from sim.productivity import Productivity
from tests.conftest import TINY

FLAT = {
    "electrification.mode": "table",
    "electrification.years": [2025, 2035],
    "electrification.bev_shares": [0.174, 0.174],
}
RATES = {
    "productivity.oem": 0.01,
    "productivity.supplier_ice": 0.02,
    "productivity.supplier_ev": 0.03,
    "productivity.supplier_agnostic": 0.04,
}


def test_one_year_cuts_labour_per_unit_by_each_sectors_rate():
    m = TransitionModel(scenario=load_scenario(TINY, overrides=RATES), seed=1)
    s, p, econ = m.pop.suppliers, m.pop.plants, m.pop.economics
    before = (s.labour_per_unit.copy(), econ.labour.copy(), m.oem_lines.coef.copy())
    per_vehicle = p.labour_per_vehicle.copy()
    for q in range(5):  # quarter 0 is the calibrated start: four quarters of growth
        m.productivity.apply(q, m.pop, m.oem_lines)
    rate = np.array([0.01, 0.02, 0.03, 0.04])
    sector = np.array([1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3])
    assert np.allclose(s.labour_per_unit, before[0] * (1 - rate[sector[s.group]]))
    assert np.allclose(econ.labour, before[1] * (1 - rate[sector])[:, None])
    assert np.allclose(m.oem_lines.coef, before[2] * 0.99)
    assert np.allclose(p.labour_per_vehicle, per_vehicle * 0.99)


def test_zero_rates_change_nothing():
    spec = load_scenario(TINY, overrides={k: 0.0 for k in RATES})
    assert not Productivity(spec.productivity).active


def test_jobs_fall_with_productivity_at_a_flat_mix_and_output():
    rate = 0.03
    spec = load_scenario(
        TINY, overrides={**FLAT, **{k: rate for k in RATES}, "time.end_year": 2030}
    )
    for scale in (1, 10):
        t = run(spec, 1, scale=scale).table
        jobs = [t["jobs_total"][t["year"] == y].sum() / 4 for y in (2025, 2030)]
        # five years of growth between the annual means of 2025 and 2030; firms keep up to
        # labour.layoff_band more workers than they need before laying off
        expected = (1 - rate) ** 5
        assert expected * 0.97 < jobs[1] / jobs[0] < expected * 1.06, (scale, jobs)
