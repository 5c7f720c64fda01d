"""The results vocabulary: every column of the per-region, per-quarter results table, defined
once. The model writes `history[q, region, COL[name]]`; `region_table()` and regions.parquet
add the key columns in front (docs/outputs.md describes each column)."""

from __future__ import annotations

from sim.codes import SECTOR_NAMES

#: Columns that identify a row: the calendar year, the quarter (1-4) and the region code.
KEY_COLUMNS = ("year", "quarter", "region")

#: Spending lines of the policy levers (EUR million per quarter; columns `spend_<line>`).
LEVER_SPENDING = ("spend_aid", "spend_procurement", "spend_reskilling")
#: Every public-spending column: benefits respond to job losses, the rest are lever budgets.
ALL_SPENDING = (*LEVER_SPENDING, "spend_benefits")

#: Value columns of the results table (after the key columns), in their order on disk.
REGION_COLUMNS = (
    "jobs_total",
    *(f"jobs_{sector}" for sector in SECTOR_NAMES),
    "unemployed",
    "retraining",
    "value_added",
    *(f"va_{sector}" for sector in SECTOR_NAMES),
    "vehicles_ice",
    "vehicles_bev",
    "suppliers_alive",
    *ALL_SPENDING,
    "fund_allocation",
    "enrolled",
    "retrained",
    "firms_aided",
    "clawbacks",
    "moved_in",
)
#: Column name -> its index in REGION_COLUMNS (and in the model's `history`).
COL = {name: k for k, name in enumerate(REGION_COLUMNS)}

#: Every column of a results table, in order.
RESULT_COLUMNS = (*KEY_COLUMNS, *REGION_COLUMNS)

#: The columns other tools may rely on in every results table (the contract of
#: docs/outputs.md; figures and reports need them).
CONTRACT_COLUMNS = (
    *KEY_COLUMNS,
    "jobs_total",
    *(f"jobs_{sector}" for sector in SECTOR_NAMES),
    "unemployed",
    "value_added",
)

#: Worker flows per home region counted by the worker phase (`age_and_move`), in the order of
#: the columns of its `flows` array.
WORKER_FLOWS = (
    "retired",
    "retired_early",
    "moved_to_other_sectors",
    "retrained",
    "retraining_failed",
)
#: Worker flow name -> its column in the worker phase's `flows` array.
FLOW = {name: k for k, name in enumerate(WORKER_FLOWS)}
