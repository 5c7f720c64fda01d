"""Experiment files: the shipped ones validate; mistakes are one line, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario.schema import Scenario
from sim.sweep.experiment import ExperimentError, load_experiment
from tests.sweep.helpers import GRID_BODY, TINY_GRID, write_experiment

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["electrification_x_aid.toml", "sensitivity.toml"])
def test_shipped_experiments_validate(name: str) -> None:
    if name == "electrification_x_aid.toml" and "aid" not in Scenario.model_fields:
        pytest.skip("the [aid] scenario section (policy levers, issue 4) is not in the schema yet")
    exp = load_experiment(ROOT / "experiments" / name)
    assert exp.name == name.removesuffix(".toml")


def test_test_experiment_validates() -> None:
    exp = load_experiment(TINY_GRID)
    assert [p.key for p in exp.parameters] == [
        "labour.outside_job_rate",
        "suppliers.conversion_probability",
    ]


BAD = [
    ("unknown top-level key", "colour = 1\n" + GRID_BODY, "key 'colour': unknown key"),
    (
        "unknown scenario key",
        GRID_BODY.replace("labour.outside_job_rate", "labour.outside_rate"),
        "key 'parameters[0].key' = \"labour.outside_rate\": not a scenario key; allowed in labour:",
    ),
    (
        "value out of range",
        GRID_BODY.replace("values = [0.02, 0.2]", "values = [0.02, 1.5]"),
        "key 'labour.outside_job_rate' = 1.5: Input should be less than or equal to 1",
    ),
    (
        "sobol samples not a power of two",
        GRID_BODY.replace('kind = "grid"', 'kind = "sobol"\nsamples = 10'),
        "key 'design' = {...}: sobol 'samples' must be a power of 2 (got 10)",
    ),
    (
        "range on a non-number",
        GRID_BODY.replace(
            'key = "labour.outside_job_rate"\nkind = "uncertainty"\nvalues = [0.02, 0.2]',
            'key = "electrification.mode"\nkind = "uncertainty"\nrange = [0, 1]\nlevels = 2',
        ),
        "'electrification.mode' is not a number",
    ),
    (
        "grid range without levels",
        GRID_BODY.replace("values = [0.02, 0.2]", "range = [0.02, 0.2]"),
        "key 'parameters[0].levels': required with 'range' in a grid design",
    ),
    (
        "outcome column unknown",
        GRID_BODY.replace('column = "jobs_total"', 'column = "jobs"'),
        "key 'outcomes[0].column' = \"jobs\": unknown column; allowed: jobs_total,",
    ),
    (
        "outcome year outside the run",
        GRID_BODY.replace('stat = "last"', "year = 2031"),
        "key 'outcomes[0].year' = 2031: outside the base scenario's years 2025-2026",
    ),
    ("not TOML", "[design\n", "not valid TOML"),
    ("missing design", GRID_BODY.split("[design]")[0], "key 'design': required key is missing"),
]


@pytest.mark.parametrize(("label", "body", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_experiment_is_one_line_exit_2(tmp_path, capsys, label, body, expected) -> None:
    path = write_experiment(tmp_path, body)
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    assert "\n" not in str(info.value)
    assert expected in str(info.value), str(info.value)
    assert main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"autoregions: error: {path}: ")
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_missing_files_are_one_line(tmp_path, capsys) -> None:
    assert main(["sweep", str(tmp_path / "nope.toml")]) == 2
    assert "nope.toml: experiment file not found" in capsys.readouterr().err
    path = tmp_path / "exp.toml"
    path.write_text('base = "missing.toml"\n' + GRID_BODY)
    assert main(["sweep", str(path)]) == 2
    err = capsys.readouterr().err
    assert "key 'base' = \"missing.toml\": no such file" in err and err.count("\n") == 1
