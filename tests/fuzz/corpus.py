"""A corpus of bad scenario and experiment files, one entry per bad-input class of issue 14,
and hypothesis strategies that vary each class. Every entry must be refused with one line (exit
code 2): a crash or an accepted file is a failure."""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import strategies as st
from pydantic import BaseModel

from sim.scenario.schema import Scenario
from tests.conftest import SCENARIOS, TINY
from tests.sweep.helpers import RANGE_DESIGN

#: Region codes, countries and history areas the shipped data has (for "unknown code" cases).
KNOWN_AREAS = {"EU", "ALL", "EU27", "ES", "IT"}
DATA = SCENARIOS / "data"


def _toml(value) -> str:
    """A TOML value (floats keep inf/nan, strings are escaped as JSON, which TOML accepts)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Case:
    """One bad file: its text (after `extends` for scenarios) and a word the message needs."""

    kind: str  # "scenario" or "experiment"
    label: str
    text: str
    expect: str


def scenario(label: str, text: str, expect: str, extends: bool = True) -> Case:
    head = f'extends = "{TINY.as_posix()}"\n' if extends else ""
    return Case("scenario", label, head + text, expect)


def section(name: str, body: dict) -> str:
    return f"[{name}]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in body.items())


FLOAT_KEYS = [
    (sec, key)
    for sec, field in Scenario.model_fields.items()
    if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
    for key, sub in field.annotation.model_fields.items()
    if sub.annotation is float
]
WEIGHT_KEYS = [
    ("suppliers", "tier_job_shares", 3),
    ("vehicles", "ice_group_weights", None),
    ("vehicles", "agnostic_group_weights", None),
]


def _weight_len(sec: str, key: str, n: int | None) -> int:
    if n is not None:
        return n
    return len(getattr(getattr(Scenario(), sec), key))


# ------------------------------------------------------------------ the fixed corpus
FIXED: list[Case] = [
    scenario("name with ../", 'name = "../../x"\n', "key 'name'"),
    scenario("absolute name", 'name = "/tmp/x"\n', "key 'name'"),
    scenario("nested name", 'name = "a/b/c"\n', "key 'name'"),
    scenario("NUL in name", 'name = "a\\u0000b"\n', "key 'name'"),
    scenario("400-byte name", f'name = "{"n" * 400}"\n', "key 'name'"),
    scenario("inf weight", section("suppliers", {"tier_job_shares": [float("inf"), 1, 1]}), "inf"),
    scenario("1e308 weights", section("suppliers", {"tier_job_shares": [1e308] * 3}), "add up"),
    scenario("unknown history area", section("electrification", {"history_area": "XX"}), "XX"),
    scenario("extends a text file", 'extends = "notes.txt"\n', "must be a .toml", extends=False),
    scenario("extends /etc", 'extends = "/etc/x.toml"\n', "system folder", extends=False),
    scenario("unknown region", section("regions", {"include": ["ZZ99"]}), "regions.include"),
    scenario("empty file", "", "is empty", extends=False),
    scenario(
        "unknown key in a programme",
        '[[procurement.programmes]]\narea = "DE"\nbudget_eur_per_year = 1e9\nbogus = 1\n',
        "allowed here: area",
    ),
    scenario("job_scale 1e-9", section("regions", {"job_scale": 1e-9}), "OEM plant job"),
    scenario(
        "history file that is not a history",
        section("electrification", {"history_file": str(DATA / "regions.csv")}),
        "missing column 'area'",
    ),
    scenario(
        "regions file that is a scenario",
        section("regions", {"file": str(TINY)}),
        "must be a .csv file",
    ),
    scenario("unknown top-level key", "colour = 1\n", "unknown key"),
    scenario("unknown section key", section("labour", {"colour": 1}), "allowed here"),
    scenario(
        "unknown lever area",
        section("aid", {"subsidy_rate": 0.3}) + "[aid.budgets]\nQQ = 1e9\n",
        "QQ",
    ),
    scenario(
        "unknown plant region",
        '[[localisation.gigafactories]]\nregion = "QQ11"\nopens_year = 2027\njobs = 100\n',
        "QQ11",
    ),
    scenario("unknown offset country", "[electrification.country_offsets]\nQQ = 0.1\n", "QQ"),
]
_EXPERIMENT_HEAD = f'base = "{TINY.as_posix()}"\n[overrides]\n"time.end_year" = 2026\n'
_GRID = """
[design]
kind = "grid"
replicates = 2
seed = 7

[[parameters]]
key = "labour.outside_job_rate"
kind = "uncertainty"
values = [0.02, 0.2]

[[outcomes]]
name = "{name}"
column = "jobs_total"
stat = "last"{extra}
"""
_RANGE = "\n" + RANGE_DESIGN


def experiment(label: str, body: str, expect: str) -> Case:
    return Case("experiment", label, _EXPERIMENT_HEAD + body, expect)


RESERVED_NAMES = ["point_id", "seed", "replicate", "sim_s", "scenario", "mean", "S1"]
FIXED += [
    experiment(f"outcome named {n}", _GRID.format(name=n, extra=""), "reserved")
    for n in RESERVED_NAMES
]
FIXED += [
    experiment("sobol samples 1", _RANGE.format(kind="sobol", samples=1), "Sobol design"),
    experiment("sobol samples 2", _RANGE.format(kind="sobol", samples=2), "Sobol design"),
    experiment("lhs samples 1", _RANGE.format(kind="lhs", samples=1), "Latin hypercube"),
    experiment(
        "outcome year outside the run",
        _GRID.format(name="j", extra="\nyear = 2040"),
        "outside the base scenario's years",
    ),
    Case("experiment", "job_scale that zeroes every outcome",
         _EXPERIMENT_HEAD + '"regions.job_scale" = 1e-5\n' + _GRID.format(name="j", extra=""),
         "leaves no automotive job"),
    experiment("unknown outcome column", _GRID.format(name="j", extra="").replace(
        'column = "jobs_total"', 'column = "jobs"'), "unknown column"),
    experiment("1,000,001 runs", _GRID.format(name="j", extra="").replace(
        "replicates = 2", "replicates = 10000"
    ).replace("values = [0.02, 0.2]", "values = " + _toml([i / 1000 for i in range(101)])),
        "more than 1,000,000 runs"),
]  # fmt: skip

# ------------------------------------------------------------------ hypothesis strategies
FORBIDDEN = "/\\\x00"
bad_names = st.one_of(
    st.text(min_size=1, max_size=20).map(lambda s: s + "/" + s),
    st.text(max_size=20).map(lambda s: ".." + s),
    st.text(max_size=20).map(lambda s: "." + s),
    st.text(max_size=10).map(lambda s: s + "\x00" + s),
    st.text(max_size=10).map(lambda s: s + "\\" + s),
    st.integers(101, 500).map(lambda n: "a" * n),
    st.just(""),
)
non_finite = st.sampled_from([float("inf"), float("-inf"), float("nan")])


@st.composite
def non_finite_number(draw) -> Case:
    sec, key = draw(st.sampled_from(FLOAT_KEYS))
    value = draw(non_finite)
    return scenario(f"{sec}.{key} = {value}", section(sec, {key: value}), key)


@st.composite
def overflowing_weights(draw) -> Case:
    sec, key, n = draw(st.sampled_from(WEIGHT_KEYS))
    size = _weight_len(sec, key, n)
    values = draw(st.lists(st.floats(6.0e307, 1.7e308), min_size=size, max_size=size))
    return scenario(f"{sec}.{key} huge", section(sec, {key: values}), key)


codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=2, max_size=8)


@st.composite
def unknown_code(draw) -> Case:
    code = draw(codes.filter(lambda c: c not in KNOWN_AREAS and not c[:2].isalpha()))
    where = draw(st.sampled_from(["history", "include", "procurement", "reskilling"]))
    if where == "history":
        return scenario("history area", section("electrification", {"history_area": code}), code)
    if where == "include":
        return scenario("include", section("regions", {"include": [code]}), code)
    if where == "procurement":
        text = f'[[procurement.programmes]]\narea = "{code}"\nbudget_eur_per_year = 1e9\n'
        return scenario("programme area", text, code)
    return scenario("reskilling area", f'[reskilling.places_per_quarter]\n"{code}" = 10\n', code)


@st.composite
def bad_file(draw) -> Case:
    key = draw(st.sampled_from(["extends", "regions.file", "electrification.history_file"]))
    suffix = draw(st.sampled_from([".txt", ".json", ".toml.bak", "", ".csv", ".toml"]))
    place = draw(st.sampled_from(["/etc/x", "/proc/self/x", "/dev/x", "/nonexistent/x"]))
    wanted = ".toml" if key == "extends" else ".csv"
    target = place + suffix
    if key == "extends":
        return scenario(f"extends {target}", f'extends = "{target}"\n', "key 'extends'", False)
    sec, name = key.split(".")
    expect = "must be a" if suffix != wanted else f"key '{key}'"
    return scenario(f"{key} {target}", section(sec, {name: target}), expect)


@st.composite
def bad_name(draw) -> Case:
    name = draw(bad_names)
    return scenario(f"name {name!r}", f"name = {_toml(name)}\n", "key 'name'")


@st.composite
def bad_experiment(draw) -> Case:
    what = draw(st.sampled_from(["reserved", "sobol", "lhs", "year"]))
    if what == "reserved":
        name = draw(st.sampled_from([*RESERVED_NAMES, "year", "region", "ST_conf", "outcome"]))
        return experiment(name, _GRID.format(name=name, extra=""), "reserved")
    if what == "sobol":
        return experiment("sobol", _RANGE.format(kind="sobol", samples=draw(
            st.sampled_from([1, 2]))), "Sobol design")  # fmt: skip
    if what == "lhs":
        return experiment("lhs", _RANGE.format(kind="lhs", samples=draw(st.integers(1, 2))),
                          "Latin hypercube")  # fmt: skip
    year = draw(st.one_of(st.integers(1900, 2024), st.integers(2027, 3000)))
    return experiment("year", _GRID.format(name="j", extra=f"\nyear = {year}"), str(year))


STRATEGIES = {
    "unsafe names": bad_name(),
    "non-finite numbers": non_finite_number(),
    "overflowing weights": overflowing_weights(),
    "unknown codes": unknown_code(),
    "bad data and extends paths": bad_file(),
    "bad experiments": bad_experiment(),
}
