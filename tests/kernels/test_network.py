"""Link drawing: every customer gets suppliers of each product it needs; every supplier sells."""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.kernels.network import balance_links, sample_links
from tests.kernels.helpers import python_version


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


def _ras_numpy(x, sup, row, target, need, n_sup, iterations):
    """The fitting as numpy array operations (how balance_weights wrote it before the kernel)."""
    for _ in range(iterations):
        col_sum = np.bincount(sup, weights=x, minlength=n_sup)
        x = x * np.divide(target, col_sum, out=np.ones_like(target), where=col_sum > 0)[sup]
        row_sum = np.bincount(row, weights=x)
        x = x * np.divide(need, row_sum[row], out=np.zeros_like(need), where=row_sum[row] > 0)
    return x


def test_balance_links_is_bit_identical_to_the_numpy_fitting():
    """The RAS kernel gives exactly the weights of the numpy formulation (sums in link order),
    compiled and as plain Python, with suppliers and rows that have no weight at all."""
    rng = np.random.default_rng(3)
    n, n_sup, n_rows = 600, 50, 90
    sup = rng.integers(0, n_sup - 5, n)  # the last 5 suppliers have no link
    row = np.sort(rng.integers(0, n_rows, n))
    x0 = rng.random(n)
    x0[rng.random(n) < 0.1] = 0.0
    x0[row == row[0]] = 0.0  # a row without weight goes to 0
    target, need = rng.uniform(1, 5, n_sup), rng.uniform(1, 5, n)
    want = _ras_numpy(x0.copy(), sup, row, target, need, n_sup, 30)
    for kernel in (balance_links, python_version(balance_links)):
        x = x0.copy()
        kernel(x, sup, row, target, need, n_sup, int(row.max()) + 1, 30)
        assert np.array_equal(x, want)
    assert (want[row == row[0]] == 0).all() and want.sum() > 0
