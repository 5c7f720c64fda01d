"""Golden-baseline regression: the tiny scenario, and tiny with every lever on, with seed 1 must
reproduce their stored summaries (the second covers every results column).

A deliberate change in behaviour regenerates them: python -m tests.golden.regenerate
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from sim.outputs.columns import REGION_COLUMNS
from tests.golden.regenerate import GOLDEN, LEVERS_GOLDEN, levers_summary, summary


def _matches(path: Path, now: dict[str, dict[str, float]]) -> None:
    stored = json.loads(path.read_text())
    assert stored.keys() == now.keys()
    for col, by_year in stored.items():
        for year, value in by_year.items():
            assert np.isclose(now[col][year], value, rtol=1e-9, atol=1e-9), (col, year)


def test_tiny_seed1_matches_golden_summary():
    _matches(GOLDEN, summary())


def test_tiny_with_every_lever_matches_golden_summary():
    now = levers_summary()
    assert set(now) == set(REGION_COLUMNS)
    for col in ("spend_aid", "spend_procurement", "enrolled", "fund_allocation", "moved_in"):
        assert sum(now[col].values()) > 0, col  # every lever acts in this scenario
    _matches(LEVERS_GOLDEN, now)
