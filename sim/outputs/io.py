"""Write and read run results: regions.parquet and manifest.json, published atomically."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:
    from sim.single_run import RunResult
from sim import __version__
from sim.errors import ResultsError, ScenarioError
from sim.scenario import scenario_hash

MANIFEST = "manifest.json"
REGIONS = "regions.parquet"


def _git_commit() -> str | None:
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def manifest_for(result: RunResult) -> dict[str, Any]:
    """What made these results: scenario (settings and hash), seed, scale, versions, timings."""

    spec = result.scenario
    return {
        "scenario": spec.name,
        "scenario_files": spec.sources,
        "scenario_overrides": spec.overrides,
        "scenario_settings": spec.model_dump(mode="json"),
        "scenario_hash": scenario_hash(spec),
        "seed": result.seed,
        "scale": result.scale,
        "package_version": __version__,
        "git_commit": _git_commit(),
        "python": platform.python_version(),
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "timings_s": result.timings,
        "agent_counts": result.agent_counts,
        "columns": list(result.table),
    }


def to_arrow(table: dict[str, np.ndarray]) -> pa.Table:
    """A pyarrow Table from numpy columns (object columns become strings)."""
    cols = {}
    for name, values in table.items():
        values = np.asarray(values)
        cols[name] = pa.array(values.tolist() if values.dtype == object else values)
    return pa.table(cols)


def write_folder(
    out: str | Path,
    tables: dict[str, dict[str, np.ndarray]],
    manifest: dict[str, Any],
    *,
    force: bool = False,
    subfolders: dict[str, tuple[dict[str, dict[str, np.ndarray]], dict[str, Any]]] | None = None,
    texts: dict[str, str] | None = None,
) -> Path:
    """Write Parquet tables (file name -> columns), a manifest, optional text files and optional
    subfolders (each with its own tables and manifest) into folder `out`, all or nothing.

    Files go to a temporary folder beside `out` that is renamed into place at the end, so an
    interrupted write leaves no partial folder. An existing `out` is kept unless `force`.
    """
    out = Path(out)
    if out.exists() and not force:
        raise ResultsError(f"{out}: results folder already exists (use --force to replace it)")
    if out.exists() and not out.is_dir():
        raise ResultsError(f"{out}: exists and is not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        _write_into(tmp, tables, manifest)
        for name, text in (texts or {}).items():
            (tmp / name).write_text(text)
        for name, (sub_tables, sub_manifest) in (subfolders or {}).items():
            (tmp / name).mkdir(parents=True)
            _write_into(tmp / name, sub_tables, sub_manifest)
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _write_into(folder: Path, tables: dict[str, dict[str, np.ndarray]], manifest: dict) -> None:
    for name, table in tables.items():
        pq.write_table(to_arrow(table), folder / name)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, default=_json_default))


def write_run(result: RunResult, out: str | Path, *, force: bool = False) -> Path:
    """Write one run's results (regions.parquet, manifest.json) into folder `out`, atomically."""
    return write_folder(out, {REGIONS: result.table}, manifest_for(result), force=force)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def read_run(folder: str | Path) -> tuple[dict[str, Any], pa.Table]:
    """Manifest and regions table of a results folder; ResultsError names what is wrong."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ResultsError(f"{folder}: not a results folder (no such folder)")
    for name in (MANIFEST, REGIONS):
        if not (folder / name).is_file():
            raise ResultsError(f"{folder}: not a results folder ({name} is missing)")
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ResultsError(f"{folder / MANIFEST}: damaged ({exc})") from None
    try:
        table = pq.read_table(folder / REGIONS)
    except (OSError, pa.ArrowException) as exc:
        raise ResultsError(f"{folder / REGIONS}: damaged ({exc})") from None
    return manifest, table


__all__ = ["ResultsError", "ScenarioError", "manifest_for", "read_run", "write_run"]
