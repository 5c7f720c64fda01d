"""Outcomes of one run: EU totals of a result column, reduced to a scalar or kept as a series.

Every per-region column of the model is additive over regions (jobs, value added, vehicles,
suppliers, public spending), so EU totals are plain sums.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.outputs.tables import quarter_index
from sim.sweep.experiment import SPEND_TOTAL

#: Outcomes used by `evaluate` when none are asked for (valid for any run length).
DEFAULT_OUTCOMES: tuple[dict[str, Any], ...] = (
    {"name": "jobs_end", "column": "jobs_total", "stat": "last"},
    {
        "name": "jobs_end_vs_start",
        "column": "jobs_total",
        "stat": "last",
        "relative_to_start": True,
    },
    {"name": "unemployed_end", "column": "unemployed", "stat": "last"},
    {"name": "value_added_total", "column": "value_added", "stat": "sum"},
    {"name": "suppliers_end", "column": "suppliers_alive", "stat": "last"},
)


def column_values(table: dict[str, np.ndarray], column: str) -> np.ndarray | None:
    """A per-row column, or for `spend_total` the sum of every `spend_*` column (None if none)."""
    if column == SPEND_TOTAL:
        spend = [v for k, v in table.items() if k.startswith("spend_")]
        return np.sum(spend, axis=0) if spend else None
    values = table.get(column)
    return None if values is None else np.asarray(values, dtype=float)


def eu_totals(table: dict[str, np.ndarray], column: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(year of each quarter, the column summed over regions each quarter), or None if absent."""
    values = column_values(table, column)
    if values is None:
        return None
    inverse, years, _ = quarter_index(table)
    return years, np.bincount(inverse, weights=values, minlength=len(years))


def scalar_outcome(
    table: dict[str, np.ndarray],
    *,
    column: str,
    year: int | None = None,
    years: list[int] | None = None,
    stat: str = "mean",
    relative_to_start: bool = False,
    name: str = "",
) -> float:
    """One number from a run: `stat` over the selected quarters of the EU total of `column`.

    `year` selects one year, `years` = [first, last] an inclusive span, neither the whole run.
    `relative_to_start` divides by the column's EU total in the first quarter of the run.
    NaN when the column is absent (e.g. no spending columns) or no quarter is selected.
    """
    totals = eu_totals(table, column)
    if totals is None or len(totals[1]) == 0:
        return float("nan")
    yrs, values = totals
    mask = np.ones(len(yrs), dtype=bool)
    if year is not None:
        mask = yrs == year
    elif years is not None:
        mask = (yrs >= years[0]) & (yrs <= years[1])
    picked = values[mask]
    if len(picked) == 0:
        return float("nan")
    reduce = {
        "mean": np.mean,
        "sum": np.sum,
        "first": lambda a: a[0],
        "last": lambda a: a[-1],
        "min": np.min,
        "max": np.max,
    }[stat]
    out = float(reduce(picked))
    if relative_to_start:
        out = out / values[0] if values[0] != 0 else float("nan")
    return out


def series(
    table: dict[str, np.ndarray], columns: list[str] | tuple[str, ...], by_region: bool
) -> dict[str, np.ndarray]:
    """Time series of `columns`: EU totals per quarter, or per quarter and region."""
    if by_region:
        out: dict[str, np.ndarray] = {
            "year": np.asarray(table["year"], dtype=np.int32),
            "quarter": np.asarray(table["quarter"], dtype=np.int8),
            "region": np.asarray(table["region"], dtype=object),
        }
        for col in columns:
            values = column_values(table, col)
            out[col] = np.full(len(out["year"]), np.nan) if values is None else values.astype(float)
        return out
    inverse, years, quarters = quarter_index(table)
    out = {"year": years.astype(np.int32), "quarter": quarters.astype(np.int8)}
    for col in columns:
        values = column_values(table, col)
        out[col] = (
            np.full(len(years), np.nan)
            if values is None
            else np.bincount(inverse, weights=values, minlength=len(years))
        )
    return out


__all__ = ["DEFAULT_OUTCOMES", "column_values", "eu_totals", "scalar_outcome", "series"]
