"""Value added of OEM plants and the wage level of suppliers that converted to an EV product."""

from __future__ import annotations

import numpy as np

from sim.initialise.population import Economics
from sim.state import Plants


def oem_value_added(plants: Plants, economics: Economics) -> np.ndarray:
    """Value added per plant this quarter, EUR: vehicles made times price minus bought-in
    content, for ICE and BEV vehicles."""
    p, econ = plants, economics
    return p.production_ice * (econ.price_ice - econ.content_ice) + p.production_bev * (
        econ.price_bev - econ.content_bev
    )


def converted_wage_level(
    price: np.ndarray,
    labour_per_unit: np.ndarray,
    labour_share_of_value_added: float,
    input_share_of_sales: float | np.ndarray,
) -> np.ndarray:
    """Mean wage per worker (EUR per quarter) of a supplier after converting to a new product:
    the labour share of the value added per unit, per worker needed for a unit
    (`input_share_of_sales`: the input share of each supplier's new product group)."""
    return labour_share_of_value_added * price * (1 - input_share_of_sales) / labour_per_unit
