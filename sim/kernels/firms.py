"""Kernels for suppliers: accounts, capacity, moving to EV products, exit, and re-sourcing links."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def supplier_accounts(
    sup_production,
    sup_price,
    input_share,
    sup_wage_bill,
    sup_fixed_cost_per_unit,
    sup_capacity,
    sup_alive,
    sup_cash,
    sup_loss_streak,
    sup_value_added,
):
    """Book one quarter: value added = sales - bought-in inputs; profit = value added - wages -
    fixed costs; cash accumulates profit. Counts loss-making quarters in a row."""
    for s in range(sup_production.shape[0]):
        if not sup_alive[s]:
            sup_value_added[s] = 0.0
            continue
        sales = sup_production[s] * sup_price[s]
        value_added = sales * (1.0 - input_share)
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
    trigger_utilisation,
    probability,
    cost_quarters,
    lag,
    exit_after_losses,
    credit_line,
    converted,
    exited,
    rng,
):
    """Suppliers' strategic moves in one quarter; returns the EUR spent on conversions.

    A supplier may borrow up to `credit_line` quarters of its full-capacity sales (cash may go
    that far below zero). An ICE-specific supplier whose orders fell below
    `trigger_utilisation` of its capacity and that can pay `cost_quarters` of full-capacity
    sales within its credit line starts moving to its EV product with chance `probability`;
    `lag` quarters later it makes the EV product with the same workforce capacity (capacity in
    units rescaled by the labour ratio). A supplier exits when its cash falls below its credit
    line, or, unless it is moving to EV products, after `exit_after_losses` loss-making
    quarters in a row.
    Sets converted[s] / exited[s] to 1 for suppliers that converted / exited this quarter.
    """
    spent = 0.0
    for s in range(sup_group.shape[0]):
        converted[s] = 0
        exited[s] = 0
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
        elif group_sector[sup_group[s]] == 1 and conversion_target[sup_group[s]] >= 0:
            full_sales = sup_capacity[s] * sup_price[s]
            cost = cost_quarters * full_sales
            if (
                sup_orders[s] < trigger_utilisation * sup_capacity[s]
                and sup_cash[s] + credit_line * full_sales >= cost
                and rng.random() < probability
            ):
                sup_cash[s] -= cost
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
def _link_weight(
    region_a, region_b, distance_km, region_country, decay_km, region_bias, country_bias
):
    w = np.exp(-distance_km[region_a, region_b] / decay_km)
    if region_a == region_b:
        w *= region_bias
    elif region_country[region_a] == region_country[region_b]:
        w *= country_bias
    return w


@njit(cache=True)
def _pick_supplier(
    group,
    tier,
    customer_region,
    sup_group,
    sup_tier,
    sup_alive,
    sup_capacity,
    sup_region,
    distance_km,
    region_country,
    decay_km,
    region_bias,
    country_bias,
    rng,
):
    """A replacement supplier of `group` at `tier`: from the customer's region if it has one
    (chance proportional to capacity), else anywhere (capacity times link weight); -1 if none."""
    for pass_ in range(2):
        total = 0.0
        for s in range(sup_group.shape[0]):
            if sup_alive[s] and sup_group[s] == group and sup_tier[s] == tier:
                if pass_ == 0 and sup_region[s] != customer_region:
                    continue
                w = sup_capacity[s]
                if pass_ == 1:
                    w *= _link_weight(
                        customer_region,
                        sup_region[s],
                        distance_km,
                        region_country,
                        decay_km,
                        region_bias,
                        country_bias,
                    )
                total += w
        if total <= 0.0:
            continue
        target = rng.random() * total
        last = -1
        for s in range(sup_group.shape[0]):
            if sup_alive[s] and sup_group[s] == group and sup_tier[s] == tier:
                if pass_ == 0 and sup_region[s] != customer_region:
                    continue
                w = sup_capacity[s]
                if pass_ == 1:
                    w *= _link_weight(
                        customer_region,
                        sup_region[s],
                        distance_km,
                        region_country,
                        decay_km,
                        region_bias,
                        country_bias,
                    )
                if w <= 0.0:
                    continue
                last = s
                target -= w
                if target <= 0.0:
                    return s
        return last
    return -1


@njit(cache=True)
def _pick_customer(
    group,
    tier,
    supplier_region,
    n_oem,
    oem_region,
    oem_capacity,
    sup_group,
    sup_tier,
    sup_alive,
    sup_capacity,
    sup_region,
    distance_km,
    region_country,
    decay_km,
    region_bias,
    country_bias,
    rng,
):
    """A new customer for a supplier of `group` at `tier`: an OEM plant for tier 1, else an alive
    supplier of the same group one tier up; chance proportional to size times link weight."""
    total = 0.0
    if tier == 1:
        for p in range(n_oem):
            total += oem_capacity[p] * _link_weight(
                supplier_region,
                oem_region[p],
                distance_km,
                region_country,
                decay_km,
                region_bias,
                country_bias,
            )
    else:
        for s in range(sup_group.shape[0]):
            if sup_alive[s] and sup_group[s] == group and sup_tier[s] == tier - 1:
                total += sup_capacity[s] * _link_weight(
                    supplier_region,
                    sup_region[s],
                    distance_km,
                    region_country,
                    decay_km,
                    region_bias,
                    country_bias,
                )
    if total <= 0.0:
        return -1
    target = rng.random() * total
    if tier == 1:
        for p in range(n_oem):
            target -= oem_capacity[p] * _link_weight(
                supplier_region,
                oem_region[p],
                distance_km,
                region_country,
                decay_km,
                region_bias,
                country_bias,
            )
            if target <= 0.0:
                return p
        return n_oem - 1
    last = -1
    for s in range(sup_group.shape[0]):
        if sup_alive[s] and sup_group[s] == group and sup_tier[s] == tier - 1:
            w = sup_capacity[s] * _link_weight(
                supplier_region,
                sup_region[s],
                distance_km,
                region_country,
                decay_km,
                region_bias,
                country_bias,
            )
            if w <= 0.0:
                continue
            last = n_oem + s
            target -= w
            if target <= 0.0:
                return n_oem + s
    return last


@njit(cache=True)
def _relink_customer(
    e,
    s,
    edge_customer,
    n_oem,
    oem_region,
    oem_capacity,
    sup_group,
    sup_tier,
    sup_alive,
    sup_capacity,
    sup_region,
    distance_km,
    region_country,
    decay_km,
    region_bias,
    country_bias,
    rng,
):
    """Point link e of supplier s at a new customer for its product (weight kept); 1 if changed."""
    new_c = _pick_customer(
        sup_group[s],
        sup_tier[s],
        sup_region[s],
        n_oem,
        oem_region,
        oem_capacity,
        sup_group,
        sup_tier,
        sup_alive,
        sup_capacity,
        sup_region,
        distance_km,
        region_country,
        decay_km,
        region_bias,
        country_bias,
        rng,
    )
    if new_c < 0:
        return 0
    edge_customer[e] = new_c
    return 1


@njit(cache=True)
def _relink_supplier(
    e,
    group,
    tier,
    buyer_region,
    edge_supplier,
    sup_group,
    sup_tier,
    sup_alive,
    sup_capacity,
    sup_region,
    distance_km,
    region_country,
    decay_km,
    region_bias,
    country_bias,
    rng,
):
    """Point link e at a new supplier of `group` at `tier` (weight kept); 1 if it changed."""
    new_s = _pick_supplier(
        group,
        tier,
        buyer_region,
        sup_group,
        sup_tier,
        sup_alive,
        sup_capacity,
        sup_region,
        distance_km,
        region_country,
        decay_km,
        region_bias,
        country_bias,
        rng,
    )
    if new_s < 0:
        return 0
    edge_supplier[e] = new_s
    return 1


@njit(cache=True)
def rewire(
    edge_supplier,
    edge_customer,
    edge_weight,
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
    distance_km,
    region_country,
    decay_km,
    region_bias,
    country_bias,
    rng,
):
    """Re-source links after exits and conversions; returns the number of links changed.

    A link from a supplier that exited goes to a replacement supplier of the same product and
    tier, from the customer's own region first; a link to a customer that exited goes to a new
    customer of the supplier's product. A supplier that moved to an EV product gets new
    customers for it (one per link it had), and its own input links go to suppliers of the new
    product. A re-pointed link keeps its weight (the start-year fitted share of its slot).
    Links with no possible partner are left as they are (they then carry no orders).
    """
    changed = 0
    for e in range(edge_supplier.shape[0]):
        s = edge_supplier[e]
        c = edge_customer[e]
        buyer = c - n_oem
        buyer_region = oem_region[c] if c < n_oem else sup_region[buyer]
        if exited[s]:
            changed += _relink_supplier(
                e,
                sup_group[s],
                sup_tier[s],
                buyer_region,
                edge_supplier,
                sup_group,
                sup_tier,
                sup_alive,
                sup_capacity,
                sup_region,
                distance_km,
                region_country,
                decay_km,
                region_bias,
                country_bias,
                rng,
            )
        elif converted[s] or (buyer >= 0 and exited[buyer]):
            changed += _relink_customer(
                e,
                s,
                edge_customer,
                n_oem,
                oem_region,
                oem_capacity,
                sup_group,
                sup_tier,
                sup_alive,
                sup_capacity,
                sup_region,
                distance_km,
                region_country,
                decay_km,
                region_bias,
                country_bias,
                rng,
            )
        elif buyer >= 0 and converted[buyer]:
            changed += _relink_supplier(
                e,
                sup_group[buyer],
                sup_tier[buyer] + 1,
                buyer_region,
                edge_supplier,
                sup_group,
                sup_tier,
                sup_alive,
                sup_capacity,
                sup_region,
                distance_km,
                region_country,
                decay_km,
                region_bias,
                country_bias,
                rng,
            )
    return changed
