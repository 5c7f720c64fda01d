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
SMALL_EU = {"regions.job_scale": 0.02}


@pytest.mark.parametrize(
    ("scenario", "overrides", "scale"),
    [
        ("tiny", {}, 1),
        ("tiny", LEVERS, 1),
        ("tiny", LEVERS, 5),
        ("baseline", SMALL_EU, 1),
        ("baseline", SMALL_EU, 10),
        ("combined", SMALL_EU, 1),
        ("combined", SMALL_EU, 10),
        ("battery_localisation", SMALL_EU, 10),
        ("procurement_push", SMALL_EU, 10),
        ("reskilling_at_scale", SMALL_EU, 1),
        ("reskilling_at_scale", SMALL_EU, 10),
    ],
)
def test_kept_counts_equal_a_full_recount_every_quarter(
    scenario, overrides, scale, monkeypatch
) -> None:
    """The worker kernels keep the counts up to date (sim.state.WorkerCounts); with
    check_tally set, count_employment recounts every quarter and raises if they differ by
    one worker or one cent. Whole runs, at scale 1 and coarse scales, with levers."""
    spec = load_scenario(f"scenarios/{scenario}.toml", overrides)
    model = TransitionModel(scenario=spec, seed=2, scale=scale)
    model.check_tally = True
    recounts = []
    recount = schedule.tally_workers

    def counting(*args: object) -> None:
        recounts.append(model.quarter_index)
        recount(*args)

    monkeypatch.setattr(schedule, "tally_workers", counting)
    seen = np.zeros(3, dtype=np.int64)  # most unemployed, retraining, employed in a quarter
    while model.running:
        model.step()
        x = model.scratch
        seen = np.maximum(seen, [x.unemployed.sum(), x.retraining.sum(), x.jobs.sum()])
    assert recounts == list(range(model.quarter_index)) and model.quarter_index > 20
    assert seen[0] > 0 and seen[2] > 0
    if "reskilling" in scenario or overrides is LEVERS:
        assert seen[1] > 0


def test_no_phase_recounts_the_workers_without_the_check(monkeypatch) -> None:
    """The counts are kept, not recounted: tally_workers runs once, when the model is built."""
    calls = []
    recount = schedule.tally_workers
    monkeypatch.setattr(schedule, "tally_workers", lambda *a: (calls.append(1), recount(*a))[1])
    model = TransitionModel(scenario=load_scenario("scenarios/tiny.toml", LEVERS), scale=5)
    while model.running:
        model.step()
    assert len(calls) == 1


def test_a_phase_changing_workers_unannounced_is_caught_by_the_tally_check() -> None:
    model = TransitionModel(scenario="scenarios/tiny.toml", seed=1)
    model.check_tally = True

    def raise_a_wage(m: TransitionModel, t: object) -> None:
        w = m.pop.workers
        w.wage[int(np.flatnonzero(w.status == codes.EMPLOYED)[0])] += 100.0

    names = [p.name for p in model.phases]
    at = names.index("count_employment")
    model.phases = (*model.phases[:at], Phase("raise_a_wage", raise_a_wage), *model.phases[at:])
    with pytest.raises(RuntimeError, match="differ from a full recount in wage_cents"):
        while model.running:
            model.step()
