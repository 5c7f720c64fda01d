"""Link weights of suppliers that convert to an EV product (sim.rules.conversion)."""

from __future__ import annotations

import numpy as np

from sim.model import TransitionModel
from sim.rules.conversion import rescale_sales_links
from tests.conftest import TINY


def test_sales_links_of_converted_suppliers_follow_the_capacity_factor() -> None:
    weight = np.array([2.0, 4.0, 1.0, 3.0])
    edge_supplier = np.array([0, 1, 1, 2])
    converted = np.array([0, 1, 0], dtype=np.int8)
    before = np.array([10.0, 40.0, 5.0])
    after = np.array([10.0, 4.0, 5.0])  # supplier 1 now makes a product needing 10x labour
    rescale_sales_links(weight, edge_supplier, converted, before, after)
    assert np.array_equal(weight, [2.0, 0.4, 0.1, 3.0])


def test_a_converted_supplier_keeps_its_weight_per_unit_of_capacity() -> None:
    """Issue 11 (levers): before the fix a conversion rescaled capacity to the new product's
    units but left the link weights in the old product's units, so an exhaust maker that
    moved to battery parts took many times its share of its new customers' battery orders."""
    m = TransitionModel(scenario=TINY, seed=1)
    s, links = m.pop.suppliers, m.links
    checked = 0
    far_from_one = 0
    while m.running and checked < 40:
        weight, seller = links.weight.copy(), links.supplier.copy()
        labour = s.labour_per_unit.copy()
        m.step()
        done = m.scratch.converted == 1
        if not done.any():
            continue
        mine = np.flatnonzero(done[seller])  # links the converted suppliers sold on
        units = labour[seller[mine]] / s.labour_per_unit[seller[mine]]  # old units per new unit
        # capacity also moved by at most the growth or shrink rate earlier in the quarter
        assert np.allclose(links.weight[mine] / weight[mine], units, rtol=0.06)
        far_from_one += int((np.abs(units - 1.0) > 0.5).sum())
        checked += int(done.sum())
    assert checked > 0 and far_from_one > 0  # the run has conversions that change units


def test_rescaling_equals_the_factor_per_supplier_formula_bit_for_bit() -> None:
    """The kernel (one pass over the links) gives exactly the weights of the vector formula it
    replaced: a factor per supplier (1 unless it converted with capacity before > 0), times
    each link's weight; with zero capacities, converted suppliers without links and links
    of suppliers that did not convert."""
    rng = np.random.default_rng(3)
    n_sup, n_edges = 50, 400
    for _ in range(5):
        weight = rng.uniform(0.0, 10.0, n_edges)
        edge_supplier = rng.integers(0, n_sup, n_edges)
        converted = (rng.random(n_sup) < 0.3).astype(np.int8)
        before = rng.uniform(0.0, 100.0, n_sup) * (rng.random(n_sup) < 0.8)
        after = rng.uniform(0.0, 100.0, n_sup)
        factor = np.ones(n_sup)
        done = (converted == 1) & (before > 0.0)
        factor[done] = after[done] / before[done]
        want = weight * factor[edge_supplier]
        rescale_sales_links(weight, edge_supplier, converted, before, after)
        assert np.array_equal(weight, want)
