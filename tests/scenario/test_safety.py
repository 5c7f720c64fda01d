"""Checks before any work (sim/scenario/safety.py): every reproduction of issue 14's bad
scenario inputs is refused in one line naming the scenario file, by `check` exactly as by
`run`, and nothing is simulated or written."""

from __future__ import annotations

import pytest

from sim import ScenarioError, load_scenario
from sim.cli import main
from sim.scenario.safety import check_numbers, file_problem, name_problem
from tests.conftest import SCENARIOS, write_scenario

# (scenario text after `extends = tiny.toml`, words the one-line message must contain)
BAD = {
    "path name": ('name = "../../x"\n', ["key 'name'", "../../x", "one folder name"]),
    "absolute name": ('name = "/tmp/x"\n', ["key 'name'", "one folder name"]),
    "nested name": ('name = "a/b/c"\n', ["key 'name'", "one folder name"]),
    "NUL in name": ('name = "a\\u0000b"\n', ["key 'name'", "one folder name"]),
    "long name": (f'name = "{"x" * 400}"\n', ["key 'name'"]),
    "dots name": ('name = ".."\n', ["key 'name'", "no '..'"]),
    "inf weight": (
        "[suppliers]\ntier_job_shares = [inf, 1, 1]\n",
        ["suppliers.tier_job_shares[0]", "inf", "finite"],
    ),
    "nan weight": ("[suppliers]\ntier_job_shares = [nan, 1, 1]\n", ["tier_job_shares", "NaN"]),
    "overflowing weights": (
        "[suppliers]\ntier_job_shares = [1e308, 1e308, 1e308]\n",
        ["suppliers.tier_job_shares", "add up to more"],
    ),
    "vanishing weight": (
        "[suppliers]\ntier_job_shares = [1e300, 1e-300, 1]\n",
        ["suppliers.tier_job_shares", "rounds to 0"],
    ),
    "unknown history area": (
        '[electrification]\nhistory_area = "XX"\n',
        ["electrification.history_area", '"XX"', "allowed: ", "EU27"],
    ),
    "extends a non-toml file": ('name = "t"\n', None),  # built in the test below
    "unknown region": (
        '[regions]\ninclude = ["ZZ99"]\n',
        ["key 'regions.include'", "ZZ99"],
    ),
    "unknown key in a programme": (
        '[[procurement.programmes]]\narea = "DE"\nbudget_eur_per_year = 1e9\nbogus = 1\n',
        ["procurement.programmes.0.bogus", "allowed here: area, budget_eur_per_year"],
    ),
    "no OEM job left": (
        "[regions]\njob_scale = 1e-9\n",
        ["key 'regions.job_scale'", "1e-09", "OEM plant job"],
    ),
    "history file that is no history": (
        f'[electrification]\nhistory_file = "{(SCENARIOS / "data" / "regions.csv").as_posix()}"\n',
        ["key 'electrification.history_file'", "missing column 'area'"],
    ),
    "history file not csv": (
        f'[electrification]\nhistory_file = "{(SCENARIOS / "tiny.toml").as_posix()}"\n',
        ["key 'electrification.history_file'", "must be a .csv file"],
    ),
}
CASES = {k: v for k, v in BAD.items() if v[1] is not None}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_scenario_refused_in_one_line_by_check_and_run(case, tmp_path, capsys):
    text, words = CASES[case]
    path = write_scenario(tmp_path, text)
    out = tmp_path / "out"
    for command in (["check", str(path)], ["run", str(path), "--out", str(out), "--quiet"]):
        assert main(command) == 2, (case, command)
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"autoregions: error: {path}: "), err
        for word in words:
            assert word in err, (case, err)
    assert not out.exists() and list(tmp_path.iterdir()) == [path]


def test_extends_must_be_a_toml_file_in_a_sensible_place(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("name = 'x'\n")
    for target, why in (
        (other, "must be a .toml file"),
        ("/etc/passwd", "must be a .toml file"),
        ("/etc/autoregions.toml", "system folder /etc"),
        ("/dev/stdin", "must be a .toml file"),
        (tmp_path / "folder.toml", "not a regular file"),
    ):
        (tmp_path / "folder.toml").mkdir(exist_ok=True)
        path = tmp_path / "s.toml"
        path.write_text(f'extends = "{target}"\n')
        with pytest.raises(ScenarioError) as err:
            load_scenario(path)
        message = str(err.value)
        assert message.startswith(f"{path.resolve()}: key 'extends'"), message
        assert why in message and "\n" not in message
    # nothing of the foreign file was read into the scenario's sources
    assert "notes.txt" not in message


def test_empty_scenario_file_is_named(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text("")
    with pytest.raises(ScenarioError, match=r"empty\.toml: the scenario file is empty"):
        load_scenario(path)


def test_empty_regions_table_names_the_scenario_file(tmp_path):
    (tmp_path / "regions.csv").write_text("")
    path = write_scenario(tmp_path, '[regions]\nfile = "regions.csv"\n')
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert str(err.value).startswith(f"{path}: key 'regions.file'"), err.value


def test_good_names_pass_and_bad_ones_say_why():
    for name in ("baseline", "tiny", "retooling_aid", "fast-2035", "v1.2", "München Süd"):
        assert name_problem(name) is None, name
    for name in ("", "../x", "a/b", "a\\b", "a\x00b", ".hidden", " pad", "x" * 101, "a..b"):
        assert name_problem(name) is not None, name


def test_numbers_rule_finds_nested_values():
    check_numbers({"a": {"b": [0.5, 0.3, 0.2], "c": 2.0}}, "f.toml")
    with pytest.raises(ScenarioError, match=r"key 'a\.c' = inf"):
        check_numbers({"a": {"c": float("inf")}}, "f.toml")
    with pytest.raises(ScenarioError, match=r"key 'a\.b\[1\]' = nan"):
        check_numbers({"a": {"b": [1.0, float("nan")]}}, "f.toml")


def test_shipped_scenarios_and_their_files_pass():
    # every shipped scenario, the validation targets' included (a check added for bad input
    # once refused two of them without any test noticing)
    paths = sorted(SCENARIOS.rglob("*.toml"))
    assert any(p.parent.name == "validation" for p in paths)
    for path in paths:
        spec = load_scenario(path)
        assert name_problem(spec.name) is None
    assert file_problem(SCENARIOS / "data" / "regions.csv", "regions.file") is None


@pytest.mark.parametrize(
    ("edit", "allocation", "expected"),
    [
        ({"ITC1": ("population", "")}, "population", "has no population for ITC1"),
        ({"DE11": ("gdp_eur_per_inhabitant", "0")}, "inverse_gdp", "infinite or undefined"),
    ],
)
def test_fund_data_checked_by_check_as_by_run(tmp_path, capsys, edit, allocation, expected):
    import csv
    import shutil

    data = SCENARIOS / "data"
    for name in ("regions.csv", "drivetrain_mix.csv"):
        shutil.copy(data / name, tmp_path / name)
    with (data / "region_economy.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["code"] in edit:
            column, value = edit[row["code"]]
            row[column] = value
    with (tmp_path / "region_economy.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    body = '[regions]\nfile = "regions.csv"\n[fund]\nbudget_eur_per_year = 1e9\n'
    body += f'allocation = "{allocation}"\n'
    path = write_scenario(tmp_path, body)
    for command in (["check", str(path)], ["run", str(path), "--out", str(tmp_path / "o")]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"autoregions: error: {path}: key 'fund.allocation'"), err
        assert expected in err and err.count("\n") == 1


def test_empty_drivetrain_history_means_no_observed_mix(tmp_path):
    """`electrification.history_file = ""` turns the observed mix off: the table path alone
    sets the BEV share, as the validation scenarios that replay a study need."""
    from sim.model import TransitionModel

    text = (
        '[electrification]\nhistory_file = ""\nmode = "table"\n'
        "years = [2025, 2035]\nbev_shares = [0.01, 0.5]\n"
    )
    without = TransitionModel(scenario=load_scenario(write_scenario(tmp_path, text)), seed=1)
    observed = text.replace('history_file = ""\n', "")
    with_mix = TransitionModel(scenario=load_scenario(write_scenario(tmp_path, observed)), seed=1)
    # 2025: 1% of new cars by the path against the observed 2025 EU share (above 10%); the
    # model's share is of EU production, so imports and exports move it a little
    assert without.bev_share[0] < 0.02 < 0.1 < with_mix.bev_share[0]
