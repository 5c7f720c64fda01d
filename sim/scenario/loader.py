"""Read scenario TOML files: `extends` layering, path resolution and one-line validation errors."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.errors import ScenarioError
from sim.scenario.safety import check_data, check_file, check_name, check_numbers
from sim.scenario.schema import Scenario
from sim.scenario.validate import check_areas

#: Keys whose values are file paths, resolved relative to the scenario file that sets them.
PATH_KEYS: tuple[tuple[str, str], ...] = (
    ("regions", "file"),
    ("electrification", "history_file"),
    ("demand", "history_file"),
)
#: Path keys that may be empty (the feature is then off).
OPTIONAL_PATHS = {("demand", "history_file"), ("electrification", "history_file")}
MAX_EXTENDS_DEPTH = 10


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{path}: scenario file not found") from None
    except IsADirectoryError:
        raise ScenarioError(f"{path}: is a folder, expected a scenario file (.toml)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot read scenario file ({exc})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML ({exc})") from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge two TOML tables: `over` wins; sub-tables merge key by key."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _resolve_paths(table: dict[str, Any], folder: Path) -> None:
    for section, key in PATH_KEYS:
        sub = table.get(section)
        if isinstance(sub, dict) and isinstance(sub.get(key), str) and sub[key]:
            sub[key] = str((folder / sub[key]).resolve())


def _layers(
    path: Path, seen: tuple[Path, ...] = (), sources: dict[str, str] | None = None
) -> dict[str, Any]:
    """The merged table of `path` and everything it extends (paths made absolute); the text of
    each file read is added to `sources`."""
    path = path.resolve()
    if path in seen:
        chain = " -> ".join(p.name for p in (*seen, path))
        raise ScenarioError(f"{seen[0]}: key 'extends' forms a cycle ({chain})")
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError(f"{path}: key 'extends' nests deeper than {MAX_EXTENDS_DEPTH} files")
    table = _read_toml(path)
    if not table:
        raise ScenarioError(
            f"{path}: the scenario file is empty; give at least 'extends' (e.g. extends = "
            '"baseline.toml") or the settings to change'
        )
    if sources is not None:
        sources[str(path)] = path.read_text(encoding="utf-8")
    _resolve_paths(table, path.parent)
    parent = table.pop("extends", None)
    if parent is None:
        return table
    if not isinstance(parent, str) or not parent:
        raise ScenarioError(f"{path}: key 'extends' = {parent!r}: must be a file name (string)")
    parent_path = path.parent / parent
    check_file(parent_path, "extends", parent, path)
    return _merge(_layers(parent_path, (*seen, path), sources), table)


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed at `loc` (the location of an unknown key) in the schema."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):  # an entry of a list of sections: already at its model
            continue
        field = current.model_fields.get(part) if isinstance(current, type) else None
        if field is None:
            return []
        current = section_model(field.annotation)
        if current is None:
            return []
    return sorted(current.model_fields)


def section_model(annotation: Any) -> type[BaseModel] | None:
    """The section model of a field: itself, or the item model of a list of sections."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _describe(error: dict[str, Any]) -> tuple[str, str]:
    """(dotted key, message) for one pydantic error, in the user's words."""
    loc = tuple(error["loc"])
    key = ".".join(str(p) for p in loc) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(Scenario, loc)
        return key, "unknown key; allowed here: " + ", ".join(allowed)
    if kind == "missing":
        return key, "required key is missing"
    msg = error["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return key, msg


def format_validation_error(path: Path | str, exc: ValidationError, table: dict[str, Any]) -> str:
    """One line naming the file, the first bad key, its value and what is allowed."""
    errors = exc.errors()
    # a misspelt key often also leaves a required one missing: name the unknown key first
    error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    key, msg = _describe(error)
    extra = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
    if error["type"] in ("extra_forbidden", "missing") or not error["loc"]:
        return f"{path}: key '{key}': {msg}{extra}"
    value = error.get("input")
    shown = json.dumps(value, default=str) if not isinstance(value, dict) else "{...}"
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return f"{path}: key '{key}' = {shown}: {msg}{extra}"


def set_dotted(table: dict[str, Any], dotted: str, value: Any) -> None:
    """Set `a.b.c` in a nested dict, creating sub-tables as needed."""
    parts = dotted.split(".")
    for part in parts[:-1]:
        table = table.setdefault(part, {})
        if not isinstance(table, dict):
            raise ScenarioError(f"override '{dotted}': '{part}' is not a section")
    table[parts[-1]] = value


def _check_files(scenario: Scenario, path: Path) -> None:
    for section, key in PATH_KEYS:
        value = getattr(getattr(scenario, section), key)
        if (section, key) in OPTIONAL_PATHS and not value:
            continue
        check_file(Path(value), f"{section}.{key}", value, path)


def scenario_from_table(table: dict[str, Any], path: Path | str = "<scenario>") -> Scenario:
    """Validate an already merged table (absolute file paths) into a Scenario."""
    try:
        scenario = Scenario.model_validate(table)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(path, exc, table)) from None
    check_name(scenario.name, path)
    check_numbers(scenario.model_dump(mode="python"), path)
    _check_files(scenario, Path(path))
    check_data(scenario, path)  # what a run would refuse in the data files it reads
    check_areas(scenario, path)
    return scenario


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Load, layer (`extends`) and validate a scenario file; raise ScenarioError on a user mistake.

    `overrides` maps dotted keys (``"labour.outside_job_rate"``) to values applied after layering,
    as experiment sweeps do.
    """
    path = Path(path)
    if path.suffix != ".toml":
        raise ScenarioError(f"{path}: expected a scenario file ending in .toml")
    sources: dict[str, str] = {}
    table = _layers(path, sources=sources)
    table.setdefault("name", path.stem)
    for dotted, value in (overrides or {}).items():
        set_dotted(table, dotted, value)
    scenario = scenario_from_table(table, path)
    scenario._sources = sources
    scenario._overrides = dict(overrides or {})
    return scenario


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the resolved settings plus the content of every data file they name."""
    digest = hashlib.sha256()
    settings = scenario.model_dump(mode="json")
    for section, key in PATH_KEYS:
        settings[section][key] = Path(settings[section][key]).name
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for section, key in PATH_KEYS:
        digest.update(Path(getattr(getattr(scenario, section), key)).read_bytes())
    return digest.hexdigest()
