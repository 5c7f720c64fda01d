"""Kernels for the supply network: orders flow from OEM plants down tiers 1, 2 and 3."""

from __future__ import annotations

from typing import NamedTuple

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


class RouteWork(NamedTuple):
    """Buffers route_orders reuses from quarter to quarter instead of allocating them (their
    contents are overwritten in every call; nothing carries over). Make it with allocate."""

    by_tier: np.ndarray  # int32 (S,), alive suppliers by tier
    limit: np.ndarray  # float64 (S,), min(capacity, workforce limit)
    room: np.ndarray  # float64 (S,)
    first_orders: np.ndarray  # float64 (S,)
    cell: np.ndarray  # int32 (edges,), live edges' cells
    l_sup: np.ndarray  # int32 (edges,), live edges' suppliers
    l_weight: np.ndarray  # float64 (edges,), live edges' weights
    den_need: np.ndarray  # float64 (cells, 2), each cell's denominator and need
    unmet: np.ndarray  # float64 (cells,)
    room_weight: np.ndarray  # float64 (cells,)
    short_cell: np.ndarray  # uint8 (cells,), 1 = an overloaded supplier sells to the cell
    picked: np.ndarray  # int32 (edges,), live edges of such cells

    def fits(self, n_oem: int, n_groups: int, n_sup: int, n_edges: int) -> bool:
        """True when these buffers serve a network of this size."""
        base = n_oem * n_groups + n_sup
        return (
            self.cell.shape[0] >= n_edges
            and self.limit.shape[0] >= n_sup
            and self.by_tier.shape[0] >= n_sup
            and self.unmet.shape[0] >= base
            and self.den_need.shape[0] >= base
            and self.picked.shape[0] >= n_edges
        )

    @classmethod
    def allocate(cls, n_oem: int, n_groups: int, n_sup: int, n_edges: int) -> RouteWork:
        """A RouteWork for a network of this size. Room for n_sup // 8 + 64 cells beyond one per
        (plant, group) and one per supplier (the cells of links that a conversion left between
        different products); a call that needs more allocates its own for that call."""
        return _new_route_work(n_oem, n_groups, n_sup, n_edges)  # one layout, made in numba


@njit(cache=True)
def _new_route_work(n_oem, n_groups, n_sup, n_edges):
    """A RouteWork (see RouteWork.allocate); also called by route_orders without buffers."""
    n_cells = n_oem * n_groups + n_sup + n_sup // 8 + 64
    return RouteWork(
        np.empty(max(n_sup, 1), dtype=np.int32),
        np.empty(n_sup),
        np.empty(n_sup),
        np.empty(n_sup),
        np.empty(n_edges, dtype=np.int32),
        np.empty(n_edges, dtype=np.int32),
        np.empty(n_edges),
        np.empty((n_cells, 2)),
        np.empty(n_cells),
        np.empty(n_cells),
        np.empty(n_cells, dtype=np.uint8),
        np.empty(n_edges, dtype=np.int32),
    )


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
    work=None,
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
    `work` (RouteWork.allocate) holds the buffers between calls (made for at least this many
    plants, groups, suppliers and edges: RouteWork.fits); without it the call allocates them.
    """
    n_sup = sup_group.shape[0]
    n_groups = group_sector.shape[0]
    n_edges = edge_supplier.shape[0]
    w = _new_route_work(n_oem, n_groups, n_sup, n_edges) if work is None else work
    base = n_oem * n_groups + n_sup  # cells of (plant, group) and of suppliers' own products
    by_tier, limit, room, first_orders = w.by_tier, w.limit, w.room, w.first_orders
    # Alive suppliers by tier (CSR, index order): only they take orders or make anything.
    tier_start = np.zeros(5, dtype=np.int64)
    for s in range(n_sup):
        sup_orders[s] = 0.0
        sup_production[s] = 0.0
        limit[s] = min(sup_capacity[s], sup_workforce_limit[s])
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
    # den_need[k] = (denominator, need) of cell k, side by side: the orders loop reads both
    # from one cache line. need is what the cell's customer buys of the cell's group. A
    # cell's denominator (its live edges' weight x availability, summed in edge order) does
    # not depend on what happens in a tier: the pass that finds the live edges sums them.
    den_need = w.den_need
    den_need[:base] = 0.0
    live_start, n_other = _live_edges(
        n_oem,
        n_groups,
        sup_group,
        sup_alive,
        sup_availability,
        edge_supplier,
        edge_customer,
        edge_weight,
        tier_edge_start,
        w.cell,
        w.l_sup,
        w.l_weight,
        den_need,
    )
    cell, l_sup, l_weight = w.cell, w.l_sup, w.l_weight
    n_cells = max(base + n_other, 1)
    if n_cells <= w.unmet.shape[0]:
        den_need = w.den_need[:n_cells]
        den_need[base:] = 0.0
        unmet = w.unmet[:n_cells]
        room_weight = w.room_weight[:n_cells]
        short_cell = w.short_cell[:n_cells]
        unmet[:] = 0.0
        room_weight[:] = 0.0
        short_cell[:] = 0
    else:
        den_need = np.zeros((n_cells, 2))
        for k in range(base):  # (a loop: no shape check to compile)
            den_need[k, 0] = w.den_need[k, 0]
        unmet = np.zeros(n_cells)
        room_weight = np.zeros(n_cells)
        short_cell = np.zeros(n_cells, dtype=np.uint8)
    if n_other > 0:  # the other cells' denominators, in edge order
        for i in range(live_start[3]):
            if cell[i] >= base:
                den_need[cell[i], 0] += l_weight[i] * sup_availability[l_sup[i]]
    picked = w.picked
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
                    den_need[c * n_groups + g, 1] = _oem_need(
                        c, g, oem_ice, oem_bev, nonbev_ev, eu_share, group_sector
                    )
        else:
            for i in range(tier_start[tier - 1], tier_start[tier]):
                s = by_tier[i]
                den_need[own + s, 1] = sup_production[s]
        # Consecutive edges mostly share a supplier: its orders are summed in a register, in
        # edge order from its current value (the same sum), and stored when the supplier
        # changes.
        cur = -1
        acc = 0.0
        for i in range(lo, hi):
            k = cell[i]
            den = den_need[k, 0]
            if den > 0.0:
                s = l_sup[i]
                if s != cur:
                    if cur >= 0:
                        sup_orders[cur] = acc
                    cur = s
                    acc = sup_orders[s]
                acc += den_need[k, 1] * l_weight[i] * sup_availability[s] / den
        if cur >= 0:
            sup_orders[cur] = acc
        # What customers of this tier needed, and the part nobody in the model could take,
        # summed in customer then group order (a supplier needs its own product only).
        sent = 0.0
        unlinked = 0.0
        if tier == 1:
            for k in range(n_oem * n_groups):
                x = den_need[k, 1]
                if x > 0.0:
                    sent += x
                    if den_need[k, 0] <= 0.0:
                        unlinked += x
        else:
            for i in range(tier_start[tier - 1], tier_start[tier]):
                k = own + by_tier[i]
                x = den_need[k, 1]
                if x > 0.0:
                    sent += x
                    if den_need[k, 0] <= 0.0:
                        unlinked += x
        orders_sent[tier - 1] = sent
        orders_unlinked[tier - 1] = unlinked
        # production within capacity and workforce; what an overloaded supplier cannot make
        # is re-offered to the customer's other linked suppliers with room left
        first_round = 0.0
        overloaded = False
        for i in range(tier_start[tier], tier_start[tier + 1]):
            s = by_tier[i]
            sup_production[s] = min(sup_orders[s], limit[s])
            room[s] = limit[s] - sup_production[s]
            first_orders[s] = sup_orders[s]
            first_round += sup_orders[s]
            if sup_orders[s] > sup_production[s]:
                overloaded = True
        if overloaded:
            # Unmet need per cell: only cells an overloaded supplier sells to get any, and
            # only they read the room of their suppliers (each sum in edge order).
            for i in range(lo, hi):
                s = l_sup[i]
                if sup_orders[s] > sup_production[s]:
                    k = cell[i]
                    ordered = den_need[k, 1] * l_weight[i] * sup_availability[s] / den_need[k, 0]
                    unmet[k] += ordered * (1.0 - sup_production[s] / sup_orders[s])
                    short_cell[k] = 1
            # the edges of those cells, in edge order (listed without a branch)
            n_picked = 0
            for i in range(lo, hi):
                picked[n_picked] = i
                n_picked += np.int64(short_cell[cell[i]])
            for j in range(n_picked):
                i = picked[j]
                room_weight[cell[i]] += l_weight[i] * room[l_sup[i]]
            for j in range(n_picked):
                i = picked[j]
                k = cell[i]
                s = l_sup[i]
                if room[s] <= 0.0:
                    continue
                if unmet[k] > 0.0 and room_weight[k] > 0.0:
                    give = unmet[k] * l_weight[i] * room[s] / room_weight[k]
                    give = min(give, limit[s] - sup_production[s])
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
                if den_need[k, 1] > 0.0 and den_need[k, 0] <= 0.0:
                    spot_unlinked[k % n_groups] += den_need[k, 1]
        else:
            for i in range(tier_start[tier - 1], tier_start[tier]):
                s = by_tier[i]
                k = own + s
                if den_need[k, 1] > 0.0 and den_need[k, 0] <= 0.0:
                    spot_unlinked[sup_group[s]] += den_need[k, 1]
        for i in range(tier_start[tier], tier_start[tier + 1]):
            s = by_tier[i]
            g = sup_group[s]
            spot_short[g] += first_orders[s] - sup_production[s]
            room[s] = limit[s] - sup_production[s]
            if room[s] > 0.0:
                spot_room[g] += room[s]
        taken_unlinked = 0.0
        for g in range(n_groups):
            take_short = min(max(spot_short[g], 0.0), spot_room[g])
            take_unlinked = min(spot_unlinked[g], spot_room[g] - take_short)
            taken_unlinked += take_unlinked
            spot_short[g] = take_short + take_unlinked  # now: what the spot round places
        made = 0.0  # what the tier made, summed in index order
        for i in range(tier_start[tier], tier_start[tier + 1]):
            s = by_tier[i]
            g = sup_group[s]
            if room[s] > 0.0 and spot_short[g] > 0.0:
                give = min(room[s] * spot_short[g] / spot_room[g], room[s])
                sup_production[s] += give
                sup_orders[s] += give
            made += sup_production[s]
        orders_received[tier - 1] = first_round + taken_unlinked
        orders_unlinked[tier - 1] = unlinked - taken_unlinked
        orders_short[tier - 1] = max(0.0, first_round + taken_unlinked - made)


@njit(cache=True)
def _live_edges(
    n_oem,
    n_groups,
    sup_group,
    sup_alive,
    sup_availability,
    edge_supplier,
    edge_customer,
    edge_weight,
    tier_edge_start,
    cell,
    l_sup,
    l_weight,
    den_need,
):
    """The edges whose supplier is alive, in edge order, with CSR offsets per tier: writes
    each one's cell (see route_orders), supplier and weight to cell, l_sup and l_weight, and
    adds weight x availability to den_need[cell, 0] for the cells of (plant, group) and of
    suppliers' own products; returns (live_start, number of other cells, numbered from
    there on)."""
    own = n_oem * n_groups
    n_sup = sup_group.shape[0]
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
                k = c * n_groups + g
            elif sup_group[c - n_oem] == g:
                k = own + c - n_oem
            else:  # numbered below, once every such pair is known
                k = -1 - (c * n_groups + g)
                n_other += 1
            cell[n_live] = k
            l_sup[n_live] = s
            l_weight[n_live] = edge_weight[e]
            if k >= 0:
                den_need[k, 0] += edge_weight[e] * sup_availability[s]
            n_live += 1
        live_start[tier] = n_live
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
                cell[i] = own + n_sup + np.searchsorted(keys, -1 - cell[i])
        n_other = keys.shape[0]
    return live_start, n_other
