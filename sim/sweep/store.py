"""The results folder of a sweep: one Parquet shard per finished run, a manifest, failures.

Layout of ``results/<experiment>/``::

    manifest.json            experiment text and hash, design, seeds rule, package version
    runs/p000012-r001.parquet  one row per run: point id, replicate, seed, parameters, outcomes
    series/p000012-r001.parquet  time series of that run (if the experiment keeps any)
    failed/p000012-r001.json   a run that raised: its error and traceback
    analysis/                written by `autoregions analyze`

A run is done when its `runs/` shard (and `series/` shard, if kept) reads back whole. Every file
is written to a hidden temporary file and renamed into place, so a crash leaves either the old
state or the new one, never half a shard. `pd.read_parquet(folder / "runs")` loads all runs.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.errors import ResultsError

MANIFEST = "manifest.json"
RUNS, SERIES, FAILED, ANALYSIS = "runs", "series", "failed", "analysis"
LOCK = ".lock"

Key = tuple[int, int]


def shard_name(key: Key) -> str:
    """File stem of a run's shards: p<point id>-r<replicate>."""
    return f"p{key[0]:06d}-r{key[1]:03d}"


def parse_shard_name(stem: str) -> Key | None:
    """The (point id, replicate) of a shard file stem, or None if it is not one."""
    try:
        p, r = stem.split("-")
        if p[0] != "p" or r[0] != "r":
            return None
        return int(p[1:]), int(r[1:])
    except (ValueError, IndexError):
        return None


def atomic_write_bytes(path: Path, write: Any) -> None:
    """Write a file via a hidden temporary file in the same folder, synced, then renamed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _arrow_table(columns: dict[str, Any]) -> pa.Table:
    arrays = {}
    for name, values in columns.items():
        arr = np.asarray(values)
        arrays[name] = pa.array(arr.tolist() if arr.dtype == object else arr)
    return pa.table(arrays)


@dataclass
class ScanResult:
    """What a results folder holds for the expected runs."""

    done: set[Key] = field(default_factory=set)
    damaged: list[tuple[Path, str]] = field(default_factory=list)
    failed: dict[Key, str] = field(default_factory=dict)


class SweepStore:
    """Reads and writes one sweep's results folder; holds an exclusive lock while open."""

    def __init__(self, folder: Path, keep_series: bool) -> None:
        self.folder = folder
        self.keep_series = keep_series
        self._lock_fh: Any = None

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, folder: str | Path, manifest: dict[str, Any], keep_series: bool) -> SweepStore:
        """Create the folder with `manifest`, or check an existing one was made by the same
        experiment file; refuse anything else with a one-line ResultsError."""
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise ResultsError(f"{folder}: exists and is not a folder")
        existing = folder / MANIFEST
        if existing.exists():
            old = read_manifest(folder)
            if old.get("experiment_hash") != manifest["experiment_hash"]:
                raise ResultsError(
                    f"{folder}: holds results of a different version of the experiment file "
                    f"{manifest['experiment_file']} (hash {str(old.get('experiment_hash'))[:12]} "
                    f"there, {manifest['experiment_hash'][:12]} now); use another --out folder "
                    "or restore the file"
                )
            if old.get("base_scenario_hash") != manifest["base_scenario_hash"]:
                raise ResultsError(
                    f"{folder}: its runs used different base scenario settings or data than "
                    f"{manifest['base_scenario']} gives now (scenario hash "
                    f"{str(old.get('base_scenario_hash'))[:12]} there, "
                    f"{manifest['base_scenario_hash'][:12]} now); use another --out folder"
                )
        elif folder.exists() and any(p.name != LOCK for p in folder.iterdir()):
            raise ResultsError(
                f"{folder}: not empty and has no {MANIFEST}, so it is not a sweep results "
                "folder; choose a new or empty --out folder"
            )
        store = cls(folder, keep_series)
        folder.mkdir(parents=True, exist_ok=True)
        store._lock()
        for sub in (RUNS, SERIES, FAILED):
            (folder / sub).mkdir(exist_ok=True)
        if not existing.exists():
            text = json.dumps(manifest, indent=1, default=_json_default).encode()
            atomic_write_bytes(existing, lambda fh: fh.write(text))
        store._remove_temporaries()
        return store

    def _lock(self) -> None:
        try:
            # lazy: POSIX only
            import fcntl
        except ImportError:  # not POSIX: no lock, sweeps must not share a folder
            return
        fh = open(self.folder / LOCK, "a+")  # noqa: SIM115 (held until close)
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise ResultsError(
                f"{self.folder}: another sweep is writing to this folder right now"
            ) from None
        self._lock_fh = fh

    def close(self) -> None:
        """Release the folder's lock."""
        if self._lock_fh is not None:
            self._lock_fh.close()
            self._lock_fh = None

    def _remove_temporaries(self) -> None:
        for sub in (RUNS, SERIES, FAILED):
            for tmp in (self.folder / sub).glob(".*.tmp"):
                tmp.unlink(missing_ok=True)

    # ------------------------------------------------------------------ scanning
    def scan(self, expected: Iterable[Key]) -> ScanResult:
        """Done, damaged and failed runs among `expected`; damaged shards are deleted (their
        runs count as missing and run again)."""
        expected = set(expected)
        out = ScanResult()
        for path in sorted((self.folder / RUNS).glob("*.parquet")):
            key = parse_shard_name(path.stem)
            if key is None or key not in expected:
                continue
            problem = _check_shard(path, key)
            series_path = self.folder / SERIES / path.name
            if problem is None and self.keep_series:
                problem = _check_shard(series_path, key, single_row=False)
                if problem is not None:
                    out.damaged.append((series_path, problem))
                    series_path.unlink(missing_ok=True)
                    path.unlink()
                    continue
            if problem is not None:
                out.damaged.append((path, problem))
                path.unlink()
                continue
            out.done.add(key)
        for path in sorted((self.folder / FAILED).glob("*.json")):
            key = parse_shard_name(path.stem)
            if key is None or key not in expected or key in out.done:
                continue
            try:
                record = json.loads(path.read_text())
                out.failed[key] = str(record.get("error", "unknown error"))
            except (OSError, json.JSONDecodeError):
                out.damaged.append((path, "unreadable failure record"))
                path.unlink()
        return out

    # ------------------------------------------------------------------ writing
    def write_run(self, key: Key, row: dict[str, Any], series: dict[str, Any] | None) -> None:
        """Store a finished run: its series shard first, then its row (the 'done' mark)."""
        name = shard_name(key)
        if self.keep_series and series is not None:
            cols = {"point_id": key[0], "replicate": key[1]}
            n = len(next(iter(series.values())))
            table = _arrow_table(
                {
                    "point_id": np.full(n, cols["point_id"], dtype=np.int64),
                    "replicate": np.full(n, cols["replicate"], dtype=np.int64),
                    **series,
                }
            )
            atomic_write_bytes(
                self.folder / SERIES / f"{name}.parquet", lambda fh: pq.write_table(table, fh)
            )
        table = _arrow_table({k: [v] for k, v in row.items()})
        atomic_write_bytes(
            self.folder / RUNS / f"{name}.parquet", lambda fh: pq.write_table(table, fh)
        )
        (self.folder / FAILED / f"{name}.json").unlink(missing_ok=True)

    def write_failure(self, key: Key, record: dict[str, Any]) -> None:
        """Record a run that raised (its error and traceback); it is rerun with --retry-failed."""
        text = json.dumps(record, indent=1, default=_json_default).encode()
        atomic_write_bytes(
            self.folder / FAILED / f"{shard_name(key)}.json", lambda fh: fh.write(text)
        )


def _check_shard(path: Path, key: Key, single_row: bool = True) -> str | None:
    """Why a shard cannot be used (truncated, unreadable, wrong run), or None if it is whole."""
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        return f"unreadable ({str(exc).splitlines()[0][:80]})"
    if "point_id" not in table.column_names or "replicate" not in table.column_names:
        return "missing its point_id/replicate columns"
    if single_row and table.num_rows != 1:
        return f"has {table.num_rows} rows, expected 1"
    pids = set(table.column("point_id").to_pylist())
    reps = set(table.column("replicate").to_pylist())
    if pids != {key[0]} or reps != {key[1]}:
        return "holds another run's data"
    return None


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """The manifest of a sweep results folder; ResultsError (one line) if missing or damaged."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not folder.is_dir():
        raise ResultsError(f"{folder}: no such results folder")
    if not path.is_file():
        raise ResultsError(f"{folder}: not a sweep results folder ({MANIFEST} is missing)")
    try:
        manifest = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultsError(f"{path}: damaged ({exc})") from None
    for key in ("experiment_hash", "design", "runs_total"):
        if not isinstance(manifest, dict) or key not in manifest:
            raise ResultsError(f"{path}: damaged (key '{key}' is missing)")
    return manifest


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def describe_damaged(damaged: list[tuple[Path, str]], folder: Path) -> str:
    """One line listing damaged shards (the first three) and why."""
    shown = ", ".join(f"{p.relative_to(folder)} ({why})" for p, why in damaged[:3])
    more = f" and {len(damaged) - 3} more" if len(damaged) > 3 else ""
    return f"{folder}: {len(damaged)} damaged shard(s) removed, their runs run again: {shown}{more}"


__all__ = [
    "MANIFEST",
    "ScanResult",
    "SweepStore",
    "describe_damaged",
    "parse_shard_name",
    "read_manifest",
    "shard_name",
]
