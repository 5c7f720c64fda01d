"""Read results folders for figures and reports, checking what the figures need.

A run folder (`autoregions run`) holds `manifest.json` and `regions.parquet`. Comparison folders
(`comparison.parquet`) and sweep folders (a manifest naming an experiment) are recognised and
refused with a one-line "not yet supported" message until their formats exist.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.results import MANIFEST, REGIONS, ResultsError, read_run

#: Columns every figure and the report rely on.
REQUIRED_COLUMNS = (
    "year",
    "quarter",
    "region",
    "jobs_total",
    "jobs_oem",
    "jobs_supplier_ice",
    "jobs_supplier_ev",
    "jobs_supplier_agnostic",
    "unemployed",
    "value_added",
)
#: Public spending columns added by the policy levers (EUR million per quarter), when present.
SPEND_COLUMNS = ("spend_aid", "spend_procurement", "spend_reskilling", "spend_benefits")
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
        return self.table["year"] + (self.table["quarter"] - 1) / 4.0

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
    """'run', 'comparison' or 'sweep' from the files present (no check of their content)."""
    if (folder / "comparison.parquet").is_file():
        return "comparison"
    manifest = folder / MANIFEST
    if manifest.is_file() and not (folder / REGIONS).is_file():
        try:
            import json

            data = json.loads(manifest.read_text())
        except (OSError, ValueError):
            return "run"
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
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            raise ResultsError(f"{folder / REGIONS}: damaged (column '{name}' is missing)")
    if len(columns["year"]) == 0:
        raise ResultsError(f"{folder / REGIONS}: damaged (no rows)")
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
            f"{folder}: {kind} folders are not yet supported by this command "
            f"(give a run folder written by 'autoregions run')"
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


def fmt_number(value: float) -> str:
    """A readable count: thousands separators, no decimals; '-' for NaN."""
    return "-" if math.isnan(value) else f"{value:,.0f}"
