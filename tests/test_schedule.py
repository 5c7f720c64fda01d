"""The schedule of a quarter: phases, the kernels they name, and docs/model.md's list of them."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import sim.schedule as schedule
from sim.model import TransitionModel
from sim.schedule import SCHEDULE

DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"


def _documented_phases() -> list[str]:
    """The phase names of section 3 of docs/model.md: the first `name` of each top-level
    numbered item, in order."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## 3. Process overview and scheduling")
    section = text[start : text.index("\n## 4.", start)]
    items = re.findall(r"^(\d+)\. \*\*`([a-z_]+)`\*\*", section, flags=re.MULTILINE)
    assert [int(n) for n, _ in items] == list(range(1, len(items) + 1))
    return [name for _, name in items]


def test_docs_name_the_phases_one_to_one() -> None:
    assert _documented_phases() == [p.name for p in SCHEDULE]


def test_phase_names_are_unique() -> None:
    names = [p.name for p in SCHEDULE]
    assert len(set(names)) == len(names)


def test_each_phase_names_exactly_the_kernels_it_calls() -> None:
    """A phase's `kernels` are the numba kernels its function calls (the benchmark times them)."""
    for phase in SCHEDULE:
        tree = ast.parse(inspect.getsource(phase.run))
        called = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                obj = getattr(schedule, node.func.id, None)
                if hasattr(obj, "py_func") and node.func.id not in called:
                    called.append(node.func.id)
        assert sorted(called) == sorted(phase.kernels), phase.name


def test_step_runs_the_phases_in_order() -> None:
    model = TransitionModel(scenario="scenarios/tiny.toml", seed=1)
    seen: list[tuple[str, int]] = []
    model.phases = tuple(
        type(p)(p.name, lambda m, t, p=p: (seen.append((p.name, t.index)), p.run(m, t))[1])
        for p in model.phases
    )
    model.step()
    model.step()
    names = [p.name for p in SCHEDULE]
    assert seen == [(n, 0) for n in names] + [(n, 1) for n in names]
    assert model.quarter_index == 2
