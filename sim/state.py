"""Struct-of-arrays containers: one class per agent kind, one numpy array per state variable.

Row i of every array of a container is agent i. Kernels receive the arrays, never these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np


class _Arrays:
    """Shared helpers for the containers (all fields are numpy arrays of one length)."""

    def __len__(self) -> int:
        return len(getattr(self, fields(self)[0].name))  # type: ignore[arg-type]

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, f.name).nbytes for f in fields(self))  # type: ignore[arg-type]


@dataclass
class Plants(_Arrays):
    """OEM vehicle assembly plants."""

    region: np.ndarray  # int32, region id
    capacity: np.ndarray  # float64, vehicles per quarter
    bev_capable_share: np.ndarray  # float64, share of capacity able to build BEVs (0-1)
    retool_pipeline: (
        np.ndarray
    )  # float64 (plants, lag + 1): share becoming BEV-capable in k quarters
    market_share: np.ndarray  # float64, share of vehicle demand addressed to the plant
    labour_per_vehicle: np.ndarray  # float64, workers per vehicle per quarter
    production_ice: np.ndarray  # float64, vehicles made this quarter
    production_bev: np.ndarray  # float64


@dataclass
class Suppliers(_Arrays):
    """Component suppliers (establishments) of tiers 1-3."""

    region: np.ndarray  # int32
    tier: np.ndarray  # int8, 1-3
    group: np.ndarray  # int8, product group (sim.codes.PRODUCT_GROUPS)
    capacity: np.ndarray  # float64, units per quarter (one unit = one vehicle's worth)
    price: np.ndarray  # float64, EUR per unit
    labour_per_unit: np.ndarray  # float64, workers per unit per quarter
    fixed_cost_per_unit: np.ndarray  # float64, EUR per unit of capacity per quarter
    cash: np.ndarray  # float64, EUR
    alive: np.ndarray  # int8, 1 = active, 0 = exited (or not open yet)
    opens_year: np.ndarray  # int16, year a planned plant opens (its Q1); 0 = open from the start
    loss_streak: np.ndarray  # int16, loss-making quarters in a row
    quarters_to_convert: np.ndarray  # int16, >0 while moving to an EV product
    orders: np.ndarray  # float64, units ordered this quarter
    production: np.ndarray  # float64, units made this quarter
    value_added: np.ndarray  # float64, EUR this quarter


@dataclass
class Workers(_Arrays):
    """Worker agents; each stands for `scale` real workers. Rows with status EMPTY are spare."""

    region: np.ndarray  # int16, home region
    employer: np.ndarray  # int32, establishment id, -1 if none
    status: np.ndarray  # int8, sim.codes status
    last_sector: np.ndarray  # int8, sector of the current or last automotive job
    ice_skill: np.ndarray  # float32, 0-1
    ev_skill: np.ndarray  # float32, 0-1
    age_q: np.ndarray  # int16, age in quarters
    quarters_unemployed: np.ndarray  # int16
    wage: np.ndarray  # float32, EUR per quarter (employer cost, real worker)
    training_left: np.ndarray  # int8, quarters of reskilling left (0 = not training)

    @property
    def bytes_per_row(self) -> int:
        return sum(getattr(self, f.name).itemsize for f in fields(self))


@dataclass
class Establishments(_Arrays):
    """Labour-market view of all employers: plants first (ids 0..P-1), then suppliers."""

    region: np.ndarray  # int32
    sector: np.ndarray  # int8, sim.codes SECTOR_*
    wage_level: np.ndarray  # float64, mean wage per worker, EUR per quarter
    target: np.ndarray  # int64, agents needed for this quarter's output
    employed: np.ndarray  # int64, agents employed
    wage_bill: np.ndarray  # float64, EUR per quarter per agent-weighted worker (sum of wages)
    upskill: np.ndarray  # int8, 1 = trains its workers to the EV threshold this quarter
    value_added: np.ndarray  # float64, EUR this quarter


@dataclass
class Network(_Arrays):
    """Supply links supplier -> customer, sorted by supplier tier (edge list + tier offsets)."""

    supplier: np.ndarray  # int64, supplier id
    customer: np.ndarray  # int64, node id: plant p -> p, supplier s -> P + s
    weight: np.ndarray  # float64, distance-decay and home-bias weight
