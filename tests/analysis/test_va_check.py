"""Start-year value added per worker by sector lies in the sourced band (issue 11), on the
shipped EU baseline at a coarse scale (the start year is the same at every scale)."""

from __future__ import annotations

import numpy as np
import pytest

from sim import TransitionModel
from sim.analysis.va_check import VA_PER_WORKER_BAND, va_per_worker
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def eu_start() -> dict[str, float]:
    m = TransitionModel(scenario=SCENARIOS / "baseline.toml", seed=1, scale=100)
    m.step()
    return va_per_worker(m.history[0])


@pytest.mark.parametrize("sector", ["oem", "supplier_ice", "supplier_ev", "supplier_agnostic"])
def test_start_year_value_added_per_worker_is_in_the_band(eu_start, sector):
    lo, hi = VA_PER_WORKER_BAND
    assert lo <= eu_start[sector] <= hi, (sector, eu_start[sector], VA_PER_WORKER_BAND)


def test_band_is_the_sourced_one():
    lo, hi = VA_PER_WORKER_BAND
    assert np.isclose(lo, 1309 / 592 * 20_196) and hi == 153_300.0


def test_value_added_is_sales_minus_inputs_by_product_group():
    """A battery maker's value added is a smaller share of its sales than a body maker's."""
    m = TransitionModel(scenario=SCENARIOS / "tiny.toml", seed=1)
    m.step()
    s = m.pop.suppliers
    sales = s.production * s.price
    live = (s.production > 0) & (s.alive == 1)
    share = np.divide(s.value_added, sales, out=np.zeros(len(s)), where=live)
    vehicles = m.spec.vehicles
    battery, body = live & (s.group == 4), live & (s.group == 7)
    assert np.allclose(share[battery], 1 - vehicles.battery_input_share)
    assert np.allclose(share[body], 1 - vehicles.input_share_of_sales)
