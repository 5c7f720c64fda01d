"""How many workers establishments need and keep: production limits set by the workforce,
staffing targets and the workforce kept before layoffs."""

from __future__ import annotations

import numpy as np

from sim.state import Plants, Suppliers


def workforce_limit(
    employed: np.ndarray, labour_per_unit: np.ndarray, overtime: float
) -> np.ndarray:
    """Units per quarter the current workforce (real workers) can make, with one worker of
    slack and `overtime` (share of extra hours) on top."""
    return (employed + 1) / labour_per_unit * (1.0 + overtime)


def staffing_targets(plants: Plants, suppliers: Suppliers) -> np.ndarray:
    """Real workers each establishment (plants, then suppliers) needs this quarter, rounded to
    whole workers: plants staff for their output; suppliers for their orders within capacity,
    so that a new or growing firm can hire ahead of output."""
    p, s = plants, suppliers
    need_real = np.concatenate(
        [
            (p.production_ice + p.production_bev) * p.labour_per_vehicle,
            np.minimum(s.orders, s.capacity) * s.labour_per_unit * s.alive,
        ]
    )
    return np.floor(need_real + 0.5).astype(np.int64)


def workforce_kept(
    target: np.ndarray,
    layoff_band: float,
    retention_floor: np.ndarray,
    n_plants: int,
    supplier_alive: np.ndarray,
) -> np.ndarray:
    """Real workers each establishment keeps before laying off: its target plus the layoff
    band (firms shed labour only beyond it), at least the job-retention floor of aided
    suppliers, and nobody at a supplier that has exited."""
    keep = np.ceil(target * (1.0 + layoff_band)).astype(np.int64)
    keep[n_plants:] = np.maximum(keep[n_plants:], retention_floor)
    keep[n_plants:][supplier_alive == 0] = 0
    return keep
