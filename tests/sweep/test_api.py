"""The Python API: `evaluate` for external drivers, `run_sweep` returning a DataFrame."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from sim import sweep
from sim.sweep import ExperimentError
from tests.sweep.conftest import comparable
from tests.sweep.helpers import TINY, TINY_GRID


def test_evaluate_takes_dotted_or_underscored_keys() -> None:
    common = {"base": TINY, "seed": 3}
    a = sweep.evaluate(**common, time__end_year=2026, labour__outside_job_rate=0.2)
    b = sweep.evaluate(**common, **{"time.end_year": 2026, "labour.outside_job_rate": 0.2})
    assert a == b
    assert set(a) >= {"jobs_end", "jobs_end_vs_start", "unemployed_end"}
    c = sweep.evaluate(**common, time__end_year=2026, labour__outside_job_rate=0.0)
    assert c["unemployed_end"] >= a["unemployed_end"]  # nobody leaves for outside jobs
    with pytest.raises(ExperimentError, match="not a scenario key"):
        sweep.evaluate(**common, labour__nope=1)


def test_run_sweep_returns_the_runs(reference, tmp_path) -> None:
    _, ref = reference
    with ThreadPoolExecutor(2) as pool:
        frame = sweep.run_sweep(TINY_GRID, tmp_path / "api", executor=pool)
    assert comparable(frame).equals(ref)
