"""Kernels for suppliers: accounts, capacity, moving to EV products, exit, and re-sourcing links."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from sim.codes import SECTOR_ICE
from sim.kernels.csr import by_group_tier
from sim.kernels.keyed import keyed_uniform


@njit(cache=True)
def supplier_accounts(
    sup_production,
    sup_price,
    sup_group,
    input_share,
    sup_wage_bill,
    sup_fixed_cost_per_unit,
    sup_capacity,
    sup_alive,
    sup_cash,
    sup_loss_streak,
    sup_value_added,
):
    """Book one quarter: value added = sales - bought-in inputs (input_share[g] of the sales of
    a supplier of product group g); profit = value added - wages - fixed costs; cash
    accumulates profit. Counts loss-making quarters in a row."""
    for s in range(sup_production.shape[0]):
        if not sup_alive[s]:
            sup_value_added[s] = 0.0
            continue
        sales = sup_production[s] * sup_price[s]
        value_added = sales * (1.0 - input_share[sup_group[s]])
        profit = value_added - sup_wage_bill[s] - sup_fixed_cost_per_unit[s] * sup_capacity[s]
        sup_value_added[s] = value_added
        sup_cash[s] += profit
        if profit < 0.0:
            sup_loss_streak[s] += 1
        else:
            sup_loss_streak[s] = 0


@njit(cache=True)
def adjust_capacity(
    sup_orders,
    sup_capacity,
    sup_alive,
    expand_above,
    shrink_below,
    growth_max,
    shrink_rate,
):
    """Capacity follows orders slowly: grows (at most growth_max per quarter) when orders exceed
    expand_above of capacity, shrinks by shrink_rate when they fall below shrink_below."""
    for s in range(sup_capacity.shape[0]):
        if not sup_alive[s] or sup_capacity[s] <= 0.0:
            continue
        utilisation = sup_orders[s] / sup_capacity[s]
        if utilisation > expand_above:
            wanted = sup_orders[s] / expand_above
            sup_capacity[s] = min(wanted, sup_capacity[s] * (1.0 + growth_max))
        elif utilisation < shrink_below:
            sup_capacity[s] *= 1.0 - shrink_rate


@njit(cache=True)
def convert_and_exit(
    sup_group,
    sup_tier,
    sup_alive,
    sup_orders,
    sup_reference_orders,
    sup_capacity,
    sup_cash,
    sup_loss_streak,
    sup_price,
    sup_labour_per_unit,
    sup_fixed_cost_per_unit,
    sup_quarters_to_convert,
    group_sector,
    conversion_target,
    price_table,
    labour_table,
    trigger_share,
    probability,
    cost_quarters,
    lag,
    exit_after_losses,
    credit_line,
    probability_factor,
    aid_rate,
    sup_pools,
    pool_remaining,
    aid_paid,
    converted,
    exited,
    key,
    quarter,
):
    """Suppliers' strategic moves in one quarter; returns the EUR spent on conversions
    (including the part paid by aid). A supplier's draw for the move to EV products is keyed
    by (key, supplier, quarter) (sim.kernels.keyed), so runs with the same seed that differ
    elsewhere give each supplier the same draw.

    A supplier may borrow up to `credit_line` quarters of its full-capacity sales (cash may go
    that far below zero). An ICE-specific supplier whose orders fell below `trigger_share` of
    its start-year orders (sup_reference_orders) and that can pay `cost_quarters` of
    full-capacity sales within its credit line starts moving to its EV product with chance
    `probability`;
    `lag` quarters later it makes the EV product with the same workforce capacity (capacity in
    units rescaled by the labour ratio). A supplier exits when its cash falls below its credit
    line, or, unless it is moving to EV products, after `exit_after_losses` loss-making
    quarters in a row.
    State aid: supplier s may get aid_rate[s] of the cost, paid from its pools
    (sup_pools[s, :], ids into pool_remaining, -1 = none, tried in order) while they last; the
    aid lowers the cost the firm must afford, and its chance is divided by the share of the
    cost it still bears (assumption: unit elasticity of the decision to its net cost).
    probability_factor[s] scales its chance (e.g. innovation procurement). Sets converted[s] /
    exited[s] to 1 for suppliers that converted / exited this quarter, and aid_paid[s] to the
    aid it received (EUR).
    """
    spent = 0.0
    for s in range(sup_group.shape[0]):
        converted[s] = 0
        exited[s] = 0
        aid_paid[s] = 0.0
        if not sup_alive[s]:
            continue
        if sup_quarters_to_convert[s] > 0:
            sup_quarters_to_convert[s] -= 1
            if sup_quarters_to_convert[s] == 0:
                old_g = sup_group[s]
                new_g = conversion_target[old_g]
                t = sup_tier[s] - 1
                old_capacity = sup_capacity[s]
                new_labour = labour_table[new_g, t]
                sup_capacity[s] = old_capacity * sup_labour_per_unit[s] / new_labour
                if sup_capacity[s] > 0.0:
                    sup_fixed_cost_per_unit[s] *= old_capacity / sup_capacity[s]
                sup_group[s] = new_g
                sup_price[s] = price_table[new_g, t]
                sup_labour_per_unit[s] = new_labour
                sup_loss_streak[s] = 0
                converted[s] = 1
        elif group_sector[sup_group[s]] == SECTOR_ICE and conversion_target[sup_group[s]] >= 0:
            full_sales = sup_capacity[s] * sup_price[s]
            cost = cost_quarters * full_sales
            aid_wanted = aid_rate[s] * cost
            aid_available = 0.0
            if aid_wanted > 0.0:
                for k in range(sup_pools.shape[1]):
                    if sup_pools[s, k] >= 0:
                        aid_available += pool_remaining[sup_pools[s, k]]
            aid = min(aid_wanted, aid_available)
            # the chance rises as aid lowers the share of the cost the firm bears
            borne = (cost - aid) / cost if cost > 0.0 else 1.0
            chance = probability * probability_factor[s] / max(borne, 0.05)
            if (
                sup_orders[s] < trigger_share * sup_reference_orders[s]
                and sup_cash[s] + credit_line * full_sales >= cost - aid
                and keyed_uniform(key, s, quarter, 0) < chance
            ):
                left = aid
                for k in range(sup_pools.shape[1]):
                    pool = sup_pools[s, k]
                    if pool >= 0 and left > 0.0:
                        take = min(left, pool_remaining[pool])
                        pool_remaining[pool] -= take
                        left -= take
                aid_paid[s] = aid
                sup_cash[s] -= cost - aid
                spent += cost
                sup_quarters_to_convert[s] = max(lag, 1)
        floor = -credit_line * sup_capacity[s] * sup_price[s]
        converting = sup_quarters_to_convert[s] > 0
        if sup_cash[s] < floor or (sup_loss_streak[s] >= exit_after_losses and not converting):
            sup_alive[s] = 0
            sup_quarters_to_convert[s] = 0
            exited[s] = 1
    return spent


@njit(cache=True)
def rewire(
    edge_supplier,
    edge_customer,
    edge_key,
    converted,
    exited,
    n_oem,
    oem_region,
    oem_capacity,
    sup_group,
    sup_tier,
    sup_alive,
    sup_capacity,
    sup_region,
    region_weight,
    key,
    quarter,
    index=None,
):
    """Re-source links after exits and conversions; returns the number of links changed.
    Each pick's random number is keyed by (key, the link's edge_key, quarter, attempt)
    (sim.kernels.keyed); edge_key is the link's label, not its position, so that links added
    for a planned plant do not shift the other links' draws.

    A link from a supplier that exited goes to a replacement supplier of the same product and
    tier: from the customer's own region if one is there (chance proportional to capacity),
    else from anywhere (capacity x region-pair weight). A link to a customer that exited, and
    every link of a supplier that moved to an EV product, goes to a new customer for the
    supplier's product (size x region-pair weight); a converted supplier's input links go to
    suppliers of its new product. A re-pointed link keeps its weight (the start-year fitted
    share of its slot). Links with no possible partner stay as they are (no orders flow).

    With `index` (RewireIndex.build, kept by the caller between calls and updated here), only the
    links listed under an exited or converted supplier, or moved since the lists were made,
    are looked at; without it, every link. Each link's outcome depends on that link alone
    (its ends, its key and the candidates, which no re-pointing changes), so both give the
    same links. Only rewire may move links' ends while an index is kept.
    """
    n_sup = sup_group.shape[0]
    n_groups = int(sup_group.max()) + 1 if n_sup else 0
    order, start = by_group_tier(sup_group, sup_tier, sup_alive, n_groups)
    # The same candidates by (slot, region), in index order: a pick within the buyer's own
    # region reads only these (the same weights, summed and subtracted in the same order).
    n_regions = region_weight.shape[0]
    n_slots = n_groups * 3
    own_order, own_start = _by_slot_region(order, start, sup_region, n_slots, n_regions)
    # The candidates' capacities and regions laid out in list order: a pick reads them in
    # sequence (the same values as through the lists).
    all_size, all_region = _gather(order, start[n_slots], sup_capacity, sup_region)
    own_size, own_region = _gather(
        own_order, own_start[n_slots * n_regions], sup_capacity, sup_region
    )
    # Summed pick weights, remembered per (slot, buyer region) for the picks within the
    # buyer's region and from anywhere (suppliers), and per buyer region (plants); -1 = not
    # computed yet this call.
    own_total = np.full(n_slots * n_regions, -1.0)
    slot_total = np.full(n_slots * n_regions, -1.0)
    plant_total = np.full(n_regions, -1.0)
    # 1 = the supplier exited or converted this quarter: only links touching one change
    touched = np.zeros(n_sup, dtype=np.uint8)
    for s in range(n_sup):
        if exited[s] or converted[s]:
            touched[s] = 1
    visit = (
        np.arange(edge_supplier.shape[0])
        if index is None
        else _listed_edges(index, touched, edge_supplier.shape[0])
    )
    changed = 0
    for e in visit:
        s = edge_supplier[e]
        c = edge_customer[e]
        buyer = c - n_oem
        if not touched[s] and (buyer < 0 or not touched[buyer]):
            continue
        buyer_region = oem_region[c] if c < n_oem else sup_region[buyer]
        want_group = -1
        want_tier = 0
        if exited[s] and buyer >= 0 and not sup_alive[buyer]:
            continue  # both ends gone: the link stays dead
        if exited[s]:
            want_group, want_tier = sup_group[s], sup_tier[s]
        elif buyer >= 0 and converted[buyer] and not converted[s]:
            want_group, want_tier = sup_group[buyer], sup_tier[buyer] + 1
        if want_group >= 0:
            slot = int(want_group * 3 + want_tier - 1)
            own = slot * n_regions + int(buyer_region)
            row = region_weight[buyer_region]
            lo, hi = own_start[own], own_start[own + 1]
            i = _remembered_pick(  # own region first
                own_size,
                own_region,
                lo,
                hi,
                row,
                own_total,
                own,
                keyed_uniform(key, edge_key[e], quarter, 0),
            )
            new_s = own_order[i] if i >= 0 else -1
            if new_s < 0:
                lo, hi = start[slot], start[slot + 1]
                i = _remembered_pick(
                    all_size,
                    all_region,
                    lo,
                    hi,
                    row,
                    slot_total,
                    own,
                    keyed_uniform(key, edge_key[e], quarter, 1),
                )
                new_s = order[i] if i >= 0 else -1
            if new_s >= 0:
                edge_supplier[e] = new_s
                changed += 1
                if index is not None:
                    _note_moved(index, e)
        elif converted[s] or (buyer >= 0 and exited[buyer]):
            r = sup_region[s]
            row = region_weight[r]
            if sup_tier[s] == 1:
                new_c = _remembered_pick(
                    oem_capacity,
                    oem_region,
                    0,
                    n_oem,
                    row,
                    plant_total,
                    r,
                    keyed_uniform(key, edge_key[e], quarter, 2),
                )
            else:
                slot = int(sup_group[s] * 3 + sup_tier[s] - 2)
                lo, hi = start[slot], start[slot + 1]
                at = slot * n_regions + int(r)
                i = _remembered_pick(
                    all_size,
                    all_region,
                    lo,
                    hi,
                    row,
                    slot_total,
                    at,
                    keyed_uniform(key, edge_key[e], quarter, 2),
                )
                new_c = order[i] + n_oem if i >= 0 else -1
            if new_c >= 0:
                edge_customer[e] = new_c
                changed += 1
                if index is not None:
                    _note_moved(index, e)
    if index is not None and index.n_moved[0] > index.moved.shape[0]:
        _fill_rewire_index(edge_supplier, edge_customer, n_oem, index)  # lists made afresh
    return changed


class RewireIndex(NamedTuple):
    """The links listed under each supplier, as seller and as buyer (CSR, link order), and
    the links rewire moved since (see rewire). Make it with build."""

    sup_start: np.ndarray  # int64 (S + 1,)
    sup_edges: np.ndarray  # int64 (links,), links by selling supplier
    cust_start: np.ndarray  # int64 (S + 1,)
    cust_edges: np.ndarray  # int64 (links,), links by buying supplier (plants not listed)
    moved: np.ndarray  # int64 (links // 8 + 1,), links moved since the lists were made
    n_moved: np.ndarray  # int64 (1,), how many (beyond the length: lists to be made again)

    def fits(self, n_edges: int, n_sup: int) -> bool:
        """True when this index lists a network of this many links and suppliers."""
        return self.sup_edges.shape[0] == n_edges and self.sup_start.shape[0] == n_sup + 1

    @classmethod
    def build(
        cls, edge_supplier: np.ndarray, edge_customer: np.ndarray, n_oem: int, n_sup: int
    ) -> RewireIndex:
        """A RewireIndex of the links as they are now."""
        n_edges = edge_supplier.shape[0]
        index = cls(
            sup_start=np.zeros(n_sup + 1, dtype=np.int64),
            sup_edges=np.empty(n_edges, dtype=np.int64),
            cust_start=np.zeros(n_sup + 1, dtype=np.int64),
            cust_edges=np.empty(n_edges, dtype=np.int64),
            moved=np.empty(n_edges // 8 + 1, dtype=np.int64),
            n_moved=np.zeros(1, dtype=np.int64),
        )
        _fill_rewire_index(edge_supplier, edge_customer, n_oem, index)
        return index


@njit(cache=True)
def _fill_rewire_index(edge_supplier, edge_customer, n_oem, index):
    """(Re)make the lists of `index` from the links as they are now; no link moved since."""
    sup_start, cust_start = index.sup_start, index.cust_start
    sup_start[:] = 0
    cust_start[:] = 0
    n_edges = edge_supplier.shape[0]
    for e in range(n_edges):
        sup_start[edge_supplier[e] + 1] += 1
        if edge_customer[e] >= n_oem:
            cust_start[edge_customer[e] - n_oem + 1] += 1
    for s in range(sup_start.shape[0] - 1):
        sup_start[s + 1] += sup_start[s]
        cust_start[s + 1] += cust_start[s]
    sup_fill = sup_start[:-1].copy()
    cust_fill = cust_start[:-1].copy()
    for e in range(n_edges):
        s = edge_supplier[e]
        index.sup_edges[sup_fill[s]] = e
        sup_fill[s] += 1
        if edge_customer[e] >= n_oem:
            b = edge_customer[e] - n_oem
            index.cust_edges[cust_fill[b]] = e
            cust_fill[b] += 1
    index.n_moved[0] = 0


@njit(cache=True)
def _note_moved(index, e):
    """Remember that link e moved (past the room: the lists are made again after the call)."""
    if index.n_moved[0] < index.moved.shape[0]:
        index.moved[index.n_moved[0]] = e
    index.n_moved[0] += 1


@njit(cache=True)
def _listed_edges(index, touched, n_edges):
    """The links listed under a touched supplier (as seller or buyer) or moved since the
    lists were made, each once, in link order: every link that touches one now."""
    mark = np.zeros(n_edges, dtype=np.uint8)
    for s in range(touched.shape[0]):
        if touched[s]:
            for i in range(index.sup_start[s], index.sup_start[s + 1]):
                mark[index.sup_edges[i]] = 1
            for i in range(index.cust_start[s], index.cust_start[s + 1]):
                mark[index.cust_edges[i]] = 1
    for i in range(min(index.n_moved[0], index.moved.shape[0])):
        mark[index.moved[i]] = 1
    n = 0
    for e in range(n_edges):
        n += np.int64(mark[e])
    out = np.empty(n, dtype=np.int64)
    j = 0
    for e in range(n_edges):
        if mark[e]:
            out[j] = e
            j += 1
    return out


@njit(cache=True)
def rescale_links(weight, edge_supplier, converted, capacity_before, capacity_after, index=None):
    """weight[e] *= capacity_after[s] / capacity_before[s] for the links e of suppliers s that
    converted with capacity before > 0 (sim.rules.conversion.rescale_sales_links); other
    links keep their weight (the rule multiplies them by exactly 1). With `index`
    (RewireIndex, see rewire), only the links listed under a converted supplier or moved
    since are looked at (each link once: the same weights)."""
    if index is None:
        for e in range(edge_supplier.shape[0]):
            s = edge_supplier[e]
            if converted[s] == 1 and capacity_before[s] > 0.0:
                weight[e] *= capacity_after[s] / capacity_before[s]
        return
    done = np.zeros(edge_supplier.shape[0], dtype=np.uint8)
    for s in range(converted.shape[0]):
        if converted[s] == 1 and capacity_before[s] > 0.0:
            for i in range(index.sup_start[s], index.sup_start[s + 1]):
                e = index.sup_edges[i]
                if edge_supplier[e] == s and not done[e]:
                    done[e] = 1
                    weight[e] *= capacity_after[s] / capacity_before[s]
    for i in range(min(index.n_moved[0], index.moved.shape[0])):
        e = index.moved[i]
        s = edge_supplier[e]
        if converted[s] == 1 and capacity_before[s] > 0.0 and not done[e]:
            done[e] = 1
            weight[e] *= capacity_after[s] / capacity_before[s]


@njit(cache=True)
def alive_by_region(sup_region, sup_alive, out):
    """out[r] = alive suppliers in region r (as float64: what np.bincount(sup_region,
    weights=sup_alive) gives, without converting both arrays first)."""
    out[:] = 0.0
    for s in range(sup_region.shape[0]):
        out[sup_region[s]] += sup_alive[s]


@njit(cache=True)
def _gather(order, n, size, node_region):
    """size[order[i]] and node_region[order[i]] for i < n, as two arrays (at least 1 long)."""
    out_size = np.empty(max(n, 1))
    out_region = np.empty(max(n, 1), dtype=node_region.dtype)
    for i in range(n):
        out_size[i] = size[order[i]]
        out_region[i] = node_region[order[i]]
    return out_size, out_region


@njit(cache=True)
def _flat_total(size, node_region, lo, hi, row):
    """Summed pick weight size[i] x row[node_region[i]] of the candidates lo:hi, in order:
    sampling.pick_total on laid-out candidates (nothing skipped), row = region_weight[from]."""
    total = 0.0
    for i in range(lo, hi):
        total += size[i] * row[node_region[i]]
    return total


@njit(cache=True)
def _remembered_pick(size, node_region, lo, hi, row, totals, at, u):
    """_flat_pick with the candidates' total kept in totals[at] (negative: not summed yet in
    this call; summed once, then reused by every pick from the same candidates)."""
    if totals[at] < 0.0:
        totals[at] = _flat_total(size, node_region, lo, hi, row)
    return _flat_pick(size, node_region, lo, hi, row, totals[at], u)


@njit(cache=True)
def _flat_pick(size, node_region, lo, hi, row, total, u):
    """sampling.weighted_pick_given_total on laid-out candidates (nothing skipped): the
    position in lo:hi of the pick, or -1. The same weights, subtracted in the same order."""
    if total <= 0.0:
        return -1
    target = u * total
    last = -1
    for i in range(lo, hi):
        w = size[i] * row[node_region[i]]
        if w > 0.0:
            last = i
            target -= w
            if target <= 0.0:
                return i
    return last


@njit(cache=True)
def _by_slot_region(order, start, node_region, n_slots, n_regions):
    """The CSR list order[start[k]:start[k + 1]] of each slot k split by node region: returns
    (order, start) over key = slot * n_regions + region, index order kept within a key."""
    n_keys = n_slots * n_regions
    by_start = np.zeros(n_keys + 1, dtype=np.int64)
    for k in range(n_slots):
        for i in range(start[k], start[k + 1]):
            by_start[k * n_regions + node_region[order[i]] + 1] += 1
    for k in range(n_keys):
        by_start[k + 1] += by_start[k]
    fill = by_start[:-1].copy()
    by_order = np.empty(max(by_start[n_keys], 1), dtype=np.int64)
    for k in range(n_slots):
        for i in range(start[k], start[k + 1]):
            j = k * n_regions + node_region[order[i]]
            by_order[fill[j]] = order[i]
            fill[j] += 1
    return by_order, by_start
