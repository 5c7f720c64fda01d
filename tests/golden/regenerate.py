"""Regenerate the golden summaries (run deliberately, after a change in behaviour you mean to
make): python -m tests.golden.regenerate

- tiny_seed1.json: the tiny scenario, seed 1, five columns.
- tiny_levers_seed1.json: tiny_levers.toml (tiny with every lever on), seed 1, every results
  column (sim.outputs.columns.REGION_COLUMNS).
"""

from __future__ import annotations

import json
from pathlib import Path

from sim import run
from sim.outputs.columns import REGION_COLUMNS
from tests.conftest import TINY

GOLDEN = Path(__file__).with_name("tiny_seed1.json")
COLUMNS = ("jobs_total", "jobs_supplier_ice", "jobs_supplier_ev", "unemployed", "value_added")
LEVERS_SCENARIO = Path(__file__).with_name("tiny_levers.toml")
LEVERS_GOLDEN = Path(__file__).with_name("tiny_levers_seed1.json")


def summary(
    scenario: Path = TINY, columns: tuple[str, ...] = COLUMNS
) -> dict[str, dict[str, float]]:
    """Per column, per year: the sum over regions and quarters of the run with seed 1."""
    t = run(scenario, 1).table
    out: dict[str, dict[str, float]] = {}
    for col in columns:
        out[col] = {}
        for year in sorted(set(t["year"].tolist())):
            out[col][str(year)] = float(t[col][t["year"] == year].sum())
    return out


def levers_summary() -> dict[str, dict[str, float]]:
    """The summary of every results column of the lever scenario."""
    return summary(LEVERS_SCENARIO, REGION_COLUMNS)


if __name__ == "__main__":
    for path, data in ((GOLDEN, summary()), (LEVERS_GOLDEN, levers_summary())):
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        print(f"wrote {path}")
