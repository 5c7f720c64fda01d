"""Accounting kernels: one pass tallies establishments and regions consistently."""

from __future__ import annotations

import numpy as np
import pytest

from sim import codes
from sim.kernels.accounting import cents, jobs_by_region, tally_workers, value_added_by_region
from sim.state import WorkerCounts
from tests.kernels.helpers import python_version

E, U, R, EMPTY = codes.EMPLOYED, codes.UNEMPLOYED, codes.RETRAINING, codes.EMPTY


def _tally(status, employer, region, wage, quarters_unemployed, weight, kernel=tally_workers):
    """Run tally_workers for two establishments (region 0 OEM, region 1 EV) and two regions;
    the wage bill and benefit wages in EUR (cents / 100), jobs from jobs_by_region."""
    est_region = np.array([0, 1], dtype=np.int32)
    est_sector = np.array([codes.SECTOR_OEM, codes.SECTOR_EV], dtype=np.int8)
    counts = WorkerCounts(
        *(np.full(2, 7, dtype=np.int64) for _ in range(5)),
        4,  # stale: the kernel clears them
    )
    kernel(
        np.array(status, dtype=np.int8),
        np.array(employer, dtype=np.int32),
        np.array(region, dtype=np.int16),
        np.array(wage, dtype=np.float32),
        np.array(quarters_unemployed, dtype=np.int16),
        np.array(weight, dtype=np.int16),
        counts,
    )
    jobs = np.full((2, codes.N_SECTORS), 7, dtype=np.int64)
    jobs_by_region(est_region, est_sector, counts.employed, jobs)
    return dict(
        employed=counts.employed,
        bill=counts.wage_cents / 100.0,
        jobs=jobs,
        unemployed=counts.unemployed,
        retraining=counts.retraining,
        benefit_wages=counts.benefit_cents / 100.0,
    )


def test_tally_counts_establishments_and_regions():
    out = _tally(
        [E, E, U, E, EMPTY, R],
        [0, 1, -1, 1, -1, -1],
        [0, 0, 1, 0, 0, 1],
        np.full(6, 10_000.0),
        [0, 0, 5, 0, 0, 0],
        [1, 1, 1, 1, 0, 1],
    )
    employed, bill, jobs = out["employed"], out["bill"], out["jobs"]
    assert employed.tolist() == [1, 2] and bill.tolist() == [10_000.0, 20_000.0]
    # jobs count where the job is (establishment region), not where the worker lives
    assert jobs[0, codes.SECTOR_OEM] == 1 and jobs[1, codes.SECTOR_EV] == 2 and jobs.sum() == 3
    assert out["unemployed"].tolist() == [0, 1] and out["retraining"].tolist() == [0, 1]
    # benefits: the unemployed worker ran out (5 >= 4 quarters), the one retraining is paid
    assert out["benefit_wages"].tolist() == [0.0, 10_000.0]


def test_tally_counts_real_workers_by_weight():
    out = _tally(
        [E, E, U, U, EMPTY, R, E],
        [0, 1, -1, -1, -1, -1, 1],
        [0, 0, 1, 1, 0, 1, 1],
        [10_000.0, 20_000.0, 8_000.0, 6_000.0, 99_999.0, 7_000.0, 30_000.0],
        [0, 0, 5, 2, 0, 0, 0],
        [3, 2, 4, 5, 0, 6, 1],
    )
    # an agent of weight 3 is 3 jobs and 3 wages in the bill
    assert out["employed"].tolist() == [3, 3]
    assert out["bill"].tolist() == [30_000.0, 2 * 20_000.0 + 30_000.0]
    assert out["jobs"][0, codes.SECTOR_OEM] == 3 and out["jobs"][1, codes.SECTOR_EV] == 3
    assert out["jobs"].sum() == 6
    assert out["unemployed"].tolist() == [0, 9] and out["retraining"].tolist() == [0, 6]
    # benefits: 5 still entitled (2 quarters) at 6,000 and 6 retraining at 7,000; 4 ran out
    assert out["benefit_wages"].tolist() == [0.0, 5 * 6_000.0 + 6 * 7_000.0]
    # the pure-Python version of the kernel agrees
    py = _tally(
        [E, E, U, U, EMPTY, R, E],
        [0, 1, -1, -1, -1, -1, 1],
        [0, 0, 1, 1, 0, 1, 1],
        [10_000.0, 20_000.0, 8_000.0, 6_000.0, 99_999.0, 7_000.0, 30_000.0],
        [0, 0, 5, 2, 0, 0, 0],
        [3, 2, 4, 5, 0, 6, 1],
        kernel=python_version(tally_workers),
    )
    for name, a in out.items():
        assert np.array_equal(a, py[name]), name


def test_tally_with_weights_equals_tally_of_expanded_rows():
    """An agent of weight m counts exactly as m agents of weight 1 with its state."""
    rng = np.random.default_rng(5)
    n = 40
    status = rng.choice([E, U, R, EMPTY, codes.LEFT_LABOUR_FORCE], size=n)
    employer = np.where(status == E, rng.integers(0, 2, size=n), -1)
    region = rng.integers(0, 2, size=n)
    wage = rng.integers(5, 40, size=n) * 1_000.0
    qu = rng.integers(0, 8, size=n)
    weight = np.where(np.isin(status, [E, U, R]), rng.integers(1, 9, size=n), 0)
    weighted = _tally(status, employer, region, wage, qu, weight)
    rep = np.repeat(np.arange(n), np.maximum(weight, 0))
    ones = _tally(status[rep], employer[rep], region[rep], wage[rep], qu[rep], np.ones(len(rep)))
    for name, a in weighted.items():
        assert np.array_equal(a, ones[name]), name


@pytest.mark.parametrize("kernel", [cents, python_version(cents)])
def test_cents_rounds_a_wage_to_the_nearest_cent(kernel):
    """A float32 wage becomes whole cents, to the nearest (the float32 value, not the decimal
    it was written as, decides: 1234.565 is stored as 1234.5649...)."""
    assert kernel(np.float32(10_000.0)) == 1_000_000
    assert kernel(np.float32(0.0)) == 0
    assert kernel(np.float32(1234.5)) == 123_450
    assert kernel(np.float32(0.125)) == 13  # exactly half a cent: rounds up
    assert kernel(np.float32(1234.565)) == 123_456
    wages = np.random.default_rng(0).uniform(2_000, 30_000, 1000).astype(np.float32)
    got = np.array([kernel(w) for w in wages])
    assert np.all(np.abs(got - wages.astype(np.float64) * 100) <= 0.5)


def test_wage_bill_in_cents_does_not_depend_on_the_order_of_rows():
    """Whole cents add up exactly: reordering the rows changes no count (float sums would)."""
    rng = np.random.default_rng(3)
    n = 500
    status = rng.choice([E, U, R], size=n)
    employer = np.where(status == E, rng.integers(0, 2, size=n), -1)
    args = (
        status,
        employer,
        rng.integers(0, 2, n),
        rng.uniform(2e3, 3e4, n),
        rng.integers(0, 8, n),
    )
    weight = rng.integers(1, 9, n)
    out = _tally(*args, weight)
    perm = rng.permutation(n)
    shuffled = _tally(*(a[perm] for a in args), weight[perm])
    for name, a in out.items():
        assert np.array_equal(a, shuffled[name]), name


def test_value_added_by_region_adds_up():
    out = np.zeros((2, codes.N_SECTORS))
    value_added_by_region(
        np.array([0, 1, 1], dtype=np.int32),
        np.array([0, 3, 3], dtype=np.int8),
        np.array([1.0, 2.0, 3.0]),
        out,
    )
    assert out[0, 0] == 1.0 and out[1, 3] == 5.0 and out.sum() == 6.0
