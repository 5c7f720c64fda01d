"""Planned EV-component plants: their opening and their ramp-up to planned size."""

from __future__ import annotations

import numpy as np

from sim.state import Network, Suppliers

#: Quarters over which a newly opened plant's capacity rises to its planned size (assumption).
RAMP_UP_QUARTERS = 8


def open_new_plants(
    suppliers: Suppliers,
    links: Network,
    year: int,
    quarter_index: int,
    ramping: dict[int, tuple[int, float]],
) -> bool:
    """Open the plants planned for `year` (in its Q1); their links get the weight a tier-1 link
    of their product typically has per unit of supplier capacity, times the new plant's
    capacity (they had no orders before). Records each in `ramping` (plant -> quarter opened,
    planned capacity). True when a plant opened (the network changed)."""
    s = suppliers
    opening = np.flatnonzero((s.opens_year == year) & (s.alive == 0))
    if not len(opening):
        return False
    s.alive[opening] = 1
    for i in opening:
        mine = links.supplier == i
        peers = (s.group[links.supplier] == s.group[i]) & (s.tier[links.supplier] == 1)
        peers &= ~mine & (s.alive[links.supplier] == 1)
        per_unit = links.weight[peers] / np.maximum(s.capacity[links.supplier[peers]], 1e-9)
        typical = float(np.median(per_unit)) if peers.any() else 1.0
        links.weight[mine] = typical * s.capacity[i]
        ramping[int(i)] = (quarter_index, float(s.capacity[i]))
    return True


def ramp_up(
    suppliers: Suppliers,
    ramping: dict[int, tuple[int, float]],
    availability: np.ndarray,
    quarter_index: int,
) -> None:
    """A new plant's capacity and its share of its customers' orders (`availability`) rise in
    equal steps over RAMP_UP_QUARTERS to their planned size (assumption), so that customers do
    not send it orders its new workforce cannot make yet. Its losses while it ramps up do not
    count towards the loss streak that makes a supplier exit (assumption: start-up losses are
    planned and financed); running out of credit still closes it. Finished plants leave
    `ramping`."""
    s = suppliers
    for i, (opened, planned) in list(ramping.items()):
        share = min(1.0, (quarter_index - opened + 1) / RAMP_UP_QUARTERS)
        availability[i] = share
        s.loss_streak[i] = 0  # start-up losses are planned: they do not count towards exit
        if s.alive[i]:
            s.capacity[i] = max(s.capacity[i], planned * share) if share >= 1.0 else planned * share
        if share >= 1.0 or not s.alive[i]:
            del ramping[i]
