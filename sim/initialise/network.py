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
) -> tuple[Network, np.ndarray]:
    """Draw the start-year supply links; returns the edge arrays (sorted by supplier tier) and
    the tier offsets (tier t's edges are tier_start[t-1]:tier_start[t])."""
    regions, p, s = pop.regions, pop.plants, pop.suppliers
    spec = scenario.network
    weights = region_weights(regions.distance_km(), regions.country_index, spec)
    sup, cust, tier_start = sample_links(
        len(p),
        p.region,
        p.capacity,
        s.region,
        s.group.astype(np.int64),
        s.tier.astype(np.int64),
        s.capacity,
        codes.N_GROUPS,
        spec.links_per_customer,
        weights,
        rng,
    )
    customer_region = np.where(
        cust < len(p),
        p.region[np.minimum(cust, len(p) - 1)],
        s.region[np.maximum(cust - len(p), 0)],
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
    return Network(supplier=sup, customer=cust, weight=edge_weight), tier_start


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
    _, row = np.unique(row_key, return_inverse=True)
    x = weight * s.capacity[sup]
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
