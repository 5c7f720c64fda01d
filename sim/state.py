"""Struct-of-arrays containers: one class per agent kind, one numpy array per state variable.

Row i of every array of a container is agent i. Kernels receive the arrays, never these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from sim import codes

if TYPE_CHECKING:  # the kernels' buffer types, for annotations only (no import at run time)
    from sim.kernels.firms import RewireIndex
    from sim.kernels.supply import RouteWork


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


class WorkerArrays(NamedTuple):
    """The worker arrays as one argument for the kernels that split or merge agents (numba
    compiles a named tuple of arrays; the arrays are shared with `Workers`, not copied)."""

    region: np.ndarray
    employer: np.ndarray
    status: np.ndarray
    last_sector: np.ndarray
    ice_skill: np.ndarray
    ev_skill: np.ndarray
    age_q: np.ndarray
    quarters_unemployed: np.ndarray
    wage: np.ndarray
    training_left: np.ndarray
    weight: np.ndarray


class WorkerCounts(NamedTuple):
    """What the workers add up to, kept up to date by the worker kernels where they change a
    row, instead of recounted every quarter (issue 12). `tally_workers`
    (sim.kernels.accounting) is the definition: with `model.check_tally` set,
    `count_employment` checks these against a full recount every quarter.

    By establishment (every kernel that changes a row's status, employer, weight or wage keeps
    these): `employed` real workers and `wage_cents`, their wages in whole cents, an agent
    adding weight * its wage rounded to the cent (`sim.kernels.accounting.cents`), so the sum
    is exact in any order and a split agent adds what it added whole. By home region (valid
    from `age_and_move` on, which recounts them in its pass over every row; the kernels that
    run after it in the quarter keep them): `unemployed` and `retraining` real people and
    `benefit_cents`, the last wages of benefit claimants (unemployed for at most
    `benefit_quarters` quarters, and everyone retraining), in cents as above."""

    employed: np.ndarray  # int64 (E,), the same array as Establishments.employed
    wage_cents: np.ndarray  # int64 (E,)
    unemployed: np.ndarray  # int64 (R,)
    retraining: np.ndarray  # int64 (R,)
    benefit_cents: np.ndarray  # int64 (R,)
    benefit_quarters: int  # quarters of unemployment with benefits (spec labour)


@dataclass
class Workers(_Arrays):
    """Worker agents. Agent i stands for `weight[i]` real workers who share its state (at most
    the run's scale; exactly 1 at scale 1). Rows with status EMPTY are spare."""

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
    weight: np.ndarray  # int16, real workers this agent stands for (0 on a free row)

    def arrays(self) -> WorkerArrays:
        """The same arrays as a `WorkerArrays` named tuple, for kernels."""
        return WorkerArrays(*(getattr(self, name) for name in WorkerArrays._fields))

    def grow(self, extra: int) -> None:
        """Add `extra` free rows at the end (status EMPTY, weight 0)."""
        for f in fields(self):
            old = getattr(self, f.name)
            fill = -1 if f.name in ("status", "employer") else 0
            setattr(self, f.name, np.concatenate([old, np.full(extra, fill, dtype=old.dtype)]))

    @property
    def bytes_per_row(self) -> int:
        return sum(getattr(self, f.name).itemsize for f in fields(self))


@dataclass
class Establishments(_Arrays):
    """Labour-market view of all employers: plants first (ids 0..P-1), then suppliers."""

    region: np.ndarray  # int32
    sector: np.ndarray  # int8, sim.codes SECTOR_*
    wage_level: np.ndarray  # float64, mean wage per worker, EUR per quarter
    target: np.ndarray  # int64, real workers needed for this quarter's output
    employed: np.ndarray  # int64, real workers employed (sum of the weights of its agents);
    # kept up to date by the worker kernels as rows change (WorkerCounts)
    wage_bill: np.ndarray  # float64, EUR per quarter (sum of its real workers' wages rounded
    # to the cent: Scratch.wage_cents / 100, set by count_employment)
    upskill: np.ndarray  # int8, 1 = trains its workers to the EV threshold this quarter
    agent_cap: np.ndarray  # int64, most real workers one of its worker agents stands for
    value_added: np.ndarray  # float64, EUR this quarter


@dataclass
class Network(_Arrays):
    """Supply links supplier -> customer, sorted by supplier tier (edge list + tier offsets).

    Only `rewire` moves link ends once the run has started: it keeps `Scratch.rewire_index`
    (the links listed by supplier) up to date. Code that moves link ends elsewhere, or changes
    the number of links, must set `Scratch.rewire_index` to None so that it is made again."""

    supplier: np.ndarray  # int64, supplier id
    customer: np.ndarray  # int64, node id: plant p -> p, supplier s -> P + s
    weight: np.ndarray  # float64, distance-decay and home-bias weight
    key: np.ndarray  # int64, the link's label for keyed draws (rewire); not its position


@dataclass
class Scratch:
    """Buffers the phases of a quarter reuse instead of allocating (contents are overwritten
    every quarter unless noted). Shapes: R regions, E establishments, S suppliers, P plants."""

    jobs: np.ndarray  # int64 (R, N_SECTORS), real workers employed per region and sector
    unemployed: np.ndarray  # int64 (R,), real unemployed workers per region
    retraining: np.ndarray  # int64 (R,), real workers in reskilling per region
    benefit_wages: np.ndarray  # float64 (R,), last wages of benefit claimants, EUR per quarter
    # (benefit_cents / 100, set by count_employment)
    wage_cents: np.ndarray  # int64 (E,), WorkerCounts.wage_cents (kept, not overwritten)
    benefit_cents: np.ndarray  # int64 (R,), WorkerCounts.benefit_cents (kept by the kernels)
    value_added: np.ndarray  # float64 (R, N_SECTORS), EUR this quarter
    converted: np.ndarray  # int8 (S,), 1 = the supplier converted to an EV product this quarter
    exited: np.ndarray  # int8 (S,), 1 = the supplier exited this quarter
    orders_sent: np.ndarray  # float64 (3,), units ordered by customers, per supplier tier
    orders_received: np.ndarray  # float64 (3,), units suppliers received, per tier
    orders_unlinked: np.ndarray  # float64 (3,), units no linked supplier could take, per tier
    orders_short: np.ndarray  # float64 (3,), units ordered beyond suppliers' limits, per tier
    to_fire: np.ndarray  # int64 (E,), real workers each establishment lays off
    not_open: np.ndarray  # bool (E,), planned plants not open yet (left out of the hiring order)
    group_sector: np.ndarray  # int64 (N_GROUPS,), sim.codes.GROUP_SECTOR (read only)
    conversion_target: np.ndarray  # int64 (N_GROUPS,), sim.codes.CONVERSION_TARGET (read only)
    split_cursor: np.ndarray  # int64 (1,), where the search for a free worker row resumes
    aid_paid: np.ndarray  # float64 (S,), retooling aid paid to each supplier, EUR
    retool_by_plant: np.ndarray  # float64 (P,), OEM retooling spending, EUR
    region_flows: np.ndarray  # int64 (R, 5), retired, retired early, left, retrained, failed
    enrolled: np.ndarray  # int64 (R,), real workers enrolled in reskilling this quarter
    moved: np.ndarray  # int64 (R,), real workers who moved into each region this quarter
    open_employed: np.ndarray | None  # int64 (E, age bands, 2), merge slots (coarse scale)
    open_unemployed: np.ndarray | None  # int64 (R, N_SECTORS, bands, 2, 2), merge slots
    free_row_hint: int = 0  # first worker row that may be free for an entrant (carried over)
    route_work: RouteWork | None = None  # made by pass_orders on first use
    rewire_index: RewireIndex | None = None  # made by run_firms on first use (see Network)

    @classmethod
    def allocate(
        cls,
        n_regions: int,
        n_establishments: int,
        n_plants: int,
        n_suppliers: int,
        age_bands: int | None,
    ) -> Scratch:
        """Zeroed buffers; the merge slots only when `age_bands` is given (coarse scale)."""
        n_r, n_e, n_s, n_sec = n_regions, n_establishments, n_suppliers, codes.N_SECTORS
        return cls(
            jobs=np.zeros((n_r, n_sec), dtype=np.int64),
            unemployed=np.zeros(n_r, dtype=np.int64),
            retraining=np.zeros(n_r, dtype=np.int64),
            benefit_wages=np.zeros(n_r),
            wage_cents=np.zeros(n_e, dtype=np.int64),
            benefit_cents=np.zeros(n_r, dtype=np.int64),
            value_added=np.zeros((n_r, n_sec)),
            converted=np.zeros(n_s, dtype=np.int8),
            exited=np.zeros(n_s, dtype=np.int8),
            orders_sent=np.zeros(3),
            orders_received=np.zeros(3),
            orders_unlinked=np.zeros(3),
            orders_short=np.zeros(3),
            to_fire=np.zeros(n_e, dtype=np.int64),
            not_open=np.zeros(n_e, dtype=np.bool_),
            group_sector=np.array(codes.GROUP_SECTOR, dtype=np.int64),
            conversion_target=np.array(codes.CONVERSION_TARGET, dtype=np.int64),
            split_cursor=np.zeros(1, dtype=np.int64),
            aid_paid=np.zeros(n_s),
            retool_by_plant=np.zeros(n_plants),
            region_flows=np.zeros((n_r, 5), dtype=np.int64),
            enrolled=np.zeros(n_r, dtype=np.int64),
            moved=np.zeros(n_r, dtype=np.int64),
            open_employed=None
            if age_bands is None
            else np.empty((n_e, age_bands, 2), dtype=np.int64),
            open_unemployed=None
            if age_bands is None
            else np.empty((n_r, n_sec, age_bands, 2, 2), dtype=np.int64),
        )
