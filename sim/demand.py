"""Vehicle demand and the BEV share of it, quarter by quarter, from the scenario's path."""

from __future__ import annotations

import numpy as np

from sim.scenario.schema import DemandSpec, ElectrificationSpec


def quarter_times(start_year: int, end_year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, quarter 1-4, mid-quarter time in years) for every simulated quarter."""
    years = np.repeat(np.arange(start_year, end_year + 1), 4)
    quarters = np.tile(np.arange(1, 5), end_year - start_year + 1)
    return years, quarters, years + (quarters - 0.5) / 4.0


def bev_share_path(
    spec: ElectrificationSpec, times: np.ndarray, history: dict[int, float]
) -> np.ndarray:
    """BEV share of new vehicles at each time (years).

    Observed years (history) are used as they are. After the last observed year the scenario's
    path applies, but never below the last observed share: a delayed path stays at today's
    share until its S-curve overtakes it.
    """
    if spec.mode == "logistic":
        path = spec.ceiling / (1.0 + np.exp(-spec.steepness * (times - spec.midpoint_year)))
    else:
        path = np.interp(times, np.array(spec.years) + 0.5, np.array(spec.bev_shares))
    if not history:
        return np.clip(path, 0.0, 1.0)
    last_year = max(history)
    out = path.copy()
    for i, year in enumerate(np.floor(times).astype(int)):
        if int(year) in history:
            out[i] = history[int(year)]
        elif year > last_year:
            out[i] = max(path[i], history[last_year])
    return np.clip(out, 0.0, 1.0)


def vehicle_demand(spec: DemandSpec, times: np.ndarray) -> np.ndarray:
    """Vehicles demanded from the simulated plants per quarter."""
    t0 = np.floor(times[0])
    return spec.base_units_per_year / 4.0 * (1.0 + spec.growth_per_year) ** (times - t0 - 0.125)
