"""OEM kernels: demand sharing within capacity and workforce, and the retooling pipeline."""

from __future__ import annotations

import numpy as np

from sim.kernels.vehicles import produce_vehicles, retool_plants


def test_demand_is_shared_and_overflow_reoffered():
    capacity = np.array([100.0, 100.0])
    bev_share = np.array([0.5, 0.1])
    out_bev, out_ice = np.zeros(2), np.zeros(2)
    lost_bev, lost_ice = produce_vehicles(
        capacity,
        bev_share,
        np.array([40.0, 40.0]),
        np.array([30.0, 30.0]),
        np.full(2, 1e9),
        out_bev,
        out_ice,
    )
    # BEV: plant 1 can make 10 of its 40; 30 re-offered, plant 0 has room for 50-40=10
    assert np.allclose(out_bev, [50.0, 10.0]) and np.isclose(lost_bev, 20.0)
    assert np.allclose(out_ice, [30.0, 30.0]) and lost_ice == 0.0
    assert (out_bev + out_ice <= capacity + 1e-9).all()


def test_workforce_moves_between_lines():
    out_bev, out_ice = np.zeros(1), np.zeros(1)
    produce_vehicles(
        np.array([100.0]),
        np.array([0.5]),
        np.array([50.0]),
        np.array([50.0]),
        np.array([60.0]),
        out_bev,
        out_ice,
    )
    assert out_bev[0] == 50.0 and out_ice[0] == 10.0  # BEVs first, then what workers remain


def test_retooling_arrives_after_the_lag_and_costs_once():
    capacity = np.array([100.0])
    share = np.array([0.1])
    pipeline = np.zeros((1, 4))  # lag 3
    by_plant = np.zeros(1)
    spent = [retool_plants(capacity, share, pipeline, np.array([60.0]), 1.0, 0.2, 10.0, by_plant)]
    assert np.isclose(spent[0], 0.2 * 100 * 10) and np.isclose(by_plant[0], spent[0])
    history = [share[0]]
    for _ in range(4):
        spent.append(
            retool_plants(capacity, share, pipeline, np.array([60.0]), 1.0, 0.2, 10.0, by_plant)
        )
        history.append(share[0])
    # wanted 0.6; 0.2 started per quarter; first arrival three quarters after the first decision
    assert history[:3] == [0.1, 0.1, 0.1]
    assert np.isclose(history[3], 0.3)
    assert np.isclose(history[4], 0.5)
    assert share[0] <= 1.0 and np.isclose(sum(spent), 0.5 * 100 * 10)


def test_procured_demand_goes_to_the_plant_it_is_addressed_to():
    out_bev, out_ice = np.zeros(2), np.zeros(2)
    produce_vehicles(
        np.array([100.0, 100.0]),
        np.array([1.0, 1.0]),
        np.array([10.0, 70.0]),
        np.zeros(2),
        np.full(2, 1e9),
        out_bev,
        out_ice,
    )
    assert out_bev.tolist() == [10.0, 70.0]
