"""Areas named in lever settings (a region code, a country code, 'EU' or 'ALL') as region sets."""

from __future__ import annotations

import numpy as np

from sim.data import RegionTable
from sim.scenario import ScenarioError

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


def check_areas(spec, path) -> None:
    """Refuse, with one line naming the scenario file, any lever area, plant region or
    country code that is not among the simulated regions (so `autoregions check` catches it)."""
    from sim.data import read_regions

    regions = read_regions(spec.regions.file, spec.regions.include, spec.regions.job_scale)
    try:
        for i, prog in enumerate(spec.procurement.programmes):
            regions_in(prog.area, regions, f"procurement.programmes[{i}].area")
        for area in spec.aid.budgets:
            regions_in(area, regions, f"aid.budgets.{area}")
        for area in spec.reskilling.places_per_quarter:
            regions_in(area, regions, f"reskilling.places_per_quarter.{area}")
        for i, plant in enumerate(spec.localisation.gigafactories):
            if plant.region not in regions.code:
                raise ScenarioError(
                    f"key 'localisation.gigafactories[{i}].region' = {plant.region!r}: not a "
                    f"simulated region (known: {', '.join(regions.code[:6])}, ...)"
                )
        for country in spec.electrification.country_offsets:
            if country not in regions.country:
                raise ScenarioError(
                    f"key 'electrification.country_offsets.{country}': not a simulated country "
                    f"(known: {', '.join(sorted(set(regions.country)))})"
                )
    except ScenarioError as exc:
        message = str(exc)
        raise ScenarioError(
            message if message.startswith(str(path)) else f"{path}: {message}"
        ) from None
