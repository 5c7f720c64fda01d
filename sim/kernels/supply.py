"""Kernels for the supply network: orders flow from OEM plants down tiers 1, 2 and 3."""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.codes import SECTOR_EV, SECTOR_ICE


@njit(cache=True)
def _oem_need(c, group, oem_ice, oem_bev, nonbev_ev, eu_share, group_sector):
    """Units of product `group` plant c buys from EU suppliers this quarter: ICE-specific parts
    for its non-BEV output, agnostic parts for all output, EV-specific parts for its BEVs plus
    `nonbev_ev` of a set per non-BEV vehicle (hybrids); times the share bought in the EU."""
    sector = group_sector[group]
    if sector == SECTOR_ICE:
        need = oem_ice[c]
    elif sector == SECTOR_EV:
        need = oem_bev[c] + nonbev_ev * oem_ice[c]
    else:
        need = oem_ice[c] + oem_bev[c]
    return need * eu_share[group]


@njit(cache=True)
def route_orders(
    n_oem,
    oem_ice,
    oem_bev,
    nonbev_ev,
    eu_share,
    group_sector,
    sup_group,
    sup_tier,
    sup_alive,
    sup_capacity,
    sup_availability,
    sup_workforce_limit,
    edge_supplier,
    edge_customer,
    edge_weight,
    tier_edge_start,
    sup_orders,
    sup_production,
    orders_sent,
    orders_received,
    orders_unlinked,
    orders_short,
):
    """Pass one quarter's orders down the network and set each supplier's production (units).

    A customer splits its need for a product group over its linked, alive suppliers of that
    group in proportion to link weight (its contract share, fitted at the start) times the
    supplier's availability (1, or less while a new plant ramps up) (`orders_received`, per tier,
    equals `orders_sent` minus `orders_unlinked`: need with no alive linked supplier that the
    spot round could not place, bought outside the model). What a supplier cannot make within
    capacity and workforce is re-offered to the customer's other linked suppliers in proportion
    to their room left. Then a spot
    round: what linked suppliers could not make, and after it the need with no alive linked
    supplier, goes to every alive supplier of the same product and tier with room left, in
    proportion to that room (`orders_received` counts the unlinked need placed so, and
    `orders_unlinked` keeps only the rest); what is still unmade is bought outside
    (`orders_short`, per tier). `sup_orders` ends as first-round orders plus accepted re-offers
    and spot orders. A supplier orders from the tier below exactly what it produces. Plants
    buy only `eu_share` of each product in the EU (see _oem_need); the rest never enters the
    model.
    Edges are sorted by supplier tier; tier t's edges are tier_edge_start[t-1]:tier_edge_start[t],
    and their customers are plants (t = 1) or suppliers of tier t - 1 (sim.kernels.network,
    rewire keep it so).
    """
    n_sup = sup_group.shape[0]
    n_groups = group_sector.shape[0]
    for s in range(n_sup):
        sup_orders[s] = 0.0
        sup_production[s] = 0.0
    # Alive suppliers by tier (CSR, index order): only they take orders or make anything.
    by_tier = np.empty(max(n_sup, 1), dtype=np.int32)
    tier_start = np.zeros(5, dtype=np.int64)
    for s in range(n_sup):
        if sup_alive[s]:
            tier_start[sup_tier[s] + 1] += 1
    for t in range(4):
        tier_start[t + 1] += tier_start[t]
    fill = tier_start[:-1].copy()
    for s in range(n_sup):
        if sup_alive[s]:
            by_tier[fill[sup_tier[s]]] = s
            fill[sup_tier[s]] += 1
    # The live edges (alive supplier), in edge order, each with its cell: the (customer,
    # product group) pair whose need, denominator, unmet need and room it reads. Cells are
    # compact: one per (plant, group), one per supplier for its own product, and one per
    # other (supplier customer, group) pair that a link carries (after a conversion).
    cell, live, live_start, n_cells = _live_edge_cells(
        n_oem, n_groups, sup_group, sup_alive, edge_supplier, edge_customer, tier_edge_start
    )
    # the live edges' supplier, weight and availability in live order: the loops below read
    # them in order instead of through `live` (same values, same arithmetic)
    n_live = live_start[3]
    l_sup = np.empty(n_live, dtype=np.int64)
    l_weight = np.empty(n_live)
    l_avail = np.empty(n_live)
    for i in range(n_live):
        e = live[i]
        l_sup[i] = edge_supplier[e]
        l_weight[i] = edge_weight[e]
        l_avail[i] = sup_availability[edge_supplier[e]]
    denominator = np.zeros(n_cells)
    need = np.zeros(n_cells)  # what the cell's customer buys of the cell's group
    unmet = np.zeros(n_cells)
    room_weight = np.zeros(n_cells)
    room = np.zeros(n_sup)
    first_orders = np.zeros(n_sup)
    spot_short = np.zeros(n_groups)
    spot_unlinked = np.zeros(n_groups)
    spot_room = np.zeros(n_groups)
    own = n_oem * n_groups  # cell of supplier s's own product: own + s
    for tier in range(1, 4):
        lo = live_start[tier - 1]
        hi = live_start[tier]
        # Customers of tier t are plants (t = 1) or suppliers of tier t - 1; each cell belongs
        # to one customer, so every cell is written in one tier only.
        if tier == 1:
            for c in range(n_oem):
                for g in range(n_groups):
                    need[c * n_groups + g] = _oem_need(
                        c, g, oem_ice, oem_bev, nonbev_ev, eu_share, group_sector
                    )
        else:
            for i in range(tier_start[tier - 1], tier_start[tier]):
                s = by_tier[i]
                need[own + s] = sup_production[s]
        for i in range(lo, hi):
            denominator[cell[i]] += l_weight[i] * l_avail[i]
        for i in range(lo, hi):
            s = l_sup[i]
            k = cell[i]
            den = denominator[k]
            if den > 0.0:
                sup_orders[s] += need[k] * l_weight[i] * l_avail[i] / den
        # What customers of this tier needed, and the part nobody in the model could take,
        # summed in customer then group order (a supplier needs its own product only).
        sent = 0.0
        unlinked = 0.0
        if tier == 1:
            for k in range(n_oem * n_groups):
                x = need[k]
                if x > 0.0:
                    sent += x
                    if denominator[k] <= 0.0:
                        unlinked += x
        else:
            for i in range(tier_start[tier - 1], tier_start[tier]):
                k = own + by_tier[i]
                x = need[k]
                if x > 0.0:
                    sent += x
                    if denominator[k] <= 0.0:
                        unlinked += x
        orders_sent[tier - 1] = sent
        orders_unlinked[tier - 1] = unlinked
        # production within capacity and workforce; what an overloaded supplier cannot make
        # is re-offered to the customer's other linked suppliers with room left
        first_round = 0.0
        for i in range(tier_start[tier], tier_start[tier + 1]):
            s = by_tier[i]
            limit = min(sup_capacity[s], sup_workforce_limit[s])
            sup_production[s] = min(sup_orders[s], limit)
            room[s] = limit - sup_production[s]
            first_orders[s] = sup_orders[s]
            first_round += sup_orders[s]
        for i in range(lo, hi):
            s = l_sup[i]
            k = cell[i]
            if sup_orders[s] > sup_production[s]:
                ordered = need[k] * l_weight[i] * l_avail[i] / denominator[k]
                unmet[k] += ordered * (1.0 - sup_production[s] / sup_orders[s])
            room_weight[k] += l_weight[i] * room[s]
        for i in range(lo, hi):
            s = l_sup[i]
            if room[s] <= 0.0:
                continue
            k = cell[i]
            if unmet[k] > 0.0 and room_weight[k] > 0.0:
                give = unmet[k] * l_weight[i] * room[s] / room_weight[k]
                give = min(give, min(sup_capacity[s], sup_workforce_limit[s]) - sup_production[s])
                if give > 0.0:
                    sup_production[s] += give
                    sup_orders[s] += give
        # Spot round: need that no linked supplier made (linked orders beyond their limits
        # after the re-offer, then need with no alive linked supplier) goes to the alive
        # suppliers of the same product and tier anywhere in the model with room left, in
        # proportion to their room, before anything is bought outside.
        spot_short[:] = 0.0
        spot_unlinked[:] = 0.0
        spot_room[:] = 0.0
        if tier == 1:
            for k in range(n_oem * n_groups):
                if need[k] > 0.0 and denominator[k] <= 0.0:
                    spot_unlinked[k % n_groups] += need[k]
        else:
            for i in range(tier_start[tier - 1], tier_start[tier]):
                s = by_tier[i]
                k = own + s
                if need[k] > 0.0 and denominator[k] <= 0.0:
                    spot_unlinked[sup_group[s]] += need[k]
        for i in range(tier_start[tier], tier_start[tier + 1]):
            s = by_tier[i]
            g = sup_group[s]
            spot_short[g] += first_orders[s] - sup_production[s]
            room[s] = min(sup_capacity[s], sup_workforce_limit[s]) - sup_production[s]
            if room[s] > 0.0:
                spot_room[g] += room[s]
        taken_unlinked = 0.0
        for g in range(n_groups):
            take_short = min(max(spot_short[g], 0.0), spot_room[g])
            take_unlinked = min(spot_unlinked[g], spot_room[g] - take_short)
            taken_unlinked += take_unlinked
            spot_short[g] = take_short + take_unlinked  # now: what the spot round places
        for i in range(tier_start[tier], tier_start[tier + 1]):
            s = by_tier[i]
            g = sup_group[s]
            if room[s] > 0.0 and spot_short[g] > 0.0:
                give = min(room[s] * spot_short[g] / spot_room[g], room[s])
                sup_production[s] += give
                sup_orders[s] += give
        made = 0.0
        for i in range(tier_start[tier], tier_start[tier + 1]):
            made += sup_production[by_tier[i]]
        orders_received[tier - 1] = first_round + taken_unlinked
        orders_unlinked[tier - 1] = unlinked - taken_unlinked
        orders_short[tier - 1] = max(0.0, first_round + taken_unlinked - made)


@njit(cache=True)
def _live_edge_cells(
    n_oem, n_groups, sup_group, sup_alive, edge_supplier, edge_customer, tier_edge_start
):
    """The edges whose supplier is alive, in edge order (`live`, with CSR offsets per tier
    `live_start`), and each one's cell (see route_orders); returns (cell, live, live_start,
    number of cells)."""
    n_edges = edge_supplier.shape[0]
    own = n_oem * n_groups
    n_sup = sup_group.shape[0]
    live = np.empty(n_edges, dtype=np.int32)
    cell = np.empty(n_edges, dtype=np.int64)
    live_start = np.zeros(4, dtype=np.int64)
    n_live = 0
    n_other = 0
    for tier in range(1, 4):
        for e in range(tier_edge_start[tier - 1], tier_edge_start[tier]):
            s = edge_supplier[e]
            if not sup_alive[s]:
                continue
            c = edge_customer[e]
            g = sup_group[s]
            if c < n_oem:
                cell[n_live] = c * n_groups + g
            elif sup_group[c - n_oem] == g:
                cell[n_live] = own + c - n_oem
            else:  # numbered below, once every such pair is known
                cell[n_live] = -1 - (c * n_groups + g)
                n_other += 1
            live[n_live] = e
            n_live += 1
        live_start[tier] = n_live
    n_cells = own + n_sup
    if n_other > 0:
        keys = np.empty(n_other, dtype=np.int64)
        j = 0
        for i in range(n_live):
            if cell[i] < 0:
                keys[j] = -1 - cell[i]
                j += 1
        keys = np.unique(keys)
        for i in range(n_live):
            if cell[i] < 0:
                cell[i] = n_cells + np.searchsorted(keys, -1 - cell[i])
        n_cells += keys.shape[0]
    return cell, live, live_start, max(n_cells, 1)
