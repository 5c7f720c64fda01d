"""Safe output writing: checked before any simulation, created with the user's umask.

- `check_output_folder` / `check_output_file` say in one line why an output cannot be written
  (an unwritable or read-only place, a file where a folder is needed, the current folder, an
  existing output without --force) before any work starts.
- `--force` replaces only a folder that autoregions wrote: its manifest carries
  ``"written_by": "autoregions"`` (`MARKER`). A user's folder is never deleted.
- Temporary files and folders (made private by `tempfile`) get the modes a plain `open` or
  `mkdir` would give, i.e. 0666 / 0777 minus the umask, before they are renamed into place.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ValidationError

from sim.errors import OutputError
from sim.outputs.columns import REGION_COLUMNS
from sim.scenario.loader import section_model
from sim.scenario.schema import Scenario

#: Key and value in every manifest autoregions writes (run, comparison and sweep folders).
MARKER_KEY, MARKER_VALUE = "written_by", "autoregions"
MARKER = {MARKER_KEY: MARKER_VALUE}
MANIFEST = "manifest.json"
#: Files and folders autoregions writes into a results folder; a folder from before the
#: marker existed is recognised as ours when it holds nothing else.
OWN_ENTRIES = frozenset(
    {
        MANIFEST,
        "regions.parquet",
        "comparison.parquet",
        "calibration.parquet",
        "eu.parquet",
        "calibration.txt",
        "report.html",
        "job_change_map.png",
        "runs",
        "series",
        "failed",
        "analysis",
        ".lock",
    }
)

_umask_lock = threading.Lock()
_umask: int | None = None


def umask() -> int:
    """The process umask (read once; os.umask can only be read by setting it)."""
    global _umask
    with _umask_lock:
        if _umask is None:
            _umask = os.umask(0o022)
            os.umask(_umask)
        return _umask


def file_mode() -> int:
    """Mode of a new file, as open() would make it: 0666 minus the umask."""
    return 0o666 & ~umask()


def dir_mode() -> int:
    """Mode of a new folder, as mkdir would make it: 0777 minus the umask."""
    return 0o777 & ~umask()


def as_user_file(path: str | Path) -> None:
    """Give a (temporary) file the mode a plain open() would have given it."""
    os.chmod(path, file_mode())


def as_user_dir(path: str | Path) -> None:
    """Give a (temporary) folder the mode a plain mkdir would have given it."""
    os.chmod(path, dir_mode())


def _nearest_existing(path: Path) -> Path:
    current = path
    while not current.exists() and current != current.parent:
        current = current.parent
    return current


def _writable_place(path: Path, flag: str) -> None:
    """Refuse when the folder `path` would be created in is not a writable folder."""
    parent = path.parent
    existing = _nearest_existing(parent)
    if not existing.is_dir():
        raise OutputError(f"{flag} {path}: {existing} is a file, not a folder")
    try:  # a probe catches read-only file systems and permissions (os.access misses both)
        probe = tempfile.mkdtemp(prefix=".autoregions-probe-", dir=existing)
        os.rmdir(probe)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise OutputError(f"{flag} {path}: cannot write in {existing} ({why})") from None


def is_autoregions_folder(folder: Path) -> bool:
    """True when `folder` holds results autoregions wrote (its manifest's marker, or, for
    folders written before the marker, a manifest and nothing but autoregions' own files)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    if not isinstance(manifest, dict):
        return False
    if manifest.get(MARKER_KEY) == MARKER_VALUE:
        return True
    try:
        names = {p.name for p in folder.iterdir()}
    except OSError:
        return False
    legacy = "package_version" in manifest or manifest.get("kind") == "comparison"
    return legacy and names <= OWN_ENTRIES


def _not_cwd_nor_file(out: Path, flag: str, example: str) -> Path:
    """Refuse an output folder that is (or contains) the current folder, or is a file."""
    resolved = out.resolve()
    cwd = Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents:
        raise OutputError(
            f"{flag} {out}: is the current folder or contains it; give a new folder, such as "
            f"{example}"
        )
    if out.exists() and not out.is_dir():
        raise OutputError(f"{flag} {out}: exists and is not a folder")
    return out


def check_output_folder(out: str | Path, *, force: bool, flag: str = "--out") -> Path:
    """Refuse, before any work, a results folder that cannot or must not be written."""
    out = _not_cwd_nor_file(Path(out), flag, "results/my-run")
    if out.exists():
        if not force:
            raise OutputError(f"{out}: results folder already exists (use --force to replace it)")
        if not is_autoregions_folder(out):
            raise OutputError(
                f"{flag} {out}: exists and was not written by autoregions (no "
                f'"{MARKER_KEY}": "{MARKER_VALUE}" in its {MANIFEST}); --force replaces only '
                "results folders, so choose a new folder"
            )
        _writable_place(out, flag)  # replacing means writing beside it
        return out
    _writable_place(out, flag)
    return out


def check_sweep_folder(out: str | Path, flag: str = "--out") -> Path:
    """Refuse, before any run, a sweep folder that cannot be written; an existing folder is
    resumed (the sweep store checks that it holds this experiment's results)."""
    out = _not_cwd_nor_file(Path(out), flag, "results/my-sweep")
    _writable_place(out / "runs" if out.is_dir() else out, flag)
    return out


def check_writable_folder(folder: str | Path, flag: str) -> Path:
    """Refuse an existing folder that files cannot be written into (probed)."""
    folder = Path(folder)
    if folder.is_dir():
        _writable_place(folder / "probe", flag)
    return folder


def check_output_file(
    path: str | Path, *, force: bool, ours: bool = False, flag: str = "--out"
) -> Path:
    """Refuse, before any work, an output file that cannot be written, or an existing file
    that is not ours (`ours`: autoregions wrote it) without `force`."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{flag} {path}: is a folder, expected a file name")
    if path.exists() and not force and not ours:
        raise OutputError(f"{flag} {path}: file already exists (use --force to replace it)")
    _writable_place(path, flag)
    return path


def written_by_autoregions(path: str | Path, marker: bytes) -> bool:
    """True when the first or last 64 kB of file `path` contain `marker` (what we embed in
    it: HTML and PNG keep it near the start, PDF in its trailing info dictionary)."""
    try:
        with open(path, "rb") as fh:
            if marker in fh.read(65536):
                return True
            fh.seek(max(os.fstat(fh.fileno()).st_size - 65536, 0))
            return marker in fh.read()
    except OSError:
        return False


__all__ = [
    "MARKER",
    "MARKER_KEY",
    "MARKER_VALUE",
    "OutputError",
    "as_user_dir",
    "as_user_file",
    "check_output_file",
    "check_output_folder",
    "check_sweep_folder",
    "check_writable_folder",
    "dir_mode",
    "file_mode",
    "is_autoregions_folder",
    "umask",
    "written_by_autoregions",
]


# ---------------------------------------------------------------------- reading results
def region_table_problem(columns: dict) -> str | None:
    """Why a run's regions table (column name -> numpy array) is not one a run writes: a
    non-integer year or quarter, a quarter outside 1-4, a (year, quarter, region) row given
    twice, or regions with different quarters. None when it is whole."""
    for name in ("year", "quarter"):
        values = np.asarray(columns[name])
        if values.dtype.kind not in "iu":
            return f"column '{name}' holds {values.dtype} values, expected whole numbers"
    for name in REGION_COLUMNS:
        if name in columns and np.asarray(columns[name]).dtype.kind not in "iuf":
            return (
                f"column '{name}' holds {np.asarray(columns[name]).dtype} values, expected numbers"
            )
    quarter = np.asarray(columns["quarter"])
    if len(quarter) and (quarter.min() < 1 or quarter.max() > 4):
        return "column 'quarter' has values outside 1-4"
    t = np.asarray(columns["year"]).astype(np.int64) * 4 + quarter.astype(np.int64)
    region = np.asarray(columns["region"]).astype(str)
    keys = np.char.add(np.char.add(region, "|"), t.astype(str))
    unique, counts = np.unique(keys, return_counts=True)
    if len(unique) != len(keys):
        code, tq = str(unique[np.argmax(counts)]).rsplit("|", 1)
        year, q = divmod(int(tq), 4)
        if q == 0:
            year, q = year - 1, 4
        return f"region {code} has more than one row for {year} Q{q} (duplicated rows)"
    n_regions, n_times = len(np.unique(region)), len(np.unique(t))
    if n_regions * n_times != len(keys):
        return (
            f"{len(keys)} rows for {n_regions} regions x {n_times} quarters (some regions "
            "lack some quarters)"
        )
    return None


def _known_only(model: type, data: dict) -> dict:
    """`data` without keys the schema `model` does not have (recursively), so that settings
    written by another version of autoregions still validate."""
    out = {}
    for key, value in data.items():
        field = model.model_fields.get(key) if isinstance(key, str) else None
        if field is None:
            continue
        sub = section_model(field.annotation)
        if sub is not None and isinstance(value, dict) and issubclass(sub, BaseModel):
            value = _known_only(sub, value)
        elif sub is not None and isinstance(value, list):
            value = [_known_only(sub, v) if isinstance(v, dict) else v for v in value]
        out[key] = value
    return out


def settings_problem(settings: object) -> str | None:
    """Why a manifest's `scenario_settings` are not a scenario's settings (wrong types or values),
    or None. Keys this version does not know are ignored."""
    if not isinstance(settings, dict):
        return "'scenario_settings' is not a table"
    try:
        Scenario.model_validate(_known_only(Scenario, settings))
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        return f"'scenario_settings.{key}': {err['msg']}"
    return None
