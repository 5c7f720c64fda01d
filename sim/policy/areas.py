"""Areas named in lever settings (a region code, a country code, 'EU' or 'ALL') as region sets."""

from __future__ import annotations

import numpy as np

from sim.data import RegionTable
from sim.errors import ScenarioError

EVERYWHERE = ("EU", "ALL")


def regions_in(area: str, regions: RegionTable, key: str) -> np.ndarray:
    """Indices of the simulated regions that `area` covers; ScenarioError naming `key` if none."""
    if area in EVERYWHERE:
        return np.arange(len(regions))
    hits = [i for i, code in enumerate(regions.code) if code == area]
    if not hits:
        hits = [i for i, country in enumerate(regions.country) if country == area]
    if not hits:
        known = ", ".join(sorted(set(regions.country)))
        raise ScenarioError(
            f"key '{key}' = {area!r}: not a simulated region or country (use a region code, "
            f"one of the countries {known}, or EU)"
        )
    return np.array(hits, dtype=np.int64)


def share_by_jobs(idx: np.ndarray, regions: RegionTable) -> np.ndarray:
    """Weights over the regions `idx` in proportion to their start-year automotive jobs."""
    jobs = (regions.jobs_assembly + regions.jobs_parts)[idx].astype(float)
    return jobs / jobs.sum() if jobs.sum() > 0 else np.full(len(idx), 1.0 / len(idx))
