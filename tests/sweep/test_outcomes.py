"""Outcomes: EU totals, year selection, statistics, and spending columns when absent."""

from __future__ import annotations

import math

import numpy as np

from sim.sweep.outcomes import scalar_outcome, series


def _table() -> dict[str, np.ndarray]:
    # two years x 4 quarters x 2 regions; region B always has 10 jobs
    years = np.repeat([2025] * 4 + [2026] * 4, 2)
    quarters = np.repeat(np.tile([1, 2, 3, 4], 2), 2)
    jobs = np.column_stack([np.arange(100, 108), np.full(8, 10)]).ravel().astype(float)
    return {
        "year": years,
        "quarter": quarters,
        "region": np.array(["A", "B"] * 8, dtype=object),
        "jobs_total": jobs,
    }


def test_scalar_outcomes() -> None:
    t = _table()
    assert scalar_outcome(t, column="jobs_total", stat="first") == 110
    assert scalar_outcome(t, column="jobs_total", stat="last") == 117
    assert scalar_outcome(t, column="jobs_total", year=2026, stat="mean") == 115.5
    assert scalar_outcome(t, column="jobs_total", years=[2025, 2025], stat="sum") == 446
    ratio = scalar_outcome(t, column="jobs_total", stat="last", relative_to_start=True)
    assert ratio == 117 / 110
    assert math.isnan(scalar_outcome(t, column="jobs_total", year=2030))
    assert math.isnan(scalar_outcome(t, column="spend_total", stat="sum"))
    t["spend_aid"] = np.ones(16)
    t["spend_benefits"] = np.full(16, 2.0)
    assert scalar_outcome(t, column="spend_total", stat="sum") == 48


def test_series_totals_and_by_region() -> None:
    t = _table()
    s = series(t, ["jobs_total"], by_region=False)
    assert s["jobs_total"].tolist() == [float(v) for v in range(110, 118)]
    assert s["quarter"].tolist() == [1, 2, 3, 4, 1, 2, 3, 4]
    r = series(t, ["jobs_total"], by_region=True)
    assert len(r["jobs_total"]) == 16 and r["region"][1] == "B"
