"""Experiment checks and sweep-folder checks of sim/sweep/integrity.py: issue 14's sweep
reproductions are refused in one line (exit 2) before any run, and damaged or foreign sweep
folders are refused by `analyze` and `report` in one line, never with a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sim.cli import main
from sim.sweep.experiment import ExperimentError, load_experiment
from sim.sweep.integrity import (
    CONFIRM_RUNS,
    MIN_SOBOL_SAMPLES,
    design_warnings,
    impossible_indices,
)
from tests.sweep.helpers import GRID_BODY, RANGE_DESIGN, write_experiment

RANGE_BODY = '\n[overrides]\n"time.end_year" = 2026\n\n' + RANGE_DESIGN

BAD_EXPERIMENTS = {
    "outcome named point_id": (
        GRID_BODY.replace('name = "jobs_end"', 'name = "point_id"'),
        "key 'outcomes[0].name' = \"point_id\": reserved",
    ),
    "outcome named seed": (
        GRID_BODY.replace('name = "jobs_end"', 'name = "seed"'),
        "key 'outcomes[0].name' = \"seed\": reserved",
    ),
    "parameter seed": (
        GRID_BODY.replace('key = "labour.outside_job_rate"', 'key = "seed"').replace(
            "values = [0.02, 0.2]", "values = [1, 2]"
        ),
        "key 'parameters[0].key' = \"seed\": a reserved run-record column",
    ),
    "sobol with one sample": (
        RANGE_BODY.format(kind="sobol", samples=1),
        f"a Sobol design needs at least {MIN_SOBOL_SAMPLES} base samples",
    ),
    "lhs with fewer points than parameters + 1": (
        RANGE_BODY.format(kind="lhs", samples=2),
        "needs at least 3 points",
    ),
    "outcome year after a varied end year": (
        GRID_BODY.replace('"time.end_year" = 2026\n', "")
        .replace('key = "labour.outside_job_rate"', 'key = "time.end_year"')
        .replace("values = [0.02, 0.2]", "values = [2026, 2030]")
        .replace('stat = "last"', 'stat = "last"\nyear = 2029'),
        "key 'outcomes[0].year' = 2029: outside the years some runs simulate",
    ),
    "outcome year outside the run": (
        GRID_BODY.replace('stat = "last"', 'stat = "last"\nyear = 2040'),
        "key 'outcomes[0].year' = 2040",
    ),
    "parameter that zeroes every job": (
        GRID_BODY.replace('key = "labour.outside_job_rate"', 'key = "regions.job_scale"').replace(
            "values = [0.02, 0.2]", "values = [1e-9, 0.02]"
        ),
        "OEM plant job",
    ),
    "job_scale that zeroes every outcome": (
        GRID_BODY.replace(
            '"time.end_year" = 2026', '"time.end_year" = 2026\n"regions.job_scale" = 1e-5'
        ),
        "leaves no automotive job after the first quarter",
    ),
    "experiment name with dots": (
        'name = ".."\n' + GRID_BODY,
        "one folder name",
    ),
}


@pytest.mark.parametrize("case", list(BAD_EXPERIMENTS))
def test_bad_experiment_is_one_line_before_any_run(case, tmp_path, capsys):
    body, expected = BAD_EXPERIMENTS[case]
    path = write_experiment(tmp_path, body)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"autoregions: error: {path}: " in err, err
    assert expected in err, err
    assert not out.exists()


def test_big_sweeps_need_yes(tmp_path, capsys):
    body = GRID_BODY.replace("replicates = 2", "replicates = 5001")  # 4 points: 20,004 runs
    path = write_experiment(tmp_path, body)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "20,004 runs" in err and "--yes" in err and err.count("\n") == 1
    assert not out.exists()
    assert design_warnings("grid", None, 2, CONFIRM_RUNS + 1)


def test_lhs_below_ten_points_per_parameter_is_warned(tmp_path):
    exp = load_experiment(write_experiment(tmp_path, RANGE_BODY.format(kind="lhs", samples=5)))
    warnings = design_warnings("lhs", exp.spec.design.samples, len(exp.parameters), 5)
    assert len(warnings) == 1 and "Loeppky" in warnings[0] and "20 for 2" in warnings[0]
    assert design_warnings("lhs", 20, 2, 20) == []


def test_impossible_sobol_indices_are_flagged():
    table = pd.DataFrame(
        [
            {"outcome": "y", "parameter": "a", "S1": -8.1, "S1_conf": 0.0, "ST": 0.5,
             "ST_conf": 0.1},
            {"outcome": "y", "parameter": "b", "S1": -0.05, "S1_conf": 0.1, "ST": 0.4,
             "ST_conf": 0.1},
        ]
    )  # fmt: skip
    assert impossible_indices(table) == ["a S1 = -8.1 for 'y'"]


def test_load_experiment_raises_experiment_error(tmp_path):
    path = write_experiment(tmp_path, BAD_EXPERIMENTS["outcome named point_id"][0])
    with pytest.raises(ExperimentError):
        load_experiment(path)


# ------------------------------------------------------------------ damaged sweep folders
def _rewrite(folder: Path, edit) -> None:
    for shard in sorted((folder / "runs").glob("*.parquet")):
        pq.write_table(edit(pq.read_table(shard)), shard)


def _first(folder: Path) -> Path:
    return sorted((folder / "runs").glob("*.parquet"))[0]


def _manifest_without(folder: Path, *path: str) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    target = manifest
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _manifest_set(folder: Path, path: tuple[str, ...], value) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    target = manifest
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _rename(table: pa.Table, old: str, new: str) -> pa.Table:
    return table.rename_columns([new if c == old else c for c in table.column_names])


def _as_text(table: pa.Table, column: str) -> pa.Table:
    i = table.column_names.index(column)
    return table.set_column(i, column, pa.array([str(v) for v in table.column(column).to_pylist()]))


DAMAGE = {
    "renamed outcome column": (
        lambda f: _rewrite(f, lambda t: _rename(t, "jobs_2026", "jobs_END")),
        "column 'jobs_2026' is missing",
    ),
    "manifest without outcomes": (
        lambda f: _manifest_without(f, "outcomes"),
        "manifest.json: damaged (key 'outcomes' is missing)",
    ),
    "manifest without design keys": (
        lambda f: _manifest_without(f, "design", "keys"),
        "key 'design.keys' is missing",
    ),
    "manifest with kinds of the wrong length": (
        lambda f: _manifest_set(f, ("design", "kinds"), {}),
        "'design.kinds' is not one 'uncertainty' or 'lever' per key",
    ),
    "manifest with base values that are no table": (
        lambda f: _manifest_set(f, ("design", "base_values"), "x"),
        "'design.base_values' is not a table",
    ),
    "manifest whose analysis names no outcome": (
        lambda f: _manifest_set(f, ("analysis", "jobs"), -1),
        "'analysis' does not name outcomes",
    ),
    "manifest with a list as design kind": (
        lambda f: _manifest_set(f, ("design", "kind"), [1, 2]),
        "is not grid, lhs or sobol",
    ),
    "stray parquet in runs": (
        lambda f: shutil.copy(_first(f), f / "runs" / "regions.parquet"),
        "runs/regions.parquet is not a run shard",
    ),
    "shard of a point the design lacks": (
        lambda f: shutil.copy(_first(f), f / "runs" / "p000099-r000.parquet"),
        "runs/p000099-r000.parquet is not a run of this design",
    ),
    "duplicated rows": (
        lambda f: pq.write_table(pa.concat_tables([pq.read_table(_first(f))] * 2), _first(f)),
        "holds 2 rows; a run shard holds 1",
    ),
    "shard copied over another": (
        lambda f: shutil.copy(_first(f), f / "runs" / "p000002-r001.parquet"),
        "runs/p000002-r001.parquet holds the run of point 0, replicate 0",
    ),
    "text outcome column": (
        lambda f: _rewrite(f, lambda t: _as_text(t, "jobs_2026")),
        "column 'jobs_2026' is string, expected numbers",
    ),
    "text point_id column": (
        lambda f: _rewrite(f, lambda t: _as_text(t, "point_id")),
        "column 'point_id' is string, expected numbers",
    ),
}


@pytest.mark.parametrize("command", ["analyze", "report"])
@pytest.mark.parametrize("case", list(DAMAGE))
def test_damaged_sweep_folder_is_one_line(case, command, reference, tmp_path, capsys):
    folder = tmp_path / "s"
    shutil.copytree(reference[0], folder)
    damage, expected = DAMAGE[case]
    damage(folder)
    assert main([command, str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("autoregions: error: "), err
    assert expected in err, err
    assert not (folder / "analysis").exists() and not (folder / "report.html").exists()


def test_deleted_shard_gives_a_correct_partial_analysis(reference, tmp_path, capsys):
    folder = tmp_path / "s"
    shutil.copytree(reference[0], folder)
    (folder / "runs" / "p000001-r000.parquet").unlink()
    assert main(["analyze", str(folder)]) == 0
    text = capsys.readouterr().out
    assert "7 of 8 runs finished" in text
    summary = pd.read_csv(folder / "analysis" / "summary.csv")
    assert sorted(set(summary["point_id"])) == [0, 1, 2, 3]  # every point still summarised
    assert set(summary.loc[summary["point_id"] == 1, "n"]) == {1}  # point 1 from one replicate
    assert set(summary.loc[summary["point_id"] != 1, "n"]) == {2}
    assert main(["report", str(folder)]) == 0
    (folder / "runs" / "p000001-r001.parquet").unlink()  # now point 1 has no run at all
    assert main(["report", str(folder), "--force"]) == 2
    err = capsys.readouterr().err
    assert "1 of 4 design points have no finished run (p000001)" in err
    assert main(["analyze", str(folder)]) == 0
    assert "no lever ranking: 1 of 4 design points have no finished run" in capsys.readouterr().out
