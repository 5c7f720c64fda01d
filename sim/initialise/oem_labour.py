"""OEM plants' workforce lines: vehicle assembly by drivetrain and in-house powertrain work.

Each plant's workforce is the sum of five lines (`sim.kernels.oem_labour.LINE_NAMES`), each
with workers per unit from a sourced coefficient per million units a year
(`oems.*_workers_per_million`). Calibration: the published coefficients cover only the
production lines (no logistics, maintenance, engineering or administration), so each plant's
coefficients are scaled by one factor so that its start-year output, at its start-year
drivetrain mix, needs exactly its start-year jobs from the data. The ratios between lines
stay as published; only the level is calibrated. A plant that moves from non-BEV vehicles to
BEVs then changes its workforce by the published difference between the lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.initialise.population import Population
from sim.kernels.oem_labour import (
    ASSEMBLY_BEV,
    ASSEMBLY_NONBEV,
    BATTERY_PACK,
    E_DRIVE,
    ICE_POWERTRAIN,
    N_LINES,
    oem_line_needs,
)
from sim.scenario.schema import OemSpec, Scenario


def raw_line_coefficients(oems: OemSpec) -> np.ndarray:
    """Published workers per million units a year, by line (before calibration)."""
    raw = np.zeros(N_LINES)
    raw[ASSEMBLY_NONBEV] = oems.assembly_workers_per_million
    raw[ASSEMBLY_BEV] = oems.assembly_workers_per_million * oems.bev_assembly_labour_ratio
    raw[ICE_POWERTRAIN] = oems.engine_workers_per_million + oems.transmission_workers_per_million
    raw[E_DRIVE] = oems.e_motor_workers_per_million
    raw[BATTERY_PACK] = oems.battery_pack_workers_per_million
    return raw


def units_per_vehicle(bev_share: np.ndarray | float, nonbev_ev: float) -> np.ndarray:
    """Units each line makes per vehicle at a BEV share (rows: plants; columns: lines)."""
    b = np.atleast_1d(np.asarray(bev_share, dtype=np.float64))
    units = np.zeros((len(b), N_LINES))
    units[:, ASSEMBLY_NONBEV] = 1.0 - b
    units[:, ASSEMBLY_BEV] = b
    units[:, ICE_POWERTRAIN] = 1.0 - b
    units[:, E_DRIVE] = b + nonbev_ev * (1.0 - b)
    units[:, BATTERY_PACK] = units[:, E_DRIVE]
    return units


@dataclass
class OemLines:
    """Per-plant line coefficients (workers per unit per quarter, after calibration and
    productivity growth), this quarter's workers needed per line, and the history of the
    total per line (real workers)."""

    coef: np.ndarray  # (P, N_LINES)
    calibration: np.ndarray  # (P,) factor from published to calibrated coefficients
    need: np.ndarray  # (P, N_LINES)
    history: np.ndarray  # (quarters, N_LINES): sum of `need` over plants

    def update(self, plants, nonbev_ev: float, q: int) -> None:
        """After production: each line's need, and each plant's workers per vehicle at this
        quarter's mix (read by the workforce target and next quarter's workforce limit)."""
        oem_line_needs(
            plants.production_ice,
            plants.production_bev,
            nonbev_ev,
            self.coef,
            self.need,
            plants.labour_per_vehicle,
        )
        self.history[q] = self.need.sum(axis=0)


def build_oem_lines(
    s: Scenario, pop: Population, bev_share0: float, nonbev_ev0: float, n_quarters: int
) -> OemLines:
    """Calibrated line coefficients for every plant (see the module docstring).

    A plant's start-year mix is the start-year BEV share plus its country's offset
    (`electrification.country_offsets`), as in its demand (7.2); its start-year workers per
    vehicle is `labour_per_vehicle` (the data's assembly jobs per start-year vehicle)."""
    plants, regions = pop.plants, pop.regions
    offsets = np.array(
        [s.electrification.country_offsets.get(regions.country[r], 0.0) for r in plants.region]
    )
    mix = np.clip(bev_share0 + offsets, 0.0, 1.0)
    raw = raw_line_coefficients(s.oems) / 4e6  # workers per unit per quarter
    raw_per_vehicle = units_per_vehicle(mix, nonbev_ev0) @ raw
    calibration = plants.labour_per_vehicle / raw_per_vehicle
    n_p = len(plants)
    return OemLines(
        coef=calibration[:, None] * raw[None, :],
        calibration=calibration,
        need=np.zeros((n_p, N_LINES)),
        history=np.zeros((n_quarters, N_LINES)),
    )
