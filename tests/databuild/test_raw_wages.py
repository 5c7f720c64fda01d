"""The vendored national C29 wages extract (scenarios/data/raw/sbs_c29_wages_national_v2017.csv)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "scenarios" / "data" / "raw" / "sbs_c29_wages_national_v2017.csv"
sys.path.insert(0, str(ROOT / "experiments"))

from regional_value_added import national_wages  # noqa: E402


def test_the_extract_names_its_source_and_keeps_its_columns():
    lines = RAW.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Source: Eurostat, sbs_r_nuts06_r2")
    assert "e7902e4e2f54caabd63a6ea9a661f7c725b7b470" in lines[0]
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert {r["indic_sb"] for r in rows} == {"V13320", "V16110"}
    assert {r["nace_r2"] for r in rows} == {"C29"}
    assert all(len(r["geo"]) == 2 for r in rows)


def test_wages_per_person_cover_every_country_with_jobs_and_order_as_known():
    wages = national_wages(2014)
    regions = list(csv.DictReader((ROOT / "scenarios" / "data" / "regions.csv").open()))
    countries = {r["country"] for r in regions if r["country"] != "EU"}
    assert countries - set(wages.index) == set()
    # high-wage, middle and low-wage car-making countries
    assert wages["DE"] > wages["FR"] > wages["CZ"] > wages["RO"] > wages["BG"]
    assert 40_000 < wages["DE"] < 80_000 and 2_000 < wages["BG"] < 10_000
