"""Network building: fitted link weights make start-year orders meet start-year capacity use."""

from __future__ import annotations

import numpy as np
import pytest

from sim import TransitionModel, codes, load_scenario
from sim.initialise.network import region_weights
from sim.kernels.supply import route_orders
from sim.scenario.schema import NetworkSpec
from tests.conftest import SCENARIOS, TINY


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


#: A planned battery plant for the tiny scenario, opening after the first exits and
#: conversions (2030-2031 on these seeds), so that the re-sourcing draws run before it opens.
PLANT = {
    "localisation.gigafactories": [
        {"region": "CZ02", "opens_year": 2033, "jobs": 200, "product": "battery"}
    ]
}


def _baseline_part(model: TransitionModel, n_links: int) -> tuple[np.ndarray, ...]:
    """The links drawn as in a run without planned plants (keys below n_links), in key order."""
    links = model.links
    mine = np.flatnonzero(links.key < n_links)
    mine = mine[np.argsort(links.key[mine], kind="stable")]
    return links.supplier[mine], links.customer[mine], links.weight[mine], links.key[mine]


@pytest.mark.parametrize("scale", [1, 5])
def test_a_planned_plant_leaves_the_other_links_bit_identical(scale) -> None:
    """Common random numbers: the links of the suppliers open at the start (supplier, customer,
    weight) are those of the run without the plant; the plant's own links come after them in
    their tier's block and carry only a token weight until it opens."""
    base = TransitionModel(scenario=load_scenario(TINY), seed=4, scale=scale)
    plant = TransitionModel(scenario=load_scenario(TINY, PLANT), seed=4, scale=scale)
    n = len(base.links)
    for a, b in zip(
        (base.links.supplier, base.links.customer, base.links.weight, base.links.key),
        _baseline_part(plant, n),
        strict=True,
    ):
        assert np.array_equal(a, b)
    s, n_p = plant.pop.suppliers, len(plant.pop.plants)
    new = int(np.flatnonzero(s.opens_year != 0)[0])
    links = plant.links
    extra = links.key >= n
    # every extra link is one of the plant's, and it has both customers and suppliers
    assert np.all((links.supplier[extra] == new) | (links.customer[extra] == n_p + new))
    # its own draws of customers and suppliers, and those that would have picked it
    assert (links.supplier == new).sum() >= plant.spec.network.links_per_customer
    assert (links.customer == n_p + new).sum() >= plant.spec.network.links_per_customer
    # still sorted by supplier tier, with the tier offsets moved by the plant's links
    tier = s.tier[links.supplier]
    assert np.all(np.diff(tier) >= 0)
    starts = np.concatenate([[0], np.cumsum(np.bincount(tier, minlength=4)[1:])])
    assert np.array_equal(plant.tier_edge_start, starts)
    assert np.all(links.weight[extra] < 1e-6 * np.median(links.weight[~extra]))


@pytest.mark.parametrize("scale", [1, 5])
def test_a_run_with_a_planned_plant_is_the_baseline_until_it_opens(scale) -> None:
    """Every result of every region and quarter before the plant's opening year is the
    baseline's, including the quarters with exits and conversions whose links are re-sourced
    (keyed by link label, not position) and the hiring (the closed plant is not in the
    random order of establishments)."""
    base = TransitionModel(scenario=load_scenario(TINY), seed=4, scale=scale)
    plant = TransitionModel(scenario=load_scenario(TINY, PLANT), seed=4, scale=scale)
    rewired = 0.0
    while base.current_year < 2033:
        base.step()
        plant.step()
        rewired += base.flows["links_rewired"]
    assert rewired > 0  # the re-sourcing draws ran before the opening
    q = base.quarter_index
    assert np.array_equal(base.history[:q], plant.history[:q])
    n = len(base.links)
    for a, b in zip(
        (base.links.supplier, base.links.customer, base.links.weight),
        _baseline_part(plant, n)[:3],
        strict=True,
    ):
        assert np.array_equal(a, b)
    # from the opening on the runs differ: the plant hires
    base.step()
    plant.step()
    assert not np.array_equal(base.history[q], plant.history[q])


@pytest.mark.parametrize("scale", [1, 5])
def test_the_battery_plant_scenario_keeps_the_baseline_network(scale) -> None:
    """The shipped comparison (scenarios/battery_localisation.toml against the baseline, EU):
    the links of the suppliers open at the start are bit-identical, on the same seed."""
    base = TransitionModel(scenario=SCENARIOS / "baseline.toml", seed=2, scale=scale)
    plant = TransitionModel(scenario=SCENARIOS / "battery_localisation.toml", seed=2, scale=scale)
    n = len(base.links)
    assert len(plant.links) > n
    for a, b in zip(
        (base.links.supplier, base.links.customer, base.links.weight, base.links.key),
        _baseline_part(plant, n),
        strict=True,
    ):
        assert np.array_equal(a, b)
