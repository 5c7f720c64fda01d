"""The worker kernels and order routing against their references (tests/kernels/reference.py:
the kernels as they were before issue 12's second speed round): on the same inputs they must
leave the same arrays, return the same values and leave the random streams in the same state
(the same draws in the same order). Inputs: random populations (also with numba off), and the
calls of real runs of the tiny scenario."""

from __future__ import annotations

import copy
from typing import Any

import numba
import numpy as np
import pytest

import sim.schedule as schedule
from sim import codes
from sim.kernels.accounting import tally_workers
from sim.kernels.labour import (
    _below,
    _shuffled_by_region,
    add_entrants,
    age_and_move,
    lay_off,
    match,
)
from sim.kernels.supply import route_orders
from sim.model import TransitionModel
from sim.scenario import load_scenario
from sim.state import WorkerArrays
from tests.conftest import TINY
from tests.kernels import reference
from tests.kernels.helpers import python_version

JIT = not numba.config.DISABLE_JIT
N_EST, N_REGIONS = 6, 3
#: Reskilling places and worker moves on, so that every kind of worker row turns up.
LEVERS = {
    "reskilling.places_per_quarter": {"ALL": 40},
    "reskilling.start_year": 2019,
    "reskilling.preventive_share": 0.3,
    "mobility.migration_rate": 0.05,
}


def _population(n: int, seed: int, max_weight: int) -> WorkerArrays:
    """Random workers of every status, with some retiring, training and long unemployed."""
    rng = np.random.default_rng(seed)
    status = rng.choice(
        [codes.EMPLOYED, codes.UNEMPLOYED, codes.RETRAINING, codes.EMPTY, codes.LEFT_LABOUR_FORCE],
        size=n,
        p=[0.6, 0.15, 0.1, 0.1, 0.05],
    ).astype(np.int8)
    training = (status == codes.RETRAINING) | ((status == codes.EMPLOYED) & (rng.random(n) < 0.1))
    return WorkerArrays(
        region=rng.integers(0, N_REGIONS, n).astype(np.int16),
        employer=np.where(status == codes.EMPLOYED, rng.integers(0, N_EST, n), -1).astype(np.int32),
        status=status,
        last_sector=rng.integers(0, codes.N_SECTORS, n).astype(np.int8),
        ice_skill=rng.random(n).astype(np.float32),
        ev_skill=rng.random(n).astype(np.float32),
        age_q=rng.integers(250, 262, n).astype(np.int16),  # many reach 260 (retirement) now
        quarters_unemployed=rng.integers(0, 6, n).astype(np.int16),
        wage=(rng.random(n) * 1e4 + 3e3).astype(np.float32),
        training_left=np.where(training, rng.integers(1, 3, n), 0).astype(np.int8),
        weight=np.where(status >= 0, rng.integers(1, max_weight + 1, n), 0).astype(np.int16),
    )


def _age_args(wk: WorkerArrays, seed: int) -> tuple[Any, ...]:
    rng = np.random.default_rng(seed)
    est_sector = rng.integers(0, codes.N_SECTORS, N_EST).astype(np.int8)
    est_upskill = (rng.random(N_EST) < 0.3).astype(np.int8)
    return (
        *(wk.status, wk.employer, wk.region, wk.age_q, wk.ev_skill, wk.ice_skill),
        *(wk.quarters_unemployed, wk.training_left, est_sector, est_upskill),
        *(260, 240, 255, 0.2, 0.4, 0.3, 0.05, 0.02, 0.5, 0.6, 0.4),
        wk.weight,
        np.random.default_rng(seed + 100),
        np.zeros((N_REGIONS, 5), dtype=np.int64),
    )


def _tally_outputs() -> tuple[np.ndarray, ...]:
    return (
        np.full(N_EST, 7, dtype=np.int64),  # stale contents: the kernels must clear them
        np.full(N_EST, 7.0),
        np.full((N_REGIONS, codes.N_SECTORS), 7, dtype=np.int64),
        np.full(N_REGIONS, 7, dtype=np.int64),
        np.full(N_REGIONS, 7, dtype=np.int64),
        np.full(N_REGIONS, 7.0),
    )


def _flat(value: Any) -> list[Any]:
    """Arrays, scalars and random-stream states of a (nested) argument tuple or result."""
    if isinstance(value, tuple):
        return [x for v in value for x in _flat(v)]
    if isinstance(value, np.random.Generator):
        return [repr(value.bit_generator.state)]
    return [value]


def _assert_same(a: Any, b: Any) -> None:
    fa, fb = _flat(a), _flat(b)
    assert len(fa) == len(fb)
    for i, (x, y) in enumerate(zip(fa, fb, strict=True)):
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y), i
        else:
            assert x == y, i


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("max_weight", [1, 5])
def test_age_and_move_with_tally_equals_age_and_move_then_tally(seed, max_weight) -> None:
    wk = _population(400, seed, max_weight)
    args = _age_args(wk, seed)
    est_region = np.random.default_rng(seed).integers(0, N_REGIONS, N_EST).astype(np.int32)
    # compiled against compiled, Python against Python (float32 arithmetic differs between them)
    for py in (False, True):
        kernel, ref_age, ref_tally = (
            python_version(k) if py else k
            for k in (age_and_move, reference.age_and_move, reference.tally_workers)
        )
        ours, theirs = copy.deepcopy(args), copy.deepcopy(args)
        out_ours, out_theirs = _tally_outputs(), _tally_outputs()
        kernel(*ours, (wk.wage, 2, est_region, *out_ours))
        ref_age(*theirs)
        w = theirs
        ref_tally(w[0], w[1], w[2], wk.wage, w[6], 2, w[21], est_region, w[8], *out_theirs)
        _assert_same((ours, out_ours), (theirs, out_theirs))
        assert out_ours[0].sum() > 0 and out_ours[3].sum() > 0 and out_ours[4].sum() > 0


@pytest.mark.parametrize("seed", [0, 1])
def test_age_and_move_without_tally_is_unchanged(seed) -> None:
    args = _age_args(_population(400, seed, 3), seed)
    ours, theirs = copy.deepcopy(args), copy.deepcopy(args)
    age_and_move(*ours)
    reference.age_and_move(*theirs)
    _assert_same(ours, theirs)


@pytest.mark.parametrize("seed", [0, 1])
def test_tally_workers_is_unchanged(seed) -> None:
    wk = _population(400, seed, 4)
    est_region = np.arange(N_EST, dtype=np.int32) % N_REGIONS
    est_sector = np.arange(N_EST, dtype=np.int8) % codes.N_SECTORS
    common = (wk.status, wk.employer, wk.region, wk.wage, wk.quarters_unemployed, 2, wk.weight)
    ours, theirs = _tally_outputs(), _tally_outputs()
    tally_workers(*common, est_region, est_sector, *ours)
    reference.tally_workers(*common, est_region, est_sector, *theirs)
    _assert_same(ours, theirs)


@pytest.mark.parametrize("seed", [0, 1])
def test_below_draws_as_rng_integers(seed) -> None:
    """Same values and the same stream state as rng.integers(0, n), for bounds of every size
    (numba's integers when compiled, numpy's with numba off), and no draw for n = 1."""
    bounds = np.random.default_rng(seed).integers(1, 2**31, 300)
    bounds[::3] = np.arange(1, 101)  # small ones: 1 (no draw), 2, 3, ...
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    for n in bounds:
        assert _below(ours, int(n)) == theirs.integers(0, int(n))
    assert ours.bit_generator.state == theirs.bit_generator.state
    before = ours.bit_generator.state
    assert _below(ours, 1) == 0 and ours.bit_generator.state == before


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_shuffled_by_region_is_unchanged(seed) -> None:
    est_region = np.random.default_rng(seed).integers(0, 5, 300).astype(np.int32)
    ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    _assert_same(
        (_shuffled_by_region(est_region, 6, ours), ours),
        (reference._shuffled_by_region(est_region, 6, theirs), theirs),
    )


# ------------------------------------------------------------------ calls of real model runs
COMPARED = {
    "add_entrants": (add_entrants, reference.add_entrants),
    "lay_off": (lay_off, reference.lay_off),
    "match": (match, reference.match),
    "route_orders": (route_orders, reference.route_orders),
    "tally_workers": (tally_workers, reference.tally_workers),
}


def _record(model: TransitionModel) -> dict[str, list[tuple[Any, ...]]]:
    """Copies of the arguments of every call of the compared kernels and of age_and_move."""
    calls: dict[str, list[tuple[Any, ...]]] = {name: [] for name in (*COMPARED, "age_and_move")}
    saved = {name: getattr(schedule, name) for name in calls}

    def recorder(name: str) -> Any:
        def call(*args: Any) -> Any:
            calls[name].append(copy.deepcopy(args))
            return saved[name](*args)

        return call

    for name in calls:
        setattr(schedule, name, recorder(name))
    try:
        while model.running:
            model.step()
    finally:
        for name, kernel in saved.items():
            setattr(schedule, name, kernel)
    return calls


@pytest.fixture(scope="module")
def runs() -> list[dict[str, list[tuple[Any, ...]]]]:
    short = {"time.end_year": 2030}
    return [
        _record(TransitionModel(scenario=load_scenario(TINY, {**LEVERS, **short}), seed=2)),
        _record(TransitionModel(scenario=load_scenario(TINY, short), seed=3, scale=5)),
    ]


@pytest.mark.skipif(not JIT, reason="model runs with numba off take too long")
@pytest.mark.parametrize("name", sorted(COMPARED))
def test_kernels_equal_their_references_on_model_calls(runs, name) -> None:
    ours_kernel, reference_kernel = COMPARED[name]
    n_calls = 0
    for calls in runs:
        for args in calls[name]:
            ours, theirs = copy.deepcopy(args), copy.deepcopy(args)
            # the model hands lay_off a list to fill and match that list, route_orders its buffers:
            # not the references
            extra = {"lay_off": 6, "match": 13, "route_orders": 22}.get(name, len(args))
            out_ours, out_theirs = ours_kernel(*ours), reference_kernel(*theirs[:extra])
            _assert_same((ours[:extra], out_ours), (theirs[:extra], out_theirs))
            n_calls += 1
    assert n_calls >= 40


@pytest.mark.skipif(not JIT, reason="model runs with numba off take too long")
def test_lay_off_lists_the_unemployed_rows_match_would_list(runs) -> None:
    """lay_off's list is the list of unemployed rows after it (unless a split put laid-off
    workers on a row behind it: then it says so with -1), at scale 1 and at scale 5."""
    complete = total = 0
    for calls in runs:
        for args in calls["lay_off"]:
            total += 1
            ours = copy.deepcopy(args)
            looking, count = ours[6]
            count[0] = -7
            lay_off(*ours)
            expected = reference._rows_with_status(ours[0].status, codes.UNEMPLOYED)
            assert count[0] >= -1
            if count[0] >= 0:
                np.testing.assert_array_equal(looking[: count[0]], expected)
                complete += 1
    # the list is complete in most calls (a split behind the pass is the exception)
    assert total >= 40 and complete >= total // 2


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("max_weight", [1, 4])
def test_lay_off_list_on_random_workers(seed, max_weight) -> None:
    """The same on random workers, one real worker per agent (no splits) or several."""
    rng = np.random.default_rng(seed)
    wk = _population(300, seed, max_weight)
    employed = np.bincount(
        wk.employer[wk.status == codes.EMPLOYED],
        weights=wk.weight[wk.status == codes.EMPLOYED],
        minlength=N_EST,
    ).astype(np.int64)
    to_fire = (employed * rng.random(N_EST) * 0.5).astype(np.int64)
    est_sector = np.arange(N_EST, dtype=np.int8) % codes.N_SECTORS
    ours, theirs = copy.deepcopy(wk), copy.deepcopy(wk)
    r_ours, r_theirs = np.random.default_rng(seed), np.random.default_rng(seed)
    looking, count = np.full(len(wk.status), -5, dtype=np.int64), np.zeros(1, dtype=np.int64)
    c_ours, c_theirs = np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64)
    out = lay_off(ours, est_sector, to_fire.copy(), employed, c_ours, r_ours, (looking, count))
    ref = reference.lay_off(theirs, est_sector, to_fire.copy(), employed, c_theirs, r_theirs)
    _assert_same((ours, out, r_ours, c_ours), (theirs, ref, r_theirs, c_theirs))
    assert out[0] > 0
    expected = reference._rows_with_status(ours.status, codes.UNEMPLOYED)
    if count[0] >= 0:
        np.testing.assert_array_equal(looking[: count[0]], expected)
    else:
        assert count[0] == -1 and max_weight > 1  # only a split puts one behind the pass


@pytest.mark.skipif(not JIT, reason="model runs with numba off take too long")
def test_age_and_move_with_tally_equals_the_two_references_on_model_calls(runs) -> None:
    n_tallied = 0
    for calls in runs:
        for args in calls["age_and_move"]:
            ours, theirs = copy.deepcopy(args), copy.deepcopy(args)
            age_and_move(*ours)
            if len(args) == 24:  # at a coarse scale: no tally in this pass
                reference.age_and_move(*theirs)
                _assert_same(ours, theirs)
                continue
            w, (wage, benefit_quarters, est_region, *out) = theirs[:24], theirs[24]
            reference.age_and_move(*w)
            reference.tally_workers(
                w[0], w[1], w[2], wage, w[6], benefit_quarters, w[21], est_region, w[8], *out
            )
            _assert_same(ours, theirs)
            n_tallied += 1
    assert n_tallied >= 20


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("max_weight", [1, 4, 9])
@pytest.mark.parametrize("cursor_at", [0.0, 0.5, 0.99])
def test_lay_off_equals_its_one_pass_reference(seed, max_weight, cursor_at) -> None:
    """lay_off (marks, then the rows that matter) against the one-pass kernel it replaced
    (reference.lay_off_listing): the same arrays, list, count, returns and draws, with split
    rows behind and ahead of the pass (the free-row cursor starts early, midway or at the end)
    and a row count that is not a multiple of eight."""
    rng = np.random.default_rng(seed)
    wk = _population(403, seed, max_weight)
    employed = np.bincount(
        wk.employer[wk.status == codes.EMPLOYED],
        weights=wk.weight[wk.status == codes.EMPLOYED],
        minlength=N_EST,
    ).astype(np.int64)
    to_fire = (employed * rng.random(N_EST) * 0.6).astype(np.int64)
    to_fire[seed % N_EST] = 0  # an establishment that keeps everyone
    est_sector = np.arange(N_EST, dtype=np.int8) % codes.N_SECTORS
    start = int(cursor_at * len(wk.status))
    results = []
    for kernel in (lay_off, reference.lay_off_listing):
        w = copy.deepcopy(wk)
        r = np.random.default_rng(seed)
        cursor = np.array([start], dtype=np.int64)
        looking, count = np.full(len(w.status), -5, dtype=np.int64), np.zeros(1, dtype=np.int64)
        out = kernel(w, est_sector, to_fire.copy(), employed, cursor, r, (looking, count))
        results.append((w, out, r, cursor, looking, count))
    _assert_same(results[0], results[1])
    assert results[0][1][0] > 0
