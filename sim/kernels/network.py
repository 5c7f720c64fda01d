"""Kernel that draws the supply links: which suppliers each customer buys each product from."""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.kernels.sampling import weighted_pick


@njit(cache=True)
def _draw_customer(
    s,
    tier,
    n_oem,
    oem_region,
    oem_capacity,
    sup_region,
    sup_group,
    sup_tier,
    sup_capacity,
    region_weight,
    taken,
    rng,
):
    """A customer node for supplier s (a plant for tier 1, else a supplier of its product one
    tier up), chance proportional to customer size x region-pair weight, skipping `taken`;
    -1 if none."""
    total = 0.0
    if tier == 1:
        for p in range(n_oem):
            if not taken[p]:
                total += oem_capacity[p] * region_weight[sup_region[s], oem_region[p]]
    else:
        for c in range(sup_group.shape[0]):
            if sup_tier[c] == tier - 1 and sup_group[c] == sup_group[s] and not taken[n_oem + c]:
                total += sup_capacity[c] * region_weight[sup_region[s], sup_region[c]]
    if total <= 0.0:
        return -1
    target = rng.random() * total
    chosen = -1
    if tier == 1:
        for p in range(n_oem):
            if taken[p]:
                continue
            w = oem_capacity[p] * region_weight[sup_region[s], oem_region[p]]
            if w > 0.0:
                chosen = p
                target -= w
                if target <= 0.0:
                    return p
        return chosen
    for c in range(sup_group.shape[0]):
        if sup_tier[c] == tier - 1 and sup_group[c] == sup_group[s] and not taken[n_oem + c]:
            w = sup_capacity[c] * region_weight[sup_region[s], sup_region[c]]
            if w > 0.0:
                chosen = n_oem + c
                target -= w
                if target <= 0.0:
                    return chosen
    return chosen


@njit(cache=True)
def sample_links(
    n_oem,
    oem_region,
    oem_capacity,
    sup_region,
    sup_group,
    sup_tier,
    sup_capacity,
    n_groups,
    links_per_customer,
    region_weight,
    rng,
):
    """Supply links (supplier, customer node) for every customer, tier by tier.

    Each OEM plant buys every product group from up to `links_per_customer` tier-1 suppliers;
    each tier-1 (tier-2) supplier buys its own product from up to that many tier-2 (tier-3)
    suppliers of the same product. Suppliers are drawn without replacement with chance
    proportional to capacity x region_weight[customer region, supplier region]. Then every
    supplier draws up to that many customers it can serve (chance proportional to customer
    size x the same weight), so that start-year demand can reach all capacity and every
    supplier sells to someone when any customer for it exists. A pair may be linked twice
    (both sides drew it).
    Returns (supplier, customer) arrays sorted by supplier tier, and tier offsets.
    """
    n_sup = sup_group.shape[0]
    # candidates grouped by (group, tier): CSR over key = group * 3 + tier - 1
    n_keys = n_groups * 3
    start = np.zeros(n_keys + 1, dtype=np.int64)
    for s in range(n_sup):
        start[sup_group[s] * 3 + sup_tier[s]] += 1
    for k in range(n_keys):
        start[k + 1] += start[k]
    fill = start[:-1].copy()
    candidates = np.empty(n_sup, dtype=np.int64)
    for s in range(n_sup):
        key = sup_group[s] * 3 + sup_tier[s] - 1
        candidates[fill[key]] = s
        fill[key] += 1
    max_edges = (n_oem * n_groups + 2 * n_sup) * links_per_customer
    e_sup = np.empty(max_edges, dtype=np.int64)
    e_cust = np.empty(max_edges, dtype=np.int64)
    e_tier = np.empty(max_edges, dtype=np.int64)
    n_edges = 0
    taken = np.zeros(n_sup, dtype=np.bool_)
    for tier in range(1, 4):
        n_customers = n_oem if tier == 1 else n_sup
        for c in range(n_customers):
            if tier == 1:
                groups_lo, groups_hi = 0, n_groups
                c_region = oem_region[c]
                node = c
            else:
                if sup_tier[c] != tier - 1:
                    continue
                groups_lo, groups_hi = sup_group[c], sup_group[c] + 1
                c_region = sup_region[c]
                node = n_oem + c
            for g in range(groups_lo, groups_hi):
                key = g * 3 + tier - 1
                lo, hi = start[key], start[key + 1]
                first = n_edges
                for _ in range(links_per_customer):
                    s = weighted_pick(
                        candidates,
                        lo,
                        hi,
                        sup_capacity,
                        sup_region,
                        c_region,
                        region_weight,
                        taken,
                        False,
                        rng,
                    )
                    if s < 0:
                        break
                    taken[s] = True
                    e_sup[n_edges] = s
                    e_cust[n_edges] = node
                    e_tier[n_edges] = tier
                    n_edges += 1
                # reset the without-replacement marks of this customer
                for i in range(first, n_edges):
                    taken[e_sup[i]] = False
    # every supplier also draws its own customers, so that demand can reach all capacity
    cand_taken = np.zeros(n_oem + n_sup, dtype=np.bool_)
    for s in range(n_sup):
        tier = sup_tier[s]
        first = n_edges
        for _ in range(links_per_customer):
            chosen = _draw_customer(
                s,
                tier,
                n_oem,
                oem_region,
                oem_capacity,
                sup_region,
                sup_group,
                sup_tier,
                sup_capacity,
                region_weight,
                cand_taken,
                rng,
            )
            if chosen < 0:
                break
            cand_taken[chosen] = True
            e_sup[n_edges] = s
            e_cust[n_edges] = chosen
            e_tier[n_edges] = tier
            n_edges += 1
        for i in range(first, n_edges):
            cand_taken[e_cust[i]] = False
    order = np.argsort(e_tier[:n_edges], kind="mergesort")
    tier_start = np.zeros(4, dtype=np.int64)
    for i in range(n_edges):
        tier_start[e_tier[i]] += 1
    for t in range(1, 4):
        tier_start[t] += tier_start[t - 1]
    return e_sup[:n_edges][order], e_cust[:n_edges][order], tier_start
