"""Checks a scenario must pass before any work, beyond the schema's types and ranges.

The schema (`sim.scenario.schema`) checks each value on its own. These checks cover what it
cannot see: a name that is used as a folder name, numbers that are finite but whose sums
overflow, the files a scenario reads (`extends`, data tables) and whether the data they hold
can be simulated (a known history area, at least one OEM plant job). `load_scenario` runs them
all, so `autoregions check` refuses exactly what `autoregions run` would refuse.

Every problem is a `ScenarioError` with one line naming the scenario file, the key, the value
and what is allowed.
"""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np

from sim.data import read_drivetrain_history, read_regions
from sim.errors import ScenarioError
from sim.history import read_market_history
from sim.policy.fund import allocation_weights

#: A scenario or experiment name becomes part of a folder name (results/<name>-seed<N>), so it
#: is one path component: letters (any script), digits, space, '_', '.', '+', '-', starting
#: with a letter or digit, no '..', at most MAX_NAME_LENGTH characters.
NAME_RE = re.compile(r"^\w[\w .+-]*$")
MAX_NAME_LENGTH = 100
NAME_RULE = (
    "a name is one folder name: letters, digits, spaces, '_', '.', '+', '-', starting with a "
    f"letter or digit, no '..', at most {MAX_NAME_LENGTH} characters"
)

#: Files a scenario may read, by key: the suffix each must have.
FILE_SUFFIXES = {
    "extends": ".toml",
    "regions.file": ".csv",
    "electrification.history_file": ".csv",
    "demand.history_file": ".csv",
}
#: Largest scenario file (`extends`) and data table read (bytes): far above any real one
#: (the shipped regions.csv is about 60 kB), so that a wrong path cannot read gigabytes.
MAX_TOML_BYTES = 1_000_000
MAX_CSV_BYTES = 200_000_000
#: System folders a scenario never reads from (device files, kernel tables, credentials).
FORBIDDEN_ROOTS = tuple(
    Path(p) for p in ("/dev", "/proc", "/sys", "/etc", "/boot", "/run", "/var/run")
)


def _shown(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a scenario or experiment name, or None if it can."""
    if not isinstance(name, str) or not name:
        return "must be a non-empty string"
    if len(name) > MAX_NAME_LENGTH:
        return f"is {len(name)} characters long; {NAME_RULE}"
    if ".." in name or not NAME_RE.match(name) or name != name.strip():
        return NAME_RULE
    return None


def check_name(name: str, path: Path | str, key: str = "name") -> None:
    """Refuse a name that is not one safe folder name."""
    problem = name_problem(name)
    if problem is not None:
        raise ScenarioError(f"{path}: key '{key}' = {_shown(name)}: {problem}")


def file_problem(target: Path, key: str) -> str | None:
    """Why `target` (an absolute path) cannot be read for `key`, or None if it can."""
    suffix = FILE_SUFFIXES[key]
    if target.suffix.lower() != suffix:
        return f"must be a {suffix} file"
    resolved = target.resolve()
    for root in FORBIDDEN_ROOTS:
        if resolved == root or root in resolved.parents:
            return f"is in the system folder {root}; give a {suffix} file of your own"
    if not resolved.exists():
        return f"no such file {resolved}"
    if not resolved.is_file():
        return f"{resolved} is not a regular file"
    limit = MAX_TOML_BYTES if suffix == ".toml" else MAX_CSV_BYTES
    size = resolved.stat().st_size
    if size > limit:
        return f"{resolved} is {size:,} bytes, more than the {limit:,} a {suffix} file may have"
    return None


def check_file(target: Path, key: str, value: Any, path: Path | str) -> None:
    """Refuse a file named by `key` in scenario file `path` that is not a readable data file."""
    problem = file_problem(target, key)
    if problem is not None:
        raise ScenarioError(f"{path}: key '{key}' = {_shown(value)}: {problem}")


def _numbers(value: Any, key: str) -> list[tuple[str, Any]]:
    """Every (dotted key, value) leaf under `value`."""
    if isinstance(value, dict):
        out = []
        for k, v in value.items():
            out += _numbers(v, f"{key}.{k}" if key else str(k))
        return out
    if isinstance(value, list):
        out = [(key, value)]
        for i, v in enumerate(value):
            out += _numbers(v, f"{key}[{i}]")
        return out
    return [(key, value)]


def check_numbers(settings: dict[str, Any], path: Path | str) -> None:
    """Refuse NaN or infinite numbers, lists of numbers whose sum overflows, and lists of
    positive weights so uneven that one weight rounds to a share of zero."""
    leaves = _numbers(settings, "")
    for key, value in leaves:
        if isinstance(value, float) and not math.isfinite(value):
            raise ScenarioError(f"{path}: key '{key}' = {value}: must be a finite number")
    for key, value in leaves:
        if (
            isinstance(value, list)
            and value
            and all(isinstance(v, float | int) and not isinstance(v, bool) for v in value)
        ):
            total = sum(float(v) for v in value)
            if not math.isfinite(total):
                raise ScenarioError(
                    f"{path}: key '{key}' = {_shown(value)}: the numbers add up to more than "
                    "the largest number a computer holds; use smaller numbers (weights are "
                    "relative, so [0.5, 0.3, 0.2] is the same as [5, 3, 2])"
                )
            if all(v > 0 for v in value) and any(float(v) / total == 0.0 for v in value):
                raise ScenarioError(
                    f"{path}: key '{key}' = {_shown(value)}: a weight is so small against "
                    "the others that its share rounds to 0; every weight must be positive"
                )


def _wrapped(exc: Exception, path: Path | str, key: str, value: Any) -> Exception:
    """A data-file error re-worded to name the scenario file and the key that named the file."""
    message = str(exc).removeprefix(f"key '{key}' = {value!r}: ")
    if message.startswith(f"{path}:"):
        return ScenarioError(message)
    message = message.removeprefix(f"{value}: ")  # the file is named once, as the key's value
    return ScenarioError(f"{path}: key '{key}' = {_shown(value)}: {message}")


def check_data(scenario: Any, path: Path | str) -> None:
    """Read the data files as a run would and refuse what a run would refuse: an unreadable or
    foreign table, unknown region codes, a history area with no rows, no OEM plant jobs."""
    el, reg = scenario.electrification, scenario.regions
    if el.history_file:  # the observed drivetrain mix a run reads (empty = none)
        try:
            history = read_drivetrain_history(el.history_file, el.history_area)
        except ScenarioError as exc:
            raise _wrapped(exc, path, "electrification.history_file", el.history_file) from None
        if not history:
            areas = _history_areas(Path(el.history_file))
            allowed = ", ".join(areas) if areas else "none: the file has no rows"
            raise ScenarioError(
                f"{path}: key 'electrification.history_area' = {_shown(el.history_area)}: no "
                f"rows for this area in {Path(el.history_file).name}; allowed: {allowed}"
            )
    demand = scenario.demand
    if demand.history_file:  # the market history a run reads (empty = none)
        try:
            market = read_market_history(demand.history_file)
        except ScenarioError as exc:
            raise _wrapped(exc, path, "demand.history_file", demand.history_file) from None
        if demand.history_area not in market.areas():
            allowed = ", ".join(market.areas()) or "none: the file has no production rows"
            raise ScenarioError(
                f"{path}: key 'demand.history_area' = {_shown(demand.history_area)}: no "
                f"production rows for this area in {Path(demand.history_file).name}; allowed: "
                f"{allowed}"
            )
    try:
        regions = read_regions(reg.file, reg.include, reg.job_scale)
    except ScenarioError as exc:
        key = "regions.include" if "regions.include" in str(exc) else "regions.file"
        value = reg.include if key == "regions.include" else reg.file
        message = str(exc).replace("regions.include: ", "")
        raise _wrapped(ScenarioError(message), path, key, value) from None
    fund = scenario.fund
    if fund.budget_eur_per_year > 0:  # the fund's rule reads region_economy.csv at build
        try:
            with np.errstate(divide="ignore", invalid="ignore"):  # judged below, not warned
                weights = allocation_weights(fund, regions, Path(reg.file).parent)
        except ScenarioError as exc:
            raise _wrapped(exc, path, "fund.allocation", fund.allocation) from None
        if not all(math.isfinite(w) for w in weights):
            raise ScenarioError(
                f"{path}: key 'fund.allocation' = {_shown(fund.allocation)}: the data give "
                "some region an infinite or undefined share (a GDP of 0?); choose 'exposure' "
                "or 'jobs', or fix region_economy.csv"
            )
    if float(regions.jobs_assembly.sum()) <= 0:
        raise ScenarioError(
            f"{path}: key 'regions.job_scale' = {reg.job_scale:g}: leaves the selected regions "
            f"({', '.join(regions.code[:5])}{', ...' if len(regions) > 5 else ''}) without a "
            "single OEM plant job; raise job_scale or include a region with assembly jobs"
        )


def _history_areas(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            return sorted({(r.get("area") or "").strip() for r in csv.DictReader(fh)} - {""})
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


__all__ = [
    "FILE_SUFFIXES",
    "MAX_NAME_LENGTH",
    "NAME_RULE",
    "check_data",
    "check_file",
    "check_name",
    "check_numbers",
    "file_problem",
    "name_problem",
]
