"""Battery and e-drive localisation: EU sourcing shares and new EV-component plants."""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.data import RegionTable
from sim.errors import ScenarioError
from sim.scenario.schema import LocalisationSpec

PRODUCT_GROUP = {"battery": 4, "e_motor": 5, "power_electronics": 6}


def eu_share_by_group(spec: LocalisationSpec) -> np.ndarray:
    """Share of each product group that plants buy from EU suppliers (1 for non-EV groups)."""
    share = np.ones(codes.N_GROUPS)
    share[PRODUCT_GROUP["battery"]] = spec.battery_eu_share
    share[PRODUCT_GROUP["e_motor"]] = spec.e_motor_eu_share
    share[PRODUCT_GROUP["power_electronics"]] = spec.power_electronics_eu_share
    return share


def gigafactory_plan(
    spec: LocalisationSpec, regions: RegionTable
) -> list[tuple[int, int, int, float]]:
    """(region index, product group, opening year, jobs) for each planned plant."""
    plan = []
    for i, g in enumerate(spec.gigafactories):
        if g.region not in regions.code:
            raise ScenarioError(
                f"key 'localisation.gigafactories[{i}].region' = {g.region!r}: not a simulated "
                f"region (known: {', '.join(regions.code[:6])}, ...)"
            )
        plan.append(
            (regions.code.index(g.region), PRODUCT_GROUP[g.product], g.opens_year, float(g.jobs))
        )
    return plan
