"""Model-level reporters for mesa's DataCollector: module-level functions, so models pickle."""

from __future__ import annotations

from typing import Any

from sim.outputs.columns import COL


def _last(model: Any, column: str) -> float:
    """The column summed over regions in the quarter just simulated."""
    return float(model.history[model.quarter_index - 1, :, COL[column]].sum())


def jobs_total(model: Any) -> float:
    """Automotive jobs in all simulated regions (real workers)."""
    return _last(model, "jobs_total")


def jobs_supplier_ice(model: Any) -> float:
    return _last(model, "jobs_supplier_ice")


def jobs_supplier_ev(model: Any) -> float:
    return _last(model, "jobs_supplier_ev")


def unemployed(model: Any) -> float:
    """Former automotive workers without a job (real workers)."""
    return _last(model, "unemployed")


def value_added(model: Any) -> float:
    """Value added in the quarter, EUR million."""
    return _last(model, "value_added")


def bev_share(model: Any) -> float:
    """BEV share of new-vehicle demand in the quarter just simulated."""
    return float(model.bev_share[model.quarter_index - 1])


def suppliers_alive(model: Any) -> float:
    return _last(model, "suppliers_alive")


def year(model: Any) -> int:
    return int(model.years[model.quarter_index - 1])


def quarter(model: Any) -> int:
    return int(model.quarters[model.quarter_index - 1])


MODEL_REPORTERS = {
    "year": year,
    "quarter": quarter,
    "bev_share": bev_share,
    "jobs_total": jobs_total,
    "jobs_supplier_ice": jobs_supplier_ice,
    "jobs_supplier_ev": jobs_supplier_ev,
    "unemployed": unemployed,
    "value_added": value_added,
    "suppliers_alive": suppliers_alive,
}
