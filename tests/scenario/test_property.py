"""Property test: random and mutated scenario files are either refused with one clear line, or
accepted and run a few quarters with every invariant holding and no NaN."""

from __future__ import annotations

import tomllib

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import ScenarioError, TransitionModel, load_scenario
from sim.scenario.schema import Scenario
from tests.conftest import TINY
from tests.invariants import check_quarter, pool_size

SECTIONS = {
    name: sorted(field.annotation.model_fields)
    for name, field in Scenario.model_fields.items()
    if hasattr(field.annotation, "model_fields")
}
KEYS = [
    (sec, key)
    for sec, keys in SECTIONS.items()
    for key in keys
    if key not in ("file", "history_file")
]

values = st.one_of(
    st.integers(-10, 3000),
    st.floats(-2.0, 3.0, allow_nan=False),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=5),
    st.lists(st.floats(0, 1), max_size=4),
    st.lists(st.integers(2020, 2060), max_size=4),
)


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if np.isnan(v):
            return "nan"
        if np.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return str(v)


OUTCOMES = {"accepted": 0, "refused": 0}

mutation = st.tuples(st.sampled_from(KEYS), values)
typo = st.tuples(
    st.sampled_from(list(SECTIONS)), st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(mutation, max_size=3), extra=st.lists(typo, max_size=1))
def test_mutated_scenarios_are_refused_clearly_or_run_cleanly(tmp_path_factory, changes, extra):
    folder = tmp_path_factory.mktemp("prop")
    lines = [f'extends = "{TINY.as_posix()}"', "[time]", "end_year = 2026"]
    by_section: dict[str, list[str]] = {}
    for (section, key), value in changes:
        if section == "time" and key == "end_year":
            continue
        by_section.setdefault(section, []).append(f"{key} = {_toml_value(value)}")
    for section, key in extra:
        if key not in SECTIONS[section]:
            by_section.setdefault(section, []).append(f"{key} = 1")
    for section, entries in by_section.items():
        if section == "time":
            lines += entries
        else:
            unique = {e.split(" = ")[0]: e for e in entries}
            lines += [f"[{section}]", *unique.values()]
    text = "\n".join(lines) + "\n"
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return  # our generator made invalid TOML; the loader's TOML errors are tested elsewhere
    path = folder / "s.toml"
    path.write_text(text)
    try:
        spec = load_scenario(path)
        model = TransitionModel(scenario=spec, seed=1)
    except ScenarioError as exc:
        message = str(exc)
        assert "\n" not in message
        assert str(path) in message or "regions" in message
        OUTCOMES["refused"] += 1
        return
    OUTCOMES["accepted"] += 1
    pool = pool_size(model)
    for _ in range(3):
        model.step()
        pool = check_quarter(model, pool)
    assert np.isfinite(model.history[:3]).all()


def test_property_test_exercised_both_outcomes():
    """Guard against a generator that only ever produces refused (or only accepted) files."""
    if sum(OUTCOMES.values()) == 0:
        test_mutated_scenarios_are_refused_clearly_or_run_cleanly()
    assert OUTCOMES["accepted"] > 0 and OUTCOMES["refused"] > 0, OUTCOMES
