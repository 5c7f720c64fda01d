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
    equals `orders_sent` minus `orders_unlinked`: need with no alive linked supplier, bought
    outside the model). What a supplier cannot make within capacity and workforce is re-offered
    to the customer's other linked suppliers in proportion to their room left; the rest is
    bought outside (`orders_short`, per tier). `sup_orders` ends as first-round orders plus
    accepted re-offers. A supplier orders from the tier below exactly what it produces. Plants
    buy only `eu_share` of each product in the EU (see _oem_need); the rest never enters the
    model.
    Edges are sorted by supplier tier; tier t's edges are tier_edge_start[t-1]:tier_edge_start[t].
    """
    n_sup = sup_group.shape[0]
    n_groups = group_sector.shape[0]
    n_nodes = n_oem + n_sup
    for s in range(n_sup):
        sup_orders[s] = 0.0
        sup_production[s] = 0.0
    denominator = np.zeros((n_nodes, n_groups))
    need = np.zeros((n_nodes, n_groups))  # what each customer of this tier buys, per product
    unmet = np.zeros((n_nodes, n_groups))
    room_weight = np.zeros((n_nodes, n_groups))
    room = np.zeros(n_sup)
    for tier in range(1, 4):
        lo = tier_edge_start[tier - 1]
        hi = tier_edge_start[tier]
        # Only the rows of this tier's customers are read (its links all end there): reset
        # those rows instead of the whole (nodes x groups) tables.
        if tier == 1:
            for c in range(n_oem):
                for g in range(n_groups):
                    denominator[c, g] = 0.0
                    unmet[c, g] = 0.0
                    room_weight[c, g] = 0.0
                    need[c, g] = _oem_need(
                        c, g, oem_ice, oem_bev, nonbev_ev, eu_share, group_sector
                    )
        else:
            for s in range(n_sup):
                if sup_tier[s] == tier - 1:
                    c = n_oem + s
                    for g in range(n_groups):
                        denominator[c, g] = 0.0
                        unmet[c, g] = 0.0
                        room_weight[c, g] = 0.0
                        need[c, g] = 0.0
                    need[c, sup_group[s]] = sup_production[s]
        for e in range(lo, hi):
            s = edge_supplier[e]
            if sup_alive[s]:
                denominator[edge_customer[e], sup_group[s]] += edge_weight[e] * sup_availability[s]
        for e in range(lo, hi):
            s = edge_supplier[e]
            if not sup_alive[s]:
                continue
            c = edge_customer[e]
            g = sup_group[s]
            den = denominator[c, g]
            if den > 0.0:
                sup_orders[s] += need[c, g] * edge_weight[e] * sup_availability[s] / den
        # What customers of this tier needed, and the part nobody in the model could take.
        sent = 0.0
        unlinked = 0.0
        for c in range(n_nodes):  # in cell order, as a sum over every cell would add them
            if tier == 1 and c >= n_oem:
                break
            if tier > 1 and (c < n_oem or sup_tier[c - n_oem] != tier - 1):
                continue
            for g in range(n_groups):
                x = need[c, g]
                if x > 0.0:
                    sent += x
                    if denominator[c, g] <= 0.0:
                        unlinked += x
        orders_sent[tier - 1] = sent
        orders_unlinked[tier - 1] = unlinked
        # production within capacity and workforce; what an overloaded supplier cannot make
        # is re-offered to the customer's other linked suppliers with room left
        for s in range(n_sup):
            if sup_tier[s] == tier:
                room[s] = 0.0
                if sup_alive[s]:
                    limit = min(sup_capacity[s], sup_workforce_limit[s])
                    sup_production[s] = min(sup_orders[s], limit)
                    room[s] = limit - sup_production[s]
        first_round = 0.0
        for s in range(n_sup):
            if sup_tier[s] == tier:
                first_round += sup_orders[s]
        for e in range(lo, hi):
            s = edge_supplier[e]
            if not sup_alive[s]:
                continue
            c = edge_customer[e]
            g = sup_group[s]
            if sup_orders[s] > sup_production[s]:
                ordered = need[c, g] * edge_weight[e] * sup_availability[s] / denominator[c, g]
                unmet[c, g] += ordered * (1.0 - sup_production[s] / sup_orders[s])
            room_weight[c, g] += edge_weight[e] * room[s]
        for e in range(lo, hi):
            s = edge_supplier[e]
            if not sup_alive[s] or room[s] <= 0.0:
                continue
            c = edge_customer[e]
            g = sup_group[s]
            if unmet[c, g] > 0.0 and room_weight[c, g] > 0.0:
                give = unmet[c, g] * edge_weight[e] * room[s] / room_weight[c, g]
                give = min(give, min(sup_capacity[s], sup_workforce_limit[s]) - sup_production[s])
                if give > 0.0:
                    sup_production[s] += give
                    sup_orders[s] += give
        made = 0.0
        for s in range(n_sup):
            if sup_tier[s] == tier:
                made += sup_production[s]
        orders_received[tier - 1] = first_round
        orders_short[tier - 1] = max(0.0, first_round - made)
