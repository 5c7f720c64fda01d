"""Base-year calibration: how closely the start year reproduces the data.

The free parameters are calibrated in closed form when the population is built
(`sim.initialise.population`): labour per unit of each product and tier = start-year jobs / the
units start-year demand needs; capacities = jobs / labour per unit / base utilisation; fixed
costs so that each supplier starts at the base margin; link weights fitted (RAS) so that
start-year orders meet capacity use. `autoregions calibrate` runs the start year and reports
model vs data per region (jobs), for the EU BEV share and for vehicle output, with the error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.outputs.columns import COL

if TYPE_CHECKING:
    from sim.scenario import Scenario

TOLERANCE = 0.02  # largest relative error accepted for regional employment (issue target)
#: Absolute tolerance (jobs) for the smallest regions, where 2% is less than one worker: a
#: region with 17 jobs cannot be within 2% once one person retires before being replaced.
MIN_TOLERANCE_JOBS = 10


def outside_tolerance(data: np.ndarray, model: np.ndarray, tolerance: float = TOLERANCE):
    """Regions whose start-year jobs miss the data by more than the tolerance: 2% of the
    data, or MIN_TOLERANCE_JOBS jobs when that is larger."""
    return np.abs(model - data) > np.maximum(tolerance * data, MIN_TOLERANCE_JOBS)


def base_year(spec: Scenario, seed: int = 1, scale: int = 1) -> dict[str, np.ndarray]:
    """Model vs data for the start year (annual means of its four quarters), per region."""
    # lazy: the model loads mesa and numba (about 1.5 s)
    from sim.model import TransitionModel

    model = TransitionModel(scenario=spec, seed=seed, scale=scale)
    for _ in range(min(4, model.n_quarters)):
        model.step()
    quarters = model.quarter_index
    regions = model.regions
    data = regions.jobs_assembly + regions.jobs_parts
    jobs = model.history[:quarters, :, COL["jobs_total"]].mean(axis=0)
    vehicles = model.history[:quarters, :, [COL["vehicles_ice"], COL["vehicles_bev"]]].sum()
    bev = model.history[:quarters, :, COL["vehicles_bev"]].sum() / vehicles if vehicles else 0.0
    return {
        "region": np.array(regions.code, dtype=object),
        "name": np.array(regions.name, dtype=object),
        "jobs_data": data.astype(float),
        "jobs_model": jobs,
        "error": np.divide(jobs - data, data, out=np.zeros_like(jobs), where=data > 0),
        "vehicles_model": np.array([vehicles]),
        "vehicles_data": np.array([model.demand[:quarters].sum()]),
        "bev_share_model": np.array([bev]),
        "bev_share_data": np.array([float(model.bev_share[:quarters].mean())]),
        "year": np.array([int(model.years[0])]),
    }


def format_base_year(res: dict[str, np.ndarray], tolerance: float = TOLERANCE) -> str:
    """A table of model vs data per region, largest errors first, and the EU-level checks."""
    order = np.argsort(-np.abs(res["error"]))
    year = int(res["year"][0])
    lines = [
        f"Start year {year}: automotive jobs (annual mean), model vs data, largest errors first",
        f"{'region':<8} {'name':<24} {'data':>10} {'model':>10} {'error':>8}",
    ]
    for i in order:
        lines.append(
            f"{res['region'][i]:<8} {res['name'][i][:24]:<24} {res['jobs_data'][i]:>10,.0f} "
            f"{res['jobs_model'][i]:>10,.0f} {100 * res['error'][i]:>7.2f}%"
        )
    total_d, total_m = res["jobs_data"].sum(), res["jobs_model"].sum()
    lines.append(
        f"{'TOTAL':<8} {'':<24} {total_d:>10,.0f} {total_m:>10,.0f} "
        f"{100 * (total_m - total_d) / total_d:>7.2f}%"
    )
    v_m, v_d = res["vehicles_model"][0], res["vehicles_data"][0]
    b_m, b_d = res["bev_share_model"][0], res["bev_share_data"][0]
    lines.append(
        f"\nvehicles made     model {v_m:>14,.0f}   target {v_d:>12,.0f}   "
        f"error {100 * (v_m - v_d) / v_d:.2f}%"
    )
    lines.append(f"BEV share         model {b_m:>14.3f}   data {b_d:>14.3f}")
    worst = float(np.abs(res["error"]).max())
    outside = outside_tolerance(res["jobs_data"], res["jobs_model"], tolerance)
    lines.append(
        f"largest regional error {100 * worst:.2f}%; regions outside the tolerance "
        f"({100 * tolerance:.0f}%, or {MIN_TOLERANCE_JOBS} jobs in regions under "
        f"{MIN_TOLERANCE_JOBS / tolerance:,.0f} jobs): {int(outside.sum())}"
        + ("" if not outside.any() else " (" + ", ".join(res["region"][outside][:8]) + ")")
    )
    return "\n".join(lines)
