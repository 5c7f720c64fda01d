"""Supplier kernels: accounts, capacity, conversion to EV products, exit and re-sourcing."""

from __future__ import annotations

import copy

import numpy as np

import sim.schedule as schedule
from sim import codes
from sim.kernels.csr import by_group_tier
from sim.kernels.firms import (
    RewireIndex,
    _by_slot_region,
    adjust_capacity,
    alive_by_region,
    convert_and_exit,
    rescale_links,
    rewire,
    supplier_accounts,
)
from sim.kernels.sampling import weighted_pick_at
from sim.model import TransitionModel
from tests.conftest import TINY
from tests.kernels import reference
from tests.kernels.helpers import python_version
from tests.kernels.reference import _pick_slot

GROUP_SECTOR = np.array(codes.GROUP_SECTOR, dtype=np.int64)
TARGET = np.array(codes.CONVERSION_TARGET, dtype=np.int64)
ENGINE, E_MOTOR, BODY = 0, 5, 7


def test_accounts_book_value_added_profit_and_loss_streak():
    prod, price = np.array([10.0, 0.0]), np.array([100.0, 100.0])
    cash, streak, va = np.array([0.0, 50.0]), np.zeros(2, dtype=np.int16), np.zeros(2)
    supplier_accounts(
        prod,
        price,
        np.array([BODY, BODY], dtype=np.int8),
        np.full(codes.N_GROUPS, 0.6),
        np.array([100.0, 100.0]),
        np.array([1.0, 1.0]),
        np.array([20.0, 20.0]),
        np.array([1, 1], dtype=np.int8),
        cash,
        streak,
        va,
    )
    assert np.allclose(va, [400.0, 0.0])
    assert np.allclose(cash, [400 - 100 - 20, 50 - 100 - 20])
    assert streak.tolist() == [0, 1]


def test_accounts_use_the_input_share_of_each_product_group():
    """A battery maker buys in more of its sales than a body maker: less value added."""
    shares = np.full(codes.N_GROUPS, 0.6)
    shares[4] = 0.8  # battery
    for kernel in (supplier_accounts, python_version(supplier_accounts)):
        va = np.zeros(2)
        kernel(
            np.array([10.0, 10.0]),
            np.array([100.0, 100.0]),
            np.array([BODY, 4], dtype=np.int8),
            shares,
            np.zeros(2),
            np.zeros(2),
            np.zeros(2),
            np.array([1, 1], dtype=np.int8),
            np.zeros(2),
            np.zeros(2, dtype=np.int16),
            va,
        )
        assert np.allclose(va, [400.0, 200.0])


def test_capacity_follows_orders_within_limits():
    cap = np.array([100.0, 100.0, 100.0])
    adjust_capacity(
        np.array([200.0, 85.0, 10.0]), cap, np.ones(3, dtype=np.int8), 0.95, 0.8, 0.05, 0.03
    )
    assert np.allclose(cap, [105.0, 100.0, 97.0])


def _firm(group, cash, orders=10.0, capacity=100.0):
    return dict(
        group=np.array([group], dtype=np.int8),
        tier=np.array([1], dtype=np.int8),
        alive=np.array([1], dtype=np.int8),
        orders=np.array([orders]),
        reference=np.array([capacity]),  # start-year orders
        capacity=np.array([capacity]),
        cash=np.array([cash]),
        streak=np.zeros(1, dtype=np.int16),
        price=np.array([10.0]),
        labour=np.array([0.02]),
        fixed=np.array([1.0]),
        to_convert=np.zeros(1, dtype=np.int16),
    )


def _step(f, lag=2, probability=1.0, credit=1.0, exit_after=8, aid_rate=0.0, aid_budget=0.0):
    price_table = np.full((codes.N_GROUPS, 3), 20.0)
    labour_table = np.full((codes.N_GROUPS, 3), 0.01)
    converted, exited = np.zeros(1, dtype=np.int8), np.zeros(1, dtype=np.int8)
    aid_paid = np.zeros(1)
    pool = np.array([aid_budget])
    spent = convert_and_exit(
        f["group"],
        f["tier"],
        f["alive"],
        f["orders"],
        f["reference"],
        f["capacity"],
        f["cash"],
        f["streak"],
        f["price"],
        f["labour"],
        f["fixed"],
        f["to_convert"],
        GROUP_SECTOR,
        TARGET,
        price_table,
        labour_table,
        0.8,
        probability,
        1.0,
        lag,
        exit_after,
        credit,
        np.ones(1),
        np.array([aid_rate]),
        np.array([[0, -1, -1]]),
        pool,
        aid_paid,
        converted,
        exited,
        np.uint64(12345),
        0,
    )
    f["aid_paid"], f["pool"] = aid_paid[0], pool[0]
    return spent, converted[0], exited[0]


def test_ice_supplier_converts_after_the_lag_keeping_workforce_capacity():
    f = _firm(ENGINE, cash=2_000.0)
    spent, conv, _ex = _step(f)
    assert spent == 1_000.0 and f["to_convert"][0] == 2 and not conv
    _, conv, _ = _step(f)
    assert not conv and f["group"][0] == ENGINE
    _, conv, _ = _step(f)
    assert conv and f["group"][0] == E_MOTOR
    assert np.isclose(f["capacity"][0], 100.0 * 0.02 / 0.01)  # same workers, new labour need
    assert f["price"][0] == 20.0 and np.isclose(f["fixed"][0] * f["capacity"][0], 100.0)


def test_agnostic_supplier_never_converts_and_busy_ice_supplier_waits():
    assert _step(_firm(BODY, cash=1e6))[0] == 0.0
    assert _step(_firm(ENGINE, cash=1e6, orders=95.0))[0] == 0.0


def test_exit_below_credit_line_or_after_loss_streak():
    f = _firm(BODY, cash=-1_001.0)  # credit line: 1 quarter x 100 units x 10 EUR
    assert _step(f)[2] == 1 and f["alive"][0] == 0
    f = _firm(BODY, cash=0.0)
    f["streak"][0] = 8
    assert _step(f)[2] == 1
    f = _firm(ENGINE, cash=0.0)
    f["streak"][0], f["to_convert"][0] = 8, 3  # converting firms ride out losses
    assert _step(f)[2] == 0


def test_rewire_replaces_exited_supplier_from_own_region_first():
    # plant in region 0; suppliers: 0 (exited, region 0), 1 (region 1), 2 (region 0)
    edge_sup, edge_cust = np.array([0]), np.array([0])
    changed = rewire(
        edge_sup,
        edge_cust,
        np.array([0]),
        np.zeros(3, dtype=np.int8),
        np.array([1, 0, 0], dtype=np.int8),
        1,
        np.array([0], dtype=np.int32),
        np.array([100.0]),
        np.array([BODY] * 3, dtype=np.int8),
        np.array([1, 1, 1], dtype=np.int8),
        np.array([0, 1, 1], dtype=np.int8),
        np.array([10.0, 1e6, 1.0]),
        np.array([0, 1, 0], dtype=np.int32),
        np.array([[1.0, 1.0], [1.0, 1.0]]),
        np.uint64(12345),
        0,
    )
    assert changed == 1 and edge_sup[0] == 2  # the small local one, not the big distant one


def test_aid_pays_part_of_the_cost_and_lets_a_poorer_firm_move():
    # cost 1,000; cash 0 and credit line 1 quarter of sales (1,000) -> affordable only with aid
    f = _firm(ENGINE, cash=-500.0)
    spent, _, _ = _step(f, aid_rate=0.6, aid_budget=10_000.0)
    assert spent == 1_000.0 and f["aid_paid"] == 600.0 and f["pool"] == 9_400.0
    assert f["cash"][0] == -500.0 - 400.0
    f = _firm(ENGINE, cash=-500.0)
    spent, _, _ = _step(f, aid_rate=0.6, aid_budget=100.0)  # pool nearly empty: no move
    assert spent == 0.0 and f["aid_paid"] == 0.0 and f["pool"] == 100.0


def test_rewire_picks_by_region_list_and_remembered_totals_equal_full_scans():
    """rewire's shortcuts pick exactly what a scan of the whole (product, tier) slot picks: the
    own-region pick over the slot's per-region list, and the pick from anywhere with the slot's
    summed weight remembered from an earlier pick."""
    rng = np.random.default_rng(5)
    n_sup, n_groups, n_regions = 400, 4, 6
    group = rng.integers(0, n_groups, n_sup).astype(np.int8)
    tier = rng.integers(1, 4, n_sup).astype(np.int8)
    alive = (rng.random(n_sup) < 0.8).astype(np.int8)
    region = rng.integers(0, n_regions, n_sup).astype(np.int32)
    capacity = rng.uniform(0.0, 100.0, n_sup)
    capacity[rng.random(n_sup) < 0.1] = 0.0  # some candidates weigh nothing
    region_weight = rng.uniform(0.01, 1.0, (n_regions, n_regions))
    order, start = by_group_tier(group, tier, alive, n_groups)
    own_order, own_start = _by_slot_region(order, start, region, n_groups * 3, n_regions)
    no_skip = np.zeros(n_sup, dtype=np.bool_)
    totals = np.full(n_groups * 3 * n_regions, -1.0)
    picks = 0
    for slot in range(n_groups * 3):
        lo, hi = start[slot], start[slot + 1]
        for r in range(n_regions):
            k = slot * n_regions + r
            assert sorted(own_order[own_start[k] : own_start[k + 1]]) == [
                s for s in order[lo:hi] if region[s] == r
            ]
            for u in rng.random(20):
                args = (capacity, region, r, region_weight, no_skip)
                want_own = weighted_pick_at(order, lo, hi, *args, True, u)
                got_own = weighted_pick_at(
                    own_order, own_start[k], own_start[k + 1], *args, True, u
                )
                assert got_own == want_own
                want_any = weighted_pick_at(order, lo, hi, *args, False, u)
                assert _pick_slot(order, lo, hi, *args, totals, k, u) == want_any
                picks += want_any >= 0
    assert picks > 100


def _rewire_case(seed: int) -> tuple:
    """Arguments of rewire on a random tiered network with many exits and conversions, some
    candidates of no weight, empty (product, tier) slots and some links with both ends gone."""
    rng = np.random.default_rng(seed)
    n_oem, n_sup, n_regions = 5, 300, 7
    group = rng.integers(0, 6, n_sup).astype(np.int8)
    tier = rng.integers(1, 4, n_sup).astype(np.int8)
    exited = (rng.random(n_sup) < 0.15).astype(np.int8)
    converted = ((rng.random(n_sup) < 0.15) & (exited == 0)).astype(np.int8)
    alive = ((exited == 0) & (rng.random(n_sup) < 0.95)).astype(np.int8)
    capacity = rng.uniform(0.0, 50.0, n_sup)
    capacity[rng.random(n_sup) < 0.1] = 0.0
    sup = rng.integers(0, n_sup, 1500)
    sup = sup[np.argsort(tier[sup], kind="stable")]
    cust = np.empty_like(sup)
    for i, s in enumerate(sup):
        buyers = np.flatnonzero(tier == tier[s] - 1)
        cust[i] = rng.integers(0, n_oem) if tier[s] == 1 else n_oem + rng.choice(buyers)
    return (
        sup,
        cust,
        rng.permutation(len(sup)).astype(np.int64),
        converted,
        exited,
        n_oem,
        rng.integers(0, n_regions, n_oem).astype(np.int32),
        rng.uniform(0.0, 100.0, n_oem),
        group,
        tier,
        alive,
        capacity,
        rng.integers(0, n_regions, n_sup).astype(np.int32),
        rng.uniform(0.0, 1.0, (n_regions, n_regions)) * (rng.random((n_regions, n_regions)) < 0.8),
        np.uint64(seed + 99),
        int(rng.integers(0, 100)),
    )


def test_rewire_equals_its_reference_on_random_networks():
    """rewire (laid-out candidates, remembered own-region totals, a pass over touched links
    only) re-points exactly the links the reference (main at 7650af5) re-points, to the same
    ends, compiled and as plain Python."""
    changed = 0
    for seed in range(8):
        args = _rewire_case(seed)
        theirs = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        want = reference.rewire(*theirs)
        for kernel in (rewire, python_version(rewire)):
            ours = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
            assert kernel(*ours) == want
            assert np.array_equal(ours[0], theirs[0]) and np.array_equal(ours[1], theirs[1])
        changed += want
    assert changed > 500


def test_rewire_equals_its_reference_on_model_calls():
    """The same on every rewire call of a tiny run with its exits and conversions."""
    model = TransitionModel(scenario=TINY, seed=4)
    saved, calls = schedule.rewire, []

    def record(*args):
        calls.append(copy.deepcopy(args))
        return saved(*args)

    schedule.rewire = record
    try:
        while model.running:
            model.step()
    finally:
        schedule.rewire = saved
    assert len(calls) >= 5
    for args in calls:
        ours, theirs = copy.deepcopy(args), copy.deepcopy(args[:16])
        assert rewire(*ours) == reference.rewire(*theirs)
        for a, b in zip(ours[:16], theirs, strict=True):
            assert np.array_equal(a, b)


def test_rewire_with_a_kept_index_equals_the_reference_over_many_quarters():
    """Quarter after quarter on one network (new exits and conversions each time), rewire
    with an index it keeps up to date, with one whose room for moved links is small (made
    afresh several times) and without one re-points the same links as the reference."""
    args = list(_rewire_case(11))
    n_oem, n_sup = args[5], len(args[8])
    rng = np.random.default_rng(11)
    runs = {"kept": [a.copy() if isinstance(a, np.ndarray) else a for a in args]}
    runs["small"] = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    runs["none"] = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    theirs = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    kept = RewireIndex.build(theirs[0], theirs[1], n_oem, n_sup)
    small = RewireIndex.build(theirs[0], theirs[1], n_oem, n_sup)._replace(
        moved=np.empty(40, dtype=np.int64)
    )
    remade = 0
    for quarter in range(12):
        alive = theirs[10] & (rng.random(n_sup) < 0.97)
        exited = ((theirs[10] == 1) & (alive == 0)).astype(np.int8)
        converted = ((alive == 1) & (rng.random(n_sup) < 0.05)).astype(np.int8)
        for a in (theirs, *runs.values()):
            a[3], a[4], a[10], a[15] = converted, exited, alive.astype(np.int8), quarter
        want = reference.rewire(*theirs)
        before = int(small.n_moved[0])
        for name, index in (("kept", kept), ("small", small), ("none", None)):
            assert rewire(*runs[name], index) == want
            assert np.array_equal(runs[name][0], theirs[0])
            assert np.array_equal(runs[name][1], theirs[1])
        remade += int(small.n_moved[0]) < before + want
    assert remade >= 2


def test_alive_by_region_equals_the_weighted_bincount():
    """Alive suppliers per region, written into a strided column as the account phase does,
    are exactly np.bincount(region, weights=alive); regions with no supplier get 0."""
    rng = np.random.default_rng(2)
    region = rng.integers(0, 9, 500).astype(np.int32)
    alive = (rng.random(500) < 0.7).astype(np.int8)
    table = np.full((12, 4), -1.0)
    alive_by_region(region, alive, table[:, 2])
    assert np.array_equal(table[:, 2], np.bincount(region, weights=alive, minlength=12))
    assert table[9:, 2].sum() == 0.0 and (table[:, [0, 1, 3]] == -1.0).all()


def test_rescale_links_with_the_index_equals_the_pass_over_every_link():
    """After rewire moved links (so that some are listed under their old supplier and some
    only as moved), rescaling through the index gives exactly the weights of the pass over
    every link, quarter after quarter; also with a small moved list made afresh."""
    args = list(_rewire_case(5))
    n_oem, n_sup = args[5], len(args[8])
    rng = np.random.default_rng(5)
    for room in (100 * len(args[0]), 30):  # every moved link listed, or lists made afresh
        case = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        index = RewireIndex.build(case[0], case[1], n_oem, n_sup)
        index = index._replace(moved=np.empty(room, dtype=np.int64))
        weight = rng.uniform(0.1, 5.0, len(case[0]))
        for quarter in range(6):
            converted = ((case[10] == 1) & (rng.random(n_sup) < 0.1)).astype(np.int8)
            before = rng.uniform(0.0, 50.0, n_sup) * (rng.random(n_sup) < 0.9)
            after = rng.uniform(0.0, 50.0, n_sup)
            want = weight.copy()
            rescale_links(want, case[0], converted, before, after)
            for kernel in (rescale_links, python_version(rescale_links)):
                got = weight.copy()
                kernel(got, case[0], converted, before, after, index)
                assert np.array_equal(got, want), quarter
            assert not np.array_equal(want, weight)
            weight = want
            case[3], case[15] = converted, quarter
            assert rewire(*case, index) > 0  # links move: the index lists them as moved
        if room > 30:  # the moved list was read
            assert index.n_moved[0] > 0


def test_rewire_index_fits_only_the_network_it_lists():
    """run_firms makes the index again when the network size no longer matches (fits)."""
    from sim.kernels.firms import RewireIndex

    supplier = np.array([0, 1, 1, 2], dtype=np.int64)
    customer = np.array([0, 0, 3, 4], dtype=np.int64)  # plants 0-1, then suppliers as 2 + s
    index = RewireIndex.build(supplier, customer, 2, 3)
    assert index.fits(4, 3)
    assert not index.fits(5, 3)
    assert not index.fits(4, 4)
