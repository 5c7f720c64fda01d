"""Reading the market history file: figures by area and year, clear errors for bad cells."""

from __future__ import annotations

import pytest

from sim.history import read_market_history
from sim.scenario import ScenarioError
from tests.conftest import SCENARIOS

HEADER = "area,year,production,registrations,fleet,source\n"


def test_shipped_file_has_eu_and_german_series_with_sources():
    h = read_market_history(SCENARIOS / "data" / "production_history.csv")
    assert h.production["EU27"][2023] == 12_100_000
    assert set(h.production["DE"]) == set(range(2019, 2026))
    assert min(h.registrations["EU27"]) == 2019
    assert h.areas() == ["DE", "EU27"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("EU27,2020,abc,,,x", "column 'production' = 'abc' is not a number"),
        ("EU27,20x0,1,,,x", "column 'year'"),
        ("EU27,2020,1,,,", "column 'source' is empty"),
        (",2020,1,,,x", "column 'area' is empty"),
        ("EU27,2020,-5,,,x", "must be between 0 and 1e10"),
    ],
)
def test_bad_cells_name_file_line_and_column(tmp_path, row, message):
    path = tmp_path / "h.csv"
    path.write_text(HEADER + row + "\n")
    with pytest.raises(ScenarioError, match=message) as err:
        read_market_history(path)
    assert str(path) in str(err.value) and "line 2" in str(err.value)


def test_duplicate_year_and_missing_column(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(HEADER + "EU27,2020,1,,,x\nEU27,2020,2,,,y\n")
    with pytest.raises(ScenarioError, match="appears twice"):
        read_market_history(path)
    path.write_text("area,year,production\nEU27,2020,1\n")
    with pytest.raises(ScenarioError, match="missing column"):
        read_market_history(path)
    with pytest.raises(ScenarioError, match="not found"):
        read_market_history(tmp_path / "none.csv")
