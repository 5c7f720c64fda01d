"""Run-level measures: jobs and value added preserved against a counterfactual, public cost,
cost per job-year preserved, regional disparity and the regions left behind.

All functions take results tables as written by a run (dict of numpy columns or anything with
the same columns) and use the annual means of quarterly stocks.
"""

from __future__ import annotations

import numpy as np

from sim.codes import QUARTERS_PER_YEAR
from sim.outputs.columns import ALL_SPENDING, LEVER_SPENDING
from sim.outputs.tables import annual

__all__ = [
    "ALL_SPENDING",
    "LEVER_SPENDING",
    "by_region_year",
    "compare_runs",
    "disparity_index",
    "job_change",
    "left_behind",
    "quarterly_total",
    "total_in_year",
]


def _col(table, name: str) -> np.ndarray:
    return np.asarray(table[name])


def _has(table, name: str) -> bool:
    """Whether a table (dict of columns, pyarrow Table or DataFrame) has a column."""
    names = getattr(table, "column_names", None)
    if names is None:
        names = getattr(table, "columns", table)
    return name in names


def by_region_year(table, column: str, year: int) -> dict[str, float]:
    """Annual mean of `column` per region in `year`."""
    rows = _col(table, "year") == year
    sub = {
        "region": _col(table, "region")[rows],
        "year": _col(table, "year")[rows],
        column: _col(table, column)[rows].astype(float),
    }
    return {r: float(v) for (r, _), v in annual(sub, column, "mean").items()}


def total_in_year(table, column: str, year: int, how: str = "mean") -> float:
    """All regions together in `year`: the annual mean of a stock, or the sum of a flow."""
    rows = _col(table, "year") == year
    values = _col(table, column)[rows].astype(float)
    n_quarters = len(set(_col(table, "quarter")[rows].tolist())) or 1
    return float(values.sum() / n_quarters if how == "mean" else values.sum())


def job_change(table, start: int, end: int) -> dict[str, float]:
    """Relative change of automotive jobs per region from `start` to `end` (annual means)."""
    a, b = by_region_year(table, "jobs_total", start), by_region_year(table, "jobs_total", end)
    return {r: (b[r] - a[r]) / a[r] for r in a if a[r] > 0}


def disparity_index(table, start: int, end: int) -> float:
    """Coefficient of variation across regions of the job change (std / |mean|); 0 when every
    region changes alike."""
    changes = np.array(list(job_change(table, start, end).values()))
    mean = changes.mean()
    return float(changes.std() / abs(mean)) if abs(mean) > 1e-12 else float(changes.std())


def left_behind(table, start: int, end: int, threshold: float) -> list[str]:
    """Regions that lose more than `threshold` (e.g. 0.1) of their automotive jobs."""
    return sorted(r for r, c in job_change(table, start, end).items() if c < -threshold)


def quarterly_total(table, column: str) -> np.ndarray:
    """Sum over regions per quarter, in time order."""
    t = _col(table, "year") * QUARTERS_PER_YEAR + _col(table, "quarter")
    order = np.unique(t)
    return np.array([_col(table, column)[t == k].astype(float).sum() for k in order])


def compare_runs(policy, base, milestone: int) -> dict[str, float]:
    """Measures of a policy run against its counterfactual run (same seed).

    jobs/VA preserved: difference in the milestone year (annual mean / annual sum);
    job-years preserved: summed quarterly job difference / 4 over the whole run;
    unemployment-years avoided: summed quarterly difference in unemployed former automotive
    workers (base minus policy) / 4; lever cost: summed lever spending of the policy run;
    net public cost: difference in all
    public spending including unemployment benefits; cost per job-year preserved = net
    public cost / job-years preserved (NaN when nothing is preserved).
    """
    jobs_p, jobs_b = quarterly_total(policy, "jobs_total"), quarterly_total(base, "jobs_total")
    job_years = float((jobs_p - jobs_b).sum() / QUARTERS_PER_YEAR)
    spend_p = sum(quarterly_total(policy, c).sum() for c in ALL_SPENDING if _has(policy, c))
    spend_b = sum(quarterly_total(base, c).sum() for c in ALL_SPENDING if _has(base, c))
    lever = sum(quarterly_total(policy, c).sum() for c in LEVER_SPENDING if _has(policy, c))
    net = float(spend_p - spend_b)
    unemployed_years = float(
        (quarterly_total(base, "unemployed") - quarterly_total(policy, "unemployed")).sum()
        / QUARTERS_PER_YEAR
    )
    return {
        "unemployment_years_avoided": unemployed_years,
        "jobs_preserved": total_in_year(policy, "jobs_total", milestone)
        - total_in_year(base, "jobs_total", milestone),
        "va_preserved_eur_m": total_in_year(policy, "value_added", milestone, "sum")
        - total_in_year(base, "value_added", milestone, "sum"),
        "job_years_preserved": job_years,
        "lever_spending_eur_m": float(lever),
        "net_public_cost_eur_m": net,
        "cost_per_job_year_eur": net * 1e6 / job_years if job_years > 0 else float("nan"),
    }
