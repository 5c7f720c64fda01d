"""Labour kernels on tiny hand-made arrays, with slow Python twins for the exact-count ones.

Agents carry a weight (real workers); the kernels that split agents take a `WorkerArrays`.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim import codes
from sim.kernels.labour import (
    add_entrants,
    age_and_move,
    enrol_retraining,
    lay_off,
    match,
    relocate,
)
from sim.state import WorkerArrays
from tests.kernels.helpers import python_version

E, U, EMPTY = codes.EMPLOYED, codes.UNEMPLOYED, codes.EMPTY
FREE = (EMPTY, codes.LEFT_LABOUR_FORCE, codes.EMPLOYED_ELSEWHERE)


def _workers(status, employer, region=None, weight=None, free=0):
    """Worker arrays as a dict (weight 1 unless given), plus `free` spare rows at the end."""
    n = len(status)
    w = dict(
        status=np.array(status, dtype=np.int8),
        employer=np.array(employer, dtype=np.int32),
        region=np.zeros(n, dtype=np.int16) if region is None else np.array(region, dtype=np.int16),
        last_sector=np.zeros(n, dtype=np.int8),
        quarters_unemployed=np.zeros(n, dtype=np.int16),
        ice_skill=np.full(n, 0.5, dtype=np.float32),
        ev_skill=np.full(n, 0.2, dtype=np.float32),
        age_q=np.full(n, 160, dtype=np.int16),
        wage=np.full(n, 10_000.0, dtype=np.float32),
        training_left=np.zeros(n, dtype=np.int8),
        weight=np.ones(n, dtype=np.int16) if weight is None else np.array(weight, dtype=np.int16),
    )
    if free:
        for name, a in w.items():
            fill = -1 if name in ("status", "employer") else 0
            w[name] = np.concatenate([a, np.full(free, fill, dtype=a.dtype)])
    return w


def _wk(w):
    """The dict's arrays (shared, not copied) as the kernels' named tuple."""
    return WorkerArrays(**{name: w[name] for name in WorkerArrays._fields})


def _copy(w):
    return {name: a.copy() for name, a in w.items()}


def _cursor():
    return np.zeros(1, dtype=np.int64)


def _occupied(w):
    return int((~np.isin(w["status"], FREE)).sum())


def _distinct(w):
    """Give every row its own age, skills and wage, so a split row can be traced to its parent."""
    n = len(w["status"])
    w["age_q"][:] = 80 + np.arange(n)
    w["ice_skill"][:] = (np.arange(n) % 97) / 100.0
    w["ev_skill"][:] = (np.arange(n) % 89) / 100.0
    w["wage"][:] = 5_000.0 + 10.0 * np.arange(n)
    w["quarters_unemployed"][:] = 0


def lay_off_python(w, est_sector, to_fire, employed, cursor, rng):
    """Obviously-correct twin of lay_off: the same sequential selection sampling over real
    workers (agents in row order, one draw per real worker while its firm still has workers to
    fire); an agent partly picked gives the picked workers to the next free row from `cursor`
    (circularly), or keeps them when there is none. Returns (arrays, fired, kept, cursor)."""
    w = _copy(w)
    to_fire, remaining = list(to_fire), list(employed)
    n = len(w["status"])
    picked = {}
    for row in range(n):
        if w["status"][row] != E:
            continue
        f = w["employer"][row]
        k = 0
        for _ in range(w["weight"][row]):
            if to_fire[f] <= 0:
                break
            if rng.random() * remaining[f] < to_fire[f]:
                to_fire[f] -= 1
                k += 1
            remaining[f] -= 1
        if k:
            picked[row] = k
    fired = kept = 0
    c = int(cursor[0]) % n
    for row, k in picked.items():
        f = w["employer"][row]
        if k == w["weight"][row]:
            target = row
        else:
            free_rows = [(c + i) % n for i in range(n) if w["status"][(c + i) % n] in FREE]
            if not free_rows:
                kept += k
                continue
            target = free_rows[0]
            c = (target + 1) % n
            for name in w:
                w[name][target] = w[name][row]
            w["weight"][target] = k
            w["weight"][row] -= k
        w["status"][target] = U
        w["employer"][target] = -1
        w["last_sector"][target] = est_sector[f]
        w["quarters_unemployed"][target] = 0
        fired += k
    return w, fired, kept, c


def _assert_same(a, b):
    for name in a:
        assert np.array_equal(a[name], b[name]), name


def test_lay_off_fires_exactly_and_matches_python_twin():
    status = [E] * 50 + [U] * 5 + [E] * 30
    employer = [0] * 50 + [-1] * 5 + [1] * 30
    w = _workers(status, employer)
    employed = np.array([50, 30], dtype=np.int64)
    to_fire = np.array([7, 30], dtype=np.int64)
    est_sector = np.array([0, 1], dtype=np.int8)
    twin, twin_fired, twin_kept, _ = lay_off_python(
        w, est_sector, to_fire, employed, _cursor(), np.random.default_rng(3)
    )
    fired, kept = lay_off(
        _wk(w), est_sector, to_fire.copy(), employed, _cursor(), np.random.default_rng(3)
    )
    assert (fired, kept) == (37, 0) == (twin_fired, twin_kept)
    assert ((w["status"][:50] == U).sum(), (w["status"][55:] == U).sum()) == (7, 30)
    _assert_same(w, twin)
    assert (w["last_sector"][55:] == 1).all()
    assert (w["weight"] == 1).all()  # weight 1: nobody split


def _mixed_firms(free=40):
    """Three firms of agents with mixed weights (3, 1, 5, 2, 1, 4, ...), some unemployed agents
    in between, and `free` spare rows; each row distinct. Returns (arrays, employed)."""
    weights = [3, 1, 5, 2, 1, 4, 7, 1, 1, 2]
    status, employer, weight = [], [], []
    for i in range(36):
        f = i % 3
        unemployed = i % 7 == 6
        status.append(U if unemployed else E)
        employer.append(-1 if unemployed else f)
        weight.append(weights[i % len(weights)])
    w = _workers(status, employer, region=[i % 3 for i in range(36)], weight=weight, free=free)
    _distinct(w)
    employed = np.zeros(3, dtype=np.int64)
    for i in range(36):
        if status[i] == E:
            employed[employer[i]] += weight[i]
    return w, employed


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("free", [40, 2, 0])
def test_lay_off_with_weights_matches_python_twin(seed, free):
    w, employed = _mixed_firms(free)
    to_fire = np.array([7, employed[1], 1], dtype=np.int64)  # firm 1 closes down
    est_sector = np.array([0, 1, 3], dtype=np.int8)
    cursor = np.array([5], dtype=np.int64)
    twin, twin_fired, twin_kept, twin_cursor = lay_off_python(
        w, est_sector, to_fire, employed, cursor, np.random.default_rng(seed)
    )
    fired, kept = lay_off(
        _wk(w), est_sector, to_fire, employed, cursor, np.random.default_rng(seed)
    )
    assert (fired, kept) == (twin_fired, twin_kept)
    assert fired + kept == 8 + employed[1]
    _assert_same(w, twin)
    if fired + kept and free:
        assert cursor[0] == twin_cursor


def _fired_from(before, after, f):
    """Real workers of firm f (region f in `_mixed_firms`) newly unemployed."""
    new_u = (after["status"] == U) & (after["region"] == f)
    old_u = (before["status"] == U) & (before["region"] == f)
    return int(after["weight"][new_u].sum()) - int(before["weight"][old_u].sum())


@pytest.mark.parametrize("seed", range(20))
def test_lay_off_with_weights_fires_exact_real_workers(seed):
    w, employed = _mixed_firms(free=60)
    before = _copy(w)
    to_fire = np.array([7, employed[1], 1], dtype=np.int64)
    fired, kept = lay_off(
        _wk(w),
        np.array([0, 1, 3], dtype=np.int8),
        to_fire.copy(),
        employed,
        _cursor(),
        np.random.default_rng(seed),
    )
    assert kept == 0 and fired == to_fire.sum()
    for f in range(3):
        assert _fired_from(before, w, f) == to_fire[f]
        assert w["weight"][(w["status"] == E) & (w["employer"] == f)].sum() == (
            employed[f] - to_fire[f]
        )
    assert w["weight"].sum() == before["weight"].sum()  # total weight conserved
    assert (w["weight"][~np.isin(w["status"], FREE)] >= 1).all()
    # a split row copies its parent (found by its distinct wage) and takes part of its weight
    n0 = 36
    for row in np.where(~np.isin(w["status"], FREE))[0]:
        if row < n0:
            continue
        parent = int(np.where(before["wage"][:n0] == w["wage"][row])[0][0])
        for name in ("age_q", "ice_skill", "ev_skill", "wage", "region"):
            assert w[name][row] == before[name][parent], name
        assert w["weight"][row] + w["weight"][parent] == before["weight"][parent]
        assert w["status"][row] == U and w["status"][parent] == E


def test_lay_off_splits_into_free_rows_only_and_keeps_the_rest():
    # one agent of 10 at firm 0, fire 4: it must split, but there is no free row
    w = _workers([E, U], [0, -1], weight=[10, 2])
    fired, kept = lay_off(
        _wk(w),
        np.zeros(1, dtype=np.int8),
        np.array([4]),
        np.array([10]),
        _cursor(),
        np.random.default_rng(0),
    )
    assert (fired, kept) == (0, 4)
    assert w["status"].tolist() == [E, U] and w["weight"].tolist() == [10, 2]
    # with one spare row the 4 move there
    w = _workers([E, U], [0, -1], weight=[10, 2], free=1)
    fired, kept = lay_off(
        _wk(w),
        np.zeros(1, dtype=np.int8),
        np.array([4]),
        np.array([10]),
        _cursor(),
        np.random.default_rng(0),
    )
    assert (fired, kept) == (4, 0)
    assert w["status"].tolist() == [E, U, U] and w["weight"].tolist() == [6, 2, 4]
    assert w["employer"].tolist() == [0, -1, -1]


def test_lay_off_is_uniform_over_employees():
    hits = np.zeros(20)
    for seed in range(2000):
        w = _workers([E] * 20, [0] * 20)
        lay_off(
            _wk(w),
            np.zeros(1, dtype=np.int8),
            np.array([5]),
            np.array([20]),
            _cursor(),
            np.random.default_rng(seed),
        )
        hits += w["status"] == U
    # each employee is picked with chance 5/20; 2000 trials -> mean 500, sd ~19
    assert np.all(np.abs(hits - 500) < 100)


def test_lay_off_with_weights_is_uniform_over_real_workers():
    """4 agents of 5 workers, fire 5 of the 20: each agent loses 5/4 workers on average, and
    none of its workers with chance C(15,5)/C(20,5) (hypergeometric), wherever it stands."""
    trials = 3000
    lost = np.zeros((trials, 4))
    for seed in range(trials):
        w = _workers([E] * 4, [0] * 4, weight=[5] * 4, free=8)
        fired, kept = lay_off(
            _wk(w),
            np.zeros(1, dtype=np.int8),
            np.array([5]),
            np.array([20]),
            _cursor(),
            np.random.default_rng(seed),
        )
        assert (fired, kept) == (5, 0)
        lost[seed] = 5 - np.where(w["status"][:4] == E, w["weight"][:4], 0)
    assert (lost.sum(axis=1) == 5).all()
    # mean 1.25, sd of one draw ~0.86 -> sd of the mean ~0.016
    assert np.all(np.abs(lost.mean(axis=0) - 1.25) < 0.08)
    assert np.all(np.abs((lost == 0).mean(axis=0) - 3003 / 15504) < 0.04)


def test_weight_one_never_splits_agents():
    rng = np.random.default_rng(11)
    n = 60
    status = rng.choice([E, U], size=n)
    employer = np.where(status == E, rng.integers(0, 3, size=n), -1)
    w = _workers(status, employer, region=rng.integers(0, 2, size=n), free=20)
    w["last_sector"][:n] = rng.integers(0, 4, size=n)
    w["ev_skill"][:n] = rng.random(n)
    occupied = _occupied(w)
    est_region = np.array([0, 1, 0], dtype=np.int32)
    est_sector = np.array([codes.SECTOR_ICE, codes.SECTOR_EV, codes.SECTOR_AGNOSTIC], np.int8)
    employed = np.bincount(employer[status == E], minlength=3).astype(np.int64)
    lay_off(_wk(w), est_sector, employed // 2, employed, _cursor(), rng)
    assert _occupied(w) == occupied
    match(
        _wk(w),
        est_region,
        est_sector,
        np.full(3, 9_000.0),
        np.full(3, 7, dtype=np.int64),
        np.array([5, 6, 7], dtype=np.int64),
        2,
        0.5,
        1.0,
        0.5,
        0.1,
        _cursor(),
        rng,
    )
    assert _occupied(w) == occupied
    enrol_retraining(
        _wk(w),
        est_sector,
        np.array([4, 3]),
        np.array([2, 2]),
        3,
        0.5,
        _cursor(),
        rng,
        np.zeros(2, dtype=np.int64),
    )
    assert _occupied(w) == occupied
    assert (w["weight"][:n] == 1).all() and (w["weight"][n:] == 0).all()


def test_match_respects_vacancies_regions_and_ev_skill():
    # region 0: 10 unemployed, 3 of them with EV skill; region 1: 5 unemployed
    status = [U] * 15
    w = _workers(status, [-1] * 15, region=[0] * 10 + [1] * 5)
    w["ev_skill"][:3] = 0.9
    est_region = np.array([0, 0, 1], dtype=np.int32)
    est_sector = np.array([codes.SECTOR_EV, codes.SECTOR_AGNOSTIC, codes.SECTOR_ICE], dtype=np.int8)
    vacancies = np.array([2, 4, 1], dtype=np.int64)
    hired = match(
        _wk(w),
        est_region,
        est_sector,
        np.full(3, 9_000.0),
        np.full(3, 5, dtype=np.int64),
        vacancies,
        2,
        0.5,
        10.0,
        0.5,
        0.0,
        _cursor(),
        np.random.default_rng(0),
    )
    assert hired == 7  # efficiency 10 saturates: every vacancy filled
    assert vacancies.tolist() == [0, 0, 0]
    ev_hires = np.where(w["employer"] == 0)[0]
    assert len(ev_hires) == 2 and (w["ev_skill"][ev_hires] >= 0.5).all()
    assert set(np.where(w["employer"] == 2)[0]) <= set(range(10, 15))  # same region only
    assert (w["wage"][w["employer"] >= 0] == 9_000.0).all()
    assert (w["last_sector"][ev_hires] == codes.SECTOR_EV).all()  # the new job is the last job


def test_match_never_hires_without_eligible_workers():
    w = _workers([U] * 5, [-1] * 5)  # EV skill 0.2 < threshold 0.5
    vacancies = np.array([3], dtype=np.int64)
    hired = match(
        _wk(w),
        np.zeros(1, dtype=np.int32),
        np.array([codes.SECTOR_EV], dtype=np.int8),
        np.ones(1),
        np.full(1, 5, dtype=np.int64),
        vacancies,
        1,
        0.5,
        10.0,
        0.5,
        0.0,
        _cursor(),
        np.random.default_rng(0),
    )
    assert hired == 0 and vacancies[0] == 3


def _weighted_pool(free=50):
    """Unemployed agents of mixed weights in two regions, some with the EV skill."""
    weights = [3, 1, 5, 2, 1, 4, 7, 1, 6, 2, 1, 3]
    n = 24
    w = _workers(
        [U] * n,
        [-1] * n,
        region=[i % 2 for i in range(n)],
        weight=[weights[i % len(weights)] for i in range(n)],
        free=free,
    )
    _distinct(w)
    w["ev_skill"][:n] = np.where(np.arange(n) % 3 == 0, 0.8, 0.2)
    return w


def _run_match(w, vacancies, seed, kernel=match):
    est_region = np.array([0, 0, 1, 1, 0], dtype=np.int32)
    est_sector = np.array(
        [codes.SECTOR_EV, codes.SECTOR_OEM, codes.SECTOR_EV, codes.SECTOR_ICE, codes.SECTOR_ICE],
        dtype=np.int8,
    )
    cap = np.array([2, 3, 1, 4, 10], dtype=np.int64)
    hired = kernel(
        _wk(w),
        est_region,
        est_sector,
        np.array([9_000.0, 8_000.0, 7_000.0, 6_000.0, 5_000.0]),
        cap,
        vacancies,
        2,
        0.5,
        0.8,
        0.5,
        0.1,
        _cursor(),
        np.random.default_rng(seed),
    )
    return hired, cap


@pytest.mark.parametrize("seed", range(20))
def test_match_with_weights_respects_vacancies_and_caps(seed):
    w = _weighted_pool()
    before = _copy(w)
    vacancies = np.array([6, 9, 4, 5, 11], dtype=np.int64)
    open_before = vacancies.copy()
    hired, cap = _run_match(w, vacancies, seed)
    emp = w["status"] == E
    per_firm = np.bincount(w["employer"][emp], weights=w["weight"][emp], minlength=5)
    assert hired == per_firm.sum() > 0
    assert (per_firm <= open_before).all()  # never more real hires than vacancies
    assert (per_firm == open_before - vacancies).all()
    assert (w["weight"][emp] <= cap[w["employer"][emp]]).all()  # agents within the cap
    assert (w["ev_skill"][emp & np.isin(w["employer"], [0, 2])] >= 0.5).all()
    assert w["weight"].sum() == before["weight"].sum()  # total weight conserved
    for r in range(2):  # nobody changes region
        assert w["weight"][w["region"] == r].sum() == before["weight"][before["region"] == r].sum()


@pytest.mark.parametrize("seed", range(4))
def test_weighted_kernels_agree_with_pure_python(seed):
    """The compiled kernels and their plain Python versions (.py_func) give the same arrays."""
    w, employed = _mixed_firms(free=20)
    w_py = _copy(w)
    to_fire = np.array([7, employed[1], 1], dtype=np.int64)
    est_sector = np.array([0, 1, 3], dtype=np.int8)
    out = lay_off(
        _wk(w), est_sector, to_fire.copy(), employed, _cursor(), np.random.default_rng(seed)
    )
    out_py = python_version(lay_off)(
        _wk(w_py), est_sector, to_fire.copy(), employed, _cursor(), np.random.default_rng(seed)
    )
    assert tuple(out) == tuple(out_py)
    _assert_same(w, w_py)

    w = _weighted_pool()
    w_py = _copy(w)
    vacancies, vacancies_py = (np.array([6, 9, 4, 5, 11], dtype=np.int64) for _ in range(2))
    hired, _ = _run_match(w, vacancies, seed)
    hired_py, _ = _run_match(w_py, vacancies_py, seed, kernel=python_version(match))
    assert hired == hired_py and np.array_equal(vacancies, vacancies_py)
    for name in w:
        if name == "wage":
            assert np.allclose(w[name], w_py[name], rtol=1e-6)
        else:
            assert np.array_equal(w[name], w_py[name]), name


def _entrants(w, vacancies, cap, fill_share=1.0, start_row=0, seed=1, est_sector=None):
    n_est = len(vacancies)
    return add_entrants(
        w["status"],
        w["employer"],
        w["region"],
        w["age_q"],
        w["ice_skill"],
        w["ev_skill"],
        w["wage"],
        w["last_sector"],
        w["quarters_unemployed"],
        np.zeros(n_est, dtype=np.int32),
        np.full(n_est, codes.SECTOR_EV, dtype=np.int8) if est_sector is None else est_sector,
        np.full(n_est, 5_000.0),
        np.array(cap, dtype=np.int64),
        vacancies,
        fill_share,
        0.5,
        80,
        140,
        0.0,
        w["weight"],
        start_row,
        np.random.default_rng(seed),
    )


def test_entrants_use_free_rows_only():
    w = _workers([E, EMPTY, codes.LEFT_LABOUR_FORCE, U, EMPTY], [0, -1, -1, -1, -1])
    vacancies = np.array([5], dtype=np.int64)
    entrants, unfilled, cursor = _entrants(w, vacancies, [1], start_row=3)
    # the search starts at row 3 and wraps around: rows 4, 1, 2 are taken, then a full circle
    assert (entrants, unfilled) == (3, 2)
    assert cursor == 3
    assert w["status"].tolist() == [E, E, E, U, E]
    new = [1, 2, 4]
    assert (w["ev_skill"][new] >= 0.5).all()
    assert w["status"][3] == U  # the unemployed row is not a free row
    assert ((w["age_q"][new] >= 80) & (w["age_q"][new] <= 140)).all()
    assert w["weight"].tolist() == [1, 1, 1, 1, 1]


@pytest.mark.parametrize("free", [30, 3])
def test_entrants_join_in_agents_within_the_cap(free):
    w = _workers([E, U], [0, -1], free=free)
    vacancies = np.array([10, 3, 7, 0], dtype=np.int64)
    cap = [4, 5, 1, 2]
    requested = vacancies.sum()  # fill share 1: every vacancy is offered
    entrants, unfilled, _ = _entrants(
        w, vacancies, cap, est_sector=np.array([0, 1, 2, 3], dtype=np.int8)
    )
    new = np.arange(len(w["status"])) >= 2
    new &= w["status"] == E
    assert entrants == w["weight"][new].sum()  # real entrants = weight of the new agents
    assert entrants + unfilled == requested
    assert (w["weight"][new] >= 1).all()
    assert (w["weight"][new] <= np.array(cap)[w["employer"][new]]).all()
    for f in range(4):
        assert w["weight"][new & (w["employer"] == f)].sum() == [10, 3, 7, 0][f] - vacancies[f]
    if free == 30:
        assert (entrants, unfilled) == (20, 0) and vacancies.tolist() == [0, 0, 0, 0]
    else:
        assert new.sum() == 3 and unfilled > 0
    assert w["weight"][:2].tolist() == [1, 1]  # the old rows are untouched


def _age(w, flows, success=1.0, rng_seed=0, outside=1.0, outside_older=1.0):
    age_and_move(
        w["status"],
        w["employer"],
        w["region"],
        w["age_q"],
        w["ev_skill"],
        w["ice_skill"],
        w["quarters_unemployed"],
        w["training_left"],
        np.array([codes.SECTOR_EV], dtype=np.int8),
        np.zeros(1, dtype=np.int8),
        260,
        240,
        220,
        outside,
        outside_older,
        0.0,
        0.1,
        0.05,
        0.5,
        success,
        0.5,
        w["weight"],
        np.random.default_rng(rng_seed),
        flows,
    )


def test_age_and_move_retires_and_moves():
    w = _workers([E, U, U, E], [0, -1, -1, 0])
    w["training_left"] = np.zeros(4, dtype=np.int8)
    w["age_q"][:] = [259, 200, 250, 100]
    flows = np.zeros((1, 5), dtype=np.int64)
    _age(w, flows)
    assert w["status"].tolist() == [
        codes.LEFT_LABOUR_FORCE,
        codes.EMPLOYED_ELSEWHERE,
        codes.EMPLOYED_ELSEWHERE,
        E,
    ]
    assert flows[0].tolist() == [1, 0, 2, 0, 0]
    assert np.isclose(w["ev_skill"][3], 0.3)  # learning on the job at an EV supplier
    assert w["employer"][0] == -1


def test_age_and_move_flows_count_real_workers():
    w = _workers([E, U, U, E], [0, -1, -1, 0], weight=[3, 2, 5, 4])
    w["age_q"][:] = [259, 200, 250, 100]
    flows = np.zeros((1, 5), dtype=np.int64)
    _age(w, flows)
    assert flows[0].tolist() == [3, 0, 7, 0, 0]
    assert w["weight"].tolist() == [3, 2, 5, 4]  # an agent's workers share its fate


def test_older_unemployed_use_their_own_outside_job_rate():
    w = _workers([U, U], [-1, -1])
    w["training_left"] = np.zeros(2, dtype=np.int8)
    w["age_q"][:] = [200, 230]  # 50 and 57.5 years; older from 55 (220 quarters)
    flows = np.zeros((1, 5), dtype=np.int64)
    _age(w, flows, outside=1.0, outside_older=0.0)
    assert w["status"].tolist() == [codes.EMPLOYED_ELSEWHERE, U]


def test_retraining_completes_with_skill_gain_and_returns_to_search():
    w = _workers([codes.RETRAINING, E], [-1, 0])
    w["training_left"] = np.array([2, 1], dtype=np.int8)  # the employed one trains preventively
    flows = np.zeros((1, 5), dtype=np.int64)
    _age(w, flows)
    assert w["status"][0] == codes.RETRAINING and w["training_left"][0] == 1
    assert np.isclose(w["ev_skill"][1], 0.7) and w["status"][1] == E  # 0.2 + 0.5, keeps job
    _age(w, flows)
    assert w["status"][0] == U and np.isclose(w["ev_skill"][0], 0.7)
    assert flows[0, 3] == 2
    w = _workers([codes.RETRAINING], [-1])
    w["training_left"] = np.array([1], dtype=np.int8)
    flows = np.zeros((1, 5), dtype=np.int64)
    _age(w, flows, success=0.0)
    assert w["status"][0] == U and np.isclose(w["ev_skill"][0], 0.2) and flows[0, 4] == 1


def _enrol(w, places, preventive, seed=0, n_regions=1):
    enrolled = np.zeros(n_regions, dtype=np.int64)
    enrol_retraining(
        _wk(w),
        np.array([codes.SECTOR_ICE], dtype=np.int8),
        np.array(places),
        np.array(preventive),
        3,
        0.5,
        _cursor(),
        np.random.default_rng(seed),
        enrolled,
    )
    return enrolled


def test_enrolment_fills_places_former_ice_workers_first():
    status = [U] * 6 + [E] * 3
    w = _workers(status, [-1] * 6 + [0] * 3)
    w["training_left"] = np.zeros(9, dtype=np.int8)
    w["last_sector"][:3] = codes.SECTOR_ICE
    w["ev_skill"][5] = 0.9  # already has the skill: not eligible
    enrolled = _enrol(w, [4], [2])
    assert enrolled[0] == 6
    assert (w["status"][:3] == codes.RETRAINING).all()  # all former ICE workers placed
    assert (w["status"][3:5] == codes.RETRAINING).sum() == 1  # one place left for the others
    assert w["status"][5] == U
    assert (w["status"][6:] == E).all() and (w["training_left"][6:] == 3).sum() == 2


@pytest.mark.parametrize("seed", range(10))
def test_enrolment_with_weights_counts_real_people(seed):
    # former ICE unemployed: 3 + 4 = 7 real; other unemployed: 5 + 2 = 7 (+ 6 with EV skill);
    # employed at the ICE supplier: 4 + 3 = 7 real
    status = [U, U, U, U, U, E, E]
    w = _workers(status, [-1] * 5 + [0, 0], weight=[3, 4, 5, 2, 6, 4, 3], free=10)
    w["last_sector"][:2] = codes.SECTOR_ICE
    w["ev_skill"][4] = 0.9
    before = _copy(w)
    enrolled = _enrol(w, [9], [5], seed=seed)
    assert enrolled[0] == 9 + 5
    training = w["training_left"] == 3
    assert w["weight"][training].sum() == 14
    assert w["weight"][training & (w["status"] == codes.RETRAINING)].sum() == 9
    assert w["weight"][training & (w["status"] == E)].sum() == 5
    # former ICE workers first: all 7 of them, then 2 of the 7 others
    former_ice = w["last_sector"] == codes.SECTOR_ICE
    assert w["weight"][training & former_ice].sum() == 7
    assert w["weight"][(w["status"] == U) & (w["ev_skill"] < 0.5)].sum() == 5
    assert w["weight"].sum() == before["weight"].sum()
    assert (w["weight"][~np.isin(w["status"], FREE)] >= 1).all()


def test_relocation_moves_unemployed_towards_vacancies():
    w = _workers([U, U, E], [-1, -1, 0], region=[0, 0, 0])
    moved = np.zeros(3, dtype=np.int64)
    # region 0's neighbours: 1 (no vacancies) and 2 (vacancies)
    relocate(
        w["status"],
        w["region"],
        w["weight"],
        np.array([0, 2, 2, 2]),
        np.array([1, 2]),
        np.array([0.0, 0.0, 5.0]),
        1.0,
        np.random.default_rng(0),
        moved,
    )
    assert w["region"].tolist() == [2, 2, 0] and moved.tolist() == [0, 0, 2]


def test_relocation_counts_real_workers():
    w = _workers([U, U, E], [-1, -1, 0], region=[0, 0, 0], weight=[3, 4, 5])
    moved = np.zeros(3, dtype=np.int64)
    relocate(
        w["status"],
        w["region"],
        w["weight"],
        np.array([0, 2, 2, 2]),
        np.array([1, 2]),
        np.array([0.0, 0.0, 5.0]),
        1.0,
        np.random.default_rng(0),
        moved,
    )
    assert w["region"].tolist() == [2, 2, 0] and moved.tolist() == [0, 0, 7]
