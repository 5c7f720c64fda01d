"""The build's kernels against their references (tests/kernels/reference_build.py: the kernels
as they were before issue 12's build speed-up): on the same inputs they must give the same
arrays and leave the random stream in the same state (the same draws in the same order).
Inputs: random networks with the awkward cases (sizes or region weights of 0, weights too
small to multiply without rounding to 0, fewer candidates than links, no plants), compiled
and, with numba off (tests/test_kernels_without_jit.py), as plain Python."""

from __future__ import annotations

import numpy as np
import pytest

from sim import codes
from sim.kernels.network import balance_links, sample_links
from sim.kernels.population import firm_sizes, worker_traits
from tests.kernels import reference_build as reference


def _network(seed: int, n_oem: int, n_sup: int, n_regions: int, n_groups: int, zeros: float):
    """Random plants and suppliers; a share `zeros` of sizes and region weights is 0."""
    rng = np.random.default_rng(seed)
    oem_capacity = rng.uniform(0, 100, n_oem)
    sup_capacity = rng.pareto(1.5, n_sup) + 0.01
    region_weight = rng.uniform(0, 1, (n_regions, n_regions))
    for a in (oem_capacity, sup_capacity, region_weight):
        a[rng.random(a.shape) < zeros] = 0.0
    return (
        n_oem,
        rng.integers(0, n_regions, n_oem).astype(np.int32),
        oem_capacity,
        rng.integers(0, n_regions, n_sup).astype(np.int32),
        rng.integers(0, n_groups, n_sup),
        rng.integers(1, 4, n_sup),
        sup_capacity,
        n_groups,
    )


def _assert_same_links(args: tuple, k: int, region_seed: int, **kw) -> int:
    ours, theirs = np.random.default_rng(region_seed), np.random.default_rng(region_seed)
    got = sample_links(*args[:8], k, args[8], ours, **kw)
    want = reference.sample_links(*args[:8], k, args[8], theirs)
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(a, b)
    assert ours.bit_generator.state == theirs.bit_generator.state
    return len(got[0])


@pytest.mark.parametrize("seed", range(12))
def test_sample_links_draws_as_the_scan(seed: int) -> None:
    """Same links in the same order and the same draws as the scan of every pick, with the
    binary search's answers (certify=1) and with every pick left to the scan (certify huge)."""
    n_oem = (0, 1, 4, 9)[seed % 4]
    n_regions = 1 + seed % 5
    net = _network(seed, n_oem, 40 + 37 * seed, n_regions, 1 + seed % codes.N_GROUPS, 0.0)
    zeros = (0.0, 0.3, 0.8)[seed % 3]
    rng = np.random.default_rng(seed + 50)
    region_weight = rng.uniform(0, 1, (n_regions, n_regions))
    region_weight[rng.random(region_weight.shape) < zeros] = 0.0
    if seed % 3:
        net[6][rng.random(len(net[6])) < zeros] = 0.0
    args = (*net, region_weight)
    for k in (1, 3, 7):
        n_links = _assert_same_links(args, k, seed)
        assert _assert_same_links(args, k, seed, certify=1e300) == n_links


def test_sample_links_with_weights_that_round_to_zero() -> None:
    """Sizes times region weights below the smallest double are no candidates (no draw)."""
    net = list(_network(5, 3, 200, 3, 4, 0.0))
    net[6] = net[6] * 1e-170
    net[6][::7] = 1.0
    region_weight = np.array([[1e-170, 1.0, 1e-10], [1.0, 1e-170, 1.0], [1e-300, 1.0, 1.0]])
    for k in (2, 5):
        assert _assert_same_links((*net, region_weight), k, 9) > 0


def test_sample_links_with_equal_weights() -> None:
    """Ties everywhere (all weights equal), where running sums hit the target exactly."""
    n = 300
    args = (
        2,
        np.zeros(2, dtype=np.int32),
        np.full(2, 4.0),
        np.zeros(n, dtype=np.int32),
        np.zeros(n, dtype=np.int64),
        np.repeat(np.arange(1, 4), n // 3),
        np.full(n, 0.25),
        1,
        np.ones((1, 1)),
    )
    assert _assert_same_links(args, 3, 0) > 0


def test_sample_links_rejects_negative_sizes() -> None:
    net = list(_network(1, 2, 30, 2, 3, 0.0))
    net[6][4] = -1.0
    with pytest.raises(ValueError, match="non-negative"):
        sample_links(*net, 3, np.ones((2, 2)), np.random.default_rng(0))


@pytest.mark.parametrize("seed", range(4))
def test_balance_links_is_unchanged(seed: int) -> None:
    """The same weights to the bit, with rows of one need per link (one division per row)
    and with needs that differ within a row (a division per link)."""
    rng = np.random.default_rng(seed)
    n, n_sup, n_rows = 900, 70, 150
    sup = rng.integers(0, n_sup - 5, n)
    row = rng.integers(0, n_rows, n)
    x0 = rng.random(n)
    x0[rng.random(n) < 0.1] = 0.0
    x0[row == row[0]] = 0.0
    target = rng.uniform(1, 5, n_sup)
    row_need = rng.uniform(1, 5, n_rows)
    for need in (row_need[row], rng.uniform(1, 5, n)):
        ours, theirs = x0.copy(), x0.copy()
        balance_links(ours, sup, row, target, need, n_sup, n_rows, 40)
        reference.balance_links(theirs, sup, row, target, need, n_sup, n_rows, 40)
        assert np.array_equal(ours, theirs)
        assert ours.sum() > 0


@pytest.mark.parametrize("seed", range(4))
def test_firm_sizes_is_unchanged(seed: int) -> None:
    """Same firms and draws as the Python loop, with cells too small for a firm, regions
    that get the spare firm, and firms capped at the largest size."""
    rng = np.random.default_rng(seed)
    n_regions = 12
    sector_jobs = rng.pareto(1.0, (n_regions, 3)) * 500
    sector_jobs[::4] = rng.uniform(0, 3, (3, 3))  # a handful of jobs: few or no firms
    sector_jobs[0] = 0.01  # no firm in any cell: the spare firm
    jobs_parts = sector_jobs.sum(axis=1)
    jobs_parts[1] = 0.0
    sector_groups = (codes.ICE_GROUPS, codes.EV_GROUPS, codes.AGNOSTIC_GROUPS)
    sector_weights = tuple(rng.dirichlet(np.ones(len(g))) for g in sector_groups)
    tiers = np.array([0.5, 0.3, 0.2])
    alpha, min_size, max_size = 1.1 + 0.3 * seed, 5 + seed, 400
    ours, theirs = np.random.default_rng(seed + 9), np.random.default_rng(seed + 9)
    want = reference.supplier_firms(
        sector_jobs, sector_groups, sector_weights, tiers, jobs_parts, 7, alpha, min_size,
        max_size, theirs,
    )  # fmt: skip
    groups = [g for gs in sector_groups for g in gs]
    weights = np.concatenate(sector_weights)
    cols = np.repeat(np.arange(3), [len(g) for g in sector_groups])
    cell_total = (sector_jobs[:, cols] * weights[None, :])[:, :, None] * tiers[None, None, :]
    got = firm_sizes(
        cell_total.reshape(n_regions, -1),
        np.repeat(np.array(groups), 3),
        np.tile(np.arange(1, 4), len(groups)),
        jobs_parts,
        7,
        alpha,
        float(min_size),
        float(max_size),
        ours,
    )
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(a, np.array(b))
    assert ours.bit_generator.state == theirs.bit_generator.state
    assert got[1][got[0] == 0].tolist() == [7] and got[2][got[0] == 0].tolist() == [1]
    assert (got[3] <= max_size).all() and len(got[0]) > 50


@pytest.mark.parametrize("age_sd", [4.0, 11.0, 40.0])
def test_worker_traits_is_unchanged(age_sd: float) -> None:
    """Same ages, skills and wages and the same draws as the numpy code, also when many ages
    fall outside the bounds and are drawn again (age_sd 40)."""
    rng = np.random.default_rng(int(age_sd))
    n = 5000
    sec = rng.integers(0, codes.N_SECTORS, n).astype(np.int8)
    level = rng.uniform(2e4, 6e4, n)
    age_mean, retirement_age, thr, sigma = 43.0, 67, 0.35, 0.25
    ours, theirs = np.random.default_rng(1), np.random.default_rng(1)
    want = reference.worker_draws(sec, level, age_mean, age_sd, retirement_age, thr, sigma, theirs)
    age_q = np.zeros(n, dtype=np.int16)
    ice, ev = np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
    exponent = np.empty(n)
    worker_traits(
        sec, age_mean, age_sd, 18.0, retirement_age - 0.25, thr, sigma, 0.5 * sigma**2,
        codes.SECTOR_ICE, codes.SECTOR_EV, ours, age_q, ice, ev, exponent,
    )  # fmt: skip
    wage = np.zeros(n, dtype=np.float32)
    wage[:] = np.exp(exponent) * level
    for a, b in zip((age_q, ice, ev, wage), want, strict=True):
        assert np.array_equal(a, b)
    assert ours.bit_generator.state == theirs.bit_generator.state
    assert age_q.min() >= 18 * 4 and age_q.max() < 67 * 4
