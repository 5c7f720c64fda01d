"""Model rules on small hand-made arrays with known answers."""

from __future__ import annotations

import numpy as np

from sim.initialise.population import Economics
from sim.rules.new_plants import RAMP_UP_QUARTERS, open_new_plants, ramp_up
from sim.rules.value_added import converted_wage_level, oem_value_added
from sim.rules.workforce import staffing_targets, workforce_kept, workforce_limit
from sim.state import Network, Plants, Suppliers


def _suppliers(n: int) -> Suppliers:
    f = np.zeros(n)
    return Suppliers(
        region=np.zeros(n, dtype=np.int32),
        tier=np.ones(n, dtype=np.int8),
        group=np.zeros(n, dtype=np.int8),
        capacity=np.array([100.0, 300.0, 50.0])[:n],
        price=np.full(n, 20.0),
        labour_per_unit=np.full(n, 0.01),
        fixed_cost_per_unit=f.copy(),
        cash=f.copy(),
        alive=np.array([1, 1, 0], dtype=np.int8)[:n],
        opens_year=np.array([0, 0, 2027], dtype=np.int16)[:n],
        loss_streak=np.full(n, 3, dtype=np.int16),
        quarters_to_convert=np.zeros(n, dtype=np.int16),
        orders=np.array([50.0, 400.0, 10.0])[:n],
        production=f.copy(),
        value_added=f.copy(),
    )


def _plants() -> Plants:
    return Plants(
        region=np.zeros(2, dtype=np.int32),
        capacity=np.array([1000.0, 500.0]),
        bev_capable_share=np.zeros(2),
        retool_pipeline=np.zeros((2, 2)),
        market_share=np.array([0.5, 0.5]),
        labour_per_vehicle=np.array([0.02, 0.04]),
        production_ice=np.array([100.0, 10.0]),
        production_bev=np.array([50.0, 0.0]),
    )


def test_workforce_limit_has_one_worker_of_slack_and_overtime() -> None:
    limit = workforce_limit(np.array([9, 0]), np.array([0.5, 0.25]), 0.1)
    assert np.allclose(limit, [10 / 0.5 * 1.1, 1 / 0.25 * 1.1])


def test_staffing_targets_round_to_whole_workers() -> None:
    s = _suppliers(3)
    target = staffing_targets(_plants(), s)
    # plants: 150 x 0.02 = 3, 10 x 0.04 = 0.4 -> 0; suppliers: min(orders, capacity) x 0.01 =
    # 0.5 (half rounds up) and 3; nobody at the closed third one
    assert target.tolist() == [3, 0, 1, 3, 0]
    assert target.dtype == np.int64


def test_workforce_kept_adds_the_band_and_floors_and_empties_closed_suppliers() -> None:
    target = np.array([10, 10, 10, 10])
    keep = workforce_kept(target, 0.2, np.array([5, 40, 40]), 1, np.array([1, 1, 0]))
    assert keep.tolist() == [12, 12, 40, 0]


def test_a_new_plant_opens_with_the_typical_weight_and_ramps_up() -> None:
    s = _suppliers(3)
    links = Network(
        supplier=np.array([0, 1, 2]),
        customer=np.array([0, 0, 1]),
        weight=np.array([2.0, 3.0, 0.0]),
        key=np.arange(3),
    )
    ramping: dict[int, tuple[int, float]] = {}
    assert not open_new_plants(s, links, 2026, 4, ramping)
    assert open_new_plants(s, links, 2027, 8, ramping)
    # peers' weight per unit of capacity: 2/100 and 3/300 -> median 0.015, times capacity 50
    assert s.alive[2] == 1 and np.isclose(links.weight[2], 0.015 * 50)
    assert ramping == {2: (8, 50.0)}
    availability = np.ones(3)
    for k in range(RAMP_UP_QUARTERS):
        ramp_up(s, ramping, availability, 8 + k)
        assert np.isclose(availability[2], (k + 1) / RAMP_UP_QUARTERS)
        assert np.isclose(s.capacity[2], 50.0 * (k + 1) / RAMP_UP_QUARTERS)
        assert s.loss_streak[2] == 0 and s.loss_streak[0] == 3
    assert ramping == {}  # full size reached


def test_value_added_and_converted_wages() -> None:
    econ = Economics(
        price=np.zeros((1, 3)),
        input_share=np.zeros(1),
        labour=np.zeros((1, 3)),
        content_ice=10.0,
        content_bev=15.0,
        price_ice=30.0,
        price_bev=40.0,
        oem_labour=0.0,
        category_jobs=np.zeros(4),
    )
    assert oem_value_added(_plants(), econ).tolist() == [100 * 20 + 50 * 25, 10 * 20]
    wage = converted_wage_level(np.array([100.0]), np.array([0.5]), 0.6, 0.5)
    assert np.allclose(wage, [0.6 * 100 * 0.5 / 0.5])
    # one input share per supplier (its new product group's, issue 11)
    wage = converted_wage_level(
        np.array([100.0, 100.0]), np.array([0.5, 0.5]), 0.6, np.array([0.5, 0.8])
    )
    assert np.allclose(wage, [0.6 * 100 * 0.5 / 0.5, 0.6 * 100 * 0.2 / 0.5])
