"""Designs: grid products, Latin hypercube strata, and SALib's Sobol sample."""

from __future__ import annotations

import numpy as np
from SALib.sample import sobol

from sim import load_scenario
from sim.sweep.design import build_design
from sim.sweep.experiment import load_experiment
from sim.sweep.seeds import design_seed
from tests.sweep.helpers import GRID_BODY, TINY, write_experiment

RANGES = """
[[parameters]]
key = "labour.outside_job_rate"
kind = "uncertainty"
range = [0.0, 0.5]

[[parameters]]
key = "suppliers.exit_after_loss_quarters"
kind = "uncertainty"
range = [2, 12]

[[outcomes]]
name = "jobs_end"
column = "jobs_total"
stat = "last"
"""


def test_grid_is_the_full_product_in_parameter_order(tmp_path) -> None:
    d = build_design(load_experiment(write_experiment(tmp_path, GRID_BODY)))
    assert d.points == [
        {"labour.outside_job_rate": a, "suppliers.conversion_probability": b}
        for a in (0.02, 0.2)
        for b in (0.05, 0.5)
    ]
    assert d.kinds == ("uncertainty", "lever")
    base = load_scenario(TINY, {"time.end_year": 2026})
    assert d.base_values == {
        "labour.outside_job_rate": base.labour.outside_job_rate,
        "suppliers.conversion_probability": base.suppliers.conversion_probability,
    }


def test_grid_range_with_levels(tmp_path) -> None:
    body = GRID_BODY.replace("values = [0.02, 0.2]", "range = [0.0, 0.3]\nlevels = 4")
    d = build_design(load_experiment(write_experiment(tmp_path, body)))
    assert sorted({p["labour.outside_job_rate"] for p in d.points}) == [0.0, 0.1, 0.2, 0.3]
    assert len(d.points) == 8


def test_lhs_has_one_point_per_stratum_and_is_deterministic(tmp_path) -> None:
    body = '[design]\nkind = "lhs"\nsamples = 10\nseed = 3\n' + RANGES
    exp = load_experiment(write_experiment(tmp_path, body))
    a, b = build_design(exp), build_design(exp)
    assert a.points == b.points
    rates = np.array([p["labour.outside_job_rate"] for p in a.points])
    assert ((rates >= 0) & (rates <= 0.5)).all()
    assert sorted(np.floor(rates / 0.05).astype(int)) == list(range(10))
    quarters = [p["suppliers.exit_after_loss_quarters"] for p in a.points]
    assert all(isinstance(q, int) and 2 <= q <= 12 for q in quarters)


def test_sobol_design_is_salibs_sample(tmp_path) -> None:
    body = '[design]\nkind = "sobol"\nsamples = 8\nseed = 11\n' + RANGES.replace(
        "suppliers.exit_after_loss_quarters", "labour.skill_loss_per_quarter"
    ).replace("range = [2, 12]", "range = [0.0, 0.1]")
    exp = load_experiment(write_experiment(tmp_path, body))
    d = build_design(exp)
    expected = sobol.sample(d.problem, 8, calc_second_order=False, seed=design_seed(11))
    got = np.array([[p[k] for k in d.keys] for p in d.points])
    assert got.shape == (8 * 4, 2)
    np.testing.assert_array_equal(got, expected)
