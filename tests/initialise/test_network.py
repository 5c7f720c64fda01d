"""Network building: fitted link weights make start-year orders meet start-year capacity use."""

from __future__ import annotations

import numpy as np

from sim import TransitionModel, codes
from sim.initialise.network import region_weights
from sim.kernels.supply import route_orders
from sim.scenario.schema import NetworkSpec


def test_fitted_links_route_start_year_demand_to_capacity(tiny_spec):
    model = TransitionModel(scenario=tiny_spec, seed=3)
    p, s, links = model.pop.plants, model.pop.suppliers, model.links
    util = tiny_spec.suppliers.base_utilisation
    share = model.bev_share[0]
    ice = p.capacity * tiny_spec.oems.base_utilisation * (1 - share)
    bev = p.capacity * tiny_spec.oems.base_utilisation * share
    orders, prod = np.zeros(len(s)), np.zeros(len(s))
    sent, got, unlinked, short = (np.zeros(3) for _ in range(4))
    route_orders(
        len(p),
        ice,
        bev,
        0.0,
        np.ones(codes.N_GROUPS),
        np.array(codes.GROUP_SECTOR),
        s.group,
        s.tier,
        s.alive,
        s.capacity,
        np.ones(len(s)),
        np.full(len(s), 1e18),
        links.supplier,
        links.customer,
        links.weight,
        model.tier_edge_start,
        orders,
        prod,
        sent,
        got,
        unlinked,
        short,
    )
    ratio = orders / (s.capacity * util)
    # most suppliers get their start-year share of orders; none is starved by the drawing
    assert np.median(np.abs(ratio - 1)) < 0.02
    assert (ratio > 0.5).mean() > 0.95


def test_region_weights_decay_with_distance_and_favour_home():
    d = np.array([[0.0, 100.0, 800.0], [100.0, 0.0, 700.0], [800.0, 700.0, 0.0]])
    country = np.array([0, 0, 1])
    w = region_weights(d, country, NetworkSpec())
    assert w[0, 0] > w[0, 1] > w[0, 2]
    assert np.allclose(w, w.T)
    assert np.isclose(w[0, 0] / w[0, 1], 3.0 / (2.0 * np.exp(-100 / 400)))
