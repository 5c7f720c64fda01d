"""Analysis: Sobol indices through SALib, lever rankings, and the report of a real sweep."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
from SALib.analyze import sobol as salib_sobol
from SALib.sample import sobol as salib_sample

from sim.sweep.analysis import analyze, lever_table, sobol_table
from sim.sweep.runner import run_sweep
from tests.sweep.helpers import write_experiment

ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}


def _ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_table_is_salibs_analysis_and_finds_the_ishigami_indices() -> None:
    x = salib_sample.sample(ISHIGAMI, 1024, calc_second_order=False, seed=1)
    y = _ishigami(x)
    table = sobol_table(ISHIGAMI, {"y": y}, seed=5)
    own = salib_sobol.analyze(ISHIGAMI, y, calc_second_order=False, seed=5)
    for col in ("S1", "S1_conf", "ST", "ST_conf"):
        np.testing.assert_allclose(table[col].to_numpy(), own[col])
    # analytic values: S1 = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244
    np.testing.assert_allclose(table["S1"], [0.314, 0.442, 0.0], atol=0.06)
    np.testing.assert_allclose(table["ST"], [0.558, 0.442, 0.244], atol=0.06)
    assert (table["S1_conf"] > 0).all() and (table["ST_conf"] > 0).all()


def test_lever_table_ranks_by_jobs_per_euro_and_robustness() -> None:
    # futures u in {0, 1}; lever 0 = no lever, 1 = good everywhere, 2 = good in one future
    means = pd.DataFrame(
        {
            "u": [0, 0, 0, 1, 1, 1],
            "lev": [0, 1, 2, 0, 1, 2],
            "jobs": [100, 110, 130, 50, 60, 40],
            "cost": [0, 10, 10, 0, 10, 10],
        }
    )
    table, notes = lever_table(means, ["lev"], ["u"], {"lev": 0}, "jobs", "cost")
    assert notes == []
    by = table.set_index("lev")
    assert by.loc[1, "jobs_per_eur_m"] == 20 / 20
    assert by.loc[2, "jobs_per_eur_m"] == 20 / 20
    assert by.loc[1, "share_futures_beats_no_lever"] == 1.0
    assert by.loc[2, "share_futures_beats_no_lever"] == 0.5
    assert by.loc[1, "max_regret_jobs"] == 20 and by.loc[2, "max_regret_jobs"] == 20
    assert by.loc[0, "max_regret_jobs"] == 30
    assert list(table["lev"])[:2] == [1, 2]  # same jobs per euro: lower worst regret first
    _, notes = lever_table(means.drop(columns="cost"), ["lev"], ["u"], {"lev": 0}, "jobs", None)
    assert any(n.startswith("cost is not available") for n in notes)


def test_sobol_sweep_end_to_end(tmp_path) -> None:
    body = """
[overrides]
"time.end_year" = 2026

[design]
kind = "sobol"
samples = 4
seed = 3

[[parameters]]
key = "labour.outside_job_rate"
kind = "uncertainty"
range = [0.0, 0.5]

[[parameters]]
key = "suppliers.conversion_probability"
kind = "uncertainty"
range = [0.0, 1.0]

[[outcomes]]
name = "unemployed_end"
column = "unemployed"
stat = "last"
"""
    exp = write_experiment(tmp_path, body)
    with ThreadPoolExecutor(2) as pool:
        report = run_sweep(exp, tmp_path / "out", executor=pool)
    assert report.complete and report.total == 16
    result = analyze(tmp_path / "out")
    assert result.sobol is not None
    assert list(result.sobol["parameter"]) == [
        "labour.outside_job_rate",
        "suppliers.conversion_probability",
    ]
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(result.sobol)
    assert (tmp_path / "out" / "analysis" / "sobol.csv").is_file()
    assert "Sobol indices (SALib" in result.text
