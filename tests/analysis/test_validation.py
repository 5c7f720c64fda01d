"""`autoregions validate`: rows, bands, exit codes; the quick subset runs in CI."""

from __future__ import annotations

import json

import pytest

from sim.analysis import validation
from sim.analysis.checks import study_split_at_55
from sim.analysis.validation import Settings, Target, evaluate, select
from sim.cli import main

FAST = Settings(scale=20, seed=1, cohort=20_000)


@pytest.mark.validation
def test_fast_subset_rows_and_calibrated_targets_pass():
    rows = [evaluate(t, FAST) for t in select(fast=True)]
    assert [r["name"] for r in rows] == [t.name for t in validation.TARGETS if t.fast]
    for r in rows:
        assert {"name", "published", "model", "band", "status"} <= set(r)
        lo, hi = r["band"]
        assert r["status"] == ("PASS" if lo <= r["model"] <= hi else "FAIL")
    by_name = {r["name"]: r for r in rows}
    # calibrated by construction: a failure here is a regression
    assert by_name["start-year jobs per region"]["status"] == "PASS"
    assert by_name["displaced re-employed, aged 55+"]["status"] == "PASS"
    # the overall row shows the cohort's age mix next to the one the study's figures imply
    implied = study_split_at_55()["share aged 55 and over"]
    assert f"need {implied:.1%}" in by_name["displaced re-employed after 2 years"]["note"]


def _fixed(value: float) -> Target:
    return Target(
        "fixed",
        "test",
        1.0,
        (0.9, 1.1),
        "share",
        ("start_year.toml",),
        lambda target, settings: (value, "fixed"),
    )


@pytest.mark.parametrize(("value", "status"), [(1.0, "PASS"), (0.9, "PASS"), (1.2, "FAIL")])
def test_status_is_band_membership(value, status):
    assert evaluate(_fixed(value), FAST)["status"] == status


def test_cli_writes_json_and_exits_1_on_any_fail(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(validation, "TARGETS", (_fixed(1.0), _fixed(2.0)))
    out = tmp_path / "v.json"
    assert main(["validate", "--json", str(out)]) == 1
    rows = json.loads(out.read_text())
    assert [r["status"] for r in rows] == ["PASS", "FAIL"]
    assert rows[0]["published"] == 1.0 and rows[0]["band"] == [0.9, 1.1]
    assert "1 of 2 targets pass" in capsys.readouterr().out
    monkeypatch.setattr(validation, "TARGETS", (_fixed(1.0),))
    assert main(["validate"]) == 0


def test_cli_bad_input_is_one_line_exit_2(tmp_path, capsys):
    assert main(["validate", "--only", "no-such-target"]) == 2
    assert "no target matches" in capsys.readouterr().err
    assert main(["validate", "--json", str(tmp_path / "missing" / "v.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_every_target_has_its_scenario_files():
    for t in validation.TARGETS:
        for path in t.paths():
            assert path.is_file(), path
        lo, hi = t.band
        assert lo <= t.published <= hi
