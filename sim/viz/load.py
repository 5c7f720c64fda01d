"""Read results folders for figures and reports, checking what the figures need.

A run folder (`autoregions run`) holds `manifest.json` and `regions.parquet`. A comparison folder
(`autoregions compare`) holds `manifest.json` (kind "comparison"), `comparison.parquet` and one
run folder per (scenario, seed) under `runs/`. A sweep folder (`autoregions sweep`) holds a
manifest naming its experiment and design, and one Parquet shard per finished run under `runs/`.
Every problem is raised as a one-line `ResultsError` naming what is missing or broken.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.io_safety import region_table_problem, settings_problem
from sim.outputs.columns import ALL_SPENDING, CONTRACT_COLUMNS
from sim.outputs.io import MANIFEST, REGIONS, ResultsError, read_run
from sim.outputs.tables import decimal_time
from sim.sweep.store import read_manifest

COMPARISON = "comparison.parquet"
#: Columns every figure and the report rely on.
REQUIRED_COLUMNS = CONTRACT_COLUMNS
#: Public spending columns added by the policy levers (EUR million per quarter), when present.
SPEND_COLUMNS = ALL_SPENDING
REQUIRED_MANIFEST_KEYS = ("scenario", "seed", "scenario_settings")
#: The regions table shipped with the project: a fallback when the run's own file is gone.
SHIPPED_REGIONS = Path(__file__).resolve().parents[2] / "scenarios" / "data" / "regions.csv"


@dataclass
class RegionInfo:
    """Names, countries and coordinates (degrees) of region codes; empty when unknown."""

    name: dict[str, str] = field(default_factory=dict)
    country: dict[str, str] = field(default_factory=dict)
    lat: dict[str, float] = field(default_factory=dict)
    lon: dict[str, float] = field(default_factory=dict)
    source: str | None = None

    def label(self, code: str) -> str:
        """'Stuttgart (DE11)' when the name is known, else the code."""
        name = self.name.get(code)
        return f"{name} ({code})" if name else code


@dataclass
class RunData:
    """One run's results: its folder, manifest, columns (numpy arrays) and region details."""

    folder: Path
    manifest: dict[str, Any]
    table: dict[str, np.ndarray]
    regions: RegionInfo

    @property
    def scenario(self) -> str:
        return str(self.manifest["scenario"])

    @property
    def seed(self) -> int | None:
        return self.manifest.get("seed")

    @property
    def settings(self) -> dict[str, Any]:
        return self.manifest.get("scenario_settings") or {}

    @property
    def region_codes(self) -> list[str]:
        """Region codes in the order of the table."""
        return list(dict.fromkeys(self.table["region"].tolist()))

    @property
    def time(self) -> np.ndarray:
        """Decimal time of each row: year + (quarter - 1) / 4."""
        return decimal_time(self.table["year"], self.table["quarter"])

    def has_spending(self) -> bool:
        return all(c in self.table for c in SPEND_COLUMNS)

    def series(self, column: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Quarterly times and, per region code, that column's values in time order."""
        t = self.time
        times = np.unique(t)
        out = {}
        regions = self.table["region"]
        for code in self.region_codes:
            mask = regions == code
            order = np.argsort(t[mask], kind="stable")
            out[code] = np.asarray(self.table[column][mask][order], dtype=float)
        return times, out

    def total(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Quarterly times and the column summed over regions."""
        times, per_region = self.series(column)
        return times, np.sum(list(per_region.values()), axis=0)


def folder_kind(folder: Path) -> str:
    """'run', 'comparison' or 'sweep' from the files present and the manifest's keys (no
    further check of their content)."""
    if (folder / COMPARISON).is_file():
        return "comparison"
    manifest = folder / MANIFEST
    if manifest.is_file() and not (folder / REGIONS).is_file():
        try:
            data = json.loads(manifest.read_text())
        except (OSError, ValueError):  # damaged: guess from the layout, the loader says why
            return "sweep" if (folder / "runs").is_dir() else "run"
        if isinstance(data, dict) and data.get("kind") == "comparison":
            return "comparison"
        if isinstance(data, dict) and ("experiment" in data or "design" in data):
            return "sweep"
    return "run"


def read_region_info(settings: dict[str, Any]) -> RegionInfo:
    """Region names and coordinates from the run's regions file, else the shipped one."""
    named = (settings.get("regions") or {}).get("file")
    for path in (Path(named) if named else None, SHIPPED_REGIONS):
        if path is None or not path.is_file():
            continue
        info = RegionInfo(source=str(path))
        try:
            with path.open(newline="", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    code = (row.get("code") or "").strip()
                    if not code:
                        continue
                    info.name[code] = (row.get("name") or "").strip()
                    info.country[code] = (row.get("country") or "").strip()
                    try:
                        info.lat[code] = float(row["lat"])
                        info.lon[code] = float(row["lon"])
                    except (KeyError, TypeError, ValueError):
                        pass
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
        return info
    return RegionInfo()


def _check(folder: Path, manifest: Any, columns: dict[str, np.ndarray]) -> None:
    if not isinstance(manifest, dict):
        raise ResultsError(f"{folder / MANIFEST}: damaged (not a JSON object)")
    for key in REQUIRED_MANIFEST_KEYS:
        if key not in manifest:
            raise ResultsError(f"{folder / MANIFEST}: damaged (key '{key}' is missing)")
    scale = manifest.get("scale", 1)
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
        raise ResultsError(f"{folder / MANIFEST}: damaged ('scale' is not a whole number >= 1)")
    problem = settings_problem(manifest["scenario_settings"])
    if problem is not None:
        raise ResultsError(f"{folder / MANIFEST}: damaged ({problem})")
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            raise ResultsError(f"{folder / REGIONS}: damaged (column '{name}' is missing)")
    if len(columns["year"]) == 0:
        raise ResultsError(f"{folder / REGIONS}: damaged (no rows)")
    problem = region_table_problem(columns)
    if problem is not None:
        raise ResultsError(f"{folder / REGIONS}: damaged ({problem})")
    for name in REQUIRED_COLUMNS[3:]:
        values = columns[name]
        if values.dtype.kind not in "iuf" or not np.all(np.isfinite(values)):
            raise ResultsError(
                f"{folder / REGIONS}: damaged (column '{name}' has non-numeric or missing values)"
            )


def load_run(folder: str | Path) -> RunData:
    """A run folder's results; ResultsError (one line) when it is not one or is damaged."""
    folder = Path(folder)
    kind = folder_kind(folder) if folder.is_dir() else "run"
    if kind != "run":
        raise ResultsError(
            f"{folder}: a {kind} folder, not a run folder (give it on its own to "
            "'autoregions report')"
        )
    manifest, arrow = read_run(folder)
    try:
        columns = {
            name: np.asarray(arrow.column(name).to_numpy(zero_copy_only=False))
            for name in arrow.column_names
        }
    except Exception as exc:  # pyarrow raises several types for bad column data
        raise ResultsError(f"{folder / REGIONS}: damaged ({exc})") from None
    _check(folder, manifest, columns)
    columns["region"] = columns["region"].astype(str).astype(object)
    return RunData(folder, manifest, columns, read_region_info(manifest["scenario_settings"]))


def load_runs(folders: list[str | Path]) -> list[RunData]:
    """Several runs of one scenario (for fan charts across seeds); refuses a mix of scenarios
    or the same seed twice."""
    runs = [load_run(f) for f in folders]
    first = runs[0]
    for run in runs[1:]:
        a, b = first.manifest.get("scenario_hash"), run.manifest.get("scenario_hash")
        if run.scenario != first.scenario:
            what = f"scenario '{run.scenario}' differs from '{first.scenario}' in {first.folder}"
        elif a and b and a != b:
            what = f"settings of scenario '{run.scenario}' differ from those in {first.folder}"
        else:
            continue
        raise ResultsError(
            f"{run.folder}: {what} (give runs of one scenario with the same settings; "
            "scenarios are compared with 'autoregions compare')"
        )
    seen: dict[Any, Path] = {}
    for run in runs:
        if run.seed in seen:
            raise ResultsError(
                f"{run.folder}: seed {run.seed} is also in {seen[run.seed]} (give distinct seeds)"
            )
        seen[run.seed] = run.folder
    return runs


#: Columns of `comparison.parquet` the comparison report relies on (numbers, except the
#: scenario name and the comma-separated region lists).
COMPARISON_COLUMNS = (
    "scenario", "seed", "jobs_start", "jobs_milestone", "jobs_end", "jobs_preserved",
    "va_preserved_eur_m", "job_years_preserved", "unemployment_years_avoided",
    "lever_spending_eur_m", "net_public_cost_eur_m", "disparity_cv", "left_behind_10",
    "left_behind_20", "milestone_year",
)  # fmt: skip
TEXT_COLUMNS = ("scenario", "left_behind_10", "left_behind_20")


@dataclass
class ComparisonData:
    """A comparison folder: its manifest, the per-(scenario, seed) table and every run."""

    folder: Path
    manifest: dict[str, Any]
    table: dict[str, np.ndarray]
    runs: dict[str, list[RunData]]

    @property
    def base(self) -> str:
        return str(self.manifest["base"])

    @property
    def scenarios(self) -> list[str]:
        return [str(s) for s in self.manifest["scenarios"]]

    @property
    def seeds(self) -> list[int]:
        return [int(s) for s in self.manifest["seeds"]]

    @property
    def milestone(self) -> int:
        return int(self.table["milestone_year"][0])

    def rows(self, scenario: str) -> np.ndarray:
        """Boolean mask of the table rows of one scenario."""
        return self.table["scenario"] == scenario

    def values(self, scenario: str, column: str) -> np.ndarray:
        """One scenario's values of a numeric column, one per seed."""
        return self.table[column][self.rows(scenario)].astype(float)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ResultsError(f"{path}: damaged ({str(exc).splitlines()[0][:120]})") from None


def load_comparison(folder: str | Path) -> ComparisonData:
    """A comparison folder written by `autoregions compare`; ResultsError (one line) when a
    file is missing or damaged."""

    folder = Path(folder)
    for name in (MANIFEST, COMPARISON):
        if not (folder / name).is_file():
            raise ResultsError(f"{folder}: not a comparison folder ({name} is missing)")
    manifest = _read_json(folder / MANIFEST)
    where = folder / MANIFEST
    if not isinstance(manifest, dict):
        raise ResultsError(f"{where}: damaged (not a JSON object)")
    for key in ("base", "scenarios", "seeds"):
        if key not in manifest:
            raise ResultsError(f"{where}: damaged (key '{key}' is missing)")
    scenarios, seeds = manifest["scenarios"], manifest["seeds"]
    if not (
        isinstance(scenarios, list) and scenarios and all(isinstance(s, str) for s in scenarios)
    ):
        raise ResultsError(f"{where}: damaged ('scenarios' is not a list of names)")
    if not (isinstance(seeds, list) and seeds and all(isinstance(s, int) for s in seeds)):
        raise ResultsError(f"{where}: damaged ('seeds' is not a list of whole numbers)")
    scale = manifest.get("scale", 1)
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
        raise ResultsError(f"{where}: damaged ('scale' is not a whole number >= 1)")
    if manifest["base"] not in scenarios:
        raise ResultsError(f"{where}: damaged (base '{manifest['base']}' is not in 'scenarios')")
    try:
        arrow = pq.read_table(folder / COMPARISON)
        table = {
            name: np.asarray(arrow.column(name).to_numpy(zero_copy_only=False))
            for name in arrow.column_names
        }
    except (OSError, pa.ArrowException) as exc:
        first = str(exc).splitlines()[0].split(". ")[0][:160] if str(exc) else type(exc).__name__
        raise ResultsError(f"{folder / COMPARISON}: damaged ({first})") from None
    for name in COMPARISON_COLUMNS:
        if name not in table:
            raise ResultsError(f"{folder / COMPARISON}: damaged (column '{name}' is missing)")
        if name not in TEXT_COLUMNS and table[name].dtype.kind not in "iuf":
            raise ResultsError(f"{folder / COMPARISON}: damaged (column '{name}' is not numeric)")
    for name in TEXT_COLUMNS:
        table[name] = np.array(["" if v is None else str(v) for v in table[name]], dtype=object)
    if not np.all(np.isfinite(table["seed"].astype(float))):
        raise ResultsError(f"{folder / COMPARISON}: damaged (column 'seed' has missing values)")
    for scenario in scenarios:
        got = sorted(int(s) for s in table["seed"][table["scenario"] == scenario])
        if got != sorted(seeds):
            raise ResultsError(
                f"{folder / COMPARISON}: damaged (scenario '{scenario}' has rows for "
                f"{len(got)} of the {len(seeds)} seeds in {MANIFEST})"
            )
    runs: dict[str, list[RunData]] = {}
    for scenario in scenarios:
        runs[scenario] = []
        for seed in seeds:
            sub = folder / "runs" / f"{scenario}-seed{seed}"
            if not sub.is_dir():
                raise ResultsError(f"{folder}: damaged comparison (run folder {sub} is missing)")
            runs[scenario].append(load_run(sub))
    milestone = table["milestone_year"]
    years = set(runs[scenarios[0]][0].table["year"].tolist())
    if not (np.all(np.isfinite(milestone)) and len(set(milestone.tolist())) == 1) or (
        float(milestone[0]) not in years
    ):
        raise ResultsError(
            f"{folder / COMPARISON}: damaged (column 'milestone_year' is not one simulated year)"
        )
    return ComparisonData(folder, manifest, table, runs)


#: Manifest keys of a sweep folder that the sweep report reads.
SWEEP_MANIFEST_KEYS = ("experiment", "design", "outcomes", "replicates", "runs_total")
SWEEP_DESIGN_KEYS = ("kind", "keys", "kinds", "points")


@dataclass
class SweepData:
    """A sweep folder: its manifest and its analysis (computed in memory from the runs)."""

    folder: Path
    manifest: dict[str, Any]
    analysis: Any  # sim.sweep.analysis.Analysis
    runs: Any  # pandas DataFrame, one row per finished run

    @property
    def name(self) -> str:
        return str(self.manifest["experiment"])

    @property
    def design(self) -> dict[str, Any]:
        return self.manifest["design"]

    @property
    def outcomes(self) -> list[str]:
        return [str(o["name"]) for o in self.manifest["outcomes"]]


def load_sweep(folder: str | Path) -> SweepData:
    """A sweep folder written by `autoregions sweep`, analysed in memory (nothing is written);
    ResultsError (one line) when it is not one, is damaged or has no finished run."""
    # lazy: pandas loads only for sweep folders
    from sim.sweep.analysis import analyze, load_runs
    from sim.sweep.integrity import check_sweep_manifest, missing_points

    folder = Path(folder)
    manifest = read_manifest(folder)
    check_sweep_manifest(folder, manifest)
    where = folder / MANIFEST
    for key in SWEEP_MANIFEST_KEYS:
        if key not in manifest:
            raise ResultsError(f"{where}: damaged (key '{key}' is missing)")
    design = manifest["design"]
    if not isinstance(design, dict) or any(k not in design for k in SWEEP_DESIGN_KEYS):
        raise ResultsError(f"{where}: damaged ('design' lacks kind, keys, kinds or points)")
    outcomes = manifest["outcomes"]
    if not isinstance(outcomes, list) or not all(
        isinstance(o, dict) and "name" in o for o in outcomes
    ):
        raise ResultsError(f"{where}: damaged ('outcomes' is not a list of named outcomes)")
    runs = load_runs(folder)
    if runs.empty:
        raise ResultsError(f"{folder}: no finished runs in {folder / 'runs'} (run the sweep first)")
    missing = [
        c
        for c in ("point_id", "replicate", *design["keys"], *(o["name"] for o in outcomes))
        if c not in runs
    ]
    if missing:
        raise ResultsError(f"{folder / 'runs'}: damaged (column '{missing[0]}' is missing)")
    gaps = missing_points(runs, len(design["points"]))
    if gaps:
        names = ", ".join(f"p{p:06d}" for p in gaps[:3]) + (", ..." if len(gaps) > 3 else "")
        raise ResultsError(
            f"{folder}: {len(gaps)} of {len(design['points'])} design points have no finished "
            f"run ({names}); rerun 'autoregions sweep' on the experiment to finish it"
        )
    try:
        analysis = analyze(folder, write=False)
    except ResultsError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, RuntimeError) as exc:
        raise ResultsError(
            f"{folder}: damaged sweep, the analysis failed ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:100] if str(exc) else '-'})"
        ) from None
    return SweepData(folder, manifest, analysis, runs)


def fmt_number(value: float) -> str:
    """A readable count: thousands separators, no decimals; '-' for NaN."""
    return "-" if math.isnan(value) else f"{value:,.0f}"
