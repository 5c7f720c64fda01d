"""Comparing scenarios on common seeds: each scenario's runs measured against the first's."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Executor, as_completed
from typing import Any

import numpy as np

from sim.outputs import measures as metrics
from sim.scenario import Scenario


def seeds_for(base_seed: int, n: int) -> list[int]:
    """n run seeds derived from the base scenario's seed (SeedSequence.spawn; no reuse)."""
    children = np.random.SeedSequence(base_seed).spawn(n)
    return [int(c.generate_state(1, np.uint64)[0] >> np.uint64(1)) for c in children]


def run_one(spec: Scenario, seed: int, scale: int) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """One run (a top-level function so process pools can ship it): table and manifest."""
    # lazy: pyarrow and the model (mesa, numba) load only when the command runs
    from sim.outputs.io import manifest_for
    from sim.single_run import run

    result = run(spec, seed, scale=scale)
    return result.table, manifest_for(result)


def timed_run(
    spec: Scenario, seed: int, scale: int
) -> tuple[tuple[dict[str, np.ndarray], dict[str, Any]], float]:
    """`run_one` and its wall-clock time in seconds (a top-level function for process pools)."""
    began = time.perf_counter()
    out = run_one(spec, seed, scale)
    return out, time.perf_counter() - began


#: Called after each finished run: (scenario, seed, runs done, runs in all, seconds of this run).
Progress = Callable[[str, int, int, int, float], None]


def run_all(
    specs: list[Scenario],
    seeds: list[int],
    scale: int,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> dict[tuple[str, int], tuple[dict[str, np.ndarray], dict[str, Any]]]:
    """Every (scenario, seed) run, on `executor` when given (results do not depend on it);
    `progress` is told about each run as it finishes."""
    jobs = [(spec, seed) for spec in specs for seed in seeds]
    results: dict[int, tuple[dict[str, np.ndarray], dict[str, Any]]] = {}

    def done(i: int, out: tuple, seconds: float) -> None:
        results[i] = out
        if progress is not None:
            progress(jobs[i][0].name, jobs[i][1], len(results), len(jobs), seconds)

    if executor is None:
        for i, (spec, seed) in enumerate(jobs):
            done(i, *timed_run(spec, seed, scale))
    else:
        futures = {
            executor.submit(timed_run, spec, seed, scale): i for i, (spec, seed) in enumerate(jobs)
        }
        for future in as_completed(futures):
            done(futures[future], *future.result())
    return {(spec.name, seed): results[i] for i, (spec, seed) in enumerate(jobs)}


def interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and a t-based confidence interval across seeds (NaNs ignored)."""
    # lazy: scipy takes about a second to import
    from scipy import stats

    v = values[np.isfinite(values)]
    if len(v) == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(v.mean())
    if len(v) < 2:
        return mean, float("nan"), float("nan")
    half = float(stats.t.ppf(0.5 + level / 2, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v)))
    return mean, mean - half, mean + half


def until(table: dict[str, np.ndarray], year: int) -> dict[str, np.ndarray]:
    """The rows of a results table up to and including `year`."""
    rows = np.asarray(table["year"]) <= year
    return {k: np.asarray(v)[rows] for k, v in table.items()}


def comparison_table(runs: dict, specs: list[Scenario], seeds: list[int]) -> dict[str, np.ndarray]:
    """One row per (scenario, seed): outcomes, and measures against the first scenario. Every
    measure covers one window, from the start year to the milestone (2035, or the last year
    when the run ends earlier): job-years, unemployment-years and costs are summed over it."""
    base = specs[0]
    start = base.time.start_year
    end = base.time.end_year
    milestone = 2035 if start < 2035 <= end else end
    rows: list[dict[str, Any]] = []
    for spec in specs:
        for seed in seeds:
            table, _ = runs[(spec.name, seed)]
            base_table, _ = runs[(base.name, seed)]
            row: dict[str, Any] = {"scenario": spec.name, "seed": seed}
            row["jobs_start"] = metrics.total_in_year(table, "jobs_total", start)
            row["jobs_milestone"] = metrics.total_in_year(table, "jobs_total", milestone)
            row["jobs_end"] = metrics.total_in_year(table, "jobs_total", end)
            window, base_window = until(table, milestone), until(base_table, milestone)
            row.update(metrics.compare_runs(window, base_window, milestone))
            row["disparity_cv"] = metrics.disparity_index(table, start, milestone)
            row["left_behind_10"] = ",".join(metrics.left_behind(table, start, milestone, 0.10))
            row["left_behind_20"] = ",".join(metrics.left_behind(table, start, milestone, 0.20))
            row["milestone_year"] = milestone
            rows.append(row)
    return {
        k: np.array(
            [r[k] for r in rows],
            dtype=object if k in ("scenario", "left_behind_10", "left_behind_20") else None,
        )
        for k in rows[0]
    }


def about(value: float) -> str:
    """A count rounded to two significant figures for prose ('about 130')."""
    if not np.isfinite(value):
        return "n/a"
    if abs(value) < 100:
        return f"{value:,.0f}"
    digits = int(np.floor(np.log10(abs(value)))) - 1
    return f"{round(value, -digits):,.0f}"


def eur(value_eur: float) -> str:
    """'EUR 2.5 bn', 'EUR 3.49 m', 'EUR 27,900' (three significant figures)."""
    if not np.isfinite(value_eur):
        return "n/a"
    sign, a = ("-" if value_eur < 0 else ""), abs(value_eur)
    if a >= 1e9:
        return f"{sign}EUR {a / 1e9:.3g} bn"
    if a >= 1e6:
        return f"{sign}EUR {a / 1e6:.3g} m"
    return f"{sign}EUR {float(f'{a:.3g}'):,.0f}"


def cost_per_job_year_range(
    cost_eur_m: np.ndarray, job_years: np.ndarray
) -> tuple[float, float, float] | None:
    """Net public cost per job-year preserved (EUR): mean cost / mean job-years, with a range
    from the two 95% intervals (cost interval over job-years interval, the widest
    combination); None when the job-years preserved are not significantly above zero."""
    jy, jy_lo, jy_hi = interval(np.asarray(job_years, dtype=float))
    if not (np.isfinite(jy_lo) and jy_lo > 0):
        return None
    cost, c_lo, c_hi = interval(np.asarray(cost_eur_m, dtype=float))
    if not np.isfinite(c_lo):
        c_lo = c_hi = cost
    ratios = [c * 1e6 / j for c in (c_lo, c_hi) for j in (jy_lo, jy_hi)]
    return cost * 1e6 / jy, min(ratios), max(ratios)


def headline(table: dict[str, np.ndarray], rows: np.ndarray, start: int, milestone: int) -> str:
    """One plain sentence about a scenario against the base: the jobs it saves (or loses) in
    the milestone year with the 95% interval, or that no effect can be told apart from chance
    with this many seeds; then what it costs per job-year preserved, or its net public cost."""
    n = int(rows.sum())
    jobs = table["jobs_preserved"][rows].astype(float)
    job_years = table["job_years_preserved"][rows].astype(float)
    cost = table["net_public_cost_eur_m"][rows].astype(float)
    mean, lo, hi = interval(jobs)

    def rng(a: float, b: float) -> str:
        return f"({a:,.0f} to {b:,.0f})" if np.isfinite(a) and np.isfinite(b) else ""

    if n < 2:
        jobs_text = (
            f"{mean:+,.0f} jobs in {milestone} against the base on one seed; with one seed an "
            "effect cannot be told apart from chance"
        )
    elif np.isfinite(lo) and lo > 0:
        jobs_text = f"saves about {about(mean)} jobs in {milestone} {rng(lo, hi)}"
    elif np.isfinite(hi) and hi < 0:
        jobs_text = f"loses about {about(-mean)} jobs in {milestone} {rng(-hi, -lo)}"
    else:
        jobs_text = (
            f"no effect on jobs in {milestone} distinguishable from chance with {n} seeds "
            f"({mean:+,.0f} jobs, 95% interval {rng(lo, hi)[1:-1]})"
        )
    cpj = cost_per_job_year_range(cost, job_years) if n > 1 else None
    c_mean, c_lo, c_hi = interval(cost)
    if cpj is not None:
        cost_text = (
            f"costs {eur(cpj[0])} per job-year preserved ({eur(cpj[1])} to {eur(cpj[2])}) "
            f"over {start}-{milestone}"
        )
    elif np.all(cost == 0):
        cost_text = "costs no public money"
    else:
        span = f" ({eur(c_lo * 1e6)} to {eur(c_hi * 1e6)})" if np.isfinite(c_lo) else ""
        cost_text = f"net public cost {eur(c_mean * 1e6)}{span} over {start}-{milestone}"
    return f"{jobs_text}; {cost_text}."


SUMMARY = (
    ("jobs_preserved", "jobs preserved", "{:,.0f}"),
    ("va_preserved_eur_m", "VA preserved, EUR m/yr", "{:,.0f}"),
    ("job_years_preserved", "job-years preserved", "{:,.0f}"),
    ("unemployment_years_avoided", "unemployment-years avoided", "{:,.0f}"),
    ("net_public_cost_eur_m", "net public cost, EUR m", "{:,.0f}"),
    ("cost_per_job_year_eur", "EUR per job-year", "{:,.0f}"),
    ("disparity_cv", "disparity (CV)", "{:.3f}"),
)


def cost_per_job_year(table: dict[str, np.ndarray], rows: np.ndarray) -> str:
    """Mean net public cost / mean job-years preserved, shown only when the job-years
    preserved are significantly above zero (lower end of the 95% interval > 0)."""
    job_years = table["job_years_preserved"][rows].astype(float)
    mean, lo, _ = interval(job_years)
    if not np.isfinite(mean) or not job_years.any():
        return "-"
    if not (np.isfinite(lo) and lo > 0):
        return "n/a: no significant effect"
    cpj = cost_per_job_year_range(table["net_public_cost_eur_m"][rows].astype(float), job_years)
    assert cpj is not None  # the job-years are significantly above zero here
    return f"{cpj[0]:,.0f} ({cpj[1]:,.0f} to {cpj[2]:,.0f})"


def format_comparison(table: dict[str, np.ndarray], specs: list[Scenario]) -> str:
    """A headline sentence and the mean with its 95% interval across seeds of each measure,
    per scenario, plus left-behind regions (those listed in the majority of seeds)."""
    milestone = int(table["milestone_year"][0])
    start = specs[0].time.start_year
    lines = [
        f"Against {specs[0].name} on the same seeds, {start}-{milestone}: preserved = "
        f"difference in {milestone}; job-years and costs summed over {start}-{milestone}; "
        "mean over seeds (95% interval)"
    ]
    for spec in specs:
        rows = table["scenario"] == spec.name
        lines.append(f"\n{spec.name}")
        if spec.name != specs[0].name:
            lines.append("  " + headline(table, rows, start, milestone))
        for key, label, fmt in SUMMARY:
            if key == "cost_per_job_year_eur":
                lines.append(f"  {label:<26} {cost_per_job_year(table, rows):>14}")
                continue
            mean, lo, hi = interval(table[key][rows].astype(float))
            ci = f" ({fmt.format(lo)} to {fmt.format(hi)})" if np.isfinite(lo) else ""
            lines.append(f"  {label:<26} {fmt.format(mean):>14}{ci}")
        for key, label in (("left_behind_10", "lose >10% of jobs"), ("left_behind_20", ">20%")):
            counts: dict[str, int] = {}
            for cell in table[key][rows]:
                for code in filter(None, str(cell).split(",")):
                    counts[code] = counts.get(code, 0) + 1
            majority = sorted(c for c, n in counts.items() if n * 2 > rows.sum())
            lines.append(f"  {label:<26} {', '.join(majority) or '-'}")
    return "\n".join(lines)
