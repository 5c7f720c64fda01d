"""Regenerate the golden summary of the tiny scenario (run deliberately, after a change in
behaviour you mean to make): python -m tests.golden.regenerate"""

from __future__ import annotations

import json
from pathlib import Path

from sim import run
from tests.conftest import TINY

GOLDEN = Path(__file__).with_name("tiny_seed1.json")
COLUMNS = ("jobs_total", "jobs_supplier_ice", "jobs_supplier_ev", "unemployed", "value_added")


def summary() -> dict[str, dict[str, float]]:
    """Per column, per year: the sum over regions and quarters of the tiny run with seed 1."""
    t = run(TINY, 1).table
    out: dict[str, dict[str, float]] = {}
    for col in COLUMNS:
        out[col] = {}
        for year in sorted(set(t["year"].tolist())):
            out[col][str(year)] = float(t[col][t["year"] == year].sum())
    return out


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(summary(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
