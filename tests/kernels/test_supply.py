"""Order routing on a hand-made network: shares, re-offers, outside purchases, conservation."""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.kernels.supply import RouteWork, route_orders
from tests.kernels.helpers import python_version

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
    # tier 2 gets what supplier 0 made, and in the spot round the need of supplier 1, which
    # has no tier-2 link
    assert np.isclose(orders[2], prod[0] + prod[1])


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
    # its tier-2 supplier sold to the exited one only: it now makes the need of supplier 1,
    # which has no tier-2 link, in the spot round
    assert np.isclose(prod[2], prod[1])


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


def route_orders_dense(
    n_oem,
    oem_ice,
    oem_bev,
    nonbev_ev,
    eu_share,
    group_sector,
    group,
    tier,
    alive,
    capacity,
    availability,
    limit,
    e_sup,
    e_cust,
    e_weight,
    tier_start,
):
    """Plain twin of route_orders on dense (customer node x product group) tables, the way the
    kernel was written before it worked on compact cells: the same sums in the same order.
    Returns (orders, production, sent, received, unlinked, short)."""
    n_sup, n_groups = len(group), len(group_sector)
    orders, prod = np.zeros(n_sup), np.zeros(n_sup)
    sent_t, got_t, unlinked_t, short_t = np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3)
    n_nodes = n_oem + n_sup
    room = np.zeros(n_sup)
    for t in range(1, 4):
        den = np.zeros((n_nodes, n_groups))
        need = np.zeros((n_nodes, n_groups))
        unmet = np.zeros((n_nodes, n_groups))
        room_w = np.zeros((n_nodes, n_groups))
        if t == 1:
            for c in range(n_oem):
                for g in range(n_groups):
                    sector = group_sector[g]
                    if sector == codes.SECTOR_ICE:
                        x = oem_ice[c]
                    elif sector == codes.SECTOR_EV:
                        x = oem_bev[c] + nonbev_ev * oem_ice[c]
                    else:
                        x = oem_ice[c] + oem_bev[c]
                    need[c, g] = x * eu_share[g]
        else:
            for s in range(n_sup):
                if tier[s] == t - 1:
                    need[n_oem + s, group[s]] = prod[s]
        edges = range(tier_start[t - 1], tier_start[t])
        for e in edges:
            s = e_sup[e]
            if alive[s]:
                den[e_cust[e], group[s]] += e_weight[e] * availability[s]
        for e in edges:
            s, c = e_sup[e], e_cust[e]
            if alive[s] and den[c, group[s]] > 0.0:
                orders[s] += need[c, group[s]] * e_weight[e] * availability[s] / den[c, group[s]]
        sent = unlinked = 0.0
        for c in range(n_nodes):
            if (t == 1 and c >= n_oem) or (t > 1 and (c < n_oem or tier[c - n_oem] != t - 1)):
                continue
            for g in range(n_groups):
                if need[c, g] > 0.0:
                    sent += need[c, g]
                    if den[c, g] <= 0.0:
                        unlinked += need[c, g]
        sent_t[t - 1], unlinked_t[t - 1] = sent, unlinked
        for s in range(n_sup):
            if tier[s] == t:
                room[s] = 0.0
                if alive[s]:
                    cap = min(capacity[s], limit[s])
                    prod[s] = min(orders[s], cap)
                    room[s] = cap - prod[s]
        first_round = sum((orders[s] for s in range(n_sup) if tier[s] == t), 0.0)
        first = orders.copy()
        for e in edges:
            s, c = e_sup[e], e_cust[e]
            if not alive[s]:
                continue
            g = group[s]
            if orders[s] > prod[s]:
                ordered = need[c, g] * e_weight[e] * availability[s] / den[c, g]
                unmet[c, g] += ordered * (1.0 - prod[s] / orders[s])
            room_w[c, g] += e_weight[e] * room[s]
        for e in edges:
            s, c = e_sup[e], e_cust[e]
            if not alive[s] or room[s] <= 0.0:
                continue
            g = group[s]
            if unmet[c, g] > 0.0 and room_w[c, g] > 0.0:
                give = unmet[c, g] * e_weight[e] * room[s] / room_w[c, g]
                give = min(give, min(capacity[s], limit[s]) - prod[s])
                if give > 0.0:
                    prod[s] += give
                    orders[s] += give
        # spot round: unmade linked orders, then unlinked need, to every alive supplier of the
        # product and tier with room, in proportion to room
        left, no_link, room_g = np.zeros(n_groups), np.zeros(n_groups), np.zeros(n_groups)
        for c in range(n_nodes):
            if (t == 1 and c >= n_oem) or (t > 1 and (c < n_oem or tier[c - n_oem] != t - 1)):
                continue
            for g in range(n_groups):
                if need[c, g] > 0.0 and den[c, g] <= 0.0:
                    no_link[g] += need[c, g]
        for s in range(n_sup):
            if tier[s] == t and alive[s]:
                left[group[s]] += first[s] - prod[s]
                room[s] = min(capacity[s], limit[s]) - prod[s]
                if room[s] > 0.0:
                    room_g[group[s]] += room[s]
        placed, from_unlinked = np.zeros(n_groups), 0.0
        for g in range(n_groups):
            a = min(max(left[g], 0.0), room_g[g])
            b = min(no_link[g], room_g[g] - a)
            from_unlinked += b
            placed[g] = a + b
        for s in range(n_sup):
            if tier[s] == t and alive[s] and room[s] > 0.0 and placed[group[s]] > 0.0:
                give = min(room[s] * placed[group[s]] / room_g[group[s]], room[s])
                prod[s] += give
                orders[s] += give
        made = sum((prod[s] for s in range(n_sup) if tier[s] == t), 0.0)
        got_t[t - 1] = first_round + from_unlinked
        unlinked_t[t - 1] = unlinked - from_unlinked
        short_t[t - 1] = max(0.0, first_round + from_unlinked - made)
    return orders, prod, sent_t, got_t, unlinked_t, short_t


def _random_network(seed):
    """A random 3-tier network with dead suppliers, duplicate links, tight capacities and some
    links between different products (as a conversion leaves them)."""
    rng = np.random.default_rng(seed)
    n_oem, n_sup = 4, 60
    tier = rng.integers(1, 4, n_sup).astype(np.int8)
    group = rng.integers(0, codes.N_GROUPS, n_sup).astype(np.int8)
    sup, cust = [], []
    for t in (1, 2, 3):
        sellers = np.flatnonzero(tier == t)
        buyers = np.arange(n_oem) if t == 1 else n_oem + np.flatnonzero(tier == t - 1)
        for s in sellers:
            for c in rng.choice(buyers, size=min(3, len(buyers)), replace=True):
                sup.append(s)
                cust.append(c)
        # links of the right product, so that most orders flow
        for c in buyers:
            g = rng.integers(0, codes.N_GROUPS) if c < n_oem else group[c - n_oem]
            same = sellers[group[sellers] == g]
            for s in rng.choice(same, size=min(2, len(same)), replace=False):
                sup.append(s)
                cust.append(c)
    sup, cust = np.array(sup, dtype=np.int64), np.array(cust, dtype=np.int64)
    order = np.argsort(tier[sup], kind="stable")
    sup, cust = sup[order], cust[order]
    tier_start = np.searchsorted(tier[sup], [1, 2, 3, 4]).astype(np.int64)
    return dict(
        n_oem=n_oem,
        oem_ice=rng.uniform(0, 100, n_oem),
        oem_bev=rng.uniform(0, 100, n_oem),
        nonbev_ev=0.2,
        eu_share=rng.uniform(0.5, 1.0, codes.N_GROUPS),
        group_sector=GROUP_SECTOR,
        group=group,
        tier=tier,
        alive=(rng.random(n_sup) < 0.8).astype(np.int8),
        capacity=rng.uniform(5, 150, n_sup),
        availability=np.where(rng.random(n_sup) < 0.2, rng.random(n_sup), 1.0),
        limit=rng.uniform(5, 200, n_sup),
        e_sup=sup,
        e_cust=cust,
        e_weight=rng.uniform(0.1, 2.0, len(sup)),
        tier_start=tier_start,
    )


def test_compact_routing_is_bit_identical_to_dense_tables_and_its_python_twin():
    """route_orders (compact cells, live edges) gives exactly the orders, production and tier
    totals of the dense-table algorithm, compiled and as plain Python (.py_func)."""
    for seed in range(12):
        net = _random_network(seed)
        want = route_orders_dense(**net)
        assert want[1].sum() > 0.0  # orders flow in this network
        for kernel in (route_orders, python_version(route_orders)):
            out = [np.zeros(len(net["group"])), np.zeros(len(net["group"]))]
            out += [np.zeros(3) for _ in range(4)]
            kernel(*net.values(), *out)
            for got, expected in zip(out, want, strict=True):
                assert np.array_equal(got, expected), seed


def test_spot_round_places_unmade_orders_with_unlinked_suppliers_before_outside():
    """Issue 11 (levers): need that the linked suppliers cannot make, or that has no alive
    linked supplier, goes to the other suppliers of the product and tier with room before it
    is bought outside; before this, idle EU suppliers exited while the same product was
    imported."""
    eu_share = np.ones(codes.N_GROUPS)
    # one plant; suppliers 0, 1 tier 1 (body), only supplier 0 linked to the plant
    group = np.array([BODY, BODY], dtype=np.int8)
    tier = np.array([1, 1], dtype=np.int8)
    out = [np.zeros(2), np.zeros(2), np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3)]
    route_orders(
        1,
        np.array([60.0]),
        np.array([40.0]),
        0.0,
        eu_share,
        GROUP_SECTOR,
        group,
        tier,
        np.array([1, 1], dtype=np.int8),
        np.array([30.0, 50.0]),
        np.ones(2),
        np.full(2, 1e9),
        np.array([0]),
        np.array([0]),
        np.ones(1),
        np.array([0, 1, 1, 1]),
        *out,
    )
    orders, prod, sent, got, unlinked, short = out
    # the plant needs 100 body parts; supplier 0 makes 30, supplier 1 (not linked) 50
    assert np.allclose(prod, [30.0, 50.0]) and np.allclose(orders, [100.0, 50.0])
    assert np.isclose(short[0], 20.0)  # what neither could make is bought outside
    assert np.allclose(sent, got + unlinked)


def _tight_work(net: dict) -> RouteWork:
    """Buffers with no room beyond the (plant, group) and own-product cells: every network
    here has other cells, so the call must allocate its own for them."""
    n_oem, n_sup, n_edges = net["n_oem"], len(net["group"]), len(net["e_sup"])
    base = n_oem * codes.N_GROUPS + n_sup
    loose = RouteWork.allocate(n_oem, codes.N_GROUPS, n_sup, n_edges)
    cells = {"den_need": np.empty((base, 2)), "unmet": np.empty(base)}
    cells |= {"room_weight": np.empty(base), "short_cell": np.empty(base, dtype=np.uint8)}
    return loose._replace(**cells)


def test_reused_buffers_give_the_same_routing_as_fresh_ones():
    """route_orders with buffers kept from call to call (as the model keeps them; here sized
    for the largest of networks of different sizes), with buffers too small for the cells of
    links between different products, and without buffers: always the dense-table result,
    compiled and as plain Python."""
    nets = [_random_network(seed) for seed in range(12)]
    big = max(nets, key=lambda n: len(n["e_sup"]))
    kept = RouteWork.allocate(big["n_oem"], codes.N_GROUPS, len(big["group"]), len(big["e_sup"]))
    for seed, net in enumerate(nets):
        sup, cust, n_oem = net["e_sup"], net["e_cust"], net["n_oem"]
        to_sup = (cust >= n_oem) & (net["alive"][sup] == 1)
        assert (net["group"][sup[to_sup]] != net["group"][cust[to_sup] - n_oem]).any()
        want = route_orders_dense(**net)
        for kernel in (route_orders, python_version(route_orders)):
            for work in (kept, _tight_work(net), None):
                out = [np.zeros(len(net["group"])), np.zeros(len(net["group"]))]
                out += [np.zeros(3) for _ in range(4)]
                kernel(*net.values(), *out, work)
                for got, expected in zip(out, want, strict=True):
                    assert np.array_equal(got, expected), seed
