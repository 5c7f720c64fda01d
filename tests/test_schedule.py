"""The schedule of a quarter: phases, the kernels they name, and docs/model.md's list of them."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import numpy as np
import pytest

import sim.schedule as schedule
from sim import codes
from sim.model import TransitionModel
from sim.scenario import load_scenario
from sim.schedule import SCHEDULE, Phase

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


#: Reskilling places from 2030 (enrolment changes the workers after worker_lives) and moves.
LEVERS = {
    "reskilling.places_per_quarter": {"ALL": 40},
    "reskilling.start_year": 2030,
    "reskilling.preventive_share": 0.3,
    "mobility.migration_rate": 0.05,
}


@pytest.mark.parametrize("levers", [False, True])
def test_tally_of_worker_lives_equals_a_full_recount_every_quarter(levers, monkeypatch) -> None:
    """At scale 1 worker_lives tallies the workers in its own pass; with check_tally set,
    count_employment recounts every quarter and raises if the two differ. In quarters with
    enrolment in reskilling the tally is redone (not checked: the workers changed)."""
    model = TransitionModel(
        scenario=load_scenario("scenarios/tiny.toml", LEVERS if levers else {}), seed=1
    )
    model.check_tally = True
    checked = []
    recount = schedule.tally_workers

    def counting(*args: object) -> None:
        checked.append(model.scratch.tallied)
        recount(*args)

    monkeypatch.setattr(schedule, "tally_workers", counting)
    while model.running:
        model.step()
    assert len(checked) == model.quarter_index > 40
    if levers:
        assert 0 < sum(checked) < len(checked)
    else:
        assert all(checked)


def test_a_phase_changing_workers_unannounced_is_caught_by_the_tally_check() -> None:
    model = TransitionModel(scenario="scenarios/tiny.toml", seed=1)
    model.check_tally = True

    def raise_a_wage(m: TransitionModel, t: object) -> None:
        w = m.pop.workers
        w.wage[int(np.flatnonzero(w.status == codes.EMPLOYED)[0])] += 100.0

    names = [p.name for p in model.phases]
    at = names.index("count_employment")
    model.phases = (*model.phases[:at], Phase("raise_a_wage", raise_a_wage), *model.phases[at:])
    with pytest.raises(RuntimeError, match="differs from a full recount"):
        while model.running:
            model.step()
