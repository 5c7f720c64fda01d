"""What produced a results folder, beyond the scenario: command line, dependencies, git state.

Every manifest autoregions writes (run, comparison, sweep) carries `provenance()`. Run tables
(`regions.parquet`) carry `scenario`, `seed` and `scale` columns and each column's unit in its
Parquet field metadata (`annotate_run_table`), so a table copied out of its folder still says
what it is.
"""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

#: The command line of this process, set by `sim.cli.main` (None when used from Python).
COMMAND_LINE: list[str] | None = None
#: Distributions whose versions can change results or their files.
DEPENDENCIES = (
    "numpy",
    "numba",
    "mesa",
    "scipy",
    "networkx",
    "pydantic",
    "pyarrow",
    "pandas",
    "SALib",
    "matplotlib",
)
#: Unit of each column of regions.parquet (docs/outputs.md, section 2.1), stored as the
#: field metadata key b"unit".
UNITS: dict[str, str] = {
    "year": "year",
    "quarter": "1-4",
    "region": "-",
    "jobs_total": "persons",
    "jobs_oem": "persons",
    "jobs_supplier_ice": "persons",
    "jobs_supplier_ev": "persons",
    "jobs_supplier_agnostic": "persons",
    "unemployed": "persons",
    "retraining": "persons",
    "value_added": "EUR million per quarter",
    "va_oem": "EUR million per quarter",
    "va_supplier_ice": "EUR million per quarter",
    "va_supplier_ev": "EUR million per quarter",
    "va_supplier_agnostic": "EUR million per quarter",
    "vehicles_ice": "vehicles per quarter",
    "vehicles_bev": "vehicles per quarter",
    "suppliers_alive": "establishments",
    "spend_aid": "EUR million per quarter",
    "spend_procurement": "EUR million per quarter",
    "spend_reskilling": "EUR million per quarter",
    "spend_benefits": "EUR million per quarter",
    "fund_allocation": "EUR million per quarter",
    "enrolled": "persons per quarter",
    "retrained": "persons per quarter",
    "firms_aided": "establishments per quarter",
    "clawbacks": "establishments per quarter",
    "moved_in": "persons per quarter",
    "scenario": "-",
    "seed": "-",
    "scale": "real workers per worker agent (at most)",
}
#: Columns added to every written run table, after the model's columns.
RUN_COLUMNS = ("scenario", "seed", "scale")


def dependency_versions() -> dict[str, str | None]:
    """Installed version of each dependency (None if it is not installed)."""
    out: dict[str, str | None] = {}
    for name in DEPENDENCIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _git(*args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def git_dirty() -> bool | None:
    """True when the package checkout has uncommitted changes to tracked files; None outside
    git."""
    out = _git("status", "--porcelain", "--untracked-files=no")
    if out is None or out.returncode != 0:
        return None
    return bool(out.stdout.strip())


def provenance() -> dict[str, Any]:
    """Manifest keys: command_line, dependencies, git_dirty, platform."""
    return {
        "command_line": COMMAND_LINE,
        "dependencies": dependency_versions(),
        "git_dirty": git_dirty(),
        "platform": platform.platform(),
    }


def annotate_run_table(
    table: dict[str, np.ndarray], scenario: str, seed: int | None, scale: int
) -> Any:
    """A run's columns as a pyarrow Table with `scenario`, `seed` and `scale` columns added and
    each column's unit in its field metadata."""
    # lazy: pyarrow loads only when a run table is written
    import pyarrow as pa

    arrow = pa.table(
        {
            name: pa.array(v.tolist() if v.dtype == object else v)
            for name, v in ((n, np.asarray(c)) for n, c in table.items())
        }
    )
    n = arrow.num_rows
    arrow = arrow.append_column("scenario", pa.array([scenario] * n, pa.string()))
    arrow = arrow.append_column("seed", pa.array([seed] * n, pa.int64()))
    arrow = arrow.append_column("scale", pa.array([scale] * n, pa.int32()))
    fields = [
        f.with_metadata({"unit": UNITS[f.name]}) if f.name in UNITS else f for f in arrow.schema
    ]
    return arrow.cast(pa.schema(fields, metadata=arrow.schema.metadata))


__all__ = [
    "COMMAND_LINE",
    "RUN_COLUMNS",
    "UNITS",
    "annotate_run_table",
    "dependency_versions",
    "git_dirty",
    "provenance",
]
