"""The supply network: drawn by a seeded kernel, kept as edge arrays, shown as a networkx graph."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import codes
from sim.initialise.population import Population
from sim.kernels.network import balance_links, sample_links
from sim.scenario.schema import NetworkSpec, Scenario
from sim.state import Network

if TYPE_CHECKING:
    import networkx as nx


def region_weights(distance_km: np.ndarray, country: np.ndarray, spec: NetworkSpec) -> np.ndarray:
    """Link weight between every pair of regions: distance decay times home-region or
    home-country bias."""
    w = np.exp(-distance_km / spec.distance_decay_km)
    same_country = country[:, None] == country[None, :]
    w = np.where(same_country, w * spec.home_country_bias, w)
    np.fill_diagonal(w, np.diag(w) / spec.home_country_bias * spec.home_region_bias)
    return w


def build_links(
    pop: Population,
    scenario: Scenario,
    base_bev_share: float,
    rng: np.random.Generator,
    nonbev_ev: float = 0.0,
    planned_rng: np.random.Generator | None = None,
) -> tuple[Network, np.ndarray]:
    """Draw the start-year supply links; returns the edge arrays (sorted by supplier tier) and
    the tier offsets (tier t's edges are tier_start[t-1]:tier_start[t]).

    The suppliers open at the start draw their links with `rng` exactly as they would without
    any planned plant (common random numbers with a scenario that has none). Then each planned
    plant (localisation) draws its own links with `planned_rng` (`planned_plant_links`); they
    go at the end of their tier's block, and their start weights are 0 during the balancing, so
    the other links, their weights and their keys (`Network.key`, for the keyed re-sourcing
    draws) are bit-identical with and without the plant."""
    regions, p, s = pop.regions, pop.plants, pop.suppliers
    spec = scenario.network
    n_p = len(p)
    weights = region_weights(regions.distance_km(), regions.country_index, spec)
    open_ = np.flatnonzero(s.opens_year == 0)
    sup, cust, tier_start = sample_links(
        n_p,
        p.region,
        p.capacity,
        s.region[open_],
        s.group[open_].astype(np.int64),
        s.tier[open_].astype(np.int64),
        s.capacity[open_],
        codes.N_GROUPS,
        spec.links_per_customer,
        weights,
        rng,
    )
    sup = open_[sup]  # back to indices among all suppliers
    cust = np.where(cust < n_p, cust, n_p + open_[np.maximum(cust - n_p, 0)])
    key = np.arange(len(sup), dtype=np.int64)
    planned = np.flatnonzero(s.opens_year != 0)
    if len(planned):
        if planned_rng is None:
            raise ValueError("planned plants need their own random stream (planned_rng)")
        p_sup, p_cust, p_tier = planned_plant_links(
            pop, planned, open_, spec.links_per_customer, weights, planned_rng
        )
        p_key = len(sup) + np.arange(len(p_sup), dtype=np.int64)
        parts: list[tuple[np.ndarray, ...]] = []
        for t in range(1, 4):
            lo, hi = tier_start[t - 1], tier_start[t]
            mine = p_tier == t
            parts.append((sup[lo:hi], cust[lo:hi], key[lo:hi]))
            parts.append((p_sup[mine], p_cust[mine], p_key[mine]))
        sup, cust, key = (np.concatenate([part[i] for part in parts]) for i in range(3))
        tier_start = tier_start + np.concatenate(
            [[0], np.cumsum(np.bincount(p_tier, minlength=4)[1:])]
        )
    customer_region = np.where(
        cust < n_p,
        p.region[np.minimum(cust, n_p - 1)],
        s.region[np.maximum(cust - n_p, 0)],
    )
    edge_weight = weights[customer_region, s.region[sup]]
    edge_weight = balance_weights(
        pop,
        sup,
        cust,
        edge_weight,
        base_bev_share,
        scenario.oems.base_utilisation,
        scenario.suppliers.base_utilisation,
        nonbev_ev,
    )
    return Network(supplier=sup, customer=cust, weight=edge_weight, key=key), tier_start


def planned_plant_links(
    pop: Population,
    planned: np.ndarray,
    open_: np.ndarray,
    links_per_customer: int,
    region_weight: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The links of the planned plants, plant by plant, drawn as `sample_links` would have
    drawn them with the plant among the candidates, but without changing anybody else's links.

    With k = `links_per_customer`, a plant of product g and tier t:
    - draws up to k customers: plants for t = 1, else open suppliers of g at tier t - 1
      (chance proportional to size x region_weight[plant region, customer region]);
    - is linked to each of those customers that picks it when it repeats its own draw of k
      suppliers of g at tier t with the plant added to the open ones (capacity x
      region_weight[customer region, supplier region]);
    - draws up to k suppliers of g at tier t + 1 among the open suppliers (capacity x
      region_weight[plant region, supplier region]);
    - is linked to each such supplier that picks it when it repeats its own draw of k
      customers with the plant added.
    All draws are without replacement; the repeated draws only decide the plant's links (the
    drawing customer or supplier keeps the links of the run without the plant), each plant is
    added alone, and a pair may be linked twice, as in `sample_links`. Returns (supplier,
    customer node, supplier tier) arrays."""
    p, s = pop.plants, pop.suppliers
    n_p = len(p)
    e_sup: list[int] = []
    e_cust: list[int] = []
    e_tier: list[int] = []

    def add(supplier: int, customer: int, tier: int) -> None:
        e_sup.append(supplier)
        e_cust.append(customer)
        e_tier.append(tier)

    def peers(g: int, t: int) -> np.ndarray:
        return open_[(s.group[open_] == g) & (s.tier[open_] == t)]

    k = links_per_customer
    for i in planned:
        g, t, r, cap = int(s.group[i]), int(s.tier[i]), s.region[i], s.capacity[i]
        if t == 1:
            c_node, c_size, c_region = np.arange(n_p), p.capacity, p.region
        else:
            up = peers(g, t - 1)
            c_node, c_size, c_region = n_p + up, s.capacity[up], s.region[up]
        for c in _draw(c_node, c_size * region_weight[r, c_region], k, rng):
            add(int(i), int(c), t)
        rivals = peers(g, t)
        for c, cr in zip(c_node, c_region, strict=True):
            w = s.capacity[rivals] * region_weight[cr, s.region[rivals]]
            if _picked(w, cap * region_weight[cr, r], k, rng):
                add(int(i), int(c), t)
        if t == 3:
            continue
        down = peers(g, t + 1)
        for d in _draw(down, s.capacity[down] * region_weight[r, s.region[down]], k, rng):
            add(int(d), n_p + int(i), t + 1)
        for d in down:
            w = s.capacity[rivals] * region_weight[s.region[d], s.region[rivals]]
            if _picked(w, cap * region_weight[s.region[d], r], k, rng):
                add(int(d), n_p + int(i), t + 1)
    return (
        np.array(e_sup, dtype=np.int64),
        np.array(e_cust, dtype=np.int64),
        np.array(e_tier, dtype=np.int64),
    )


def _draw(nodes: np.ndarray, size: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Up to k of `nodes` without replacement, with chance proportional to `size` (nodes of
    size 0 are never drawn)."""
    n = min(k, int(np.count_nonzero(size > 0)))
    if n == 0:
        return nodes[:0]
    return nodes[rng.choice(len(nodes), size=n, replace=False, p=size / size.sum())]


def _picked(others: np.ndarray, new: float, k: int, rng: np.random.Generator) -> bool:
    """Whether a draw of up to k of the candidates `others` plus one more (pick weight `new`),
    without replacement and proportional to weight, picks the added one."""
    if new <= 0:
        return False
    size = np.append(others, new)
    return bool(np.any(_draw(np.arange(len(size)), size, k, rng) == len(others)))


def balance_weights(
    pop: Population,
    sup: np.ndarray,
    cust: np.ndarray,
    weight: np.ndarray,
    base_bev_share: float,
    oem_utilisation: float,
    supplier_utilisation: float,
    nonbev_ev: float = 0.0,
    iterations: int = 200,
) -> np.ndarray:
    """Link weights (contract shares) for which start-year orders meet start-year capacity use.

    A customer splits its need for a product over its suppliers in proportion to link weight
    (see route_orders); drawn links alone would overload some suppliers and starve others.
    Biproportional fitting (RAS), started from the region-pair weight times the supplier's
    capacity, finds weights for which each customer's need per product is fully ordered and
    each supplier receives, as nearly as its links allow, its capacity times the base
    utilisation. Distance decay and home bias stay in the starting weights, so the fitted
    network keeps their pattern. The weights are then fixed: a supplier's share of its
    customers' orders does not follow its own later capacity, which only limits what it makes
    (a share that followed capacity would let any supplier outside the utilisation band
    grow or shrink without end).
    """
    p, s = pop.plants, pop.suppliers
    n_p = len(p)
    group = s.group[sup].astype(np.int64)
    base_ice = p.capacity * oem_utilisation * (1.0 - base_bev_share)
    base_bev = p.capacity * oem_utilisation * base_bev_share
    sector = np.array(codes.GROUP_SECTOR)[group]
    is_oem = cust < n_p
    oem = np.minimum(cust, n_p - 1)
    need = np.where(
        is_oem,
        np.where(
            sector == codes.SECTOR_ICE,
            base_ice[oem],
            np.where(
                sector == codes.SECTOR_EV,
                base_bev[oem] + nonbev_ev * base_ice[oem],
                base_ice[oem] + base_bev[oem],
            ),
        ),
        (s.capacity * supplier_utilisation * s.alive)[np.maximum(cust - n_p, 0)],
    )
    target = s.capacity * supplier_utilisation * s.alive  # plants opening later get no orders yet
    # a row is one (customer, product) pair
    row_key = cust * codes.N_GROUPS + group
    # rows numbered in key order (as np.unique's inverse), by a table over all keys
    present = np.zeros(int(row_key.max()) + 1 if len(row_key) else 0, dtype=np.int64)
    present[row_key] = 1
    row = (np.cumsum(present) - 1)[row_key]
    # links of plants opening later start at 0, so that the other links' weights are those
    # of a run without them (common random numbers)
    cust_sup = np.maximum(cust - n_p, 0)
    later = (s.opens_year[sup] != 0) | ((cust >= n_p) & (s.opens_year[cust_sup] != 0))
    x = np.where(later, 0.0, weight * s.capacity[sup])
    n_rows = int(row.max()) + 1 if len(row) else 0
    balance_links(
        x, sup, row, target.astype(np.float64), need.astype(np.float64), len(s), n_rows, iterations
    )
    return np.where(x > 0, x, weight * 1e-9)


def to_networkx(pop: Population, links: Network) -> nx.DiGraph:
    """A DiGraph of plants and suppliers with their attributes and the current links.

    Nodes: ("oem", p) and ("supplier", s); attributes kind, region (code), tier (0 for plants),
    group (product group name or "vehicles"), alive. Edges point from supplier to customer and
    carry `weight`.
    """
    # lazy: a run never builds the graph, and networkx takes 0.1 s to import
    import networkx as nx

    g = nx.DiGraph()
    codes_ = pop.regions.code
    p, s = pop.plants, pop.suppliers
    g.add_nodes_from(
        (
            ("oem", i),
            {
                "kind": "oem",
                "region": codes_[p.region[i]],
                "tier": 0,
                "group": "vehicles",
                "alive": True,
            },
        )
        for i in range(len(p))
    )
    g.add_nodes_from(
        (
            ("supplier", i),
            {
                "kind": "supplier",
                "region": codes_[s.region[i]],
                "tier": int(s.tier[i]),
                "group": codes.PRODUCT_GROUPS[s.group[i]],
                "alive": bool(s.alive[i]),
            },
        )
        for i in range(len(s))
    )
    n_p = len(p)
    g.add_weighted_edges_from(
        (("supplier", int(a)), ("oem", int(b)) if b < n_p else ("supplier", int(b - n_p)), float(w))
        for a, b, w in zip(links.supplier, links.customer, links.weight, strict=True)
    )
    return g
