"""Task functions for tests: importable top-level functions, as a real executor needs."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from sim.sweep.worker import RunTask, execute

HERE = Path(__file__).resolve().parent
TINY_GRID = HERE / "tiny_grid.toml"
TINY = HERE.parents[1] / "scenarios" / "tiny.toml"


def break_point_one(task: RunTask) -> dict[str, Any]:
    """The real task, but point 1 gets an invalid parameter value, so its runs really fail."""
    if task.point_id == 1:
        bad = {**task.params, "labour.outside_job_rate": 5.0}
        task = dataclasses.replace(task, params=bad)
    return execute(task)


def write_experiment(folder: Path, body: str, name: str = "exp.toml") -> Path:
    """An experiment file on the tiny scenario (absolute base path) in `folder`."""
    path = folder / name
    path.write_text(f'base = "{TINY.as_posix()}"\n' + body)
    return path


GRID_BODY = """
[overrides]
"time.end_year" = 2026

[design]
kind = "grid"
replicates = 2
seed = 7

[[parameters]]
key = "labour.outside_job_rate"
kind = "uncertainty"
values = [0.02, 0.2]

[[parameters]]
key = "suppliers.conversion_probability"
kind = "lever"
values = [0.05, 0.5]

[[outcomes]]
name = "jobs_end"
column = "jobs_total"
stat = "last"
"""


#: A Latin hypercube or Sobol design body over two uncertainties (format kind, samples).
RANGE_DESIGN = """
[design]
kind = "{kind}"
samples = {samples}
seed = 3

[[parameters]]
key = "labour.outside_job_rate"
kind = "uncertainty"
range = [0.02, 0.2]

[[parameters]]
key = "suppliers.conversion_probability"
kind = "uncertainty"
range = [0.05, 0.5]

[[outcomes]]
name = "jobs_end"
column = "jobs_total"
stat = "last"
"""
