"""Scenario files: layering with `extends`, and one-line errors naming file, key and value."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import Scenario, ScenarioError, load_scenario
from sim.scenario import scenario_hash
from tests.conftest import SCENARIOS, write_scenario


@pytest.mark.parametrize(
    "name", ["baseline", "tiny", "fast_electrification", "slow_electrification"]
)
def test_shipped_scenarios_load(name):
    spec = load_scenario(SCENARIOS / f"{name}.toml")
    assert isinstance(spec, Scenario)
    assert spec.name == name
    assert Path(spec.regions.file).is_file()


def test_extends_overrides_only_what_it_sets():
    base = load_scenario(SCENARIOS / "baseline.toml")
    fast = load_scenario(SCENARIOS / "fast_electrification.toml")
    assert fast.electrification.mode == "table"
    assert fast.demand == base.demand
    assert fast.labour == base.labour
    assert fast.time == base.time


def test_overrides_by_dotted_key(tiny_path):
    spec = load_scenario(tiny_path, overrides={"labour.outside_job_rate": 0.2})
    assert spec.labour.outside_job_rate == 0.2


def test_hash_changes_with_settings(tiny_path):
    a = load_scenario(tiny_path)
    b = load_scenario(tiny_path, overrides={"labour.outside_job_rate": 0.2})
    assert scenario_hash(a) == scenario_hash(load_scenario(tiny_path))
    assert scenario_hash(a) != scenario_hash(b)


def _error(tmp_path, text: str) -> str:
    path = write_scenario(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_unknown_key_names_key_and_allowed_keys(tmp_path):
    msg = _error(tmp_path, "[labour]\noutside_job_rte = 0.1\n")
    assert "labour.outside_job_rte" in msg
    assert "unknown key" in msg
    assert "outside_job_rate" in msg  # the allowed keys are listed


def test_unknown_section(tmp_path):
    msg = _error(tmp_path, "[labor]\nx = 1\n")
    assert "'labor'" in msg and "allowed here" in msg


def test_out_of_range_names_value_and_bound(tmp_path):
    msg = _error(tmp_path, "[labour]\noutside_job_rate = 1.5\n")
    assert "labour.outside_job_rate" in msg and "1.5" in msg and "less than or equal to 1" in msg


def test_wrong_type(tmp_path):
    msg = _error(tmp_path, '[time]\nend_year = "2040"\n')
    assert "time.end_year" in msg and '"2040"' in msg and "integer" in msg


def test_cross_field_rule(tmp_path):
    msg = _error(tmp_path, "[time]\nstart_year = 2030\nend_year = 2030\n")
    assert "end_year" in msg and "after start_year" in msg


def test_table_path_lengths_must_match(tmp_path):
    msg = _error(
        tmp_path, '[electrification]\nmode = "table"\nyears = [2025, 2030]\nbev_shares = [0.2]\n'
    )
    assert "years has 2 entries" in msg


def test_missing_scenario_file(tmp_path):
    with pytest.raises(ScenarioError, match="scenario file not found"):
        load_scenario(tmp_path / "nope.toml")


def test_not_toml_extension(tmp_path):
    with pytest.raises(ScenarioError, match=r"ending in \.toml"):
        load_scenario(tmp_path / "x.yaml")


def test_invalid_toml(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[time\nstart_year = 2025\n")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(path)


def test_missing_data_file_names_the_key(tmp_path):
    msg = _error(tmp_path, '[regions]\nfile = "nowhere.csv"\n')
    assert "regions.file" in msg and "no such file" in msg


def test_extends_cycle(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n')
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario(tmp_path / "a.toml")


def test_extends_missing_parent(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "gone.toml"\n')
    with pytest.raises(ScenarioError, match="key 'extends'"):
        load_scenario(tmp_path / "a.toml")


def test_unknown_region_code(tmp_path):
    from sim import TransitionModel

    path = write_scenario(tmp_path, '[regions]\ninclude = ["XX99"]\n')
    with pytest.raises(ScenarioError, match="XX99"):
        TransitionModel(scenario=path, seed=1)


def test_lever_areas_are_checked_when_the_scenario_loads(tmp_path):
    msg = _error(tmp_path, "[aid.budgets]\nZZ = 1.0\n")
    assert "aid.budgets.ZZ" in msg and "not a simulated region or country" in msg
    msg = _error(tmp_path, "[electrification.country_offsets]\nXX = 0.1\n")
    assert "country_offsets.XX" in msg
