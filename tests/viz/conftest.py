"""Run folders of the tiny scenario (2025-2028, two seeds) shared by the viz tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import load_scenario, run
from sim.outputs.io import write_run
from tests.conftest import ROOT, TINY


@pytest.fixture(scope="session")
def run_folders(tmp_path_factory) -> list[Path]:
    """Two results folders of tiny (2025-2028), seeds 1 and 2."""
    spec = load_scenario(TINY, overrides={"time.end_year": 2028})
    base = tmp_path_factory.mktemp("runs")
    return [write_run(run(spec, seed), base / f"tiny-seed{seed}") for seed in (1, 2)]


def _variant(name: str, description: str, **overrides: object):
    return load_scenario(
        TINY,
        overrides={"time.end_year": 2028, "name": name, "description": description, **overrides},
    )


@pytest.fixture(scope="session")
def comparison_folder(tmp_path_factory) -> Path:
    """A comparison of tiny (2025-2028) with an aid variant, a demand-growth variant (keeps
    jobs in every seed) and tiny under another name (no effect) on two seeds, written as
    `autoregions compare` writes it."""
    from sim.analysis import compare
    from sim.outputs.io import REGIONS, write_folder

    specs = [
        load_scenario(TINY, overrides={"time.end_year": 2028}),
        _variant(
            "tiny_aid",
            "tiny plus retooling aid",
            **{"aid.subsidy_rate": 0.3, "aid.budgets": {"EU": 2e7}},
        ),
        _variant(
            "tiny_growth", "tiny with demand growing 8% a year", **{"demand.growth_per_year": 0.08}
        ),
    ]
    specs.append(_variant("tiny_same", "tiny under another name"))  # no effect, by design
    seeds = compare.seeds_for(specs[0].seed, 2)
    runs = compare.run_all(specs, seeds, 1)
    table = compare.comparison_table(runs, specs, seeds)
    subfolders = {f"runs/{n}-seed{s}": ({REGIONS: t}, m) for (n, s), (t, m) in runs.items()}
    manifest = {
        "kind": "comparison",
        "base": specs[0].name,
        "scenarios": [s.name for s in specs],
        "seeds": seeds,
        "scale": 1,
    }
    out = tmp_path_factory.mktemp("compare") / "compare-tiny"
    return write_folder(out, {"comparison.parquet": table}, manifest, subfolders=subfolders)


def _sweep(tmp_path_factory, experiment: Path, name: str) -> Path:
    from concurrent.futures import ThreadPoolExecutor

    from sim.sweep.runner import run_sweep

    out = tmp_path_factory.mktemp("sweeps") / name
    with ThreadPoolExecutor(2) as pool:
        report = run_sweep(experiment, out, executor=pool, progress=False)
    assert report.complete
    return out


@pytest.fixture(scope="session")
def grid_sweep_folder(tmp_path_factory) -> Path:
    """The tiny grid of the sweep tests (2 x 2 points x 2 replicates), not analysed."""
    return _sweep(tmp_path_factory, ROOT / "tests" / "sweep" / "tiny_grid.toml", "tiny_grid")


SOBOL_EXPERIMENT = """
name = "tiny_sobol"
description = "Sobol indices of jobs over two uncertain inputs"
[overrides]
"time.end_year" = 2026
[design]
kind = "sobol"
samples = 4
replicates = 1
seed = 3
[[parameters]]
key = "electrification.midpoint_year"
kind = "uncertainty"
range = [2027.0, 2036.0]
[[parameters]]
key = "labour.outside_job_rate"
kind = "uncertainty"
range = [0.02, 0.2]
[[outcomes]]
name = "jobs_2026"
column = "jobs_total"
year = 2026
"""


@pytest.fixture(scope="session")
def sobol_sweep_folder(tmp_path_factory) -> Path:
    """A Sobol sweep of tiny: 4 base samples x (2 inputs + 2) = 16 points, one replicate."""
    exp = tmp_path_factory.mktemp("experiments") / "tiny_sobol.toml"
    exp.write_text(f'base = "{TINY.as_posix()}"\n' + SOBOL_EXPERIMENT)
    return _sweep(tmp_path_factory, exp, "tiny_sobol")
