"""Golden-baseline regression: the tiny scenario with seed 1 must reproduce its stored summary.

A deliberate change in behaviour regenerates it: python -m tests.golden.regenerate
"""

from __future__ import annotations

import json

import numpy as np

from tests.golden.regenerate import GOLDEN, summary


def test_tiny_seed1_matches_golden_summary():
    stored = json.loads(GOLDEN.read_text())
    now = summary()
    assert stored.keys() == now.keys()
    for col, by_year in stored.items():
        for year, value in by_year.items():
            assert np.isclose(now[col][year], value, rtol=1e-9, atol=1e-9), (col, year)
