"""Reskilling programme places per region and quarter."""

from __future__ import annotations

import numpy as np

from sim.data import RegionTable
from sim.policy.areas import regions_in, share_by_jobs
from sim.scenario.schema import ReskillingSpec


def base_places(spec: ReskillingSpec, regions: RegionTable) -> np.ndarray:
    """Places per quarter in each region (real people) from `reskilling.places_per_quarter`.

    'ALL' gives every region that many; a country's places are shared over its regions in
    proportion to their automotive jobs; a region code gives that region its places.
    """
    places = np.zeros(len(regions))
    for area, n in spec.places_per_quarter.items():
        key = f"reskilling.places_per_quarter.{area}"
        if area == "ALL":
            places += n
        elif area in regions.code:
            places[regions.code.index(area)] += n
        else:
            idx = regions_in(area, regions, key)
            places[idx] += n * share_by_jobs(idx, regions)
    return places


def whole_places(places: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole places from fractional places per region (stochastic rounding: the expected
    number is kept)."""
    return np.floor(places + rng.random(len(places))).astype(np.int64)
