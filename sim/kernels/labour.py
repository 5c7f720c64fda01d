"""Kernels for worker agents: layoffs, matching, entrants, reskilling, ageing and skills.

An agent stands for `weight` real workers (1 at scale 1). Every count a kernel takes or returns
is in real workers, and every random selection is made over real workers with the same
sequential selection as at scale 1: when only some of an agent's workers are picked, they move
to a fresh row that copies the agent's state (`split_off`). Firm dynamics therefore see the
same workforce at every scale, and at scale 1 no agent is ever split.
Every function loops over the worker arrays once or twice; none allocates per worker.
Status and sector codes are the fixed constants of `sim.codes`.

Given `counts` (sim.state.WorkerCounts), a kernel that changes a row's status, employer,
weight or wage updates the counts by establishment as it does (and, after `age_and_move` in
the quarter, the counts by region), so that no pass recounts them. `split_off` changes no
count: a split agent's parts add up to what it added whole (whole cents per real worker).
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.np.random.random_methods import buffered_bounded_lemire_uint32

from sim.codes import (
    EMPLOYED,
    EMPLOYED_ELSEWHERE,
    EMPTY,
    LEFT_LABOUR_FORCE,
    RETRAINING,
    SECTOR_EV,
    SECTOR_ICE,
    UNEMPLOYED,
)
from sim.kernels.accounting import cents


@njit(cache=True)
def _is_free(st):
    """A row that holds no worker of the pool (spare, retired or gone to another sector)."""
    return st in (EMPTY, LEFT_LABOUR_FORCE, EMPLOYED_ELSEWHERE)


@njit(cache=True)
def split_off(wk, w, k, cursor):
    """Move k of agent w's real workers to a free row that copies w's state; returns that row,
    or -1 when no row is free. Free rows are searched circularly from cursor[0]."""
    n = wk.status.shape[0]
    c = cursor[0] % n
    for _ in range(n):
        if _is_free(wk.status[c]):
            cursor[0] = c + 1 if c + 1 < n else 0
            wk.region[c] = wk.region[w]
            wk.employer[c] = wk.employer[w]
            wk.status[c] = wk.status[w]
            wk.last_sector[c] = wk.last_sector[w]
            wk.ice_skill[c] = wk.ice_skill[w]
            wk.ev_skill[c] = wk.ev_skill[w]
            wk.age_q[c] = wk.age_q[w]
            wk.quarters_unemployed[c] = wk.quarters_unemployed[w]
            wk.wage[c] = wk.wage[w]
            wk.training_left[c] = wk.training_left[w]
            wk.weight[c] = k
            wk.weight[w] -= k
            return c
        c = c + 1 if c + 1 < n else 0
    return -1


@njit(cache=True)
def lay_off(wk, est_sector, to_fire, employed, cursor, rng, listing=None, counts=None):
    """Lay off exactly to_fire[f] real workers of each establishment f, chosen uniformly at
    random; returns (laid off, workers kept for lack of a free row to split into).

    Sequential selection sampling (Knuth's Algorithm S) over real workers in row order: each
    worker of f is picked with chance (still to pick) / (workers of f not yet seen). `to_fire`
    and a copy of `employed` (real workers) are consumed. No draw is made once every pick is
    made.

    With `listing` = (looking, count): int64 arrays, `looking` at least as long as the worker
    arrays, the same pass lists the rows unemployed after the layoffs, in row order, in
    looking[:count[0]] (what `match` would list); count[0] is -1 when a split put laid-off
    workers on a row the pass had already left behind, so that the list would miss it.
    `counts` (sim.state.WorkerCounts, or None): the laid-off workers leave their
    establishment's counts (`employed` is read, and copied, before any change).

    A first, branch-free pass marks the rows that matter (employed at an establishment that
    lays off, or unemployed) in a byte per row; the pass in row order then reads the marks
    eight rows at a time and skips rows that can neither draw nor be listed. A row a split
    fills ahead of the pass is marked as it is filled (tests/kernels/reference.py keeps the
    one-pass kernel this replaces).
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
    firing = np.empty(to_fire.shape[0], dtype=np.uint8)
    for f in range(to_fire.shape[0]):
        firing[f] = 1 if to_fire[f] > 0 else 0
    # mark[w]: 1 = employed where workers are laid off, 2 = unemployed (EMPLOYED and
    # UNEMPLOYED are the codes 0 and 1; every row reads a firing flag, so no branch)
    n_words = (n + 7) // 8
    mark = np.zeros(8 * n_words, dtype=np.uint8)
    for w in range(n):
        st = status[w]
        on = np.uint8(st == EMPLOYED) & firing[max(employer[w], 0)]
        mark[w] = on | (np.uint8(st == UNEMPLOYED) << 1)
    words = mark.view(np.uint64)
    for i in range(n_words):
        if words[i] == 0:
            continue
        if left == 0 and listing is None:
            break  # every pick is made and nothing is left to list
        for w in range(8 * i, min(8 * i + 8, n)):
            if mark[w] == 0:
                continue
            if mark[w] == 2:
                if listing is not None:
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
            if counts is not None:
                counts.employed[f] -= k
                counts.wage_cents[f] -= np.int64(k) * cents(wk.wage[row])
            if row == w:
                if listing is not None:
                    looking[n_looking] = w
                    n_looking += 1
            elif row < w:
                complete = False  # a later row is listed when the pass reaches it
            else:
                mark[row] = 2  # listed when the pass reaches it
    if listing is not None:
        count[0] = n_looking if complete else -1
    return fired, kept


@njit(cache=True)
def rows_with_status(status, code):
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
def _hires(unemployed, vacancies, efficiency, elasticity, rng):
    """Hires from a Cobb-Douglas matching function, stochastically rounded, within U and V."""
    if unemployed <= 0 or vacancies <= 0:
        return 0
    x = efficiency * unemployed**elasticity * vacancies ** (1.0 - elasticity)
    h = int(np.floor(x + rng.random()))
    return min(h, unemployed, vacancies)


@njit(cache=True)
def _below(rng, n):
    """A uniform integer in [0, n), n >= 1: the same value from the same draws as
    `rng.integers(0, n)` (numba's own bounded-integer routine, which `integers` calls), without
    the one-element array that `integers` allocates per call (about 12x faster per call)."""
    if n - 1 >= 0xFFFFFFFF:
        return rng.integers(0, n)  # the 64-bit path; never taken by this module's counts
    if n <= 1:
        return 0  # as rng.integers(0, 1): no draw
    return np.int64(buffered_bounded_lemire_uint32(rng.bit_generator, np.int64(n - 1)))


@njit(cache=True)
def _shuffled_by_region(est_region, n_regions, rng, skip=None):
    """Establishments grouped by region (CSR: order, start) in a fresh random order per region;
    establishments with skip[f] set (plants not open yet) are left out, so that the order of
    the others, and the draws, are those of a run without them."""
    n = est_region.shape[0]
    start = np.zeros(n_regions + 1, dtype=np.int64)
    for f in range(n):
        if skip is None or not skip[f]:
            start[est_region[f] + 1] += 1
    for r in range(n_regions):
        start[r + 1] += start[r]
    fill = start[:-1].copy()
    order = np.empty(start[n_regions], dtype=np.int64)
    for f in range(n):
        if skip is None or not skip[f]:
            order[fill[est_region[f]]] = f
            fill[est_region[f]] += 1
    bits = rng.bit_generator  # read once: as `_below` draws, about twice as fast per draw
    for r in range(n_regions):
        lo = start[r]
        for i in range(start[r + 1] - 1, lo, -1):
            m = i - lo + 1  # from 2 to the establishments of a region (far below 2**32)
            if m - 1 >= 0xFFFFFFFF:
                j = lo + _below(rng, m)
            else:
                j = lo + np.int64(buffered_bounded_lemire_uint32(bits, np.int64(m - 1)))
            order[i], order[j] = order[j], order[i]
    return order, start


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
    looking=None,
    skip=None,
    counts=None,
):
    """Fill vacancies (real workers) from the unemployed of the same region; returns the number
    of real workers hired.

    Two rounds per region: vacancies at EV-specific suppliers with unemployed whose EV skill
    reaches `ev_threshold`, then all other vacancies with everyone still unemployed. Hires per
    round follow the matching function on real numbers; who is hired is a uniform random pick
    over real workers (selection sampling), and hires go to the region's establishments in a
    random order; an establishment takes them in agents of at most its `est_agent_cap`
    workers. `vacancies` is consumed. `looking`: the unemployed rows in row order, when already
    listed (by `lay_off`); else they are listed here. `skip`: establishments left out of the
    random order (planned plants not open yet, which have no vacancies), or None. `counts`
    (sim.state.WorkerCounts, or None): hires join their establishment's counts.
    """
    status, region, ev_skill, weight = wk.status, wk.region, wk.ev_skill, wk.weight
    order, start = _shuffled_by_region(est_region, n_regions, rng, skip)
    # The unemployed rows, in row order: every later pass reads only these (a hire or a split
    # makes rows employed, never unemployed, so the list stays a superset of the unemployed).
    if looking is None:
        looking = rows_with_status(status, UNEMPLOYED)
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
                if counts is not None:
                    counts.employed[f] += t
                    counts.wage_cents[f] += np.int64(t) * cents(wk.wage[row])
                vacancies[f] -= t
                to_hire[r] -= t
                hired_total += t
                k -= t
    return hired_total


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
    counts=None,
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
    `counts` (sim.state.WorkerCounts, or None): entrants join their establishment's counts.
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
            age_q[w] = age_min_q + _below(rng, age_max_q - age_min_q + 1)
            if est_sector[f] == SECTOR_EV:
                ev_skill[w] = ev_threshold + (1.0 - ev_threshold) * rng.random()
            else:
                ev_skill[w] = ev_threshold * rng.random()
            ice_skill[w] = 0.5 * rng.random()
            wage[w] = est_wage_level[f] * np.exp(wage_sigma * rng.normal() - 0.5 * wage_sigma**2)
            last_sector[w] = est_sector[f]
            quarters_unemployed[w] = 0
            weight[w] = chunk
            if counts is not None:
                counts.employed[f] += chunk
                counts.wage_cents[f] += np.int64(chunk) * cents(wage[w])
            vacancies[f] -= chunk
            entrants += chunk
    return entrants, unfilled, cursor


@njit(cache=True)
def enrol_retraining(
    wk,
    est_sector,
    places,
    preventive_places,
    duration,
    ev_threshold,
    cursor,
    rng,
    enrolled,
    counts=None,
):
    """Fill each region's reskilling places (real people) for this quarter; enrolled[r] = new
    participants (real).

    Places go to unemployed workers without the EV skill, former ICE-supplier workers first
    (status RETRAINING for `duration` quarters). Preventive places go to employed workers of
    ICE-specific suppliers without the EV skill, who keep their job while training. Who takes
    a place within a group is a uniform random pick over real workers (selection sampling).
    `counts` (sim.state.WorkerCounts, or None): enrolled unemployed move from the unemployed
    to the retraining count of their region (and claim benefits while they train).
    """
    status, region, weight = wk.status, wk.region, wk.weight
    last_sector, ev_skill, employer, training_left = (
        wk.last_sector,
        wk.ev_skill,
        wk.employer,
        wk.training_left,
    )
    n_regions = places.shape[0]
    pools = np.zeros((n_regions, 3), dtype=np.int64)  # former ICE, other unemployed, employed
    for w in range(status.shape[0]):
        kind = _retraining_kind(
            w, status, last_sector, ev_skill, employer, est_sector, training_left, ev_threshold
        )
        if kind >= 0:
            pools[region[w], kind] += weight[w]
    take = np.zeros((n_regions, 3), dtype=np.int64)
    for r in range(n_regions):
        take[r, 0] = min(places[r], pools[r, 0])
        take[r, 1] = min(places[r] - take[r, 0], pools[r, 1])
        take[r, 2] = min(preventive_places[r], pools[r, 2])
        enrolled[r] = take[r, 0] + take[r, 1] + take[r, 2]
    for w in range(status.shape[0]):
        kind = _retraining_kind(
            w, status, last_sector, ev_skill, employer, est_sector, training_left, ev_threshold
        )
        if kind < 0:
            continue
        r = region[w]
        m = weight[w]
        k = 0
        for _ in range(m):
            if take[r, kind] > 0 and rng.random() * pools[r, kind] < take[r, kind]:
                take[r, kind] -= 1
                k += 1
            pools[r, kind] -= 1
        if k == 0:
            continue
        row = w if k == m else split_off(wk, w, k, cursor)
        if row < 0:
            enrolled[r] -= k
            continue
        training_left[row] = duration
        if kind < 2:
            status[row] = RETRAINING
            if counts is not None:
                counts.unemployed[r] -= k
                counts.retraining[r] += k
                if wk.quarters_unemployed[row] > counts.benefit_quarters:
                    counts.benefit_cents[r] += np.int64(k) * cents(wk.wage[row])


@njit(cache=True)
def _retraining_kind(
    w, status, last_sector, ev_skill, employer, est_sector, training_left, ev_threshold
):
    """0 = unemployed former ICE worker, 1 = other unemployed, 2 = employed at an ICE-specific
    supplier (preventive), -1 = not eligible (already has the EV skill or is training)."""
    if ev_skill[w] >= ev_threshold or training_left[w] > 0:
        return -1
    if status[w] == UNEMPLOYED:
        return 0 if last_sector[w] == SECTOR_ICE else 1
    if status[w] == EMPLOYED and est_sector[employer[w]] == SECTOR_ICE:
        return 2
    return -1


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
    tally=None,
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

    With `tally` = (wage, counts): `counts` (sim.state.WorkerCounts) by establishment are
    kept up to date (retirees leave them), and counts by region are recounted as
    `tally_workers` (sim.kernels.accounting) counts them, each row once its quarter is done.
    A row's home region is read only where it is used (flows, the unemployed and retraining).
    """
    if tally is not None:
        wage, counts = tally
        counts.unemployed[:] = 0
        counts.retraining[:] = 0
        counts.benefit_cents[:] = 0
    # per establishment: 1 = trains its workers up to the EV threshold this quarter,
    # 2 = EV-specific (one table read per employed row; rows of other employers skip both)
    kind = np.empty(est_sector.shape[0], dtype=np.uint8)
    for f in range(est_sector.shape[0]):
        kind[f] = (1 if est_upskill[f] else 0) | (2 if est_sector[f] == SECTOR_EV else 0)
    for w in range(status.shape[0]):
        st = status[w]
        if st != EMPLOYED and st != UNEMPLOYED and st != RETRAINING:
            continue
        age_q[w] += 1
        if age_q[w] >= retirement_q:
            if tally is not None and st == EMPLOYED:
                f = employer[w]
                m = np.int64(weight[w])
                counts.employed[f] -= m
                counts.wage_cents[f] -= m * cents(wage[w])
            status[w] = LEFT_LABOUR_FORCE
            employer[w] = -1
            training_left[w] = 0
            flows[region[w], 0] += weight[w]
        elif training_left[w] > 0:
            training_left[w] -= 1
            if training_left[w] == 0:
                if rng.random() < success_probability:
                    ev_skill[w] = min(1.0, ev_skill[w] + skill_gain)
                    flows[region[w], 3] += weight[w]
                else:
                    flows[region[w], 4] += weight[w]
                if st == RETRAINING:
                    status[w] = UNEMPLOYED
            if tally is not None:
                _count_by_region(w, status, region, weight, wage, quarters_unemployed, counts)
        elif st == EMPLOYED:
            kf = kind[employer[w]]
            if kf != 0:
                if (kf & 1) != 0 and ev_skill[w] < ev_threshold:
                    ev_skill[w] = ev_threshold
                if (kf & 2) != 0:
                    ev_skill[w] = min(1.0, ev_skill[w] + ev_learning)
        else:  # unemployed (or retraining with no course left, which no kernel makes)
            if st == UNEMPLOYED:
                quarters_unemployed[w] += 1
                ev_skill[w] = max(0.0, ev_skill[w] - skill_loss)
                ice_skill[w] = max(0.0, ice_skill[w] - skill_loss)
                rate = outside_job_rate_older if age_q[w] >= older_from_q else outside_job_rate
                u = rng.random()
                if u < rate:
                    status[w] = EMPLOYED_ELSEWHERE
                    flows[region[w], 2] += weight[w]
                elif age_q[w] >= early_retirement_from_q and u < rate + early_retirement_rate:
                    status[w] = LEFT_LABOUR_FORCE
                    flows[region[w], 1] += weight[w]
            if tally is not None:
                _count_by_region(w, status, region, weight, wage, quarters_unemployed, counts)


@njit(cache=True)
def _count_by_region(w, status, region, weight, wage, quarters_unemployed, counts):
    """Row w, its quarter done, in the counts by region (as `tally_workers` counts it)."""
    st = status[w]
    if st == UNEMPLOYED:
        r = region[w]
        m = np.int64(weight[w])
        counts.unemployed[r] += m
        if quarters_unemployed[w] <= counts.benefit_quarters:
            counts.benefit_cents[r] += m * cents(wage[w])
    elif st == RETRAINING:
        r = region[w]
        m = np.int64(weight[w])
        counts.retraining[r] += m
        counts.benefit_cents[r] += m * cents(wage[w])


@njit(cache=True)
def relocate(
    status, region, weight, neighbour_start, neighbour_list, open_vacancies, rate, rng, moved
):
    """Unemployed workers move, with chance `rate`, to a neighbouring region that has open
    vacancies (chosen in proportion to them); moved[r] counts real arrivals in region r."""
    for w in range(status.shape[0]):
        if status[w] != UNEMPLOYED:
            continue
        r = region[w]
        lo, hi = neighbour_start[r], neighbour_start[r + 1]
        total = 0.0
        for i in range(lo, hi):
            total += open_vacancies[neighbour_list[i]]
        if total <= 0.0 or rng.random() >= rate:
            continue
        target = rng.random() * total
        for i in range(lo, hi):
            dest = neighbour_list[i]
            target -= open_vacancies[dest]
            if target <= 0.0 and open_vacancies[dest] > 0:
                region[w] = dest
                moved[dest] += weight[w]
                break
