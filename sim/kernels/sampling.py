"""Weighted random picks: the definition of a pick that network drawing and re-sourcing use.

No model code calls these kernels now: `sim.kernels.network.sample_links` and
`sim.kernels.firms.rewire` make the same picks, with the same draws, on candidates laid out
in advance (faster), and tests compare them with these. They stay as the readable definition
of a pick, and they compile only when called."""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def weighted_pick(
    order, lo, hi, size, node_region, from_region, region_weight, skip, same_region_only, rng
):
    """A node from order[lo:hi], chance proportional to size x region_weight[from_region,
    node region], skipping nodes with skip[node] and, with same_region_only, nodes outside
    from_region; -1 if no node has a positive weight (then nothing is drawn from rng)."""
    total = pick_total(
        order, lo, hi, size, node_region, from_region, region_weight, skip, same_region_only
    )
    if total <= 0.0:
        return -1
    return weighted_pick_given_total(
        order,
        lo,
        hi,
        size,
        node_region,
        from_region,
        region_weight,
        skip,
        same_region_only,
        total,
        rng.random(),
    )


@njit(cache=True)
def pick_total(
    order, lo, hi, size, node_region, from_region, region_weight, skip, same_region_only
):
    """Summed pick weight of the candidates in order[lo:hi], in that order (0 when none has a
    positive weight)."""
    total = 0.0
    for i in range(lo, hi):
        k = order[i]
        if skip[k] or (same_region_only and node_region[k] != from_region):
            continue
        total += size[k] * region_weight[from_region, node_region[k]]
    return total


@njit(cache=True)
def weighted_pick_at(
    order, lo, hi, size, node_region, from_region, region_weight, skip, same_region_only, u
):
    """weighted_pick with the uniform number u in [0, 1) given (e.g. a keyed one)."""
    total = pick_total(
        order, lo, hi, size, node_region, from_region, region_weight, skip, same_region_only
    )
    return weighted_pick_given_total(
        order,
        lo,
        hi,
        size,
        node_region,
        from_region,
        region_weight,
        skip,
        same_region_only,
        total,
        u,
    )


@njit(cache=True)
def weighted_pick_given_total(
    order, lo, hi, size, node_region, from_region, region_weight, skip, same_region_only, total, u
):
    """weighted_pick_at with the summed pick weight `total` already known (it must be what
    `pick_total` returns for the same arguments, e.g. remembered from an earlier call)."""
    if total <= 0.0:
        return -1
    target = u * total
    last = -1
    for i in range(lo, hi):
        k = order[i]
        if skip[k] or (same_region_only and node_region[k] != from_region):
            continue
        w = size[k] * region_weight[from_region, node_region[k]]
        if w > 0.0:
            last = k
            target -= w
            if target <= 0.0:
                return k
    return last
