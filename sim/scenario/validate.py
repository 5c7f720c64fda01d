"""Checks of a scenario against the regions it simulates: every lever area, plant region and
country code must name simulated regions (run when a scenario file is loaded, so
`autoregions check` catches them)."""

from __future__ import annotations

from pathlib import Path

from sim.data import read_regions
from sim.errors import ScenarioError
from sim.policy.areas import regions_in
from sim.scenario.schema import Scenario


def check_areas(spec: Scenario, path: Path | str) -> None:
    """Refuse, with one line naming the scenario file, any lever area, plant region or
    country code that is not among the simulated regions (so `autoregions check` catches it)."""

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
