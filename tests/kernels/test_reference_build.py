"""The build's kernels against their references (tests/kernels/reference_build.py: the kernels
as they were before issue 12's build speed-up): on the same inputs they must give the same
arrays and leave the random stream in the same state (the same draws in the same order).
Inputs: random networks with the awkward cases (sizes or region weights of 0, weights too
small to multiply without rounding to 0, fewer candidates than links, no plants), compiled
and, with numba off (tests/test_kernels_without_jit.py), as plain Python."""

from __future__ import annotations

from dataclasses import fields
from types import SimpleNamespace

import numpy as np
import pytest

from sim import codes
from sim.initialise.population import _truncated_normal, make_workers, whole_jobs
from sim.kernels.network import balance_links, sample_links
from sim.kernels.population import firm_sizes
from sim.scenario import load_scenario
from tests.conftest import TINY
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


def test_sample_links_rejects_negative_sizes_and_unknown_regions() -> None:
    net = list(_network(1, 2, 30, 2, 3, 0.0))
    net[6][4] = -1.0
    with pytest.raises(ValueError, match="non-negative"):
        sample_links(*net, 3, np.ones((2, 2)), np.random.default_rng(0))
    net = list(_network(1, 2, 30, 2, 3, 0.0))
    net[3][5] = 2
    with pytest.raises(ValueError, match="region ids"):
        sample_links(*net, 3, np.ones((2, 2)), np.random.default_rng(0))


def test_balance_links_rejects_numbers_out_of_range() -> None:
    x, sup, row = np.ones(3), np.array([0, 1, 2]), np.array([0, 0, 1])
    with pytest.raises(ValueError, match="out of range"):
        balance_links(x, sup, row, np.ones(2), np.ones(3), 2, 2, 5)
    with pytest.raises(ValueError, match="out of range"):
        balance_links(x, sup - 1, row, np.ones(3), np.ones(3), 3, 2, 5)


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


@pytest.mark.parametrize(
    ("scale", "unemployed", "age_sd"), [(1, 0.0, 10.0), (1, 0.08, 30.0), (5, 0.05, 10.0)]
)
def test_make_workers_is_unchanged(scale: int, unemployed: float, age_sd: float) -> None:
    """The worker rows (sim.kernels.population.worker_rows) are those of the
    numpy code, with the same draws: with start-year unemployed (their sectors drawn), many
    ages drawn again (age_sd 30), agents of several workers, and an establishment without
    workers; the wage bill is the numpy one."""
    overrides = {
        "labour.initial_unemployed_share": unemployed,
        "labour.age_sd": age_sd,
    }
    spec = load_scenario(TINY, overrides)
    rng = np.random.default_rng(scale)
    n_e, n_regions = 60, 5
    est = SimpleNamespace(
        region=rng.integers(0, n_regions, n_e).astype(np.int32),
        sector=rng.integers(0, codes.N_SECTORS, n_e).astype(np.int8),
        wage_level=rng.uniform(3e4, 7e4, n_e),
        agent_cap=rng.integers(1, scale + 1, n_e).astype(np.int64),
    )
    per_est = rng.integers(0, 400, n_e)
    per_est[3] = 0
    regions = range(n_regions)  # make_workers only counts the regions
    ours, theirs = np.random.default_rng(7), np.random.default_rng(7)
    got, bill = make_workers(spec, est, per_est, regions, scale, ours)
    want = reference.make_workers(spec, est, per_est, regions, scale, theirs)
    for f in fields(want):
        a, b = getattr(got, f.name), getattr(want, f.name)
        assert a.dtype == b.dtype and np.array_equal(a, b), f.name
    live = want.status == codes.EMPLOYED
    want_bill = np.bincount(
        want.employer[live], weights=want.wage[live] * want.weight[live], minlength=n_e
    )
    assert np.array_equal(bill, want_bill)
    assert ours.bit_generator.state == theirs.bit_generator.state
    assert (got.status == codes.UNEMPLOYED).any() == (unemployed > 0)
    assert (got.weight > 1).any() == (scale > 1)


@pytest.mark.parametrize("seed", range(6))
def test_whole_jobs_is_unchanged(seed: int) -> None:
    """Same whole jobs as the loop over groups, with ties between remainders, groups missing
    more jobs than they have members, groups with nothing missing and unused group ids."""
    rng = np.random.default_rng(seed)
    n, n_groups = 300, 12
    group = rng.integers(0, n_groups, n)
    group[group == 3] = 4  # group 3 has no member
    real = rng.pareto(1.2, n) * 30
    real[::5] = np.round(real[::5]) + 0.5  # ties
    real[::11] = 0.0
    group_jobs = np.bincount(group, weights=real, minlength=n_groups)
    group_jobs[::4] += rng.integers(0, 3 * n // n_groups, len(group_jobs[::4]))  # many missing
    group_jobs[1] = 0.0  # nothing missing (fewer wanted than floored)
    got = whole_jobs(real, group, group_jobs)
    want = reference.whole_jobs(real, group, group_jobs)
    assert got.dtype == want.dtype and np.array_equal(got, want)
    present = np.bincount(group, minlength=n_groups) > 0
    floored = np.bincount(group, weights=np.floor(real), minlength=n_groups)
    sums = np.bincount(group, weights=got, minlength=n_groups)
    assert np.array_equal(sums[present], np.maximum(np.round(group_jobs), floored)[present])
    assert len(whole_jobs(real[:0], group[:0], group_jobs)) == 0


@pytest.mark.parametrize("sd", [5.0, 11.0, 30.0])
def test_truncated_normal_is_unchanged(sd: float) -> None:
    """Same ages and the same draws as redrawing over the whole array, also when many fall
    outside and are drawn again several times (sd 30)."""
    for n in (0, 1, 5000):
        ours, theirs = np.random.default_rng(n), np.random.default_rng(n)
        got = _truncated_normal(42.0, sd, 18.0, 66.75, n, ours)
        assert np.array_equal(got, reference._truncated_normal(42.0, sd, 18.0, 66.75, n, theirs))
        assert ours.bit_generator.state == theirs.bit_generator.state
        assert ((got >= 18.0) & (got < 66.75)).all()
