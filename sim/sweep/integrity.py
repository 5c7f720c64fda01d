"""Checks of experiment files and sweep folders that the schema cannot make.

Experiment files (run by `load_experiment`, so before any run):

- outcome names and parameter keys must not be the names of columns every run record has
  (`RESERVED`), nor each other's;
- design sizes: a Sobol design needs at least `MIN_SOBOL_SAMPLES` base samples and a Latin
  hypercube at least one point more than it has parameters (refused); a hypercube with fewer
  than `LHS_POINTS_PER_PARAMETER` points per parameter is warned about (`design_warnings`);
- outcome years must lie inside every run's years, also when the design varies
  `time.start_year` or `time.end_year`.

Sweep folders (read by `analyze`, `report`): `read_sweep` checks the manifest's keys, that
`runs/` holds only shards named p<point>-r<replicate>.parquet of this design, that each
shard holds exactly the run its name says (one row, same point id and replicate), and that
parameter and outcome columns are there and numeric where they must be. Every problem is one
line (`ResultsError`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import ExperimentError, ResultsError
from sim.scenario import load_scenario

#: Columns of every run record (runs/*.parquet and the analysis tables): an outcome or a
#: parameter with one of these names would overwrite them.
RESERVED = frozenset(
    {
        "point_id",
        "replicate",
        "seed",
        "sim_s",
        "scenario",
        "scale",
        "year",
        "quarter",
        "region",
        "outcome",
        "parameter",
        "n",
        "mean",
        "std",
        "ci_low",
        "ci_high",
        "S1",
        "S1_conf",
        "ST",
        "ST_conf",
    }
)
#: Fewest Sobol base samples accepted. SALib's confidence intervals bootstrap the base samples:
#: with one base sample every resample is the same, the interval is 0 whatever the error, and
#: an index far outside [0, 1] (issue 14: S1 = -8.1 with samples = 1) is shown as exact; with
#: two, the resamples are one of three sets. 4 is the next power of 2 (Sobol designs must be
#: powers of 2). Assumption: a floor, not a recommendation; `analyze` flags indices that are
#: impossible within their interval, the sign that a design is too small.
MIN_SOBOL_SAMPLES = 4
#: Latin hypercube: warn below 10 points per parameter, the rule of thumb of Loeppky, Sacks
#: and Welch, "Choosing the sample size of a computer experiment: a practical guide",
#: Technometrics 51(4), 2009. Fewer points than parameters + 1 cannot separate even linear
#: effects of the parameters, so that is refused.
LHS_POINTS_PER_PARAMETER = 10
#: Sweeps with more runs than this start only with `autoregions sweep --yes`.
CONFIRM_RUNS = 10_000


def _fail(path: Path, message: str) -> None:
    raise ExperimentError(f"{path}: {message}")


def check_names(path: Path, outcomes: list[str], keys: list[str]) -> None:
    """Refuse outcome names or parameter keys that collide with run-record columns."""
    for i, key in enumerate(keys):
        if key in RESERVED:
            _fail(
                path,
                f"key 'parameters[{i}].key' = \"{key}\": a reserved run-record column; vary "
                "the seed with design.replicates, not as a parameter",
            )
    for i, name in enumerate(outcomes):
        if name in RESERVED:
            _fail(
                path,
                f"key 'outcomes[{i}].name' = \"{name}\": reserved for the run records (not "
                f"allowed: {', '.join(sorted(RESERVED))})",
            )
        if name in keys:
            _fail(
                path,
                f"key 'outcomes[{i}].name' = \"{name}\": also a parameter key; give the "
                "outcome another name",
            )


def check_design_size(path: Path, kind: str, samples: int | None, n_params: int) -> None:
    """Refuse Sobol and Latin hypercube designs too small to give any sound answer."""
    if kind == "sobol" and samples is not None and samples < MIN_SOBOL_SAMPLES:
        _fail(
            path,
            f"key 'design.samples' = {samples}: a Sobol design needs at least "
            f"{MIN_SOBOL_SAMPLES} base samples (with fewer, SALib's bootstrap intervals "
            "cannot show how uncertain the indices are)",
        )
    if kind == "lhs" and samples is not None and samples < n_params + 1:
        _fail(
            path,
            f"key 'design.samples' = {samples}: a Latin hypercube over {n_params} "
            f"parameter(s) needs at least {n_params + 1} points to separate their effects",
        )


def design_warnings(kind: str, samples: int | None, n_params: int, runs: int) -> list[str]:
    """Warnings (not refusals) about a design's size."""
    out = []
    if kind == "lhs" and samples is not None and samples < LHS_POINTS_PER_PARAMETER * n_params:
        out.append(
            f"warning: design.samples = {samples}: fewer than {LHS_POINTS_PER_PARAMETER} "
            f"points per parameter ({LHS_POINTS_PER_PARAMETER * n_params} for {n_params}); "
            "effects may be confounded (Loeppky, Sacks and Welch 2009)"
        )
    if runs > CONFIRM_RUNS:
        out.append(f"warning: {runs:,} runs (more than {CONFIRM_RUNS:,})")
    return out


def _span(params: Any, key: str, base: int, pick: Any) -> int:
    """The most restrictive value of `key` over the design (min or max), or the base value."""
    for p in params:
        if p.key == key:
            values = list(p.values) if p.values is not None else [p.low, p.high]
            return int(pick(int(v) for v in values))
    return base


def check_outcome_years(path: Path, outcomes: list[Any], params: Any, scenario: Any) -> None:
    """Refuse outcome years outside some run's years when the design varies the years."""
    last_start = _span(params, "time.start_year", scenario.time.start_year, max)
    first_end = _span(params, "time.end_year", scenario.time.end_year, min)
    for i, o in enumerate(outcomes):
        for label, year in (("year", o.year), *(("years", y) for y in o.years or ())):
            if year is not None and not last_start <= year <= first_end:
                _fail(
                    path,
                    f"key 'outcomes[{i}].{label}' = {year}: outside the years some runs "
                    f"simulate ({last_start}-{first_end} is in every run)",
                )


JOB_SCALE = "regions.job_scale"


def smallest_job_scale(exp: Any) -> float | None:
    """The smallest `regions.job_scale` of the design when the experiment sets or varies it
    (None when it keeps the base scenario's, which `autoregions check` has accepted)."""
    values = []
    if JOB_SCALE in exp.spec.overrides:
        values.append(float(exp.spec.overrides[JOB_SCALE]))
    for p in exp.parameters:
        if p.key == JOB_SCALE:
            values += [float(v) for v in p.values] if p.values is not None else [float(p.low)]
    return min(values) if values else None


def check_economy(exp: Any) -> None:
    """Refuse an experiment whose smallest `regions.job_scale` leaves no automotive job after
    the first quarter, so that every jobs outcome of those runs would be 0: one quarter of the
    base scenario at that job_scale is simulated to see (milliseconds at such a size)."""
    js = smallest_job_scale(exp)
    if js is None:
        return
    # lazy: the model loads mesa and numba, needed only for this one quarter
    from sim.model import TransitionModel

    spec = load_scenario(exp.base, {**exp.spec.overrides, JOB_SCALE: js})
    model = TransitionModel(scenario=spec, seed=exp.spec.design.seed, scale=exp.spec.scale)
    model.step()
    jobs = float(model.region_table()["jobs_total"].sum())
    if jobs <= 0:
        _fail(
            exp.path,
            f"key '{JOB_SCALE}' = {js:g} (the smallest in this experiment) leaves no "
            "automotive job after the first quarter, so every jobs outcome would be 0; use a "
            "larger job_scale",
        )


# ---------------------------------------------------------------------- sweep folders
SWEEP_MANIFEST_KEYS = (
    "experiment",
    "design",
    "outcomes",
    "replicates",
    "runs_total",
    "master_seed",
)
DESIGN_KEYS = {"grid": ("base_values",), "sobol": ("problem", "second_order"), "lhs": ()}


def check_sweep_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Refuse a sweep manifest without what `analyze` and `report` read."""
    where = folder / "manifest.json"
    for key in SWEEP_MANIFEST_KEYS:
        if key not in manifest:
            raise ResultsError(f"{where}: damaged (key '{key}' is missing)")
    design = manifest["design"]
    if not isinstance(design, dict):
        raise ResultsError(f"{where}: damaged ('design' is not a table)")
    kind = design.get("kind")
    if not isinstance(kind, str) or kind not in DESIGN_KEYS:
        raise ResultsError(f"{where}: damaged (design kind {kind!r} is not grid, lhs or sobol)")
    for key in ("keys", "kinds", "points", *DESIGN_KEYS[kind]):
        if key not in design:
            raise ResultsError(f"{where}: damaged (key 'design.{key}' is missing)")
    keys, kinds, points = design["keys"], design["kinds"], design["points"]
    if not (isinstance(keys, list) and keys and all(isinstance(k, str) for k in keys)):
        raise ResultsError(f"{where}: damaged ('design.keys' is not a list of names)")
    if not (
        isinstance(kinds, list)
        and len(kinds) == len(keys)
        and all(k in ("uncertainty", "lever") for k in kinds)
    ):
        raise ResultsError(
            f"{where}: damaged ('design.kinds' is not one 'uncertainty' or 'lever' per key)"
        )
    if not (
        isinstance(points, list)
        and points
        and all(isinstance(p, dict) and all(k in p for k in keys) for p in points)
    ):
        raise ResultsError(f"{where}: damaged ('design.points' is not a list of points)")
    scalar = (str, int, float, bool, type(None))
    if "base_values" in design and not isinstance(design["base_values"], dict):
        raise ResultsError(f"{where}: damaged ('design.base_values' is not a table)")
    if kind == "grid":
        base = design["base_values"]
        if not (isinstance(base, dict) and all(isinstance(base.get(k, []), scalar) for k in keys)):
            raise ResultsError(
                f"{where}: damaged ('design.base_values' lacks a value for every key)"
            )
    if kind == "sobol":
        problem = design["problem"]
        if not (
            isinstance(problem, dict)
            and problem.get("names") == keys
            and isinstance(problem.get("bounds"), list)
            and len(problem["bounds"]) == len(keys)
            and isinstance(design["second_order"], bool)
        ):
            raise ResultsError(f"{where}: damaged ('design.problem' does not match the keys)")
    outcomes = manifest["outcomes"]
    if not (
        isinstance(outcomes, list)
        and outcomes
        and all(isinstance(o, dict) and isinstance(o.get("name"), str) for o in outcomes)
    ):
        raise ResultsError(f"{where}: damaged ('outcomes' is not a list of named outcomes)")
    names = [o["name"] for o in outcomes]
    analysis = manifest.get("analysis", {})
    if not isinstance(analysis, dict) or any(
        analysis.get(k) is not None and analysis.get(k) not in names for k in ("jobs", "cost")
    ):
        raise ResultsError(f"{where}: damaged ('analysis' does not name outcomes)")
    for key in ("replicates", "runs_total", "master_seed"):
        value = manifest[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ResultsError(f"{where}: damaged ('{key}' is not a whole number)")
    if manifest["replicates"] < 1:
        raise ResultsError(f"{where}: damaged ('replicates' is below 1)")


def read_sweep_runs(folder: Path, manifest: dict[str, Any]) -> Any:
    """Every finished run of a sweep folder as a DataFrame, each shard checked against its
    file name and the manifest; a one-line ResultsError for a stray, foreign or damaged file."""
    # lazy: pandas and pyarrow (also loaded by sim.sweep.store) only when a folder is read
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sim.sweep.store import RUNS, parse_shard_name

    runs_dir = folder / RUNS
    if not runs_dir.is_dir():
        return pd.DataFrame()
    design = manifest["design"]
    n_points, reps = len(design["points"]), int(manifest["replicates"])
    keys = list(design["keys"])
    outcomes = [str(o["name"]) for o in manifest["outcomes"]]
    tables = []
    for path in sorted(runs_dir.iterdir()):
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            continue  # a write in progress or interrupted; the sweep removes it
        rel = f"{RUNS}/{path.name}"
        key = parse_shard_name(path.stem) if path.suffix == ".parquet" else None
        if key is None or not path.is_file():
            raise ResultsError(
                f"{folder}: {rel} is not a run shard (runs/ holds only files named "
                "p<point>-r<replicate>.parquet); move it out of runs/"
            )
        if not (0 <= key[0] < n_points and 0 <= key[1] < reps):
            raise ResultsError(
                f"{folder}: {rel} is not a run of this design ({n_points} points x {reps} "
                "replicates); move it out of runs/"
            )
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException):
            raise ResultsError(
                f"{folder}: {rel} is damaged (not a readable Parquet file); rerun the sweep to "
                "repair it"
            ) from None
        problem = _shard_problem(table, key, keys, outcomes)
        if problem is not None:
            raise ResultsError(f"{folder}: {rel} {problem}")
        tables.append(table)
    if not tables:
        return pd.DataFrame()
    try:
        whole = pa.concat_tables(tables, promote_options="default")
    except pa.ArrowException as exc:
        raise ResultsError(
            f"{folder}: the run shards in {RUNS}/ do not share one set of columns "
            f"({str(exc).splitlines()[0][:80]})"
        ) from None
    frame = whole.to_pandas()
    return frame.sort_values(["point_id", "replicate"]).reset_index(drop=True)


def _shard_problem(table: Any, key: tuple[int, int], keys: list[str], outcomes: list[str]):
    """Why a run shard does not hold the run its file name says, or None."""
    # lazy: pyarrow only when a folder is read
    import pyarrow.types as pt

    names = table.column_names
    for column in ("point_id", "replicate", *keys, *outcomes):
        if column not in names:
            return f"is damaged (column '{column}' is missing)"
    if table.num_rows != 1:
        return f"is damaged (holds {table.num_rows} rows; a run shard holds 1)"
    for column in ("point_id", "replicate", *outcomes):
        kind = table.schema.field(column).type
        if not (pt.is_integer(kind) or pt.is_floating(kind)):
            return f"is damaged (column '{column}' is {kind}, expected numbers)"
    got = (table.column("point_id")[0].as_py(), table.column("replicate")[0].as_py())
    if got != key:
        return (
            f"holds the run of point {got[0]}, replicate {got[1]} (a copy of another shard?); "
            "delete it and rerun the sweep"
        )
    return None


def missing_points(runs: Any, n_points: int) -> list[int]:
    """Design points with no finished run."""
    have = set() if runs.empty else {int(p) for p in runs["point_id"]}
    return [p for p in range(n_points) if p not in have]


def impossible_indices(sobol: Any) -> list[str]:
    """Sobol indices outside [0, 1] by more than their confidence half-width (or with no
    interval): signs of a design too small for the model's noise."""
    bad = []
    for _, row in sobol.iterrows():
        for col in ("S1", "ST"):
            value, half = float(row[col]), float(row[f"{col}_conf"])
            if not math.isfinite(value) or not math.isfinite(half):
                bad.append(f"{row['parameter']} {col} (no interval) for '{row['outcome']}'")
            elif value + half < 0 or value - half > 1:
                bad.append(f"{row['parameter']} {col} = {value:.3g} for '{row['outcome']}'")
    return bad


def constant_outcomes(runs: Any, outcomes: list[str]) -> list[str]:
    """Notes on outcomes that are zero or missing (NaN) in every finished run."""
    notes = []
    for name in outcomes:
        values = runs[name].to_numpy(dtype=float)
        if np.all(np.isnan(values)):
            notes.append(
                f"outcome '{name}' is missing (NaN) in every run: its column is absent or its "
                "years are outside the runs"
            )
        elif np.all(values[~np.isnan(values)] == 0):
            notes.append(
                f"outcome '{name}' is 0 in every run: check the experiment's scale, job_scale "
                "and column"
            )
    return notes


__all__ = [
    "CONFIRM_RUNS",
    "LHS_POINTS_PER_PARAMETER",
    "MIN_SOBOL_SAMPLES",
    "RESERVED",
    "check_design_size",
    "check_economy",
    "check_names",
    "check_outcome_years",
    "check_sweep_manifest",
    "constant_outcomes",
    "design_warnings",
    "impossible_indices",
    "missing_points",
    "read_sweep_runs",
]
