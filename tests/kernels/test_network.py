"""Link drawing: every customer gets suppliers of each product it needs; every supplier sells."""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.kernels.network import sample_links


def test_links_cover_customers_and_suppliers_and_respect_tiers():
    rng = np.random.default_rng(0)
    n_sup = 200
    group = rng.integers(0, codes.N_GROUPS, n_sup)
    tier = rng.integers(1, 4, n_sup)
    region = rng.integers(0, 3, n_sup).astype(np.int32)
    sup, cust, start = sample_links(
        4,
        np.array([0, 1, 2, 0], dtype=np.int32),
        np.full(4, 100.0),
        region,
        group,
        tier,
        rng.uniform(1, 10, n_sup),
        codes.N_GROUPS,
        3,
        np.ones((3, 3)),
        np.random.default_rng(1),
    )
    assert start[0] == 0 and start[-1] == len(sup)
    for t in (1, 2, 3):
        edges = slice(start[t - 1], start[t])
        assert (tier[sup[edges]] == t).all()
        buyers = cust[edges]
        if t == 1:
            assert (buyers < 4).all()
        else:
            assert (buyers >= 4).all()
            assert (tier[buyers - 4] == t - 1).all()
            assert (group[buyers - 4] == group[sup[edges]]).all()
    # every plant buys every group that has tier-1 suppliers
    for p in range(4):
        bought = {group[s] for s, c in zip(sup, cust, strict=True) if c == p}
        assert bought == {group[s] for s in range(n_sup) if tier[s] == 1}
    # every supplier that has a possible customer sells to someone
    sellers = set(sup.tolist())
    for s in range(n_sup):
        has_customer = tier[s] == 1 or ((tier == tier[s] - 1) & (group == group[s])).any()
        assert (s in sellers) == bool(has_customer)
