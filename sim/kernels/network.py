"""Kernel that draws the supply links: which suppliers each customer buys each product from."""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.kernels.csr import by_group_tier

#: 2**-52, twice the unit roundoff of float64: the rounding-error bounds of `_fast_pick` are
#: counted in units of it, so that they hold with room to spare.
_EPS = 2.0**-52
#: What `_fast_pick` returns when it cannot certify its answer (the pick is then a scan).
_UNCERTAIN = -2


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
    certify=1.0,
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

    Each pick is the one of a plain scan (`weighted_pick`): one uniform number u, then the
    first candidate in index order at which the running weight reaches u x the candidates'
    summed weight. A pick draws nothing only when no candidate of positive weight is left, so
    how many picks each customer makes, and which uniform numbers they use, is known before
    any pick. The customers are then served grouped by (candidate set, customer region), whose
    weights and running sums are computed once, and a pick is a binary search in the running
    sums (`_fast_pick`), used only when it is certain to give the scan's answer (its margin
    exceeds `certify` times a bound of the rounding errors); otherwise the pick is the scan.
    Sizes and region weights must be finite and non-negative (ValueError otherwise).
    """
    n_sup = sup_group.shape[0]
    n_regions = region_weight.shape[0]
    k = links_per_customer
    rw_top = 0.0
    for i in range(n_regions):
        for j in range(region_weight.shape[1]):
            v = region_weight[i, j]
            if not (v >= 0.0 and v < np.inf):
                raise ValueError("sample_links: region weights must be finite and non-negative")
            rw_top = max(rw_top, v)
    # candidates grouped by (group, tier): CSR over key = group * 3 + tier - 1; the plants are
    # one more candidate set, key n_keys
    candidates, start = by_group_tier(sup_group, sup_tier, np.ones(n_sup, dtype=np.bool_), n_groups)
    n_keys = n_groups * 3
    # every candidate set's nodes, sizes and regions side by side, the plants last: set key
    # is cand_*[start[key]:start[key + 1]]
    n_cand = start[n_keys]
    start = np.append(start, n_cand + n_oem)
    cand_node = np.empty(n_cand + n_oem, dtype=np.int64)
    cand_size = np.empty(n_cand + n_oem)
    cand_region = np.empty(n_cand + n_oem, dtype=np.uint32)  # unsigned: no negative-index check
    for i in range(n_cand):
        cand_node[i] = candidates[i]
    for i in range(n_oem):
        cand_node[n_cand + i] = i
    # sizes and regions must be finite, non-negative and small enough that no sum of pick
    # weights overflows (what `_fast_pick`'s bounds assume), and regions valid ids
    top = 0.0
    for i in range(n_cand + n_oem):
        c = cand_node[i]
        x = oem_capacity[c] if i >= n_cand else sup_capacity[c]
        r = oem_region[c] if i >= n_cand else sup_region[c]
        if not (x >= 0.0 and x < np.inf):
            raise ValueError("sample_links: sizes must be finite and non-negative")
        if not 0 <= r < n_regions:
            raise ValueError("sample_links: region ids must index region_weight")
        top = max(top, x)
        cand_size[i] = x
        cand_region[i] = r
    if top * rw_top * (n_cand + n_oem + 1) > 1e300:
        raise ValueError("sample_links: sizes x region weights too large to add up")
    # a task per customer and product it buys (phase 0: customers draw suppliers, tier by
    # tier) and per supplier (phase 1: suppliers draw customers), in the order of the draws;
    # its slot is (candidate set, region of the drawing node)
    n_tasks = n_oem * n_groups + 2 * n_sup
    t_slot = np.empty(n_tasks, dtype=np.int64)
    t_node = np.empty(n_tasks, dtype=np.int64)
    t_tier = np.empty(n_tasks, dtype=np.int64)  # tier of the supplier side of its links
    t_phase = np.empty(n_tasks, dtype=np.int64)
    n_t = 0
    for tier in range(1, 4):
        n_customers = n_oem if tier == 1 else n_sup
        for c in range(n_customers):
            if tier == 1:
                for g in range(n_groups):
                    t_slot[n_t] = (g * 3) * n_regions + oem_region[c]
                    t_node[n_t] = c
                    t_tier[n_t] = 1
                    t_phase[n_t] = 0
                    n_t += 1
            elif sup_tier[c] == tier - 1:
                t_slot[n_t] = (sup_group[c] * 3 + tier - 1) * n_regions + sup_region[c]
                t_node[n_t] = n_oem + c
                t_tier[n_t] = tier
                t_phase[n_t] = 0
                n_t += 1
    for s in range(n_sup):
        key = n_keys if sup_tier[s] == 1 else sup_group[s] * 3 + sup_tier[s] - 2
        t_slot[n_t] = key * n_regions + sup_region[s]
        t_node[n_t] = s
        t_tier[n_t] = sup_tier[s]
        t_phase[n_t] = 1
        n_t += 1
    # picks per task: up to k, as many as its slot has candidates of positive weight. Counted
    # from each candidate set's candidates of positive size by region and the smallest such
    # size (a product of positive numbers rounds to 0 only below the smallest double; where
    # the smallest one's weight would, the slot's weights are counted one by one)
    n_slots = (n_keys + 1) * n_regions
    positive = np.zeros((n_keys + 1, n_regions), dtype=np.int64)
    smallest = np.full((n_keys + 1, n_regions), np.inf)
    for key in range(n_keys + 1):
        for i in range(start[key], start[key + 1]):
            x = cand_size[i]
            if x > 0.0:
                positive[key, cand_region[i]] += 1
                smallest[key, cand_region[i]] = min(smallest[key, cand_region[i]], x)
    slot_positive = np.full(n_slots, -1, dtype=np.int64)
    t_picks = np.empty(n_t, dtype=np.int64)
    for t in range(n_t):
        sl = t_slot[t]
        if slot_positive[sl] < 0:
            key, c_region = sl // n_regions, sl % n_regions
            m = 0
            exact = True
            for r in range(n_regions):
                if positive[key, r] > 0 and region_weight[c_region, r] > 0.0:
                    m += positive[key, r]
                    exact = exact and smallest[key, r] * region_weight[c_region, r] > 0.0
            if not exact:
                m = 0
                for i in range(start[key], start[key + 1]):
                    if cand_size[i] * region_weight[c_region, cand_region[i]] > 0.0:
                        m += 1
            slot_positive[sl] = m
        t_picks[t] = min(k, slot_positive[sl])
    # each task's uniform numbers (in draw order) and edge positions (edges sorted by tier,
    # stably: phase 0 before phase 1, tasks in draw order)
    t_first = np.empty(n_t, dtype=np.int64)
    tier_start = np.zeros(4, dtype=np.int64)
    n_draws = 0
    for t in range(n_t):
        t_first[t] = n_draws
        n_draws += t_picks[t]
        tier_start[t_tier[t]] += t_picks[t]
    for tr in range(1, 4):
        tier_start[tr] += tier_start[tr - 1]
    u = np.empty(n_draws)
    for i in range(n_draws):
        u[i] = rng.random()
    t_edge = np.empty(n_t, dtype=np.int64)
    fill = tier_start[:3].copy()
    for t in range(n_t):
        t_edge[t] = fill[t_tier[t] - 1]
        fill[t_tier[t] - 1] += t_picks[t]
    e_sup = np.empty(n_draws, dtype=np.int64)
    e_cust = np.empty(n_draws, dtype=np.int64)
    # tasks grouped by slot (counting sort; the order within a slot does not matter)
    slot_start = np.zeros(n_slots + 1, dtype=np.int64)
    for t in range(n_t):
        if t_picks[t] > 0:
            slot_start[t_slot[t] + 1] += 1
    for sl in range(n_slots):
        slot_start[sl + 1] += slot_start[sl]
    by_slot = np.empty(slot_start[n_slots], dtype=np.int64)
    slot_fill = slot_start[:-1].copy()
    for t in range(n_t):
        if t_picks[t] > 0:
            by_slot[slot_fill[t_slot[t]]] = t
            slot_fill[t_slot[t]] += 1
    max_n = 1
    for key in range(n_keys + 1):
        max_n = max(max_n, start[key + 1] - start[key])
    w = np.empty(max_n)
    cum = np.empty(max_n + 1)
    taken = np.zeros(max_n, dtype=np.bool_)
    picked = np.empty(k, dtype=np.int64)  # positions the task has taken, ascending
    for sl in range(n_slots):
        if slot_start[sl] == slot_start[sl + 1]:
            continue
        key, c_region = sl // n_regions, sl % n_regions
        lo, hi = start[key], start[key + 1]
        n = hi - lo
        cum[0] = 0.0
        rw = region_weight[c_region]
        for i in range(n):  # apart from the running sum, so that this loop runs in SIMD
            w[i] = cand_size[lo + i] * rw[cand_region[lo + i]]
        for i in range(n):
            cum[i + 1] = cum[i] + w[i]
        for j in range(slot_start[sl], slot_start[sl + 1]):
            t = by_slot[j]
            n_picked = 0
            for p in range(t_picks[t]):
                x = u[t_first[t] + p]
                i = _fast_pick(w, cum, n, picked, n_picked, x, certify)
                if i == _UNCERTAIN:
                    i = _pick_in_order(w, n, taken, x)
                q = n_picked  # insert i, keeping `picked` ascending
                while q > 0 and picked[q - 1] > i:
                    picked[q] = picked[q - 1]
                    q -= 1
                picked[q] = i
                n_picked += 1
                taken[i] = True
                chosen = cand_node[lo + i]
                e = t_edge[t] + p
                if t_phase[t] == 0:
                    e_sup[e] = chosen
                    e_cust[e] = t_node[t]
                else:
                    e_sup[e] = t_node[t]
                    e_cust[e] = chosen if key == n_keys else n_oem + chosen
            for p in range(n_picked):
                taken[picked[p]] = False
    return e_sup, e_cust, tier_start


@njit(cache=True)
def _pick_in_order(w, n, taken, u):
    """The pick of a plain scan (as `weighted_pick`) over w[:n], skipping `taken`: the summed
    weight in index order, then the first position at which the running weight reaches u x
    that sum (the last one of positive weight if rounding leaves some over)."""
    total = 0.0
    for i in range(n):
        if not taken[i]:
            total += w[i]
    target = u * total
    last = -1
    for i in range(n):
        if taken[i]:
            continue
        if w[i] > 0.0:
            last = i
            target -= w[i]
            if target <= 0.0:
                return i
    return last


@njit(cache=True)
def _fast_pick(w, cum, n, picked, n_picked, u, certify):
    """`_pick_in_order`'s answer by binary search in the running sums cum (cum[i] = w[0] +
    ... + w[i - 1], added in order), the positions picked[:n_picked] (ascending) taken out; or
    _UNCERTAIN when the answer is not certain to be the scan's.

    Both the scan's running values and the ones computed here are within (2n + 2k + 5)
    rounding errors (total weight x 2**-53 each) of the exact values, k = n_picked. The answer
    is returned only if the computed running value just before it is above, and the one at it
    below, the target by more than certify x 16 (n + k + 4) such errors (certify >= 1), so
    that the scan stops at the same position."""
    total = cum[n]
    removed = 0.0
    for p in range(n_picked):
        removed += w[picked[p]]
    target = u * (total - removed)
    margin = certify * 8.0 * (n + n_picked + 4) * _EPS * total
    before = 0.0  # weight of the taken positions before the current segment
    lo = 0
    for m in range(n_picked + 1):
        hi = picked[m] if m < n_picked else n
        if hi > lo and cum[hi] - before >= target:
            a, b = lo, hi - 1  # the first i in [lo, hi) with cum[i + 1] - before >= target
            while a < b:
                mid = (a + b) // 2
                if cum[mid + 1] - before >= target:
                    b = mid
                else:
                    a = mid + 1
            if cum[a + 1] - before - target > margin and target - (cum[a] - before) > margin:
                return a
            return _UNCERTAIN
        if m < n_picked:
            before += w[picked[m]]
            lo = picked[m] + 1
    return _UNCERTAIN


@njit(cache=True)
def balance_links(x, sup, row, target, need, n_sup, n_rows, iterations):
    """Biproportional fitting (RAS) of link weights x in place: each iteration scales every
    supplier's links so their sum meets target[supplier] (suppliers with no weight keep theirs),
    then every (customer, product) row's links so their sum meets the row's need (rows with no
    weight go to 0). need is per link (its row's need). Sums run in link order, as numpy's
    bincount adds them; each pass over the links also adds up what the next step needs. When
    all links of each row have the same need (as in the model), a row's scaling factor is
    worked out once per row rather than once per link (the same number). The supplier and
    row numbers must be valid indices (ValueError otherwise); they are read as unsigned
    numbers, which spares the check for negative indices on every access."""
    n = x.shape[0]
    if max(n_sup, n_rows) >= 2**32:
        raise ValueError("balance_links: more than 2**32 suppliers or rows")
    for e in range(n):
        if not (0 <= sup[e] < n_sup and 0 <= row[e] < n_rows):
            raise ValueError("balance_links: supplier or row number out of range")
    sup = sup.astype(np.uint32)
    row = row.astype(np.uint32)
    col_sum = np.zeros(n_sup)
    ratio = np.empty(n_sup)
    row_sum = np.empty(n_rows)
    row_need = np.full(n_rows, np.nan)
    same_need = True
    for e in range(n):
        col_sum[sup[e]] += x[e]
        if np.isnan(need[e]):
            same_need = False
        elif np.isnan(row_need[row[e]]):
            row_need[row[e]] = need[e]
        elif row_need[row[e]] != need[e]:
            same_need = False
    factor = np.empty(n_rows)
    for it in range(iterations):
        for s in range(n_sup):
            ratio[s] = target[s] / col_sum[s] if col_sum[s] > 0 else 1.0
        row_sum[:] = 0.0
        for e in range(n):
            v = x[e] * ratio[sup[e]]
            x[e] = v
            row_sum[row[e]] += v
        col_sum[:] = 0.0
        last = it == iterations - 1
        if same_need:
            for r in range(n_rows):
                factor[r] = row_need[r] / row_sum[r] if row_sum[r] > 0 else 0.0
            if last:  # no sums needed after the last scaling
                for e in range(n):
                    x[e] = x[e] * factor[row[e]]
            else:
                for e in range(n):
                    v = x[e] * factor[row[e]]
                    x[e] = v
                    col_sum[sup[e]] += v
        else:
            for e in range(n):
                rs = row_sum[row[e]]
                x[e] = x[e] * (need[e] / rs if rs > 0 else 0.0)
                if not last:
                    col_sum[sup[e]] += x[e]
