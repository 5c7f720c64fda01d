"""Experiment files: what to vary, how to sample it, which outcomes to keep; validated on load.

An experiment file is TOML, like a scenario file. Every user mistake becomes an
`ExperimentError` with one line naming the file, the key, the value and what is allowed.
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.errors import ExperimentError, ScenarioError
from sim.outputs.columns import REGION_COLUMNS
from sim.scale import MAX_CHECKED_SCALE
from sim.scenario import load_scenario
from sim.scenario.schema import Scenario

#: Outcome column that sums every public-spending column (`spend_*`) the model writes.
SPEND_TOTAL = "spend_total"
NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
MAX_RUNS = 1_000_000


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ParameterSpec(_Section):
    """One input to vary: a scenario key by dotted path, with a list of values or a range."""

    key: str = Field(min_length=1)
    kind: Literal["uncertainty", "lever"]
    values: list[Any] | None = Field(None, min_length=1)
    range: list[float] | None = Field(None, min_length=2, max_length=2)
    levels: int | None = Field(None, ge=2, le=1000)

    @model_validator(mode="after")
    def _one_source(self) -> ParameterSpec:
        if (self.values is None) == (self.range is None):
            raise ValueError("give exactly one of 'values' (a list) or 'range' ([low, high])")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError(f"range {self.range}: low must be below high")
        if self.values is not None and self.levels is not None:
            raise ValueError("'levels' goes with 'range', not with 'values'")
        return self


class DesignSpec(_Section):
    """How points are chosen, how many replicates each gets, and the master seed."""

    kind: Literal["grid", "lhs", "sobol"]
    samples: int | None = Field(None, ge=1, le=MAX_RUNS)
    replicates: int = Field(1, ge=1, le=10_000)
    seed: int = Field(ge=0, le=2**63 - 1)
    second_order: bool = False

    @model_validator(mode="after")
    def _samples(self) -> DesignSpec:
        if self.kind == "grid" and self.samples is not None:
            raise ValueError("a grid has no 'samples': its size is the product of the levels")
        if self.kind != "grid" and self.samples is None:
            raise ValueError(f"design '{self.kind}' needs 'samples'")
        if self.kind == "sobol" and self.samples is not None and self.samples & (self.samples - 1):
            raise ValueError(f"sobol 'samples' must be a power of 2 (got {self.samples})")
        if self.kind != "sobol" and self.second_order:
            raise ValueError("'second_order' applies to sobol designs only")
        return self


class OutcomeSpec(_Section):
    """A scalar kept per run: a column summed over regions, reduced over some quarters."""

    name: str = Field(pattern=NAME_PATTERN, max_length=60)
    column: str
    year: int | None = None
    years: list[int] | None = Field(None, min_length=2, max_length=2)
    stat: Literal["mean", "sum", "first", "last", "min", "max"] = "mean"
    relative_to_start: bool = False

    @model_validator(mode="after")
    def _years(self) -> OutcomeSpec:
        if self.year is not None and self.years is not None:
            raise ValueError("give 'year' or 'years' ([first, last]), not both")
        if self.years is not None and self.years[0] > self.years[1]:
            raise ValueError(f"years {self.years}: first must not be after last")
        return self


class AnalysisSpec(_Section):
    """Which outcomes measure jobs and public cost in the lever analysis."""

    jobs: str | None = None
    cost: str | None = None


class ExperimentSpec(_Section):
    """The whole experiment file."""

    name: str | None = Field(None, pattern=r"^[A-Za-z0-9_.-]+$", max_length=100)
    description: str = ""
    base: str = Field(min_length=1)
    scale: int = Field(
        1,
        ge=1,
        le=MAX_CHECKED_SCALE,
        description="The most real workers one worker agent stands for (sim.scale).",
    )
    overrides: dict[str, Any] = Field(default_factory=dict)
    design: DesignSpec
    parameters: list[ParameterSpec] = Field(min_length=1)
    outcomes: list[OutcomeSpec] = Field(min_length=1)
    series: list[str] = Field(default_factory=list)
    series_by_region: bool = False
    analysis: AnalysisSpec = AnalysisSpec()


@dataclass(frozen=True)
class Parameter:
    """A validated parameter: key, kind, the schema's type and its values or range."""

    key: str
    kind: str
    type: str  # "int", "float" or "other"
    values: tuple[Any, ...] | None
    low: float | None
    high: float | None
    levels: int | None
    base_value: Any


@dataclass(frozen=True)
class Experiment:
    """A loaded, validated experiment file."""

    path: Path
    text: str
    spec: ExperimentSpec
    name: str
    base: Path
    parameters: tuple[Parameter, ...]

    @property
    def hash(self) -> str:
        """SHA-256 of the experiment file's text: a results folder belongs to one text."""
        return hashlib.sha256(self.text.encode()).hexdigest()

    @property
    def outcome_names(self) -> list[str]:
        return [o.name for o in self.spec.outcomes]


def _schema_field(dotted: str) -> tuple[Any | None, str]:
    """The pydantic field at `dotted` in the scenario schema, or (None, why it is not one)."""
    model: Any = Scenario
    parts = dotted.split(".")
    for i, part in enumerate(parts):
        fields = model.model_fields
        if part not in fields:
            where = ".".join(parts[:i]) or "(top level)"
            return None, f"not a scenario key; allowed in {where}: " + ", ".join(sorted(fields))
        field = fields[part]
        last = i == len(parts) - 1
        is_section = isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
        if last:
            if is_section:
                return None, "is a section, not a single value; name one of its keys"
            return field, ""
        if not is_section:
            return None, f"'{part}' is a value, not a section"
        model = field.annotation
    return None, "empty key"


def _field_type(field: Any) -> str:
    if field.annotation is int:
        return "int"
    if field.annotation is float:
        return "float"
    return "other"


def _coerce(value: Any, kind: str) -> Any:
    """A design value in the schema's type (floats for float keys, whole numbers for int keys)."""
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _fmt(value: Any) -> str:
    shown = json.dumps(value, default=str)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _format_error(path: Path, exc: ValidationError) -> str:
    """One line for the first pydantic error in the experiment file."""
    err = exc.errors()[0]
    loc = err["loc"]
    key = ""
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    key = key or "(top level)"
    more = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
    kind = err["type"]
    if kind == "extra_forbidden":
        model: Any = ExperimentSpec
        for part in loc[:-1]:
            if isinstance(part, int):
                continue
            ann = model.model_fields[part].annotation
            model = getattr(ann, "__args__", (ann,))[0] if not isinstance(ann, type) else ann
        allowed = ", ".join(model.model_fields) if hasattr(model, "model_fields") else "none"
        return f"{path}: key '{key}': unknown key; allowed here: {allowed}{more}"
    if kind == "missing":
        return f"{path}: key '{key}': required key is missing{more}"
    msg = err["msg"].removeprefix("Value error, ")
    value = err.get("input")
    shown = "{...}" if isinstance(value, dict) else _fmt(value)
    return f"{path}: key '{key}' = {shown}: {msg}{more}"


def _check_value(path: Path, base: Path, fixed: dict[str, Any], key: str, value: Any) -> None:
    """Validate one value of one key against the scenario schema, on top of the base scenario."""
    try:
        load_scenario(base, {**fixed, key: value})
    except ScenarioError as exc:
        msg = str(exc)
        # The loader names the base file; the user's mistake is in the experiment file.
        msg = msg.split(": ", 1)[1] if msg.startswith(f"{base}: ") else msg
        raise ExperimentError(f"{path}: {msg}") from None


def _parameter(
    path: Path, base: Path, fixed: dict[str, Any], i: int, p: ParameterSpec, design: str
) -> Parameter:
    where = f"parameters[{i}]"
    field, why = _schema_field(p.key)
    if field is None:
        raise ExperimentError(f"{path}: key '{where}.key' = {_fmt(p.key)}: {why}")
    kind = _field_type(field)
    if p.range is not None and kind == "other":
        raise ExperimentError(
            f"{path}: key '{where}.range' = {_fmt(p.range)}: '{p.key}' is not a number; "
            "give 'values' (a list) instead"
        )
    if design != "grid" and p.values is not None:
        raise ExperimentError(
            f"{path}: key '{where}.values' = {_fmt(p.values)}: design '{design}' samples "
            "continuous ranges; give 'range' = [low, high]"
        )
    if design == "grid" and p.range is not None and p.levels is None:
        raise ExperimentError(
            f"{path}: key '{where}.levels': required with 'range' in a grid design "
            "(the number of evenly spaced values, >= 2)"
        )
    if design != "grid" and p.levels is not None:
        raise ExperimentError(
            f"{path}: key '{where}.levels' = {p.levels}: only grid designs have levels"
        )
    values = None
    if p.values is not None:
        values = tuple(_coerce(v, kind) for v in p.values)
        if len({json.dumps(v, sort_keys=True) for v in values}) != len(values):
            raise ExperimentError(
                f"{path}: key '{where}.values' = {_fmt(p.values)}: values must be distinct"
            )
        for v in values:
            _check_value(path, base, fixed, p.key, v)
    else:
        low, high = p.range  # type: ignore[misc]
        if kind == "int" and not (float(low).is_integer() and float(high).is_integer()):
            raise ExperimentError(
                f"{path}: key '{where}.range' = {_fmt(p.range)}: '{p.key}' is a whole number; "
                "give whole-number bounds"
            )
        for v in (low, high):
            _check_value(path, base, fixed, p.key, _coerce(int(v) if kind == "int" else v, kind))
    spec = load_scenario(base, fixed)
    obj: Any = spec
    for part in p.key.split("."):
        obj = getattr(obj, part)
    return Parameter(
        key=p.key,
        kind=p.kind,
        type=kind,
        values=values,
        low=None if p.range is None else float(p.range[0]),
        high=None if p.range is None else float(p.range[1]),
        levels=p.levels,
        base_value=obj.model_dump() if isinstance(obj, BaseModel) else obj,
    )


def known_columns() -> list[str]:
    """Per-region result columns an outcome can name (the model's, plus `spend_total`)."""

    return [*REGION_COLUMNS, SPEND_TOTAL]


def _check_outcomes(path: Path, spec: ExperimentSpec, scenario: Scenario) -> None:
    columns = known_columns()
    names: set[str] = set()
    first, last = scenario.time.start_year, scenario.time.end_year
    for i, o in enumerate(spec.outcomes):
        where = f"outcomes[{i}]"
        if o.name in names:
            raise ExperimentError(f"{path}: key '{where}.name' = {_fmt(o.name)}: used twice")
        names.add(o.name)
        if o.column not in columns:
            raise ExperimentError(
                f"{path}: key '{where}.column' = {_fmt(o.column)}: unknown column; allowed: "
                + ", ".join(columns)
            )
        for label, year in (("year", o.year), *(("years", y) for y in o.years or ())):
            if year is not None and not first <= year <= last:
                raise ExperimentError(
                    f"{path}: key '{where}.{label}' = {year}: outside the base scenario's "
                    f"years {first}-{last}"
                )
    for i, col in enumerate(spec.series):
        if col not in columns:
            raise ExperimentError(
                f"{path}: key 'series[{i}]' = {_fmt(col)}: unknown column; allowed: "
                + ", ".join(columns)
            )
    for label, name in (("jobs", spec.analysis.jobs), ("cost", spec.analysis.cost)):
        if name is not None and name not in names:
            raise ExperimentError(
                f"{path}: key 'analysis.{label}' = {_fmt(name)}: not an outcome name; "
                "allowed: " + ", ".join(sorted(names))
            )


def _grid_size(params: tuple[Parameter, ...]) -> int:
    return math.prod(len(p.values) if p.values is not None else p.levels or 0 for p in params)


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file; raise ExperimentError (one line) on any mistake."""
    path = Path(path)
    if path.suffix != ".toml":
        raise ExperimentError(f"{path}: expected an experiment file ending in .toml")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExperimentError(f"{path}: experiment file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExperimentError(f"{path}: cannot read experiment file ({exc})") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ExperimentError(f"{path}: not valid TOML ({exc})") from None
    try:
        spec = ExperimentSpec.model_validate(table)
    except ValidationError as exc:
        raise ExperimentError(_format_error(path, exc)) from None
    base = (path.parent / spec.base).resolve()
    if not base.is_file():
        raise ExperimentError(f"{path}: key 'base' = {_fmt(spec.base)}: no such file {base}")
    for key in spec.overrides:
        field, why = _schema_field(key)
        if field is None:
            raise ExperimentError(f"{path}: key 'overrides' entry {_fmt(key)}: {why}")
    try:
        scenario = load_scenario(base, dict(spec.overrides))
    except ScenarioError as exc:
        raise ExperimentError(f"{path}: base scenario with 'overrides': {exc}") from None
    keys = [p.key for p in spec.parameters]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            raise ExperimentError(f"{path}: key 'parameters[{i}].key' = {_fmt(key)}: used twice")
        if key in spec.overrides:
            raise ExperimentError(
                f"{path}: key 'parameters[{i}].key' = {_fmt(key)}: also set in 'overrides'; "
                "a key is either fixed or varied"
            )
    params = tuple(
        _parameter(path, base, dict(spec.overrides), i, p, spec.design.kind)
        for i, p in enumerate(spec.parameters)
    )
    _check_outcomes(path, spec, scenario)
    d = spec.design
    points = {
        "grid": _grid_size(params),
        "lhs": d.samples or 0,
        "sobol": (d.samples or 0) * (2 * len(params) + 2 if d.second_order else len(params) + 2),
    }[d.kind]
    if points * d.replicates > MAX_RUNS:
        raise ExperimentError(
            f"{path}: key 'design' = {points} points x {d.replicates} replicates: more than "
            f"{MAX_RUNS:,} runs"
        )
    name = spec.name or path.stem
    return Experiment(
        path=path.resolve(), text=text, spec=spec, name=name, base=base, parameters=params
    )


__all__ = [
    "SPEND_TOTAL",
    "Experiment",
    "ExperimentError",
    "ExperimentSpec",
    "Parameter",
    "known_columns",
    "load_experiment",
]
