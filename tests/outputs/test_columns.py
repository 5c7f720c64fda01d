"""The results vocabulary: the on-disk column order is a contract (docs/outputs.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.outputs.columns import (
    ALL_SPENDING,
    COL,
    CONTRACT_COLUMNS,
    FLOW,
    REGION_COLUMNS,
    RESULT_COLUMNS,
    WORKER_FLOWS,
)
from sim.outputs.tables import decimal_time, quarter_index
from sim.policy.levers import SPEND_LINES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "outputs.md"


def test_region_columns_are_pinned() -> None:
    assert REGION_COLUMNS == (
        "jobs_total",
        "jobs_oem",
        "jobs_supplier_ice",
        "jobs_supplier_ev",
        "jobs_supplier_agnostic",
        "unemployed",
        "retraining",
        "value_added",
        "va_oem",
        "va_supplier_ice",
        "va_supplier_ev",
        "va_supplier_agnostic",
        "vehicles_ice",
        "vehicles_bev",
        "suppliers_alive",
        "spend_aid",
        "spend_procurement",
        "spend_reskilling",
        "spend_benefits",
        "fund_allocation",
        "enrolled",
        "retrained",
        "firms_aided",
        "clawbacks",
        "moved_in",
    )
    assert RESULT_COLUMNS[:3] == ("year", "quarter", "region")
    assert all(REGION_COLUMNS[COL[name]] == name for name in REGION_COLUMNS)


def test_contract_columns_are_results_columns() -> None:
    assert set(CONTRACT_COLUMNS) <= set(RESULT_COLUMNS)
    assert CONTRACT_COLUMNS[3] == "jobs_total"


def test_every_lever_spending_line_has_a_column() -> None:
    assert tuple(f"spend_{line}" for line in SPEND_LINES) == ALL_SPENDING


def test_every_column_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [name for name in REGION_COLUMNS if f"| `{name}` |" not in text]
    assert missing == []


def test_worker_flows_follow_the_kernel_docstring_order() -> None:
    assert WORKER_FLOWS[FLOW["retrained"]] == "retrained"
    assert list(FLOW.values()) == list(range(5))


def test_quarter_index_and_decimal_time() -> None:
    table = {"year": np.array([2026, 2025, 2025, 2026]), "quarter": np.array([1, 4, 4, 1])}
    inverse, years, quarters = quarter_index(table)
    assert inverse.tolist() == [1, 0, 0, 1]
    assert years.tolist() == [2025, 2026] and quarters.tolist() == [4, 1]
    assert decimal_time(np.array([2025]), np.array([3])).tolist() == [2025.5]
