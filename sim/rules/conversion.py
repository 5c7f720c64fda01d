"""Supply links of a supplier that converted to an EV product."""

from __future__ import annotations

import numpy as np

from sim.kernels.firms import RewireIndex, rescale_links


def rescale_sales_links(
    weight: np.ndarray,
    edge_supplier: np.ndarray,
    converted: np.ndarray,
    capacity_before: np.ndarray,
    capacity_after: np.ndarray,
    index: RewireIndex | None = None,
) -> None:
    """Rescale, in place, the weights of the links on which converted suppliers sell.

    A link weight is a contract share in units of the supplier's product (start-year units
    ordered on it, sim.initialise.network.balance_weights). A conversion rescales capacity from
    units of the old product to units of the new one by the labour ratio (convert_and_exit);
    the weights must follow by the same factor, or the converted supplier enters its new
    customers' cells with a share measured in units of its old product (an exhaust maker
    moving to battery parts took many times the orders per unit of capacity of the battery
    makers already there; issue 11, experiments/lever_decomposition.py prints the weight per
    unit of capacity of converted and original EV suppliers). Weights of links of suppliers
    that did not convert keep their weight (as if multiplied by exactly 1). One pass in a
    kernel (sim.kernels.firms.rescale_links); with `index` (the links by supplier that rewire
    keeps) over the listed links only."""
    if index is None:
        rescale_links(weight, edge_supplier, converted, capacity_before, capacity_after)
    else:
        rescale_links(weight, edge_supplier, converted, capacity_before, capacity_after, index)
