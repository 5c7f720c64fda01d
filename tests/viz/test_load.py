"""Reading results folders: what figures need, and one-line errors for anything else."""

from __future__ import annotations

import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sim.outputs.io import ResultsError
from sim.viz.load import folder_kind, load_comparison, load_run, load_runs, load_sweep


def test_load_run_columns_and_regions(run_folders):
    data = load_run(run_folders[0])
    assert data.scenario == "tiny" and data.seed == 1
    assert data.region_codes == ["DE11", "ITC1", "CZ02", "HU22"]
    assert data.regions.name["DE11"] == "Stuttgart"
    times, jobs = data.total("jobs_total")
    assert len(times) == 16 and jobs[0] > 0


def _copy(src, dst):
    shutil.copytree(src, dst)
    return dst


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda d: (d / "manifest.json").unlink(), "manifest.json is missing"),
        (lambda d: (d / "regions.parquet").unlink(), "regions.parquet is missing"),
        (lambda d: (d / "manifest.json").write_text("{not json"), "manifest.json: damaged"),
        (lambda d: (d / "manifest.json").write_text("[1, 2]"), "not a JSON object"),
        (lambda d: (d / "regions.parquet").write_bytes(b"PAR1 truncated"), "damaged"),
    ],
)
def test_damaged_folder_one_line(run_folders, tmp_path, damage, expected):
    folder = _copy(run_folders[0], tmp_path / "r")
    damage(folder)
    with pytest.raises(ResultsError) as err:
        load_run(folder)
    assert expected in str(err.value) and "\n" not in str(err.value)


def test_missing_column_named(run_folders, tmp_path):
    folder = _copy(run_folders[0], tmp_path / "r")
    table = pq.read_table(folder / "regions.parquet").drop(["jobs_supplier_ev"])
    pq.write_table(table, folder / "regions.parquet")
    with pytest.raises(ResultsError, match="column 'jobs_supplier_ev' is missing"):
        load_run(folder)


def test_missing_manifest_key_named(run_folders, tmp_path):
    folder = _copy(run_folders[0], tmp_path / "r")
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["seed"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ResultsError, match="key 'seed' is missing"):
        load_run(folder)


def test_empty_table_refused(run_folders, tmp_path):
    folder = _copy(run_folders[0], tmp_path / "r")
    table = pq.read_table(folder / "regions.parquet")
    pq.write_table(table.slice(0, 0), folder / "regions.parquet")
    with pytest.raises(ResultsError, match="no rows"):
        load_run(folder)


def test_comparison_and_sweep_folders_are_told_apart(tmp_path):
    """`load_run` refuses them; the report reads them with their own loaders."""
    comparison = tmp_path / "cmp"
    comparison.mkdir()
    pq.write_table(pa.table({"x": [1]}), comparison / "comparison.parquet")
    assert folder_kind(comparison) == "comparison"
    with pytest.raises(ResultsError, match="a comparison folder, not a run folder"):
        load_run(comparison)
    with pytest.raises(ResultsError, match=r"manifest\.json is missing"):
        load_comparison(comparison)
    sweep = tmp_path / "sweep"
    sweep.mkdir()
    (sweep / "manifest.json").write_text(json.dumps({"experiment": "x", "design": {}}))
    assert folder_kind(sweep) == "sweep"
    with pytest.raises(ResultsError, match="a sweep folder, not a run folder"):
        load_run(sweep)
    with pytest.raises(ResultsError, match="key 'experiment_hash' is missing"):
        load_sweep(sweep)


def test_runs_must_share_scenario_and_differ_in_seed(run_folders, tmp_path):
    assert [r.seed for r in load_runs(run_folders)] == [1, 2]
    with pytest.raises(ResultsError, match="seed 1 is also in"):
        load_runs([run_folders[0], _copy(run_folders[0], tmp_path / "again")])
    other = _copy(run_folders[1], tmp_path / "other")
    manifest = json.loads((other / "manifest.json").read_text())
    manifest["scenario"] = "baseline"
    (other / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ResultsError, match="scenario 'baseline' differs"):
        load_runs([run_folders[0], other])


def _text_year(table: pa.Table) -> pa.Table:
    i = table.column_names.index("year")
    return table.set_column(i, "year", pa.array([str(v) for v in table.column("year").to_pylist()]))


@pytest.mark.parametrize(
    "edit, expected",
    [
        (_text_year, "column 'year' holds object values, expected whole numbers"),
        (lambda t: pa.concat_tables([t, t]), "has more than one row for 2025 Q1"),
        (lambda t: t.slice(1), "some regions lack some quarters"),
    ],
)
def test_foreign_table_is_one_line_in_report_and_map(run_folders, tmp_path, capsys, edit, expected):
    from sim.cli import main

    folder = _copy(run_folders[0], tmp_path / "r")
    (folder / "report.html").unlink(missing_ok=True)
    pq.write_table(edit(pq.read_table(folder / "regions.parquet")), folder / "regions.parquet")
    chart = tmp_path / "m.png"
    for command in (["report", str(folder)], ["map", str(folder), "--out", str(chart)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and expected in err, err
    assert not (folder / "report.html").exists() and not chart.exists()


@pytest.mark.parametrize(
    "path, value, expected",
    [
        (("scenario_settings",), None, "'scenario_settings' is not a table"),
        (("scenario_settings", "demand", "growth_per_year"), "x", "scenario_settings.demand"),
        (("scale",), [1], "'scale' is not a whole number"),
    ],
)
def test_damaged_run_manifest_values(run_folders, tmp_path, path, value, expected):
    folder = _copy(run_folders[0], tmp_path / "r")
    manifest = json.loads((folder / "manifest.json").read_text())
    target = manifest
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ResultsError) as err:
        load_run(folder)
    assert expected in str(err.value) and "\n" not in str(err.value)


def test_settings_of_another_version_still_load(run_folders, tmp_path):
    """Keys this version does not know (an older or newer schema) are not damage."""
    folder = _copy(run_folders[0], tmp_path / "r")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["scenario_settings"]["labour"]["retired_key"] = 3
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert load_run(folder).scenario == "tiny"


def test_comparison_milestone_must_be_a_simulated_year(comparison_folder, tmp_path):
    folder = _copy(comparison_folder, tmp_path / "c")
    table = pq.read_table(folder / "comparison.parquet")
    i = table.column_names.index("milestone_year")
    table = table.set_column(i, "milestone_year", pa.array([10**12] * table.num_rows))
    pq.write_table(table, folder / "comparison.parquet")
    with pytest.raises(ResultsError, match="'milestone_year' is not one simulated year"):
        load_comparison(folder)


def test_comparison_seed_column_must_be_complete(comparison_folder, tmp_path):
    folder = _copy(comparison_folder, tmp_path / "c")
    table = pq.read_table(folder / "comparison.parquet")
    i = table.column_names.index("seed")
    table = table.set_column(i, "seed", pa.array([None] * table.num_rows, type=pa.int64()))
    pq.write_table(table, folder / "comparison.parquet")
    with pytest.raises(ResultsError, match="column 'seed' has missing values"):
        load_comparison(folder)
