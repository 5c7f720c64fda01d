"""Accounting kernels: one pass tallies establishments and regions consistently."""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.kernels.accounting import tally_workers, value_added_by_region

E, U, R, EMPTY = codes.EMPLOYED, codes.UNEMPLOYED, codes.RETRAINING, codes.EMPTY


def test_tally_counts_establishments_and_regions():
    status = np.array([E, E, U, E, EMPTY, R], dtype=np.int8)
    employer = np.array([0, 1, -1, 1, -1, -1], dtype=np.int32)
    region = np.array([0, 0, 1, 0, 0, 1], dtype=np.int16)
    wage = np.full(6, 10_000.0, dtype=np.float32)
    est_region = np.array([0, 1], dtype=np.int32)
    est_sector = np.array([codes.SECTOR_OEM, codes.SECTOR_EV], dtype=np.int8)
    employed, bill = np.zeros(2, dtype=np.int64), np.zeros(2)
    jobs = np.zeros((2, codes.N_SECTORS), dtype=np.int64)
    unemployed, retraining = np.zeros(2, dtype=np.int64), np.zeros(2, dtype=np.int64)
    benefit_wages = np.zeros(2)
    quarters_unemployed = np.array([0, 0, 5, 0, 0, 0], dtype=np.int16)
    tally_workers(
        status,
        employer,
        region,
        wage,
        quarters_unemployed,
        4,
        est_region,
        est_sector,
        employed,
        bill,
        jobs,
        unemployed,
        retraining,
        benefit_wages,
    )
    assert employed.tolist() == [1, 2] and bill.tolist() == [10_000.0, 20_000.0]
    # jobs count where the job is (establishment region), not where the worker lives
    assert jobs[0, codes.SECTOR_OEM] == 1 and jobs[1, codes.SECTOR_EV] == 2 and jobs.sum() == 3
    assert unemployed.tolist() == [0, 1] and retraining.tolist() == [0, 1]
    # benefits: the unemployed worker ran out (5 >= 4 quarters), the one retraining is paid
    assert benefit_wages.tolist() == [0.0, 10_000.0]
    # benefits: the unemployed worker ran out (5 >= 4 quarters), the one retraining is paid
    assert benefit_wages.tolist() == [0.0, 10_000.0]


def test_value_added_by_region_adds_up():
    out = np.zeros((2, codes.N_SECTORS))
    value_added_by_region(
        np.array([0, 1, 1], dtype=np.int32),
        np.array([0, 3, 3], dtype=np.int8),
        np.array([1.0, 2.0, 3.0]),
        out,
    )
    assert out[0, 0] == 1.0 and out[1, 3] == 5.0 and out.sum() == 6.0
