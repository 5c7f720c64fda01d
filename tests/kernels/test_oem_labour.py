"""OEM line kernel: workers per line follow the plant's output mix."""

from __future__ import annotations

import numpy as np
import pytest

from sim.kernels.oem_labour import (
    ASSEMBLY_BEV,
    ASSEMBLY_NONBEV,
    BATTERY_PACK,
    E_DRIVE,
    ICE_POWERTRAIN,
    N_LINES,
    oem_line_needs,
)
from tests.kernels.helpers import python_version

KERNELS = (oem_line_needs, python_version(oem_line_needs))


def _coef() -> np.ndarray:
    coef = np.zeros((2, N_LINES))
    coef[:, ASSEMBLY_NONBEV] = 10.0
    coef[:, ASSEMBLY_BEV] = 12.0
    coef[:, ICE_POWERTRAIN] = 4.0
    coef[:, E_DRIVE] = 2.0
    coef[:, BATTERY_PACK] = 1.0
    return coef


@pytest.mark.parametrize("kernel", KERNELS)
def test_each_line_follows_its_units(kernel):
    need = np.zeros((2, N_LINES))
    per_vehicle = np.array([7.0, 7.0])
    total = kernel(np.array([100.0, 0.0]), np.array([50.0, 0.0]), 0.1, _coef(), need, per_vehicle)
    ev_sets = 50.0 + 0.1 * 100.0  # BEVs plus the hybrids' EV content
    expected = [100 * 10.0, 50 * 12.0, 100 * 4.0, ev_sets * 2.0, ev_sets * 1.0]
    assert np.allclose(need[0], expected)
    assert np.isclose(total, sum(expected))
    assert np.isclose(per_vehicle[0], sum(expected) / 150.0)
    # an idle plant needs nobody and keeps its last workers per vehicle
    assert np.allclose(need[1], 0.0) and per_vehicle[1] == 7.0


@pytest.mark.parametrize("kernel", KERNELS)
def test_moving_to_bevs_changes_workers_per_vehicle_by_the_line_difference(kernel):
    need = np.zeros((2, N_LINES))
    per_vehicle = np.zeros(2)
    kernel(np.array([100.0, 0.0]), np.array([0.0, 100.0]), 0.0, _coef(), need, per_vehicle)
    assert np.allclose(per_vehicle, [10.0 + 4.0, 12.0 + 2.0 + 1.0])
