"""Value added per worker and vehicles per assembly job by country: the model against data.

Run from the repository root:

    python experiments/regional_value_added.py [--results DIR] [--scale 10]

Reads a results folder of the baseline (or runs `scenarios/baseline.toml` at `--scale` into a
temporary folder) and prints, for the start year:

1. value added per worker by sector, its lowest and highest value over the regions, in the
   first quarter and over the first year. The model gives every establishment of a product
   group and tier the same labour per unit and price wherever it is, so these differ between
   regions only through their mix of product groups and tiers (and, at OEMs, drivetrain lines);
2. per country: the model's value added per worker against Eurostat's C29 wages and salaries
   per person employed (sbs_r_nuts06_r2, 2014; `scenarios/data/raw/
   sbs_c29_wages_national_v2017.csv`), each relative to its job-weighted mean over the
   countries that have both;
3. per country with a sourced production figure (`scenarios/data/countries.csv`): cars made
   per assembly job in the data (`regions.csv`) against the model's vehicles per OEM job.

It measures; it changes nothing in the model.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "scenarios" / "data"
WAGES = DATA / "raw" / "sbs_c29_wages_national_v2017.csv"
WAGE_YEAR = 2014
SECTORS = ("oem", "supplier_ice", "supplier_ev", "supplier_agnostic")


def national_wages(year: int = WAGE_YEAR) -> pd.Series:
    """EUR of C29 wages and salaries per person employed, by country (Eurostat, `year`)."""
    rows = [r for r in csv.reader(line for line in WAGES.open() if not line.startswith("#"))]
    t = pd.DataFrame(rows[1:], columns=rows[0])
    t = t[(t.year == str(year)) & (t.value != "")]
    t = t.pivot(index="geo", columns="indic_sb", values="value").astype(float).dropna()
    return t["V13320"] * 1e6 / t["V16110"]


def results_table(folder: Path | None, scale: int) -> pd.DataFrame:
    """The regional results of the baseline: read from `folder`, or run into a temp folder."""
    if folder is not None:
        return pd.read_parquet(folder / "regions.parquet")
    with tempfile.TemporaryDirectory(prefix="regional_va_") as tmp:
        out = Path(tmp) / "run"
        cmd = [sys.executable, "-m", "sim", "run", str(ROOT / "scenarios" / "baseline.toml")]
        cmd += ["--scale", str(scale), "--out", str(out), "--quiet"]
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        return pd.read_parquet(out / "regions.parquet")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, help="results folder of a baseline run")
    parser.add_argument("--scale", type=int, default=10, help="scale of the run (10)")
    args = parser.parse_args(argv)
    table = results_table(args.results, args.scale)
    first = table[table.year == table.year.min()]
    year = int(first.year.iloc[0])
    by_region = first.groupby("region").sum(numeric_only=True)  # four quarters summed
    q1 = first[first.quarter == first.quarter.min()].groupby("region").sum(numeric_only=True)
    countries = pd.read_csv(DATA / "regions.csv").set_index("code")["country"]

    print(f"1. Value added per worker, {year}, by sector over the regions (EUR thousand a year)")
    print(f"   {'sector':<18} {'Q1 low':>7} {'Q1 high':>8} {'year low':>9} {'year high':>9}")
    for s in SECTORS:
        cells = []
        for t, quarters in ((q1, 1), (by_region, 4)):
            jobs = t[f"jobs_{s}"] / quarters
            has = jobs > 0
            va = t.loc[has, f"va_{s}"] * 1e6 * 4 / quarters / jobs[has] / 1e3
            cells += [va.min(), va.max()]
        print(f"   {s:<18} {cells[0]:7.1f} {cells[1]:8.1f} {cells[2]:9.1f} {cells[3]:9.1f}")

    by_region["country"] = countries.reindex(by_region.index).to_numpy()
    nat = by_region.groupby("country")[["jobs_total", "value_added"]].sum()
    nat["jobs"] = nat.jobs_total / 4
    nat["model_va_k"] = nat.value_added * 1e6 / nat.jobs / 1e3
    wages = national_wages()
    both = nat.join(wages.rename("wage"), how="inner")
    w = both.jobs / both.jobs.sum()
    both["model_rel"] = both.model_va_k / float(np.sum(w * both.model_va_k))
    both["wage_rel"] = both.wage / float(np.sum(w * both.wage))
    print(
        f"\n2. Per country, {year}: model value added per worker against Eurostat C29 wages and"
        f" salaries per person employed ({WAGE_YEAR}), each / its job-weighted mean"
    )
    print(f"   {'country':<8} {'jobs':>9} {'model VA k':>10} {'rel':>5} {'wage k':>7} {'rel':>5}")
    for c, r in both.sort_values("wage", ascending=False).iterrows():
        print(
            f"   {c:<8} {r.jobs:9,.0f} {r.model_va_k:10.1f} {r.model_rel:5.2f}"
            f" {r.wage / 1e3:7.1f} {r.wage_rel:5.2f}"
        )
    missing = sorted(set(nat.index) - set(both.index) - {"EU"})
    spread_m = both.model_rel.max() / both.model_rel.min()
    spread_w = both.wage_rel.max() / both.wage_rel.min()
    print(
        f"   highest / lowest: model {spread_m:.2f}, wages {spread_w:.2f};"
        f" no {WAGE_YEAR} wage figure: {', '.join(missing) or 'none'}"
        " (EU-REST, the regions outside the table, has no country)"
    )

    prod = pd.read_csv(DATA / "countries.csv").set_index("country")
    prod = prod[prod.car_production.notna()]
    data = pd.read_csv(DATA / "regions.csv").groupby("country").jobs_assembly.sum()
    veh = by_region.groupby("country")[["vehicles_ice", "vehicles_bev", "jobs_oem"]].sum()
    print(
        f"\n3. Vehicles per assembly job: data (countries.csv production / regions.csv assembly"
        f" jobs) against the model ({year}, vehicles a year per OEM job)"
    )
    print(f"   {'country':<8} {'production':>11} {'year':>5} {'data':>6} {'model':>6}")
    for c, r in prod.iterrows():
        if c not in data.index or c not in veh.index or data[c] <= 0:
            continue
        model = (veh.loc[c, "vehicles_ice"] + veh.loc[c, "vehicles_bev"]) / (
            veh.loc[c, "jobs_oem"] / 4
        )
        print(
            f"   {c:<8} {r.car_production:11,.0f} {int(r.car_production_year):5d}"
            f" {r.car_production / data[c]:6.1f} {model:6.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
