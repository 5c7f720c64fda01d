"""Labour kernels on tiny hand-made arrays, with slow Python twins for the exact-count ones."""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.kernels.labour import (
    add_entrants,
    age_and_move,
    enrol_retraining,
    lay_off,
    match,
    relocate,
)

E, U, EMPTY = codes.EMPLOYED, codes.UNEMPLOYED, codes.EMPTY


def _workers(status, employer, region=None):
    n = len(status)
    return dict(
        status=np.array(status, dtype=np.int8),
        employer=np.array(employer, dtype=np.int32),
        region=np.zeros(n, dtype=np.int16) if region is None else np.array(region, dtype=np.int16),
        last_sector=np.zeros(n, dtype=np.int8),
        quarters_unemployed=np.zeros(n, dtype=np.int16),
        ice_skill=np.full(n, 0.5, dtype=np.float32),
        ev_skill=np.full(n, 0.2, dtype=np.float32),
        age_q=np.full(n, 160, dtype=np.int16),
        wage=np.full(n, 10_000.0, dtype=np.float32),
    )


def lay_off_python(status, employer, to_fire, employed, rng):
    """Obviously-correct twin of lay_off: the same sequential selection sampling."""
    status, employer, to_fire = status.copy(), employer.copy(), to_fire.copy()
    remaining = employed.copy()
    for w in range(len(status)):
        if status[w] != E or to_fire[employer[w]] <= 0:
            continue
        f = employer[w]
        if rng.random() * remaining[f] < to_fire[f]:
            status[w], employer[w] = U, -1
            to_fire[f] -= 1
        remaining[f] -= 1
    return status, employer


def test_lay_off_fires_exactly_and_matches_python_twin():
    status = [E] * 50 + [U] * 5 + [E] * 30
    employer = [0] * 50 + [-1] * 5 + [1] * 30
    w = _workers(status, employer)
    employed = np.array([50, 30], dtype=np.int64)
    to_fire = np.array([7, 30], dtype=np.int64)
    twin_status, twin_employer = lay_off_python(
        w["status"], w["employer"], to_fire, employed, np.random.default_rng(3)
    )
    fired = lay_off(
        w["status"],
        w["employer"],
        w["last_sector"],
        w["quarters_unemployed"],
        np.array([0, 1], dtype=np.int8),
        to_fire.copy(),
        employed,
        np.random.default_rng(3),
    )
    assert fired == 37
    assert ((w["status"][:50] == U).sum(), (w["status"][55:] == U).sum()) == (7, 30)
    assert np.array_equal(w["status"], twin_status)
    assert np.array_equal(w["employer"], twin_employer)
    assert (w["last_sector"][55:] == 1).all()


def test_lay_off_is_uniform_over_employees():
    hits = np.zeros(20)
    for seed in range(2000):
        w = _workers([E] * 20, [0] * 20)
        lay_off(
            w["status"],
            w["employer"],
            w["last_sector"],
            w["quarters_unemployed"],
            np.zeros(1, dtype=np.int8),
            np.array([5]),
            np.array([20]),
            np.random.default_rng(seed),
        )
        hits += w["status"] == U
    # each employee is picked with chance 5/20; 2000 trials -> mean 500, sd ~19
    assert np.all(np.abs(hits - 500) < 100)


def test_match_respects_vacancies_regions_and_ev_skill():
    # region 0: 10 unemployed, 3 of them with EV skill; region 1: 5 unemployed
    status = [U] * 15
    w = _workers(status, [-1] * 15, region=[0] * 10 + [1] * 5)
    w["ev_skill"][:3] = 0.9
    est_region = np.array([0, 0, 1], dtype=np.int32)
    est_sector = np.array([codes.SECTOR_EV, codes.SECTOR_AGNOSTIC, codes.SECTOR_ICE], dtype=np.int8)
    vacancies = np.array([2, 4, 1], dtype=np.int64)
    hired = match(
        w["status"],
        w["employer"],
        w["region"],
        w["ev_skill"],
        w["wage"],
        w["last_sector"],
        est_region,
        est_sector,
        np.full(3, 9_000.0),
        vacancies,
        2,
        0.5,
        10.0,
        0.5,
        0.0,
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
        w["status"],
        w["employer"],
        w["region"],
        w["ev_skill"],
        w["wage"],
        w["last_sector"],
        np.zeros(1, dtype=np.int32),
        np.array([codes.SECTOR_EV], dtype=np.int8),
        np.ones(1),
        vacancies,
        1,
        0.5,
        10.0,
        0.5,
        0.0,
        np.random.default_rng(0),
    )
    assert hired == 0 and vacancies[0] == 3


def test_entrants_use_free_rows_only():
    w = _workers([E, EMPTY, codes.LEFT_LABOUR_FORCE, U, EMPTY], [0, -1, -1, -1, -1])
    vacancies = np.array([5], dtype=np.int64)
    entrants, unfilled, cursor = add_entrants(
        w["status"],
        w["employer"],
        w["region"],
        w["age_q"],
        w["ice_skill"],
        w["ev_skill"],
        w["wage"],
        w["last_sector"],
        w["quarters_unemployed"],
        np.zeros(1, dtype=np.int32),
        np.array([codes.SECTOR_EV], dtype=np.int8),
        np.full(1, 5_000.0),
        vacancies,
        1.0,
        0.5,
        80,
        140,
        0.0,
        3,
        np.random.default_rng(1),
    )
    # the search starts at row 3 and wraps around: rows 4, 1, 2 are taken, then a full circle
    assert (entrants, unfilled) == (3, 2)
    assert cursor == 3
    assert w["status"].tolist() == [E, E, E, U, E]
    new = [1, 2, 4]
    assert (w["ev_skill"][new] >= 0.5).all()
    assert w["status"][3] == U  # the unemployed row is not a free row
    assert ((w["age_q"][new] >= 80) & (w["age_q"][new] <= 140)).all()


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


def test_enrolment_fills_places_former_ice_workers_first():
    status = [U] * 6 + [E] * 3
    w = _workers(status, [-1] * 6 + [0] * 3)
    w["training_left"] = np.zeros(9, dtype=np.int8)
    w["last_sector"][:3] = codes.SECTOR_ICE
    w["ev_skill"][5] = 0.9  # already has the skill: not eligible
    enrolled = np.zeros(1, dtype=np.int64)
    enrol_retraining(
        w["status"],
        w["region"],
        w["last_sector"],
        w["ev_skill"],
        w["employer"],
        np.array([codes.SECTOR_ICE], dtype=np.int8),
        w["training_left"],
        np.array([4]),
        np.array([2]),
        3,
        0.5,
        np.random.default_rng(0),
        enrolled,
    )
    assert enrolled[0] == 6
    assert (w["status"][:3] == codes.RETRAINING).all()  # all former ICE workers placed
    assert (w["status"][3:5] == codes.RETRAINING).sum() == 1  # one place left for the others
    assert w["status"][5] == U
    assert (w["status"][6:] == E).all() and (w["training_left"][6:] == 3).sum() == 2


def test_relocation_moves_unemployed_towards_vacancies():
    w = _workers([U, U, E], [-1, -1, 0], region=[0, 0, 0])
    moved = np.zeros(3, dtype=np.int64)
    # region 0's neighbours: 1 (no vacancies) and 2 (vacancies)
    relocate(
        w["status"],
        w["region"],
        np.array([0, 2, 2, 2]),
        np.array([1, 2]),
        np.array([0.0, 0.0, 5.0]),
        1.0,
        np.random.default_rng(0),
        moved,
    )
    assert w["region"].tolist() == [2, 2, 0] and moved.tolist() == [0, 0, 2]
