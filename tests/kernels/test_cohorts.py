"""Merging small worker agents: totals are kept, and only agents of one kind are merged."""

from __future__ import annotations

import numpy as np
import pytest

from sim import codes
from sim.kernels.cohorts import merge_small_agents
from sim.state import WorkerArrays
from tests.kernels import reference
from tests.kernels.helpers import python_version

E, U, R, EMPTY = codes.EMPLOYED, codes.UNEMPLOYED, codes.RETRAINING, codes.EMPTY
BAND_Q = 40  # age bands of 10 years: [0, 40), [40, 80), [80, ...) with 3 bands
N_BANDS = 3
THRESHOLD = 0.5
N_REGIONS = 2


def _agents(status, employer, weight, **state):
    """Worker arrays as a dict; other state defaults to one region, sector 0, age 100."""
    n = len(status)
    w = dict(
        region=np.zeros(n, dtype=np.int16),
        employer=np.array(employer, dtype=np.int32),
        status=np.array(status, dtype=np.int8),
        last_sector=np.zeros(n, dtype=np.int8),
        ice_skill=np.full(n, 0.5, dtype=np.float32),
        ev_skill=np.full(n, 0.2, dtype=np.float32),
        age_q=np.full(n, 100, dtype=np.int16),
        quarters_unemployed=np.zeros(n, dtype=np.int16),
        wage=np.full(n, 10_000.0, dtype=np.float32),
        training_left=np.zeros(n, dtype=np.int8),
        weight=np.array(weight, dtype=np.int16),
    )
    for name, values in state.items():
        w[name][:] = values
    return w


def _merge(w, cap, max_weight=10, kernel=merge_small_agents, benefit_quarters=100):
    cap = np.array(cap, dtype=np.int64)
    open_employed = np.zeros((len(cap), N_BANDS, 2), dtype=np.int64)
    open_unemployed = np.zeros((N_REGIONS, codes.N_SECTORS, N_BANDS, 2, 2), dtype=np.int64)
    wk = WorkerArrays(**{name: w[name] for name in WorkerArrays._fields})
    return kernel(
        wk,
        cap,
        max_weight,
        BAND_Q,
        THRESHOLD,
        benefit_quarters,
        open_employed,
        open_unemployed,
    )


def _copy(w):
    return {name: a.copy() for name, a in w.items()}


def test_merge_fills_agents_up_to_the_cap_and_frees_rows():
    w = _agents([E] * 5, [0] * 5, [2] * 5, wage=[1_000.0, 2_000.0, 3_000.0, 4_000.0, 5_000.0])
    freed = _merge(w, [5])
    # row 0 takes rows 1 and half of 2 (2 + 2 + 1 = 5); what is left of row 2 takes 3 and 4
    assert freed == 3
    assert w["weight"].tolist() == [5, 0, 5, 0, 0]
    assert w["status"].tolist() == [E, EMPTY, E, EMPTY, EMPTY]
    assert w["employer"].tolist() == [0, -1, 0, -1, -1]
    assert np.isclose(w["wage"][0], (2 * 1_000 + 2 * 2_000 + 3_000) / 5)
    assert np.isclose(w["wage"][2], (3_000 + 2 * 4_000 + 2 * 5_000) / 5)
    assert np.isclose((w["wage"] * w["weight"]).sum(), 2 * 15_000.0)


def test_merge_takes_weighted_means_of_the_state():
    w = _agents(
        [U, U],
        [-1, -1],
        [1, 3],
        age_q=[41, 49],
        quarters_unemployed=[2, 6],
        ev_skill=[0.1, 0.3],
        ice_skill=[0.8, 0.4],
        wage=[8_000.0, 4_000.0],
    )
    assert _merge(w, [5], max_weight=4) == 1
    assert w["weight"].tolist() == [4, 0] and w["status"].tolist() == [U, EMPTY]
    assert w["age_q"][0] == 47 and w["quarters_unemployed"][0] == 5
    assert np.isclose(w["ev_skill"][0], 0.25) and np.isclose(w["ice_skill"][0], 0.5)
    assert np.isclose(w["wage"][0], 5_000.0)


# Pairs of agents of weight 1 (cap 10) that must never be merged, by what tells them apart.
_APART = {
    "different firms": dict(status=[E, E], employer=[0, 1]),
    "different age bands": dict(status=[E, E], employer=[0, 0], age_q=[79, 80]),
    "different sides of the EV threshold": dict(
        status=[E, E], employer=[0, 0], ev_skill=[0.49, 0.5]
    ),
    "one in preventive training": dict(status=[E, E], employer=[0, 0], training_left=[0, 2]),
    "both in preventive training": dict(status=[E, E], employer=[0, 0], training_left=[1, 1]),
    "employed and unemployed": dict(status=[E, U], employer=[0, -1]),
    "unemployed of different regions": dict(status=[U, U], employer=[-1, -1], region=[0, 1]),
    "unemployed of different last sectors": dict(
        status=[U, U], employer=[-1, -1], last_sector=[1, 2]
    ),
    "unemployed of different age bands": dict(status=[U, U], employer=[-1, -1], age_q=[39, 40]),
    "unemployed of different sides of the EV threshold": dict(
        status=[U, U], employer=[-1, -1], ev_skill=[0.2, 0.9]
    ),
    "retraining": dict(status=[R, R], employer=[-1, -1], training_left=[2, 2]),
    "unemployed and retraining": dict(status=[U, R], employer=[-1, -1], training_left=[0, 2]),
    "left the labour force": dict(
        status=[codes.LEFT_LABOUR_FORCE] * 2, employer=[-1, -1], training_left=[0, 0]
    ),
}


@pytest.mark.parametrize("case", list(_APART))
def test_merge_never_mixes_kinds(case):
    spec = dict(_APART[case])
    w = _agents(spec.pop("status"), spec.pop("employer"), [1, 1], **spec)
    before = _copy(w)
    assert _merge(w, [10, 10]) == 0
    for name in w:
        assert np.array_equal(w[name], before[name]), name


@pytest.mark.parametrize(
    "spec",
    [
        dict(status=[E, E], employer=[1, 1], age_q=[80, 200]),  # last band takes everyone older
        dict(status=[E, E], employer=[0, 0], ev_skill=[0.5, 0.9]),
        dict(status=[U, U], employer=[-1, -1], region=[1, 1], last_sector=[3, 3]),
    ],
)
def test_merge_joins_agents_of_one_kind(spec):
    spec = dict(spec)
    w = _agents(spec.pop("status"), spec.pop("employer"), [1, 1], **spec)
    assert _merge(w, [10, 10]) == 1
    assert w["weight"].tolist() == [2, 0] and w["status"][1] == EMPTY and w["employer"][1] == -1


def test_merge_respects_each_firms_cap_and_the_max_weight():
    w = _agents([E] * 4 + [U] * 4, [0, 0, 1, 1] + [-1] * 4, [1, 1, 1, 1, 1, 1, 1, 1])
    freed = _merge(w, [1, 2], max_weight=3)
    # firm 0's cap is 1: nothing to merge; firm 1 (cap 2) merges one pair; unemployed up to 3
    assert freed == 1 + 2
    assert w["weight"].tolist() == [1, 1, 2, 0, 3, 0, 0, 1]


def _random_pool(seed, n=300):
    rng = np.random.default_rng(seed)
    status = rng.choice([E, E, U, R, EMPTY, codes.LEFT_LABOUR_FORCE], size=n)
    employer = np.where(status == E, rng.integers(0, 4, size=n), -1)
    cap = np.array([1, 3, 8, 20], dtype=np.int64)
    weight = np.where(np.isin(status, [E, U, R]), 1, 0)
    emp = status == E
    weight[emp] = rng.integers(1, cap[employer[emp]] + 1)
    weight[status == U] = rng.integers(1, 7, size=(status == U).sum())
    weight[status == R] = rng.integers(1, 7, size=(status == R).sum())
    training = np.where(
        status == R, rng.integers(1, 4, size=n), np.where(rng.random(n) < 0.2, 2, 0)
    )
    training[~np.isin(status, [E, U, R])] = 0
    w = _agents(
        status,
        employer,
        weight,
        region=rng.integers(0, N_REGIONS, size=n),
        last_sector=rng.integers(0, codes.N_SECTORS, size=n),
        age_q=rng.integers(70, 260, size=n),
        ev_skill=rng.choice([0.1, 0.3, 0.5, 0.7], size=n),
        ice_skill=rng.random(n),
        wage=rng.integers(4, 20, size=n) * 1_000.0,
        quarters_unemployed=np.where(status == U, rng.integers(0, 12, size=n), 0),
        training_left=training,
    )
    return w, cap


def _group_totals(w, cap):
    """Real workers, wage bill and EV skill per kind of agent (the keys merging must keep)."""
    band = np.minimum(w["age_q"] // BAND_Q, N_BANDS - 1)
    skilled = (w["ev_skill"] >= THRESHOLD).astype(int)
    totals = {}
    for i in range(len(w["status"])):
        st = w["status"][i]
        if st == E:
            key = ("E", w["employer"][i], band[i], skilled[i], w["training_left"][i] > 0)
        elif st == U:
            key = ("U", w["region"][i], w["last_sector"][i], band[i], skilled[i])
            key += (w["training_left"][i] > 0,)
        else:
            continue
        m = int(w["weight"][i])
        t = totals.setdefault(key, np.zeros(3))
        t += (m, m * float(w["wage"][i]), m * float(w["ev_skill"][i]))
    return totals


@pytest.mark.parametrize("seed", range(6))
def test_merge_keeps_totals_and_kinds_on_random_pools(seed):
    w, cap = _random_pool(seed)
    before = _copy(w)
    max_weight = 6
    freed = _merge(w, cap, max_weight=max_weight)
    occupied_before = np.isin(before["status"], [E, U, R])
    occupied_after = np.isin(w["status"], [E, U, R])
    newly_free = occupied_before & ~occupied_after
    assert freed == newly_free.sum() > 0
    assert (w["status"][newly_free] == EMPTY).all() and (w["employer"][newly_free] == -1).all()
    assert (w["weight"][newly_free] == 0).all()
    assert not (occupied_after & ~occupied_before).any()  # merging never takes a free row
    # per kind of agent (so per firm too): real workers, wage bill and skill unchanged
    totals_before, totals_after = _group_totals(before, cap), _group_totals(w, cap)
    assert set(totals_after) <= set(totals_before)
    for key, t in totals_before.items():
        got = totals_after.get(key, np.zeros(3))
        assert got[0] == t[0], key
        assert np.allclose(got[1:], t[1:], rtol=1e-6), key
    for f in range(len(cap)):
        at_f = (w["status"] == E) & (w["employer"] == f)
        at_f0 = (before["status"] == E) & (before["employer"] == f)
        assert w["weight"][at_f].sum() == before["weight"][at_f0].sum()
        bill = (w["weight"][at_f] * w["wage"][at_f].astype(float)).sum()
        bill0 = (before["weight"][at_f0] * before["wage"][at_f0].astype(float)).sum()
        assert np.isclose(bill, bill0, rtol=1e-6)
    # no agent grows beyond its cap; agents in training and other rows are untouched
    changed = w["weight"] != before["weight"]
    emp = occupied_after & (w["status"] == E)
    assert (w["weight"][emp & changed] <= cap[w["employer"][emp & changed]]).all()
    assert (w["weight"][occupied_after & (w["status"] == U) & changed] <= max_weight).all()
    keep = (before["training_left"] > 0) | ~np.isin(before["status"], [E, U])
    for name in w:
        assert np.array_equal(w[name][keep], before[name][keep]), name
    assert (w["weight"][occupied_after] >= 1).all()


@pytest.mark.parametrize("seed", range(3))
def test_merge_compiled_and_pure_python_agree(seed):
    w, cap = _random_pool(seed)
    w_py = _copy(w)
    freed = _merge(w, cap, max_weight=6)
    freed_py = _merge(w_py, cap, max_weight=6, kernel=python_version(merge_small_agents))
    assert freed == freed_py
    for name in w:
        assert np.allclose(w[name], w_py[name], rtol=1e-6), name


def test_merge_keeps_benefit_entitlement_apart():
    """Unemployed agents entitled to benefits are not merged with those whose benefits ran
    out, so merging does not change the benefits paid."""
    w = _agents(
        [U, U, U],
        [-1, -1, -1],
        weight=[1, 1, 1],
        quarters_unemployed=[0, 8, 2],
    )
    freed = _merge(w, [5], benefit_quarters=4)
    assert freed == 1
    assert w["status"].tolist() == [U, U, codes.EMPTY]
    assert w["weight"].tolist()[:2] == [2, 1] and w["quarters_unemployed"][1] == 8


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("max_weight", [1, 6, 30])
def test_merge_equals_the_reference_one_pass_merge(seed, max_weight):
    """The candidate-list merge leaves exactly the worker arrays and freed count of the
    one-pass merge it replaced (tests/kernels/reference.py), even with merge tables that hold
    anything on entry (only the slots of this call's agents are reset)."""
    w, cap = _random_pool(seed, n=500)
    rng = np.random.default_rng(100 + seed)
    # edge cases: agents at the cap, long unemployed, the oldest age band, the threshold itself
    w["weight"][rng.random(500) < 0.2] = 1
    w["quarters_unemployed"][rng.random(500) < 0.3] = 150
    w["age_q"][rng.random(500) < 0.1] = 400
    w["ev_skill"][rng.random(500) < 0.1] = THRESHOLD
    w_ref = _copy(w)
    dirty_e = rng.integers(-1, 500, size=(len(cap), N_BANDS, 2))
    dirty_u = rng.integers(-1, 500, size=(N_REGIONS, codes.N_SECTORS, N_BANDS, 2, 2))
    tables = (dirty_e.astype(np.int64), dirty_u.astype(np.int64))

    def run(kernel, w, open_e, open_u):
        wk = WorkerArrays(**{name: w[name] for name in WorkerArrays._fields})
        args = (cap, max_weight, BAND_Q, THRESHOLD, 40, open_e, open_u)
        return kernel(wk, *args)

    freed = run(merge_small_agents, w, *(t.copy() for t in tables))
    freed_ref = run(reference.merge_small_agents, w_ref, *(t.copy() for t in tables))
    assert freed == freed_ref
    for name in w:
        assert np.array_equal(w[name], w_ref[name]), name
    assert max_weight == 1 or freed > 0
