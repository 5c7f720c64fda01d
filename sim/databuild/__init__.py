"""`autoregions data build`: derive the shipped regional CSVs from the raw inputs.

The raw inputs live in `scenarios/data/raw/` (Eurostat extracts with their provenance, small
hand-compiled tables with their sources) plus `scenarios/data/countries.csv` (national C29
anchors). The steps are small modules, run in this order by `build`:

- `rawfiles`: read and check the raw tables;
- `nuts`: NUTS 2013 regions -> NUTS 2021 rows;
- `traps`: fill confidential regions (Lower Saxony rule, residuals) and correct France;
- `rollforward`: scale 2015 to the national anchors of countries.csv;
- `split`: assembly (OEM) vs parts (suppliers) per region;
- `exposure`: the ICE share of parts jobs per region;
- `economy`: population and GDP per inhabitant per row;
- `tables`: format the CSV text.

The build is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from sim.databuild import economy, exposure, nuts, rawfiles, rollforward, split, tables, traps

OUTPUTS = ("regions.csv", "region_economy.csv")


def derive(raw_dir: Path, data_dir: Path) -> dict:
    """Every derived quantity per row (a dict of plain values), before formatting."""
    raw = rawfiles.load(raw_dir, data_dir)
    base = nuts.regions_2015(raw)
    traps.fill_confidential(raw, base)
    grouped = nuts.rows_2021(raw, base)
    traps.correct_france(raw, grouped)
    rows = rollforward.roll_forward(raw, base, grouped)
    split.split_rows(raw, rows)
    exposure.assign(raw, rows)
    econ = economy.economy_rows(raw, rows)
    return {"raw": raw, "base": base, "rows": rows, "economy": econ}


def build(raw_dir: Path, data_dir: Path) -> dict[str, str]:
    """The text of every shipped regional CSV, keyed by file name."""
    d = derive(raw_dir, data_dir)
    return {
        "regions.csv": tables.regions_csv(d["raw"], d["rows"]),
        "region_economy.csv": tables.economy_csv(d["economy"]),
    }
