"""The counts the worker kernels keep up to date (sim.state.WorkerCounts): after each kernel
that changes worker rows, on random populations, the counts it was handed must equal a full
recount (`tally_workers`, the definition) to the worker and to the cent. A kernel that forgets
to update the counts where it changes a row fails here. Counts by establishment are kept by
every kernel; counts by region from `age_and_move` on (it recounts them), so they are checked
after `age_and_move`, `enrol_retraining` and `merge_small_agents`."""

from __future__ import annotations

import ast
import copy
import inspect
from typing import Any

import numpy as np
import pytest

import sim.kernels.cohorts as cohorts
import sim.kernels.labour as labour
from sim import codes
from sim.kernels.accounting import tally_workers
from sim.kernels.cohorts import merge_small_agents
from sim.kernels.labour import (
    add_entrants,
    age_and_move,
    enrol_retraining,
    lay_off,
    match,
    relocate,
    split_off,
)
from sim.state import WorkerArrays, WorkerCounts
from tests.kernels.helpers import python_version

N_EST, N_REGIONS, BENEFIT_Q = 7, 3, 2
ESTABLISHMENT_PART = ("employed", "wage_cents")
SEEDS = [0, 1, 2]
WEIGHTS = [1, 6]


def _population(n: int, seed: int, max_weight: int) -> WorkerArrays:
    """Random workers of every status (with free rows for splits and entrants), many near
    retirement, some training, some long unemployed, wages not whole cents."""
    rng = np.random.default_rng(seed)
    status = rng.choice(
        [codes.EMPLOYED, codes.UNEMPLOYED, codes.RETRAINING, codes.EMPTY, codes.LEFT_LABOUR_FORCE],
        size=n,
        p=[0.55, 0.2, 0.05, 0.15, 0.05],
    ).astype(np.int8)
    training = (status == codes.RETRAINING) | ((status == codes.EMPLOYED) & (rng.random(n) < 0.1))
    pool = (status == codes.EMPLOYED) | (status == codes.UNEMPLOYED) | (status == codes.RETRAINING)
    return WorkerArrays(
        region=rng.integers(0, N_REGIONS, n).astype(np.int16),
        employer=np.where(status == codes.EMPLOYED, rng.integers(0, N_EST, n), -1).astype(np.int32),
        status=status,
        last_sector=rng.integers(0, codes.N_SECTORS, n).astype(np.int8),
        ice_skill=rng.random(n).astype(np.float32),
        ev_skill=rng.random(n).astype(np.float32),
        age_q=rng.integers(250, 262, n).astype(np.int16),  # many reach 260 (retirement)
        quarters_unemployed=rng.integers(0, 5, n).astype(np.int16),
        wage=(rng.random(n) * 1e4 + 3e3).astype(np.float32),
        training_left=np.where(training, rng.integers(1, 3, n), 0).astype(np.int8),
        weight=np.where(pool, rng.integers(1, max_weight + 1, n), 0).astype(np.int16),
    )


def _recount(wk: WorkerArrays) -> WorkerCounts:
    counts = WorkerCounts(
        np.zeros(N_EST, dtype=np.int64),
        np.zeros(N_EST, dtype=np.int64),
        *(np.zeros(N_REGIONS, dtype=np.int64) for _ in range(3)),
        BENEFIT_Q,
    )
    tally_workers(
        wk.status, wk.employer, wk.region, wk.wage, wk.quarters_unemployed, wk.weight, counts
    )
    return counts


def _assert_counts(kept: WorkerCounts, wk: WorkerArrays, parts: tuple[str, ...]) -> None:
    full = _recount(wk)
    for name in parts:
        np.testing.assert_array_equal(getattr(kept, name), getattr(full, name), err_msg=name)


def _est() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(99)
    return dict(
        region=(np.arange(N_EST) % N_REGIONS).astype(np.int32),
        sector=(np.arange(N_EST) % codes.N_SECTORS).astype(np.int8),
        wage_level=rng.uniform(5e3, 9e3, N_EST),
        agent_cap=np.full(N_EST, 4, dtype=np.int64),
    )


def _kernel(kernel: Any, py: bool) -> Any:
    return python_version(kernel) if py else kernel


def _cases():
    return [(s, m, py) for s in SEEDS for m in WEIGHTS for py in (False, True)]


@pytest.mark.parametrize(("seed", "max_weight", "py"), _cases())
def test_lay_off_keeps_the_counts(seed, max_weight, py) -> None:
    wk = _population(500, seed, max_weight)
    counts = _recount(wk)
    rng = np.random.default_rng(seed)
    to_fire = (counts.employed * rng.random(N_EST) * 0.6).astype(np.int64)
    fired, _ = _kernel(lay_off, py)(
        wk,
        _est()["sector"],
        to_fire,
        counts.employed,
        np.zeros(1, dtype=np.int64),
        rng,
        None,
        counts,
    )
    assert fired > 0
    _assert_counts(counts, wk, ESTABLISHMENT_PART)


@pytest.mark.parametrize(("seed", "max_weight", "py"), _cases())
def test_match_keeps_the_counts(seed, max_weight, py) -> None:
    wk = _population(500, seed, max_weight)
    counts = _recount(wk)
    e = _est()
    vacancies = np.full(N_EST, 30, dtype=np.int64)
    hired = _kernel(match, py)(
        wk,
        e["region"],
        e["sector"],
        e["wage_level"],
        e["agent_cap"],
        vacancies,
        N_REGIONS,
        0.5,
        0.9,
        0.5,
        0.15,
        np.zeros(1, dtype=np.int64),
        np.random.default_rng(seed),
        None,
        None,
        counts,
    )
    assert hired > 0
    _assert_counts(counts, wk, ESTABLISHMENT_PART)


@pytest.mark.parametrize(("seed", "max_weight", "py"), _cases())
def test_add_entrants_keeps_the_counts(seed, max_weight, py) -> None:
    wk = _population(500, seed, max_weight)
    counts = _recount(wk)
    e = _est()
    vacancies = np.full(N_EST, 9, dtype=np.int64)
    entrants, _, _ = _kernel(add_entrants, py)(
        wk.status, wk.employer, wk.region, wk.age_q, wk.ice_skill, wk.ev_skill, wk.wage,
        wk.last_sector, wk.quarters_unemployed, e["region"], e["sector"], e["wage_level"],
        e["agent_cap"], vacancies, 0.8, 0.5, 80, 120, 0.15, wk.weight, 0,
        np.random.default_rng(seed), counts,
    )  # fmt: skip
    assert entrants > 0
    _assert_counts(counts, wk, ESTABLISHMENT_PART)


def _age_args(wk: WorkerArrays, seed: int) -> tuple[Any, ...]:
    rng = np.random.default_rng(seed)
    return (
        *(wk.status, wk.employer, wk.region, wk.age_q, wk.ev_skill, wk.ice_skill),
        *(wk.quarters_unemployed, wk.training_left, _est()["sector"]),
        (rng.random(N_EST) < 0.3).astype(np.int8),
        *(260, 240, 255, 0.2, 0.4, 0.3, 0.05, 0.02, 0.5, 0.6, 0.4),
        wk.weight,
        np.random.default_rng(seed + 100),
        np.zeros((N_REGIONS, 5), dtype=np.int64),
    )


@pytest.mark.parametrize(("seed", "max_weight", "py"), _cases())
def test_age_and_move_keeps_the_counts_and_recounts_the_regions(seed, max_weight, py) -> None:
    wk = _population(500, seed, max_weight)
    counts = _recount(wk)
    for a in (counts.unemployed, counts.retraining, counts.benefit_cents):
        a[:] = 123  # stale by region: the pass recounts them
    ref = copy.deepcopy(wk)
    _kernel(age_and_move, py)(*_age_args(wk, seed), (wk.wage, counts))
    _assert_counts(counts, wk, WorkerCounts._fields[:-1])
    # the same draws and rows as without the counts, and retirements happened
    _kernel(age_and_move, py)(*_age_args(ref, seed))
    for name in WorkerArrays._fields:
        np.testing.assert_array_equal(getattr(wk, name), getattr(ref, name), err_msg=name)
    assert np.any(wk.status == codes.LEFT_LABOUR_FORCE)


@pytest.mark.parametrize(("seed", "max_weight", "py"), _cases())
def test_enrol_retraining_keeps_the_counts(seed, max_weight, py) -> None:
    wk = _population(500, seed, max_weight)
    wk.training_left[wk.status == codes.UNEMPLOYED] = 0
    wk.ev_skill[::2] = 0.1  # many below the EV threshold, so eligible
    counts = _recount(wk)
    enrolled = np.zeros(N_REGIONS, dtype=np.int64)
    _kernel(enrol_retraining, py)(
        wk, _est()["sector"], np.full(N_REGIONS, 40, dtype=np.int64),
        np.full(N_REGIONS, 10, dtype=np.int64), 3, 0.5, np.zeros(1, dtype=np.int64),
        np.random.default_rng(seed), enrolled, counts,
    )  # fmt: skip
    assert enrolled.sum() > 0
    _assert_counts(counts, wk, WorkerCounts._fields[:-1])


@pytest.mark.parametrize(("seed", "max_weight", "py"), _cases())
def test_merge_small_agents_keeps_the_counts(seed, max_weight, py) -> None:
    wk = _population(500, seed, max_weight)
    wk.age_q[:] = np.random.default_rng(seed).integers(100, 104, len(wk.age_q))
    counts = _recount(wk)
    cap = np.full(N_EST, 3 * max_weight, dtype=np.int64)
    n_bands = 3
    freed = _kernel(merge_small_agents, py)(
        wk, cap, 3 * max_weight, 40, 0.5, BENEFIT_Q,
        np.zeros((N_EST, n_bands, 2), dtype=np.int64),
        np.zeros((N_REGIONS, codes.N_SECTORS, n_bands, 2, 2), dtype=np.int64),
        counts,
    )  # fmt: skip
    assert freed > 0
    _assert_counts(counts, wk, WorkerCounts._fields[:-1])


@pytest.mark.parametrize("seed", SEEDS)
def test_split_off_and_relocate_change_no_count(seed) -> None:
    """A split agent's parts add what it added whole (whole cents per worker); relocate moves
    only the unemployed's home region, which `age_and_move` recounts after it."""
    wk = _population(300, seed, 9)
    before = _recount(wk)
    rows = np.flatnonzero((wk.weight > 1) & (wk.status <= codes.UNEMPLOYED))[:20]
    cursor = np.zeros(1, dtype=np.int64)
    for w in rows:
        assert split_off(wk, int(w), int(wk.weight[w]) // 2 + 0, cursor) >= 0
    _assert_counts(before, wk, WorkerCounts._fields[:-1])
    moved = np.zeros(N_REGIONS, dtype=np.int64)
    relocate(
        wk.status, wk.region, wk.weight, np.array([0, 2, 4, 6]), np.array([1, 2, 0, 2, 0, 1]),
        np.ones(N_REGIONS), 0.5, np.random.default_rng(seed), moved,
    )  # fmt: skip
    assert moved.sum() > 0
    _assert_counts(before, wk, ESTABLISHMENT_PART)


#: Kernels that write worker rows' status, employer, weight or wage without taking the counts,
#: and why that is right.
NO_COUNTS = {
    "split_off": "moves workers between two rows of one state: no count changes",
    "_absorb": "called by merge_small_agents, which updates the counts around it",
}
WATCHED = {"status", "employer", "weight", "wage"}


def _writes_watched(fn: Any) -> bool:
    for node in ast.walk(ast.parse(inspect.getsource(python_version(fn)))):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AugAssign):
            targets = [node.target]
        for t in targets:
            if isinstance(t, ast.Subscript):
                v = t.value
                name = v.attr if isinstance(v, ast.Attribute) else getattr(v, "id", "")
                if name in WATCHED:
                    return True
    return False


def test_every_kernel_that_changes_worker_rows_takes_the_counts() -> None:
    """A new kernel that writes status, employer, weight or wage must take `counts` (or
    `tally`) and be tested above, or be listed in NO_COUNTS with the reason."""
    writers = []
    for module in (labour, cohorts):
        for name, fn in vars(module).items():
            py = python_version(fn)
            own = inspect.isfunction(py) and py.__module__ == module.__name__
            if own and _writes_watched(fn):
                writers.append(name)
                params = inspect.signature(py).parameters
                assert name in NO_COUNTS or "counts" in params or "tally" in params, name
    assert {"lay_off", "match", "add_entrants", "age_and_move", "enrol_retraining"} <= set(writers)
    assert "merge_small_agents" in writers and "split_off" in writers
