"""Results tables by region, year and quarter: the time index of a table's rows, annual values
per region, and the end-of-run summary (jobs and value added per region in milestone years)."""

from __future__ import annotations

import numpy as np

from sim.codes import QUARTERS_PER_YEAR


def decimal_time(year: np.ndarray, quarter: np.ndarray) -> np.ndarray:
    """The start of each quarter in decimal years: year + (quarter - 1) / 4."""
    return year + (quarter - 1) / QUARTERS_PER_YEAR


def quarter_index(table: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row -> quarter position, year of each position, quarter of each position)."""
    t = np.asarray(table["year"], dtype=np.int64) * QUARTERS_PER_YEAR
    t = t + np.asarray(table["quarter"]) - 1
    uniq, inverse = np.unique(t, return_inverse=True)
    return inverse, uniq // QUARTERS_PER_YEAR, uniq % QUARTERS_PER_YEAR + 1


def milestone_years(years: np.ndarray) -> list[int]:
    """First year, 2035 when simulated, and last year."""
    first, last = int(years.min()), int(years.max())
    picks = [first, 2035, last] if first < 2035 < last else [first, last]
    return sorted(set(picks))


def annual(table: dict[str, np.ndarray], column: str, how: str) -> dict[tuple[str, int], float]:
    """Per (region, year): mean of the quarters (stocks such as jobs) or sum (flows such as
    value added)."""
    keys = list(zip(table["region"], table["year"].tolist(), strict=True))
    sums: dict[tuple[str, int], float] = {}
    counts: dict[tuple[str, int], int] = {}
    for key, value in zip(keys, table[column].tolist(), strict=True):
        sums[key] = sums.get(key, 0.0) + value
        counts[key] = counts.get(key, 0) + 1
    if how == "mean":
        return {k: sums[k] / counts[k] for k in sums}
    return sums


def summary_rows(
    table: dict[str, np.ndarray], names: dict[str, str]
) -> tuple[list[int], list[list]]:
    """Rows (code, name, jobs per milestone, change %, value added per milestone), largest job
    losers first, then an EU total row."""
    years = milestone_years(table["year"])
    jobs = annual(table, "jobs_total", "mean")
    va = annual(table, "value_added", "sum")
    rows = []
    for code in dict.fromkeys(table["region"].tolist()):
        j = [jobs[(code, y)] for y in years]
        v = [va[(code, y)] for y in years]
        change = 100.0 * (j[-1] - j[0]) / j[0] if j[0] > 0 else 0.0
        rows.append([code, names.get(code, code), *j, change, *v])
    rows.sort(key=lambda r: r[2 + len(years)])
    total_j = [sum(r[2 + i] for r in rows) for i in range(len(years))]
    total_v = [sum(r[3 + len(years) + i] for r in rows) for i in range(len(years))]
    change = 100.0 * (total_j[-1] - total_j[0]) / total_j[0] if total_j[0] > 0 else 0.0
    rows.append(["TOTAL", "All simulated regions", *total_j, change, *total_v])
    return years, rows


def format_summary(table: dict[str, np.ndarray], names: dict[str, str]) -> str:
    """A plain-text table for the terminal."""
    years, rows = summary_rows(table, names)
    n = len(years)
    head = (
        f"{'region':<8} {'name':<24}"
        + "".join(f" {'jobs ' + str(y):>12}" for y in years)
        + f" {'change':>8}"
        + "".join(f" {'VA ' + str(y) + ' EURm':>15}" for y in years)
    )
    lines = [
        "Automotive jobs (annual mean) and value added (EUR million a year), "
        "largest job losers first",
        head,
        "-" * len(head),
    ]
    for i, r in enumerate(rows):
        if i == len(rows) - 1:
            lines.append("-" * len(head))
        lines.append(
            f"{r[0]:<8} {r[1][:24]:<24}"
            + "".join(f" {r[2 + k]:>12,.0f}" for k in range(n))
            + f" {r[2 + n]:>7.1f}%"
            + "".join(f" {r[3 + n + k]:>15,.0f}" for k in range(n))
        )
    return "\n".join(lines)
