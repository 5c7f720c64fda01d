"""Order routing on a hand-made network: shares, re-offers, outside purchases, conservation."""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.kernels.supply import route_orders

GROUP_SECTOR = np.array(codes.GROUP_SECTOR, dtype=np.int64)
BODY = 7  # an agnostic group


def _route(
    capacity, alive, limit=None, nonbev_ev=0.0, eu_share=None, weight=None, availability=None
):
    eu_share = np.ones(codes.N_GROUPS) if eu_share is None else eu_share
    # one plant; suppliers 0,1 tier 1 (body); 2 tier 2 (body) selling to supplier 0
    group = np.array([BODY, BODY, BODY], dtype=np.int8)
    tier = np.array([1, 1, 2], dtype=np.int8)
    edge_sup = np.array([0, 1, 2])
    edge_cust = np.array([0, 0, 1 + 0])  # node ids: plant 0 -> 0, supplier s -> 1 + s
    weight = np.ones(3) if weight is None else np.array(weight, dtype=np.float64)
    availability = np.ones(3) if availability is None else np.array(availability)
    tier_start = np.array([0, 2, 3, 3])
    orders, prod = np.zeros(3), np.zeros(3)
    sent, got, unlinked, short = np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3)
    route_orders(
        1,
        np.array([60.0]),
        np.array([40.0]),
        nonbev_ev,
        eu_share,
        GROUP_SECTOR,
        group,
        tier,
        np.array(alive, dtype=np.int8),
        np.array(capacity),
        availability,
        np.full(3, 1e9) if limit is None else np.array(limit),
        edge_sup,
        edge_cust,
        weight,
        tier_start,
        orders,
        prod,
        sent,
        got,
        unlinked,
        short,
    )
    return orders, prod, sent, got, unlinked, short


def test_orders_split_by_link_weight_and_conserved():
    orders, prod, sent, got, unlinked, _short = _route(
        [300.0, 300.0, 1e6], [1, 1, 1], weight=[3.0, 1.0, 1.0]
    )
    # the plant needs body parts for 100 vehicles, split 3:1 by link weight (contract shares)
    assert np.allclose(orders[:2], [75.0, 25.0])
    # groups with no supplier in this network are bought outside the model
    # need: 4 ICE groups x 60 + 3 EV groups x 40 + 4 agnostic groups x 100 vehicles = 760;
    # only body parts have suppliers here, the rest is bought outside the model
    assert np.isclose(sent[0], 760.0) and np.isclose(unlinked[0], 660.0)
    assert np.allclose(sent, got + unlinked)
    assert np.isclose(orders[2], prod[0])  # tier 2 gets what supplier 0 made


def test_shares_do_not_follow_capacity_but_availability():
    """A supplier's share of orders is its contract share: capacity does not attract orders
    (that feedback let suppliers grow or shrink without end), availability (ramp-up) does."""
    orders, *_ = _route([300.0, 100.0, 1e6], [1, 1, 1])
    assert np.allclose(orders[:2], [50.0, 50.0])
    orders, *_ = _route([300.0, 100.0, 1e6], [1, 1, 1], availability=[1.0, 0.25, 1.0])
    assert np.allclose(orders[:2], [80.0, 20.0])


def test_overflow_goes_to_the_other_supplier_then_outside():
    _orders, prod, *_rest, short = _route([40.0, 100.0, 1e6], [1, 1, 1])
    # first round 50 each: supplier 0 makes 40, its other 10 are re-offered to supplier 1
    assert np.isclose(prod[0], 40.0) and np.isclose(prod[1], 60.0)
    assert np.isclose(prod[:2].sum(), 100.0) and short[0] == 0.0
    _orders, prod, *_rest, short = _route([40.0, 100.0, 1e6], [1, 1, 1], limit=[10.0, 1e9, 1e9])
    # supplier 0's workforce makes only 10: the rest is re-offered to supplier 1
    assert np.isclose(prod[0], 10.0) and np.isclose(prod[1], 90.0) and np.isclose(short[0], 0.0)
    _orders, prod, *_rest, short = _route([40.0, 50.0, 1e6], [1, 1, 1], limit=[10.0, 1e9, 1e9])
    assert np.isclose(prod.sum() - prod[2], 60.0) and np.isclose(short[0], 40.0)


def test_exited_supplier_gets_nothing():
    orders, prod, _sent, _got, _unlinked, _short = _route([300.0, 100.0, 1e6], [0, 1, 1])
    assert orders[0] == 0.0 and prod[0] == 0.0
    assert np.isclose(prod[1], 100.0)
    assert prod[2] == 0.0  # its tier-2 supplier sold to the exited one only


def test_hybrid_content_and_eu_share_shape_ev_need():
    # the plant makes 60 non-BEV (with 0.25 of an EV set each) and 40 BEV vehicles
    _orders, _prod, sent, _got, _unlinked, _short = _route(
        [1.0, 1.0, 1.0], [1, 1, 1], nonbev_ev=0.25
    )
    ev_need = 3 * (40.0 + 0.25 * 60.0)
    assert np.isclose(sent[0], 4 * 60.0 + ev_need + 4 * 100.0)
    half = np.ones(codes.N_GROUPS)
    half[[4, 5, 6]] = 0.5  # only half the EV content is bought in the EU
    _orders, _prod, sent2, *_ = _route([1.0, 1.0, 1.0], [1, 1, 1], nonbev_ev=0.25, eu_share=half)
    assert np.isclose(sent[0] - sent2[0], ev_need / 2)
