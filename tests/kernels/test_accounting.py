"""Accounting kernels: one pass tallies establishments and regions consistently."""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.kernels.accounting import tally_workers, value_added_by_region
from tests.kernels.helpers import python_version

E, U, R, EMPTY = codes.EMPLOYED, codes.UNEMPLOYED, codes.RETRAINING, codes.EMPTY


def _tally(status, employer, region, wage, quarters_unemployed, weight, kernel=tally_workers):
    """Run tally_workers for two establishments (region 0 OEM, region 1 EV) and two regions."""
    est_region = np.array([0, 1], dtype=np.int32)
    est_sector = np.array([codes.SECTOR_OEM, codes.SECTOR_EV], dtype=np.int8)
    out = dict(
        employed=np.zeros(2, dtype=np.int64),
        bill=np.zeros(2),
        jobs=np.zeros((2, codes.N_SECTORS), dtype=np.int64),
        unemployed=np.zeros(2, dtype=np.int64),
        retraining=np.zeros(2, dtype=np.int64),
        benefit_wages=np.zeros(2),
    )
    kernel(
        np.array(status, dtype=np.int8),
        np.array(employer, dtype=np.int32),
        np.array(region, dtype=np.int16),
        np.array(wage, dtype=np.float32),
        np.array(quarters_unemployed, dtype=np.int16),
        4,
        np.array(weight, dtype=np.int16),
        est_region,
        est_sector,
        out["employed"],
        out["bill"],
        out["jobs"],
        out["unemployed"],
        out["retraining"],
        out["benefit_wages"],
    )
    return out


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


def test_value_added_by_region_adds_up():
    out = np.zeros((2, codes.N_SECTORS))
    value_added_by_region(
        np.array([0, 1, 1], dtype=np.int32),
        np.array([0, 3, 3], dtype=np.int8),
        np.array([1.0, 2.0, 3.0]),
        out,
    )
    assert out[0, 0] == 1.0 and out[1, 3] == 5.0 and out.sum() == 6.0
