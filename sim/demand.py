"""The drivetrain mix of new cars quarter by quarter, from the scenario's path and history
(the demand levels are in sim/market.py)."""

from __future__ import annotations

import numpy as np

from sim.codes import QUARTERS_PER_YEAR
from sim.scenario.schema import PRESETS, ElectrificationSpec


def quarter_times(start_year: int, end_year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, quarter 1-4, mid-quarter time in years) for every simulated quarter."""
    years = np.repeat(np.arange(start_year, end_year + 1), 4)
    quarters = np.tile(np.arange(1, 5), end_year - start_year + 1)
    return years, quarters, years + (quarters - 0.5) / QUARTERS_PER_YEAR


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
        years, shares = table_points(spec)
        # a table year's share holds from its 1 January: "100% in 2035" means all of 2035
        path = np.interp(times, np.array(years, dtype=float), np.array(shares))
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


def table_points(spec: ElectrificationSpec) -> tuple[list[int], list[float]]:
    """(years, BEV shares) of a table or preset path."""
    if spec.mode == "preset":
        return PRESETS[spec.preset]
    return spec.years, spec.bev_shares


def hybrid_paths(
    spec: ElectrificationSpec,
    times: np.ndarray,
    bev: np.ndarray,
    history: dict[int, tuple[float, float, float]],
) -> tuple[np.ndarray, np.ndarray]:
    """Plug-in and full-hybrid shares of new vehicles at each time.

    Observed years use the history; a table with phev_shares / hev_shares is interpolated like
    the BEV shares; otherwise hybrids keep their last observed share of the non-BEV vehicles
    (assumption), so they fade as BEVs take over.
    """
    phev = np.zeros(len(times))
    hev = np.zeros(len(times))
    last = history[max(history)] if history else (0.0, 0.0, 0.0)
    non_bev_last = max(1e-9, 1.0 - last[0])
    for i, t in enumerate(times):
        year = int(np.floor(t))
        if year in history:
            phev[i], hev[i] = history[year][1], history[year][2]
            continue
        phev[i] = (1.0 - bev[i]) * last[1] / non_bev_last
        hev[i] = (1.0 - bev[i]) * last[2] / non_bev_last
    if spec.mode == "table" and spec.years:
        observed = np.array([int(np.floor(t)) in history for t in times])
        x = np.array(spec.years, dtype=float)
        if spec.phev_shares:
            phev = np.where(observed, phev, np.interp(times, x, np.array(spec.phev_shares)))
        if spec.hev_shares:
            hev = np.where(observed, hev, np.interp(times, x, np.array(spec.hev_shares)))
    # never more than what BEVs leave
    room = np.clip(1.0 - bev, 0.0, 1.0)
    phev = np.minimum(np.clip(phev, 0.0, 1.0), room)
    hev = np.minimum(np.clip(hev, 0.0, 1.0), room - phev)
    return phev, hev


def nonbev_ev_content(
    spec: ElectrificationSpec, bev: np.ndarray, phev: np.ndarray, hev: np.ndarray
) -> np.ndarray:
    """EV-powertrain content per non-BEV vehicle (share of a BEV's), from the hybrid mix."""
    non_bev = 1.0 - bev
    content = phev * spec.phev_ev_content + hev * spec.hev_ev_content
    return np.divide(content, non_bev, out=np.zeros_like(content), where=non_bev > 1e-9)
