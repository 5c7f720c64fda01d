"""The worker kernels and order routing as they were before issue 12's second speed round
(commit 1ccecb3), kept verbatim as references: the shipped kernels must give identical outputs
and consume the same random draws (tests/kernels/test_reference_equality.py,
experiments/kernel_timing.py)."""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.codes import (
    EMPLOYED,
    EMPLOYED_ELSEWHERE,
    EMPTY,
    LEFT_LABOUR_FORCE,
    RETRAINING,
    SECTOR_EV,
    UNEMPLOYED,
)
from sim.kernels.cohorts import _absorb
from sim.kernels.csr import by_group_tier
from sim.kernels.firms import _by_slot_region
from sim.kernels.keyed import keyed_uniform
from sim.kernels.labour import _hires, split_off
from sim.kernels.sampling import pick_total, weighted_pick_at, weighted_pick_given_total
from sim.kernels.supply import _oem_need


@njit(cache=True)
def lay_off(wk, est_sector, to_fire, employed, cursor, rng):
    """Lay off exactly to_fire[f] real workers of each establishment f, chosen uniformly at
    random; returns (laid off, workers kept for lack of a free row to split into).

    Sequential selection sampling (Knuth's Algorithm S) over real workers in one pass: each
    worker of f is picked with chance (still to pick) / (workers of f not yet seen). `to_fire`
    and a copy of `employed` (real workers) are consumed. The pass stops once every pick is
    made (no later row would draw).
    """
    status, employer = wk.status, wk.employer
    left = 0  # real workers still to pick over all establishments
    for f in range(to_fire.shape[0]):
        if to_fire[f] > 0:
            left += to_fire[f]
    fired = 0
    kept = 0
    if left == 0:
        return fired, kept
    remaining = employed.copy()
    for w in range(status.shape[0]):
        if left == 0:
            break  # every pick is made: no row after this one draws or changes
        if status[w] != EMPLOYED:
            continue
        f = employer[w]
        if to_fire[f] <= 0:
            continue
        m = wk.weight[w]
        k = 0
        for _ in range(m):
            if rng.random() * remaining[f] < to_fire[f]:
                to_fire[f] -= 1
                left -= 1
                k += 1
            remaining[f] -= 1
            if to_fire[f] <= 0:
                break
        if k == 0:
            continue
        row = w if k == m else split_off(wk, w, k, cursor)
        if row < 0:
            kept += k
            continue
        status[row] = UNEMPLOYED
        wk.last_sector[row] = est_sector[f]
        employer[row] = -1
        wk.quarters_unemployed[row] = 0
        fired += k
    return fired, kept


@njit(cache=True)
def _rows_with_status(status, code):
    """The rows whose status is `code`, in row order (two passes over `status`, no other
    array is read)."""
    n = 0
    for w in range(status.shape[0]):
        if status[w] == code:
            n += 1
    rows = np.empty(n, dtype=np.int64)
    n = 0
    for w in range(status.shape[0]):
        if status[w] == code:
            rows[n] = w
            n += 1
    return rows


@njit(cache=True)
def match(
    wk,
    est_region,
    est_sector,
    est_wage_level,
    est_agent_cap,
    vacancies,
    n_regions,
    ev_threshold,
    efficiency,
    elasticity,
    wage_sigma,
    cursor,
    rng,
):
    """Fill vacancies (real workers) from the unemployed of the same region; returns the number
    of real workers hired.

    Two rounds per region: vacancies at EV-specific suppliers with unemployed whose EV skill
    reaches `ev_threshold`, then all other vacancies with everyone still unemployed. Hires per
    round follow the matching function on real numbers; who is hired is a uniform random pick
    over real workers (selection sampling), and hires go to the region's establishments in a
    random order; an establishment takes them in agents of at most its `est_agent_cap`
    workers. `vacancies` is consumed.
    """
    status, region, ev_skill, weight = wk.status, wk.region, wk.ev_skill, wk.weight
    order, start = _shuffled_by_region(est_region, n_regions, rng)
    # The unemployed rows, in row order: every later pass reads only these (a hire or a split
    # makes rows employed, never unemployed, so the list stays a superset of the unemployed).
    looking = _rows_with_status(status, UNEMPLOYED)
    pointer = np.empty(n_regions, dtype=np.int64)
    hired_total = 0
    for round_ in range(2):
        want_ev = round_ == 0
        open_v = np.zeros(n_regions, dtype=np.int64)
        for f in range(est_region.shape[0]):
            if (est_sector[f] == SECTOR_EV) == want_ev:
                open_v[est_region[f]] += vacancies[f]
        pool = np.zeros(n_regions, dtype=np.int64)
        for i in range(looking.shape[0]):
            w = looking[i]
            if status[w] == UNEMPLOYED and (not want_ev or ev_skill[w] >= ev_threshold):
                pool[region[w]] += weight[w]
        to_hire = np.zeros(n_regions, dtype=np.int64)
        any_hire = False
        for r in range(n_regions):
            to_hire[r] = _hires(pool[r], open_v[r], efficiency, elasticity, rng)
            pointer[r] = start[r]
            any_hire = any_hire or to_hire[r] > 0
        if not any_hire:
            continue  # no draw below would be made: the pass changes nothing
        for i in range(looking.shape[0]):
            w = looking[i]
            if status[w] != UNEMPLOYED:
                continue
            if want_ev and ev_skill[w] < ev_threshold:
                continue
            r = region[w]
            k = 0
            for _ in range(weight[w]):
                if to_hire[r] > k and rng.random() * pool[r] < to_hire[r] - k:
                    k += 1
                pool[r] -= 1
            while k > 0:
                # next establishment of region r (in this quarter's order) with a vacancy
                while pointer[r] < start[r + 1]:
                    f = order[pointer[r]]
                    if vacancies[f] > 0 and (est_sector[f] == SECTOR_EV) == want_ev:
                        break
                    pointer[r] += 1
                f = order[pointer[r]]
                t = min(k, vacancies[f], est_agent_cap[f])
                row = w if t == weight[w] else split_off(wk, w, t, cursor)
                if row < 0:
                    break
                status[row] = EMPLOYED
                wk.employer[row] = f
                wk.last_sector[row] = est_sector[f]
                wk.wage[row] = est_wage_level[f] * np.exp(
                    wage_sigma * rng.normal() - 0.5 * wage_sigma**2
                )
                vacancies[f] -= t
                to_hire[r] -= t
                hired_total += t
                k -= t
    return hired_total


@njit(cache=True)
def age_and_move(
    status,
    employer,
    region,
    age_q,
    ev_skill,
    ice_skill,
    quarters_unemployed,
    training_left,
    est_sector,
    est_upskill,
    retirement_q,
    early_retirement_from_q,
    older_from_q,
    outside_job_rate,
    outside_job_rate_older,
    early_retirement_rate,
    ev_learning,
    skill_loss,
    ev_threshold,
    success_probability,
    skill_gain,
    weight,
    rng,
    flows,
):
    """One quarter of each worker's life outside the hiring market (an agent's real workers
    share its fate; `flows` counts real workers).

    Everyone in the pool ages a quarter and retires at `retirement_q`. The unemployed lose
    skill, find a job in another sector with chance `outside_job_rate` (from `older_from_q`:
    `outside_job_rate_older`), or (from `early_retirement_from_q`) retire early with chance
    `early_retirement_rate`. Workers at EV-specific suppliers learn EV skill on the job;
    workers of a supplier that has just moved to EV products are trained up to the EV
    threshold by it. Participants in reskilling count down their quarters; on completion they
    gain `skill_gain` EV skill with chance `success_probability` (unemployed participants then
    search again). flows[home region, :] += (retired, retired early, moved to another sector,
    completed reskilling with success, completed without): sim.outputs.columns.WORKER_FLOWS.
    """
    for w in range(status.shape[0]):
        st = status[w]
        if st != EMPLOYED and st != UNEMPLOYED and st != RETRAINING:
            continue
        r = region[w]
        age_q[w] += 1
        if age_q[w] >= retirement_q:
            status[w] = LEFT_LABOUR_FORCE
            employer[w] = -1
            training_left[w] = 0
            flows[r, 0] += weight[w]
            continue
        if training_left[w] > 0:
            training_left[w] -= 1
            if training_left[w] == 0:
                if rng.random() < success_probability:
                    ev_skill[w] = min(1.0, ev_skill[w] + skill_gain)
                    flows[r, 3] += weight[w]
                else:
                    flows[r, 4] += weight[w]
                if st == RETRAINING:
                    status[w] = UNEMPLOYED
            continue
        if st == EMPLOYED:
            f = employer[w]
            if est_upskill[f] and ev_skill[w] < ev_threshold:
                ev_skill[w] = ev_threshold
            if est_sector[f] == SECTOR_EV:
                ev_skill[w] = min(1.0, ev_skill[w] + ev_learning)
        elif st == UNEMPLOYED:
            quarters_unemployed[w] += 1
            ev_skill[w] = max(0.0, ev_skill[w] - skill_loss)
            ice_skill[w] = max(0.0, ice_skill[w] - skill_loss)
            rate = outside_job_rate_older if age_q[w] >= older_from_q else outside_job_rate
            u = rng.random()
            if u < rate:
                status[w] = EMPLOYED_ELSEWHERE
                flows[r, 2] += weight[w]
            elif age_q[w] >= early_retirement_from_q and u < rate + early_retirement_rate:
                status[w] = LEFT_LABOUR_FORCE
                flows[r, 1] += weight[w]


@njit(cache=True)
def tally_workers(
    status,
    employer,
    region,
    wage,
    quarters_unemployed,
    benefit_quarters,
    weight,
    est_region,
    est_sector,
    employed,
    wage_bill,
    jobs,
    unemployed,
    retraining,
    benefit_wages,
):
    """One pass over the workers: employed real workers and their summed wages (EUR/quarter) per
    establishment; jobs per workplace region and sector (jobs[r, sector]); unemployed and
    retraining people per home region; benefit_wages[r] = summed last wages of those entitled
    to benefits (unemployed for at most `benefit_quarters` quarters, and everyone retraining). All
    counts are real workers: an agent counts as its weight."""
    employed[:] = 0
    wage_bill[:] = 0.0
    jobs[:, :] = 0
    unemployed[:] = 0
    retraining[:] = 0
    benefit_wages[:] = 0.0
    for w in range(status.shape[0]):
        st = status[w]
        m = weight[w]
        if st == EMPLOYED:
            f = employer[w]
            employed[f] += m
            wage_bill[f] += wage[w] * m
        elif st == UNEMPLOYED:
            unemployed[region[w]] += m
            if quarters_unemployed[w] <= benefit_quarters:
                benefit_wages[region[w]] += wage[w] * m
        elif st == RETRAINING:
            retraining[region[w]] += m
            benefit_wages[region[w]] += wage[w] * m
    # jobs by workplace region and sector from the establishments (far fewer than workers)
    for f in range(employed.shape[0]):
        jobs[est_region[f], est_sector[f]] += employed[f]


@njit(cache=True)
def _shuffled_by_region(est_region, n_regions, rng):
    """Establishments grouped by region (CSR: order, start) in a fresh random order per region."""
    n = est_region.shape[0]
    start = np.zeros(n_regions + 1, dtype=np.int64)
    for f in range(n):
        start[est_region[f] + 1] += 1
    for r in range(n_regions):
        start[r + 1] += start[r]
    fill = start[:-1].copy()
    order = np.empty(n, dtype=np.int64)
    for f in range(n):
        order[fill[est_region[f]]] = f
        fill[est_region[f]] += 1
    for r in range(n_regions):
        lo = start[r]
        for i in range(start[r + 1] - 1, lo, -1):
            j = lo + rng.integers(0, i - lo + 1)
            order[i], order[j] = order[j], order[i]
    return order, start


@njit(cache=True)
def add_entrants(
    status,
    employer,
    region,
    age_q,
    ice_skill,
    ev_skill,
    wage,
    last_sector,
    quarters_unemployed,
    est_region,
    est_sector,
    est_wage_level,
    est_agent_cap,
    vacancies,
    fill_share,
    ev_threshold,
    age_min_q,
    age_max_q,
    wage_sigma,
    weight,
    start_row,
    rng,
):
    """Fill part of the remaining vacancies (real workers) with entrants from outside the
    automotive pool.

    Each establishment fills `fill_share` of its open vacancies (stochastically rounded); its
    entrants join as agents of at most its `est_agent_cap` real workers each. An entrant agent takes
    a free row (a spare row, or the row of a worker who has left the pool) and gets an age
    between the two bounds; entrants to EV-specific suppliers bring EV skill at or above the
    threshold. Free rows are searched circularly from `start_row` (where the last search
    stopped), so a quarter does not re-read the rows searched before. Returns (real entrants,
    real vacancies left unfilled for lack of rows, the row to start from next time).
    """
    n = status.shape[0]
    cursor = start_row % n if n else 0
    scanned = 0  # rows looked at since the start: stop after one full circle
    entrants = 0
    unfilled = 0
    for f in range(est_region.shape[0]):
        if vacancies[f] <= 0:
            continue
        k = int(np.floor(fill_share * vacancies[f] + rng.random()))
        k = min(k, vacancies[f])
        while k > 0:
            chunk = min(k, est_agent_cap[f])
            k -= chunk
            while scanned < n and not (
                status[cursor] == EMPTY
                or status[cursor] == LEFT_LABOUR_FORCE
                or status[cursor] == EMPLOYED_ELSEWHERE
            ):
                cursor = cursor + 1 if cursor + 1 < n else 0
                scanned += 1
            if scanned >= n:
                unfilled += chunk
                continue
            w = cursor
            cursor = cursor + 1 if cursor + 1 < n else 0
            scanned += 1
            status[w] = EMPLOYED
            employer[w] = f
            region[w] = est_region[f]
            age_q[w] = age_min_q + rng.integers(0, age_max_q - age_min_q + 1)
            if est_sector[f] == SECTOR_EV:
                ev_skill[w] = ev_threshold + (1.0 - ev_threshold) * rng.random()
            else:
                ev_skill[w] = ev_threshold * rng.random()
            ice_skill[w] = 0.5 * rng.random()
            wage[w] = est_wage_level[f] * np.exp(wage_sigma * rng.normal() - 0.5 * wage_sigma**2)
            last_sector[w] = est_sector[f]
            quarters_unemployed[w] = 0
            weight[w] = chunk
            vacancies[f] -= chunk
            entrants += chunk
    return entrants, unfilled, cursor


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
            e = live[i]
            denominator[cell[i]] += edge_weight[e] * sup_availability[edge_supplier[e]]
        for i in range(lo, hi):
            e = live[i]
            s = edge_supplier[e]
            k = cell[i]
            den = denominator[k]
            if den > 0.0:
                sup_orders[s] += need[k] * edge_weight[e] * sup_availability[s] / den
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
            e = live[i]
            s = edge_supplier[e]
            k = cell[i]
            if sup_orders[s] > sup_production[s]:
                ordered = need[k] * edge_weight[e] * sup_availability[s] / denominator[k]
                unmet[k] += ordered * (1.0 - sup_production[s] / sup_orders[s])
            room_weight[k] += edge_weight[e] * room[s]
        for i in range(lo, hi):
            e = live[i]
            s = edge_supplier[e]
            if room[s] <= 0.0:
                continue
            k = cell[i]
            if unmet[k] > 0.0 and room_weight[k] > 0.0:
                give = unmet[k] * edge_weight[e] * room[s] / room_weight[k]
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


# merge_small_agents as it was before issue 12's third round (main 7650af5): one pass over
# every row, resetting both merge tables.
@njit(cache=True)
def merge_small_agents(
    wk,
    est_agent_cap,
    max_weight,
    band_q,
    ev_threshold,
    benefit_quarters,
    open_employed,
    open_unemployed,
):
    """Merge agents into full ones: employed agents up to their establishment's
    `est_agent_cap`, unemployed ones up to `max_weight` workers; returns rows freed.

    open_employed (establishments, age bands, 2) and open_unemployed (regions, sectors, age
    bands, 2, 2) are scratch tables of the agent still open for merging per kind (reset
    here); the age band of an agent is age_q // band_q (the last band takes everyone older).
    Unemployed agents are merged only with others on the same side of `benefit_quarters`
    (still entitled to benefits or not).
    """
    open_employed[:] = -1
    open_unemployed[:] = -1
    n_bands = open_employed.shape[1]
    freed = 0
    for w in range(wk.status.shape[0]):
        m = wk.weight[w]
        st = wk.status[w]
        if st == EMPLOYED:
            cap = est_agent_cap[wk.employer[w]]
        elif st == UNEMPLOYED:
            cap = max_weight
        else:
            continue
        if m >= cap or wk.training_left[w] > 0:
            continue
        band = min(wk.age_q[w] // band_q, n_bands - 1)
        skilled = 1 if wk.ev_skill[w] >= ev_threshold else 0
        f, r, sector = wk.employer[w], wk.region[w], wk.last_sector[w]
        entitled = 0
        if st == EMPLOYED:
            o = open_employed[f, band, skilled]
        else:
            entitled = 1 if wk.quarters_unemployed[w] <= benefit_quarters else 0
            o = open_unemployed[r, sector, band, skilled, entitled]
        if o < 0:
            nxt = w
        else:
            t = min(m, cap - wk.weight[o])
            _absorb(wk, o, w, t)
            if wk.weight[w] == 0:
                wk.status[w] = EMPTY
                wk.employer[w] = -1
                freed += 1
                nxt = o if wk.weight[o] < cap else -1
            else:
                nxt = w  # o is full now; what is left of w stays open
        if st == EMPLOYED:
            open_employed[f, band, skilled] = nxt
        else:
            open_unemployed[r, sector, band, skilled, entitled] = nxt
    return freed


# lay_off with its list of the unemployed, as it was before issue 12's third round (main
# 7650af5): one pass over every row.
@njit(cache=True)
def lay_off_listing(wk, est_sector, to_fire, employed, cursor, rng, listing=None):
    """Lay off exactly to_fire[f] real workers of each establishment f, chosen uniformly at
    random; returns (laid off, workers kept for lack of a free row to split into).

    Sequential selection sampling (Knuth's Algorithm S) over real workers in one pass: each
    worker of f is picked with chance (still to pick) / (workers of f not yet seen). `to_fire`
    and a copy of `employed` (real workers) are consumed. The pass stops drawing once every
    pick is made (no later row would draw).

    With `listing` = (looking, count): int64 arrays, `looking` at least as long as the worker
    arrays, the same pass lists the rows unemployed after the layoffs, in row order, in
    looking[:count[0]] (what `match` would list); count[0] is -1 when a split put laid-off
    workers on a row the pass had already left behind, so that the list would miss it.
    """
    status, employer = wk.status, wk.employer
    if listing is not None:
        looking, count = listing
    left = 0  # real workers still to pick over all establishments
    for f in range(to_fire.shape[0]):
        if to_fire[f] > 0:
            left += to_fire[f]
    fired = 0
    kept = 0
    n_looking = 0
    complete = True
    remaining = employed.copy()
    n = status.shape[0]
    end = n  # the first row the pass leaves unchanged
    for w in range(n):
        if left == 0:
            end = w
            break  # every pick is made: no row after this one draws or changes
        if status[w] != EMPLOYED:
            if listing is not None and status[w] == UNEMPLOYED:
                looking[n_looking] = w
                n_looking += 1
            continue
        f = employer[w]
        if to_fire[f] <= 0:
            continue
        m = wk.weight[w]
        k = 0
        for _ in range(m):
            if rng.random() * remaining[f] < to_fire[f]:
                to_fire[f] -= 1
                left -= 1
                k += 1
            remaining[f] -= 1
            if to_fire[f] <= 0:
                break
        if k == 0:
            continue
        row = w if k == m else split_off(wk, w, k, cursor)
        if row < 0:
            kept += k
            continue
        status[row] = UNEMPLOYED
        wk.last_sector[row] = est_sector[f]
        employer[row] = -1
        wk.quarters_unemployed[row] = 0
        fired += k
        if listing is not None:
            if row == w:
                looking[n_looking] = w
                n_looking += 1
            elif row < w:
                complete = False  # a later row is listed when the pass reaches it
    if listing is not None:
        for v in range(end, n):  # the rows this pass did not change
            if status[v] == UNEMPLOYED:
                looking[n_looking] = v
                n_looking += 1
        count[0] = n_looking if complete else -1
    return fired, kept


# The live-edge cells as route_orders built them on main at 7650af5 (the reference
# route_orders above uses them).
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


# rewire as on main at 7650af5 (picks through the candidate lists, a pass over every link).
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
    """
    n_groups = int(sup_group.max()) + 1 if sup_group.shape[0] else 0
    order, start = by_group_tier(sup_group, sup_tier, sup_alive, n_groups)
    # The same candidates by (slot, region), in index order: a pick within the buyer's own
    # region reads only these (the same weights, summed and subtracted in the same order).
    n_regions = region_weight.shape[0]
    n_slots = n_groups * 3
    own_order, own_start = _by_slot_region(order, start, sup_region, n_slots, n_regions)
    # Summed pick weights, remembered per (slot, buyer region) for the picks from anywhere
    # (suppliers) and per buyer region (plants); -1 = not computed yet this call.
    slot_total = np.full(n_slots * n_regions, -1.0)
    plant_total = np.full(n_regions, -1.0)
    all_plants = np.arange(n_oem)
    no_skip_sup = np.zeros(sup_group.shape[0], dtype=np.bool_)
    no_skip_oem = np.zeros(n_oem, dtype=np.bool_)
    changed = 0
    for e in range(edge_supplier.shape[0]):
        s = edge_supplier[e]
        c = edge_customer[e]
        buyer = c - n_oem
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
            slot = want_group * 3 + want_tier - 1
            own = int(slot) * n_regions + int(buyer_region)
            new_s = weighted_pick_at(  # own region first
                own_order,
                own_start[own],
                own_start[own + 1],
                sup_capacity,
                sup_region,
                buyer_region,
                region_weight,
                no_skip_sup,
                True,
                keyed_uniform(key, edge_key[e], quarter, 0),
            )
            if new_s < 0:
                new_s = _pick_slot(
                    order,
                    start[slot],
                    start[slot + 1],
                    sup_capacity,
                    sup_region,
                    buyer_region,
                    region_weight,
                    no_skip_sup,
                    slot_total,
                    own,
                    keyed_uniform(key, edge_key[e], quarter, 1),
                )
            if new_s >= 0:
                edge_supplier[e] = new_s
                changed += 1
        elif converted[s] or (buyer >= 0 and exited[buyer]):
            if sup_tier[s] == 1:
                new_c = _pick_slot(
                    all_plants,
                    0,
                    n_oem,
                    oem_capacity,
                    oem_region,
                    sup_region[s],
                    region_weight,
                    no_skip_oem,
                    plant_total,
                    sup_region[s],
                    keyed_uniform(key, edge_key[e], quarter, 2),
                )
            else:
                slot = sup_group[s] * 3 + sup_tier[s] - 2
                new_c = _pick_slot(
                    order,
                    start[slot],
                    start[slot + 1],
                    sup_capacity,
                    sup_region,
                    sup_region[s],
                    region_weight,
                    no_skip_sup,
                    slot_total,
                    int(slot) * n_regions + int(sup_region[s]),
                    keyed_uniform(key, edge_key[e], quarter, 2),
                )
                if new_c >= 0:
                    new_c += n_oem
            if new_c >= 0:
                edge_customer[e] = new_c
                changed += 1
    return changed


@njit(cache=True)
def _pick_slot(
    order, lo, hi, size, node_region, from_region, region_weight, no_skip, totals, slot, u
):
    """weighted_pick_at from anywhere (nothing skipped), with the summed weight remembered in
    totals[slot] (sizes, regions and candidates do not change during one rewire call)."""
    if totals[slot] < 0.0:
        totals[slot] = pick_total(
            order, lo, hi, size, node_region, from_region, region_weight, no_skip, False
        )
    return weighted_pick_given_total(
        order,
        lo,
        hi,
        size,
        node_region,
        from_region,
        region_weight,
        no_skip,
        False,
        totals[slot],
        u,
    )
