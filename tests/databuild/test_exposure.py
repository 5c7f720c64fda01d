"""ICE exposure from the sourced powertrain plant list, and the roll-forward to later totals."""

from __future__ import annotations

import copy

import pytest

from sim.databuild import derive, exposure, rollforward
from sim.databuild.nuts import regions_2015
from sim.databuild.rawfiles import _plants
from sim.scenario.loader import ScenarioError
from tests.conftest import SCENARIOS

DATA = SCENARIOS / "data"
RAW = DATA / "raw"


@pytest.fixture(scope="module")
def derived():
    return derive(RAW, DATA)


def _base(raw, country: str) -> float:
    return float(raw.params.get(country, raw.params["EU"])["ice_share"])


def test_every_region_with_a_counted_ice_plant_is_above_its_country_base(derived):
    raw, rows = derived["raw"], {r.code: r for r in derived["rows"]}
    counted = exposure.ice_employment(raw)
    assert len(counted) >= 10
    for code, staff in counted.items():
        r = rows[code]
        assert staff > 0, code
        assert r.ice_basis == "plants", code
        assert _base(raw, r.country) < r.ice_share <= exposure.CAP, code


def test_rows_flagged_uniform_have_no_counted_plant_and_the_base_value(derived):
    raw = derived["raw"]
    counted = exposure.ice_employment(raw)
    uniform = [r for r in derived["rows"] if r.ice_basis != "plants"]
    assert uniform
    for r in uniform:
        assert r.code not in counted, r.code
        assert r.ice_share == _base(raw, r.country), r.code
        assert "uniform" in r.ice_note


def test_the_rule_follows_its_formula(derived):
    raw, rows = derived["raw"], {r.code: r for r in derived["rows"]}
    for code, staff in exposure.ice_employment(raw).items():
        r = rows[code]
        base, jobs = _base(raw, r.country), r.jobs_assembly + r.jobs_parts
        assert r.ice_share == pytest.approx(min(0.6, base + (1 - base) * min(1, staff / jobs)))
    assert exposure.share(0.3, 0, 1000) == 0.3
    assert exposure.share(0.3, 5000, 1000) == exposure.CAP


def test_battery_and_mixed_plants_do_not_raise_exposure(derived):
    raw = derived["raw"]
    counted = exposure.ice_employment(raw)
    for p in raw.powertrain:
        if p["product"] == "battery":
            assert p["counted"] == "no", p["plant"]
    rows = {r.code: r for r in derived["rows"]}
    # Samsung SDI Goed (battery only) and ZF Schweinfurt (mixed, no split): uniform rows
    for code in ("HU1", "DE26", "SE33"):
        assert code not in counted
        assert rows[code].ice_basis != "plants"
        assert "plants listed" in rows[code].ice_note


def test_a_counted_row_needs_an_ice_product_and_a_workforce(tmp_path):
    text = (RAW / "powertrain_plants.csv").read_text(encoding="utf-8")
    bad = text.replace(
        "Wroclaw (Biskupice Podgorne),LG Energy Solution,battery,PL51,7000,2023,7000,no",
        "Wroclaw (Biskupice Podgorne),LG Energy Solution,battery,PL51,7000,2023,7000,yes",
    )
    assert bad != text
    path = tmp_path / "powertrain_plants.csv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ScenarioError, match="counted = yes"):
        _plants(path)


def test_roll_forward_factor_equals_sourced_total_over_2015_sum(derived):
    raw, rows = derived["raw"], derived["rows"]
    assert {"DE", "PL", "FR"} <= set(raw.recent)
    for country, recent in raw.recent.items():
        members = [r for r in rows if r.country == country]
        s = sum(r.value for r in members)
        assert sum(r.jobs for r in members) == int(recent["jobs"]), country
        for r in members:
            assert r.factor == pytest.approx(int(recent["jobs"]) / s), r.code
            assert r.year == recent["year"]
    # countries without a later total keep the 2017 anchor and are flagged
    for r in rows:
        if r.country not in raw.recent and r.kind != "rest":
            assert any("FLAGGED" in n for n in r.notes), r.code


def test_a_later_total_changes_only_its_country(derived):
    raw = copy.deepcopy(derived["raw"])
    raw.recent["DE"] = dict(raw.recent["DE"], jobs="800000")
    base = regions_2015(raw)
    from sim.databuild import nuts, traps

    traps.fill_confidential(raw, base)
    grouped = nuts.rows_2021(raw, base)
    traps.correct_france(raw, grouped)
    rows = rollforward.roll_forward(raw, base, grouped)
    before = {r.code: r.jobs for r in derived["rows"]}
    assert sum(r.jobs for r in rows if r.country == "DE") == 800000
    for r in rows:
        if r.country != "DE":
            assert r.jobs == before[r.code], r.code


def test_every_plant_maps_to_a_nuts_2021_row_of_its_country(derived):
    raw, rows = derived["raw"], {r.code: r for r in derived["rows"]}
    assert len(raw.powertrain) >= 50
    for p in raw.powertrain:
        code = p["nuts2021"]
        assert code in rows, (p["plant"], code)
        # NUTS-2 codes are country + 2 characters; the four NUTS-1 rows are country + 1
        assert len(code) in (3, 4) and code[:2] == rows[code].country, (p["plant"], code)
        assert code in raw.points, code  # the NUTS 2021 code list the build uses
        assert p["source"].startswith("http"), p["plant"]
        if p["employees"]:
            assert 1990 <= int(p["employees_year"]) <= 2030, p["plant"]


def test_regions_hosting_a_sourced_powertrain_plant_have_regional_exposure(derived):
    rows = {r.code: r for r in derived["rows"]}
    plants = [r for r in rows.values() if r.ice_basis == exposure.PLANTS_BASIS]
    # 14 rows before the December 2026 data pass; every priority country now has some
    assert len(plants) >= 30
    countries = {r.country for r in plants}
    assert {"ES", "CZ", "SK", "RO", "HU", "PL", "IT", "FR", "DE"} <= countries
    for code in ("ES41", "ES61", "CZ02", "CZ05", "RO31", "RO41", "PL22", "PL51", "HU22", "ITF3"):
        assert rows[code].ice_basis == exposure.PLANTS_BASIS, code


def test_a_plant_closed_before_its_countrys_reference_year_is_not_counted(derived):
    raw = derived["raw"]
    by_plant = {(p["company"], p["plant"]): p for p in raw.powertrain}
    # Germany's rows stand for 2024: BMW Munich's engines moved to Steyr, Marienfelde left ICE
    assert by_plant[("BMW", "Munich engine plant")]["counted"] == "no"
    assert by_plant[("Mercedes-Benz", "Berlin-Marienfelde")]["counted"] == "no"


def test_a_workforce_without_its_year_is_a_one_line_error(tmp_path):
    text = (RAW / "powertrain_plants.csv").read_text(encoding="utf-8")
    bad = text.replace(
        "Craiova engine plant,Ford,engine,RO41,1000,2014,",
        "Craiova engine plant,Ford,engine,RO41,1000,,",
    )
    assert bad != text
    path = tmp_path / "powertrain_plants.csv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ScenarioError, match="employees_year") as err:
        _plants(path)
    assert "\n" not in str(err.value)
