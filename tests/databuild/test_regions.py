"""The shipped regional data set: coverage, the Eurostat-tracking criterion, economy columns,
sources and the traps (Lower Saxony, France)."""

from __future__ import annotations

import csv
import math
import tomllib

import pytest

from sim.databuild import derive
from sim.databuild.compare import Line, compare, criteria, format_criteria
from sim.databuild.traps import HEAD_OFFICE_REGION
from tests.conftest import SCENARIOS

DATA = SCENARIOS / "data"
RAW = DATA / "raw"


def _rows(name):
    with (DATA / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def derived():
    return derive(RAW, DATA)


@pytest.fixture(scope="module")
def lines():
    return compare(RAW, DATA)


def test_at_least_150_nuts2_rows_in_nuts_2021_codes():
    codes = [r["code"] for r in _rows("regions.csv")]
    nuts2 = [c for c in codes if len(c) == 4 and c[:2].isalpha() and c[:2].isupper()]
    assert len(nuts2) >= 150
    others = sorted(set(codes) - set(nuts2))
    # only NUTS-1 rows for split regions and the EU-REST row
    assert others == ["EU-REST", "HR0", "HU1", "LT0", "PL9"]
    old_2013_codes = {"FR30", "FR43", "FR42", "FR41", "FR52", "PL12", "HU10", "DE41"}
    assert not old_2013_codes & set(codes)


def test_start_year_jobs_track_eurostat_2015(lines):
    c = criteria(lines)
    assert c["matched"] >= 100
    assert c["share_within"] >= 0.9
    assert c["log_correlation"] >= 0.9


def test_the_tracking_criterion_can_fail(lines):
    bad = [
        Line(x.code, x.country, x.eurostat, x.data * (3 if i % 2 else 1), x.factor, x.matched, "")
        for i, x in enumerate(lines)
    ]
    assert criteria(bad)["share_within"] < 0.9


def test_every_row_has_population_and_gdp():
    regions = [r["code"] for r in _rows("regions.csv")]
    economy = {r["code"]: r for r in _rows("region_economy.csv")}
    assert list(economy) == regions
    for code, r in economy.items():
        assert int(r["population"]) > 0, code
        assert 3000 < int(r["gdp_eur_per_inhabitant"]) < 200000, code
        assert 3000 < int(r["gdp_pps_per_inhabitant"]) < 200000, code
        assert r["source"].startswith("Eurostat nama_10r_2gdp"), code
    total = sum(int(r["population"]) for r in economy.values())
    assert 4.0e8 < total < 4.6e8  # EU-27 population, 2014


def test_fund_rules_run_on_the_eu_set():
    from sim.data import read_regions
    from sim.policy.fund import _economy_column

    regions = read_regions(DATA / "regions.csv")
    pop = _economy_column(regions, DATA, "population", "population")
    gdp = _economy_column(regions, DATA, "gdp_eur_per_inhabitant", "inverse_gdp")
    assert len(pop) == len(gdp) == len(regions.code)


def test_every_row_has_a_source_and_every_raw_file_its_provenance():
    for r in _rows("regions.csv"):
        assert r["source"].strip(), r["code"]
        assert "point:" in r["source"], r["code"]
    for path in RAW.glob("*.csv"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 80, path.name


def test_lower_saxony_rule(derived):
    raw = derived["raw"]
    regions = derived["base"]
    de9, de94, de_2012 = (raw.sbs[("C29", g, 2012)][0] for g in ("DE9", "DE94", "DE"))
    growth = raw.sbs2015["DE"] / de_2012
    de91, de92, de93 = (regions[c].value for c in ("DE91", "DE92", "DE93"))
    assert de91 == pytest.approx((de9 - de94) * growth - de92 - de93)
    assert de91 <= (de9 - de94) * growth - de92 - de93 + 1e-6
    assert de91 > 60000  # VW Wolfsburg alone employs more than 60,000
    row = {r["code"]: r for r in _rows("regions.csv")}["DE91"]
    assert "DE9 - DE94" in row["source"]


def test_confidential_regions_are_filled_from_published_totals(derived):
    raw, regions = derived["raw"], derived["base"]
    de = [r.value for r in regions.values() if r.code.startswith("DE")]
    assert sum(de) == pytest.approx(raw.sbs2015["DE"])
    assert all(v is not None and v >= 0 for v in de)


def test_france_is_corrected_by_plant_locations(derived):
    rows = {r.code: r for r in derived["rows"]}
    fr = [r for r in rows.values() if r.country == "FR"]
    shipped = {r["code"]: r for r in _rows("regions.csv")}
    total = sum(r.jobs for r in fr)
    assert total == int(derived["raw"].recent["FR"]["jobs"])  # unchanged by the correction
    hq = rows[HEAD_OFFICE_REGION]
    assert hq.eurostat / sum(r.eurostat or 0 for r in fr) > 0.55  # Eurostat's head-office bias
    assert hq.jobs / total < 0.45
    for site in derived["raw"].fr_sites:
        code = site["nuts2021"]
        if code != HEAD_OFFICE_REGION:
            assert rows[code].value >= float(site["persons"])
            assert site["site"] in shipped[code]["source"]


def _region_keys(node):
    """Every value of a 'region' key, anywhere in a parsed TOML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "region" and isinstance(value, str):
                yield value
            yield from _region_keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _region_keys(item)


def test_regions_referenced_by_scenarios_exist():
    codes = {r["code"] for r in _rows("regions.csv")}
    seen = []
    for path in SCENARIOS.glob("*.toml"):
        spec = tomllib.loads(path.read_text())
        include = spec.get("regions", {}).get("include", [])
        assert set(include) <= codes, path.name
        for region in _region_keys(spec):
            assert region in codes, (path.name, region)
            seen.append(region)
    assert "FRE1" in seen  # battery_localisation's Hauts-de-France plant


def test_ice_exposure_is_flagged_where_uniform():
    rows = _rows("regions.csv")
    observed = [r for r in rows if r["ice_share_basis"] == "plants"]
    assert len(observed) >= 10
    assert all("observed-based" in r["source"] for r in observed)
    for r in rows:
        if r["ice_share_basis"] != "plants":
            assert r["ice_share_basis"] in ("country", "eu"), r["code"]
            assert "uniform" in r["source"], r["code"]
        assert not math.isnan(float(r["ice_share_parts"]))


def test_generated_row_table_in_docs_is_current(lines):
    from sim.databuild.compare import format_factors, format_table

    text = (SCENARIOS.parent / "docs" / "data_regions.md").read_text(encoding="utf-8")
    assert format_table(lines, markdown=True) in text
    assert format_factors(lines) in text
    assert format_criteria(criteria(lines)) in text


def test_series_break_years_are_never_used_as_keys(derived):
    import copy

    from sim.databuild import traps

    raw = copy.copy(derived["raw"])
    raw.sbs = {k: v for k, v in raw.sbs.items() if not (k[1] == "DED2" and k[2] >= 2013)}
    assert raw.sbs[("C29", "DED2", 2012)][0]  # published before the break
    _, what = traps._key(raw, "DED2", "DE")
    assert "last published" not in what
    _, what = traps._key(raw, "DED5", "DE")
    assert "last published C29 figure (2014)" in what


def test_data_compare_prints_the_table_factors_and_criteria(capsys):
    from sim.cli import main

    assert main(["data", "compare"]) == 0
    out = capsys.readouterr().out
    assert "roll-forward factor 2015 -> start year" in out
    assert "log correlation" in out and "DE91" in out


def test_france_moves_no_site_of_a_subsidiary_with_its_own_head_office(derived):
    # Francaise de Mecanique, STA (Ruitz), SOVAB (Batilly) and MCA (Maubeuge) have their own
    # head office in the plant region, so Eurostat already counts them there
    sites = {s["site"] for s in derived["raw"].fr_sites}
    for own in ("Douvrin", "Ruitz", "Batilly", "Maubeuge"):
        assert not any(own in s for s in sites), own
    hq = {r.code: r for r in derived["rows"]}[HEAD_OFFICE_REGION]
    assert any("France correction" in n for n in hq.notes)


def test_data_compare_prints_ice_coverage_and_the_france_share(lines):
    from sim.databuild.compare import format_coverage

    text = format_coverage(lines)
    plants = sum(1 for x in lines if x.ice.startswith("plants"))
    assert f"ICE share: {plants} rows from the plant list" in text
    assert f"{len(lines) - plants} uniform" in text
    fr = [x for x in lines if x.country == "FR"]
    fr10 = next(x for x in fr if x.code == "FR10")
    assert f"FR10 holds {100 * fr10.data / sum(x.data for x in fr):.1f}%" in text


def test_data_compare_counts_the_listed_and_counted_plants(derived, lines):
    from sim.databuild.compare import format_coverage

    plants = derived["raw"].powertrain
    counted = sum(1 for p in plants if p["counted"] == "yes")
    text = format_coverage(lines, plants)
    assert f"({len(plants)} plants listed, {counted} counted)" in text
    assert 0 < counted < len(plants)
