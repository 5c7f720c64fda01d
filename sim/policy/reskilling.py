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


def agents_for(places_real: np.ndarray, scale: int, rng: np.random.Generator) -> np.ndarray:
    """Agent places for real places at `scale` workers per agent (stochastic rounding)."""
    x = places_real / scale
    return np.floor(x + rng.random(len(x))).astype(np.int64)
