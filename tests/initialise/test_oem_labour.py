"""OEM workforce lines: calibrated to the start year's jobs, and moving with the drivetrain."""

from __future__ import annotations

import numpy as np

from sim import TransitionModel, load_scenario
from sim.initialise.oem_labour import raw_line_coefficients, units_per_vehicle
from sim.kernels.oem_labour import LINE_NAMES, N_LINES, oem_line_needs
from tests.conftest import TINY


def _model(**overrides) -> TransitionModel:
    return TransitionModel(scenario=load_scenario(TINY, overrides=overrides), seed=1)


def test_start_year_need_equals_each_plants_jobs():
    m = _model(**{"electrification.country_offsets": {"DE": -0.1, "HU": 0.05}})
    p, lines = m.pop.plants, m.oem_lines
    mix = m.bev_share[0] + np.array(
        [{"DE": -0.1, "HU": 0.05}.get(m.regions.country[r], 0.0) for r in p.region]
    )
    per_vehicle = (units_per_vehicle(mix, float(m.nonbev_ev[0])) * lines.coef).sum(axis=1)
    # the calibrated lines reproduce each plant's start-year workers per vehicle, so its
    # start-year output at its own mix needs exactly its start-year jobs
    assert np.allclose(per_vehicle, p.labour_per_vehicle)
    start_jobs = p.capacity * m.spec.oems.base_utilisation * p.labour_per_vehicle
    assert np.allclose(start_jobs.sum(), m.pop.regions.jobs_assembly.sum())
    # the ratios between lines are the published ones
    raw = raw_line_coefficients(m.spec.oems)
    assert np.allclose(lines.coef / lines.coef[:, :1], raw / raw[0])


def test_a_plant_going_all_bev_changes_its_workforce_by_the_published_lines():
    m = _model()
    o = m.spec.oems
    b0, n0 = float(m.bev_share[0]), float(m.nonbev_ev[0])
    need = np.zeros((1, N_LINES))
    per_vehicle = np.zeros(1)
    coef = m.oem_lines.coef[:1]
    oem_line_needs(
        np.array([100.0 * (1 - b0)]), np.array([100.0 * b0]), n0, coef, need, per_vehicle
    )
    before = need.sum()
    oem_line_needs(np.array([0.0]), np.array([100.0]), n0, coef, need, per_vehicle)
    after = need.sum()
    bev = o.assembly_workers_per_million * o.bev_assembly_labour_ratio
    bev += o.e_motor_workers_per_million + o.battery_pack_workers_per_million
    ice = o.assembly_workers_per_million + o.engine_workers_per_million
    ice += o.transmission_workers_per_million + n0 * (
        o.e_motor_workers_per_million + o.battery_pack_workers_per_million
    )
    published = bev / ((1 - b0) * ice + b0 * bev) - 1
    assert np.isclose(after / before - 1, published)
    assert after / before - 1 < -0.15  # the defaults: about a fifth fewer workers


def test_lines_are_recorded_every_quarter():
    m = _model(**{"time.end_year": 2026})
    for _ in range(8):
        m.step()
    history = m.oem_lines.history
    assert history.shape == (8, len(LINE_NAMES))
    oem_jobs = m.history[:, :, 1].sum(axis=1)
    # plants staff for their lines: jobs stay within the layoff band of the need
    assert np.all(oem_jobs[1:] <= history[1:].sum(axis=1) * 1.06 + 2)
    assert np.all(oem_jobs[1:] >= history[1:].sum(axis=1) * 0.9)
    # BEV lines grow and non-BEV lines shrink as the BEV share rises
    assert history[-1, 1] > history[0, 1] and history[-1, 2] < history[0, 2]
