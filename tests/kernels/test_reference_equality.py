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
from sim.kernels.accounting import jobs_by_region, tally_workers
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
from sim.state import WorkerArrays, WorkerCounts
from tests.conftest import TINY
from tests.kernels import reference

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


@pytest.mark.parametrize("seed", [0, 1])
def test_age_and_move_without_tally_is_unchanged(seed) -> None:
    args = _age_args(_population(400, seed, 3), seed)
    ours, theirs = copy.deepcopy(args), copy.deepcopy(args)
    age_and_move(*ours)
    reference.age_and_move(*theirs)
    _assert_same(ours, theirs)


@pytest.mark.parametrize("seed", [0, 1])
def test_tally_workers_counts_as_the_reference_with_wages_in_whole_cents(seed) -> None:
    """The same counts of workers as the float tally it replaced; the wage bill and benefit
    wages (whole cents per real worker) within half a cent per real worker of its float sums."""
    wk = _population(400, seed, 4)
    est_region = np.arange(N_EST, dtype=np.int32) % N_REGIONS
    est_sector = np.arange(N_EST, dtype=np.int8) % codes.N_SECTORS
    common = (wk.status, wk.employer, wk.region, wk.wage, wk.quarters_unemployed)
    theirs = (
        np.zeros(N_EST, dtype=np.int64),
        np.zeros(N_EST),
        np.zeros((N_REGIONS, codes.N_SECTORS), dtype=np.int64),
        np.zeros(N_REGIONS, dtype=np.int64),
        np.zeros(N_REGIONS, dtype=np.int64),
        np.zeros(N_REGIONS),
    )
    reference.tally_workers(*common, 2, wk.weight, est_region, est_sector, *theirs)
    ours = WorkerCounts(
        *(np.zeros(N_EST, dtype=np.int64) for _ in range(2)),
        *(np.zeros(N_REGIONS, dtype=np.int64) for _ in range(3)),
        2,
    )
    tally_workers(*common, wk.weight, ours)
    jobs = np.zeros((N_REGIONS, codes.N_SECTORS), dtype=np.int64)
    jobs_by_region(est_region, est_sector, ours.employed, jobs)
    for a, b in ((ours.employed, theirs[0]), (jobs, theirs[2]), (ours.unemployed, theirs[3])):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ours.retraining, theirs[4])
    assert np.all(np.abs(ours.wage_cents / 100 - theirs[1]) <= 0.005 * ours.employed + 1e-6)
    paid = ours.unemployed + ours.retraining
    assert np.all(np.abs(ours.benefit_cents / 100 - theirs[5]) <= 0.005 * paid + 1e-6)
    assert ours.wage_cents.sum() > 0 and ours.benefit_cents.sum() > 0


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
}
#: Arguments of the model's calls handed to our kernel (without the counts: the references
#: keep none; tests/kernels/test_counts.py and the test below check them) and to the reference
#: (the model hands lay_off a list to fill and match that list, route_orders its buffers).
N_OURS = {"lay_off": 7, "match": 15, "add_entrants": 22}
N_REFERENCE = {"lay_off": 6, "match": 13, "route_orders": 22, "add_entrants": 22}


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
            extra = N_REFERENCE.get(name, len(args))
            out_ours = ours_kernel(*ours[: N_OURS.get(name, len(args))])
            out_theirs = reference_kernel(*theirs[:extra])
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


def _recount(wk: WorkerArrays, like: WorkerCounts) -> WorkerCounts:
    full = WorkerCounts(*(np.zeros_like(a) for a in like[:-1]), like[-1])
    tally_workers(
        wk.status, wk.employer, wk.region, wk.wage, wk.quarters_unemployed, wk.weight, full
    )
    return full


def _rows(args: tuple[Any, ...], name: str) -> tuple[WorkerArrays, WorkerCounts]:
    """The worker arrays and the counts of a recorded call (of the copy `args`)."""
    if name == "age_and_move":
        wage, counts = args[24]
        fields = dict(region=2, employer=1, status=0, ice_skill=5, ev_skill=4, age_q=3)
        fields.update(quarters_unemployed=6, training_left=7, weight=21)
    elif name == "add_entrants":
        wage, counts = args[6], args[22]
        fields = dict(region=2, employer=1, status=0, last_sector=7, ice_skill=4, ev_skill=5)
        fields.update(age_q=3, quarters_unemployed=8, weight=19)
    else:
        return args[0], args[-1]
    arrays = {name: args[i] for name, i in fields.items()}
    arrays.setdefault("last_sector", args[0])
    arrays.setdefault("training_left", args[0])
    return WorkerArrays(wage=wage, **arrays), counts


@pytest.mark.skipif(not JIT, reason="model runs with numba off take too long")
@pytest.mark.parametrize("name", ["lay_off", "match", "add_entrants", "age_and_move"])
def test_kernels_keep_the_counts_on_model_calls(runs, name) -> None:
    """On the model's own calls, the counts a kernel was handed equal a full recount after it:
    by establishment always, by region after age_and_move (which recounts them). With the
    counts, age_and_move changes the rows as its reference does."""
    n_calls = 0
    parts = WorkerCounts._fields[:-1] if name == "age_and_move" else ("employed", "wage_cents")
    for calls in runs:
        for args in calls[name]:
            ours = copy.deepcopy(args)
            wk, counts = _rows(ours, name)
            np.testing.assert_array_equal(counts.employed, _recount(wk, counts).employed)
            getattr(schedule, name)(*ours)
            full = _recount(wk, counts)
            for part in parts:
                np.testing.assert_array_equal(getattr(counts, part), getattr(full, part), part)
            if name == "age_and_move":
                theirs = copy.deepcopy(args)
                reference.age_and_move(*theirs[:24])
                _assert_same(ours[:24], theirs[:24])
            n_calls += 1
    assert n_calls >= 40


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
