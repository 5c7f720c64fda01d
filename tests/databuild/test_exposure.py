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
