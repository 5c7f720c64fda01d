"""A just-transition fund: an EU budget shared among regions by a rule each year."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from sim.data import RegionTable
from sim.errors import ScenarioError
from sim.scenario.schema import FundSpec

ECONOMY_FILE = "region_economy.csv"


def _economy_column(regions: RegionTable, folder: Path, column: str, rule: str) -> np.ndarray:
    """A column of region_economy.csv for the simulated regions; ScenarioError if any is missing."""
    path = folder / ECONOMY_FILE
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = {r["code"].strip(): r for r in csv.DictReader(fh)}
    except OSError as exc:
        raise ScenarioError(
            f"{path}: cannot read ({exc}); fund.allocation = {rule!r} needs it"
        ) from None
    values, missing = [], []
    for code in regions.code:
        text = (rows.get(code) or {}).get(column, "").strip()
        try:
            values.append(float(text))
        except ValueError:
            missing.append(code)
    if missing:
        raise ScenarioError(
            f"key 'fund.allocation' = {rule!r}: {path.name} has no {column} for "
            f"{', '.join(missing[:6])}{' ...' if len(missing) > 6 else ''} "
            "(choose 'exposure' or 'jobs', or fill the data)"
        )
    return np.array(values)


def allocation_weights(spec: FundSpec, regions: RegionTable, data_folder: Path) -> np.ndarray:
    """Share of the fund each region gets (sums to 1).

    exposure: ICE-powertrain jobs at the start (ICE share of parts jobs x parts jobs);
    jobs: automotive jobs; population: inhabitants; inverse_gdp: 1 / GDP per inhabitant.
    """
    if spec.allocation == "exposure":
        w = regions.ice_share_parts * regions.jobs_parts
    elif spec.allocation == "jobs":
        w = regions.jobs_assembly + regions.jobs_parts
    elif spec.allocation == "population":
        w = _economy_column(regions, data_folder, "population", spec.allocation)
    else:
        w = 1.0 / _economy_column(regions, data_folder, "gdp_eur_per_inhabitant", spec.allocation)
    w = np.asarray(w, dtype=float)
    return w / w.sum() if w.sum() > 0 else np.full(len(w), 1.0 / len(w))
