"""Measures of how far results at a coarse `--scale` are from results at scale 1.

Used by `experiments/checks/scale_invariance.py` (the EU check) and its fast test on `tiny`.
All job figures are annual means of the quarterly stocks, in real workers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from sim.scenario import load_scenario

#: Regions whose change is checked against the EU's / scale 1's (start-year jobs, real).
CHECKED_REGION_JOBS = 5_000
#: Regions whose seed spread is checked (start-year jobs, real).
SPREAD_REGION_JOBS = 20_000


@dataclass(frozen=True)
class RunSummary:
    """What the checks need from one run: per region (in table order) and per year."""

    scenario: str
    scale: int
    seed: int
    regions: tuple[str, ...]
    years: np.ndarray  # (n_years,)
    jobs: np.ndarray  # (n_years, n_regions) annual mean jobs, real workers
    start_jobs: np.ndarray  # (n_regions,) jobs of the built start-year population
    suppliers_alive: np.ndarray  # (n_years,) EU suppliers alive, annual mean

    @property
    def change_pct(self) -> np.ndarray:
        """Per region: jobs change from the first to the last year, in percent."""
        return 100.0 * (self.jobs[-1] / np.maximum(self.jobs[0], 1e-9) - 1.0)

    @property
    def eu_change_pct(self) -> float:
        return float(100.0 * (self.jobs[-1].sum() / self.jobs[0].sum() - 1.0))


def summarise(
    table: dict[str, np.ndarray],
    scenario: str,
    scale: int,
    seed: int,
    start_jobs: np.ndarray | None = None,
) -> RunSummary:
    """Annual means per region of a run's results table; start_jobs: the built population's
    jobs per region (default: the first quarter's)."""
    regions = tuple(dict.fromkeys(table["region"].tolist()))
    years = np.unique(table["year"])
    n_r = len(regions)
    jobs = table["jobs_total"].reshape(-1, n_r)  # quarters x regions, regions in table order
    alive = table["suppliers_alive"].reshape(-1, n_r).sum(axis=1)
    year_of_q = table["year"].reshape(-1, n_r)[:, 0]
    jobs_y = np.stack([jobs[year_of_q == y].mean(axis=0) for y in years])
    alive_y = np.array([alive[year_of_q == y].mean() for y in years])
    start = jobs[0].copy() if start_jobs is None else np.asarray(start_jobs, dtype=float)
    return RunSummary(scenario, scale, seed, regions, years, jobs_y, start, alive_y)


def run_summary(path: str, scale: int, seed: int) -> RunSummary:
    """Run a scenario file and summarise it (a top-level function, so it pickles to workers)."""
    # lazy: the model loads mesa and numba (about 1.5 s)
    from sim.model import TransitionModel

    spec = load_scenario(path)
    model = TransitionModel(scenario=spec, seed=seed, scale=scale)
    built = model.pop.establishments
    start = np.bincount(built.region, weights=built.employed, minlength=len(model.regions))
    while model.running:
        model.step()
    return summarise(model.region_table(), spec.name, scale, seed, start)


def run_many(
    jobs: Sequence[tuple[str, int, int]], executor: Executor | None = None
) -> list[RunSummary]:
    """run_summary for each (path, scale, seed), in order, on `executor` if given."""
    if executor is None:
        return [run_summary(*job) for job in jobs]
    return list(executor.map(run_summary, *zip(*jobs, strict=True)))


@dataclass(frozen=True)
class Check:
    """One criterion: its name, the measured value, the limit and whether it passed."""

    name: str
    value: float
    limit: str
    passed: bool


def null_checks(run: RunSummary) -> list[Check]:
    """Null scenario (drivetrain mix frozen): EU jobs near their start, every checked region
    close to the EU change, suppliers alive near their start."""
    eu = run.eu_change_pct
    big = run.jobs[0] >= CHECKED_REGION_JOBS
    worst = float(np.max(np.abs(run.change_pct[big] - eu))) if big.any() else 0.0
    alive = float(100.0 * (run.suppliers_alive[-1] / run.suppliers_alive[0] - 1.0))
    tag = f"null, scale {run.scale}, seed {run.seed}"
    return [
        Check(f"{tag}: EU jobs change (%)", eu, "within ±2", abs(eu) <= 2.0),
        Check(
            f"{tag}: largest gap of a region >= {CHECKED_REGION_JOBS:,} jobs to the EU change "
            f"(points, {int(big.sum())} regions)",
            worst,
            "at most 3",
            worst <= 3.0,
        ),
        Check(f"{tag}: suppliers alive change (%)", alive, "within ±5", abs(alive) <= 5.0),
    ]


def mean_change(runs: Sequence[RunSummary]) -> np.ndarray:
    """Per region: the change first -> last year averaged over runs (the same regions)."""
    return np.mean([r.change_pct for r in runs], axis=0)


def scale_checks(reference: Sequence[RunSummary], coarse: Sequence[RunSummary]) -> list[Check]:
    """A coarse scale against scale 1 on the same seeds: regional changes, EU jobs per year,
    start-year jobs per region."""
    k = coarse[0].scale
    big = reference[0].jobs[0] >= CHECKED_REGION_JOBS
    gap = np.abs(mean_change(coarse) - mean_change(reference))[big]
    if not gap.size:  # no region large enough to check
        gap = np.zeros(1)
    eu_ref = np.mean([r.jobs.sum(axis=1) for r in reference], axis=0)
    eu_k = np.mean([r.jobs.sum(axis=1) for r in coarse], axis=0)
    eu_gap = float(np.max(np.abs(eu_k / eu_ref - 1.0)) * 100.0)
    start_gap = float(
        np.max(
            [
                np.max(np.abs(c.start_jobs / np.maximum(r.start_jobs, 1e-9) - 1.0))
                for r, c in zip(reference, coarse, strict=True)
            ]
        )
        * 100.0
    )
    seeds = f"{len(coarse)} seeds"
    return [
        Check(
            f"scale {k} vs 1 ({seeds}): largest gap in a region's change (points)",
            float(gap.max()),
            "at most 2",
            float(gap.max()) <= 2.0,
        ),
        Check(
            f"scale {k} vs 1 ({seeds}): mean gap in the regions' change (points)",
            float(gap.mean()),
            "at most 1",
            float(gap.mean()) <= 1.0,
        ),
        Check(
            f"scale {k} vs 1 ({seeds}): largest gap in EU jobs in any year (%)",
            eu_gap,
            "at most 0.5",
            eu_gap <= 0.5,
        ),
        Check(
            f"scale {k} vs 1: largest gap in a region's start-year jobs as built (%)",
            start_gap,
            "at most 0.5",
            start_gap <= 0.5,
        ),
    ]


def seed_bands(runs: Sequence[RunSummary]) -> tuple[np.ndarray, np.ndarray]:
    """Per region: the 5th and 95th percentile of the change over the runs (seeds)."""
    changes = np.array([r.change_pct for r in runs])
    return np.percentile(changes, 5, axis=0), np.percentile(changes, 95, axis=0)


def spread_check(runs: Sequence[RunSummary]) -> Check:
    """The 90% band of the regions' change over seeds, for regions >= SPREAD_REGION_JOBS."""
    lo, hi = seed_bands(runs)
    big = runs[0].jobs[0] >= SPREAD_REGION_JOBS
    widest = float(np.max((hi - lo)[big])) if big.any() else 0.0
    return Check(
        f"scale {runs[0].scale}, {len(runs)} seeds: widest 90% band of a region >= "
        f"{SPREAD_REGION_JOBS:,} jobs (points, {int(big.sum())} regions)",
        widest,
        "at most 5",
        widest <= 5.0,
    )


def checks_record(checks: Sequence[Check], spread: Check) -> dict[str, dict[str, str]]:
    """The checks and the model-noise figure as JSON-ready text, written exactly as the
    printed table writes them (two decimals), for documents that quote them."""
    return {
        "checks": {c.name: f"{c.value:.2f}" for c in checks},
        "model_noise": {spread.name: f"{spread.value:.2f}"},
    }


#: A row of the printed table of checks: name, value, limit, PASS/FAIL.
CHECK_ROW = re.compile(r"^(?P<name>\S.*?)\s{2,}(?P<value>-?\d+\.\d\d)\s{2,}.*?\s(PASS|FAIL)$")
#: The printed model-noise line: name, value, target.
NOISE_ROW = re.compile(r"^(?P<name>.+: widest .+?): (?P<value>-?\d+\.\d\d), target ")


def parse_checks(text: str) -> dict[str, dict[str, str]]:
    """The record of `checks_record` read back from the printed output of
    experiments/checks/scale_invariance.py (as stored in docs/checks/scale_invariance.txt)."""
    out: dict[str, dict[str, str]] = {"checks": {}, "model_noise": {}}
    for line in text.splitlines():
        row = CHECK_ROW.match(line)
        if row:
            out["checks"][row.group("name")] = row.group("value")
        noise = NOISE_ROW.match(line)
        if noise:
            out["model_noise"][noise.group("name")] = noise.group("value")
    return out


def format_checks(checks: Sequence[Check], out: Callable[[str], None] = print) -> bool:
    """Print a table of checks; True when all passed."""
    width = max(len(c.name) for c in checks)
    out(f"{'check':<{width}}  {'value':>8}  {'limit':<12} result")
    for c in checks:
        out(f"{c.name:<{width}}  {c.value:8.2f}  {c.limit:<12} {'PASS' if c.passed else 'FAIL'}")
    return all(c.passed for c in checks)
