"""Labour productivity growth: every quarter after the first, labour per unit falls by the
scenario's annual rate of its sector (`productivity.*`), compounded quarterly.

It applies to everything that turns units into workers: suppliers' `labour_per_unit`, the
labour table new EV products are made with after a conversion (`Economics.labour`), the OEM
line coefficients and the plants' workers per vehicle. Capacities stay in units, so the same
output needs fewer workers; prices and wages do not change. Deterministic, and in real
workers at every scale.
"""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.initialise.oem_labour import OemLines
from sim.initialise.population import Population
from sim.kernels.productivity import scale_rows
from sim.scenario.schema import ProductivitySpec


class Productivity:
    """Quarterly factors per sector and the rule that applies them."""

    def __init__(self, spec: ProductivitySpec) -> None:
        annual = np.array(spec.rates(), dtype=np.float64)
        #: labour per unit is multiplied by this every quarter, by sector code
        self.quarterly_factor = (1.0 - annual) ** 0.25
        self._group_sector = np.array(codes.GROUP_SECTOR, dtype=np.int64)
        self.active = bool(np.any(annual != 0.0))

    def apply(self, q: int, pop: Population, lines: OemLines) -> None:
        """One quarter of productivity growth, before quarter q's production (none at q = 0,
        the calibrated start)."""
        if q == 0 or not self.active:
            return
        f = self.quarterly_factor
        s, p = pop.suppliers, pop.plants
        scale_rows(_column(s.labour_per_unit), self._group_sector[s.group], f)
        scale_rows(pop.economics.labour, self._group_sector, f)
        oem = np.zeros(len(p), dtype=np.int64)  # sector code 0 for every plant
        scale_rows(lines.coef, oem, f)
        scale_rows(_column(p.labour_per_vehicle), oem, f)


def _column(x: np.ndarray) -> np.ndarray:
    """A (n, 1) view of a 1-D array, so that the kernel writes into it."""
    view = x.reshape(-1, 1)
    if not np.shares_memory(view, x):
        raise ValueError("labour array is not contiguous: productivity growth would be lost")
    return view
