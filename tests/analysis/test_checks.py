"""The worker module reproduces the age-specific re-employment of plant-closure studies, with
the study's denominator (every displaced worker, retirees included)."""

from __future__ import annotations

import pytest

from sim import load_scenario
from sim.analysis.checks import TARGETS, displaced_workers, older_share_for, study_split_at_55
from tests.conftest import SCENARIOS


def test_displaced_workers_match_age_specific_targets():
    shares = displaced_workers(load_scenario(SCENARIOS / "baseline.toml"), n=50_000, seed=1)
    for key in ("re-employed, under 55", "re-employed, 55 and over"):
        assert abs(shares[key] - TARGETS[key]) < 0.04, (key, shares[key])
    assert abs(sum(shares[k] for k in ("re-employed", "unemployed", "retired")) - 1.0) < 1e-9
    # the cohort is younger than the closure samples, so more are re-employed overall
    assert shares["re-employed"] > TARGETS["re-employed"]


def test_shares_have_the_whole_cohort_in_the_denominator():
    shares = displaced_workers(load_scenario(SCENARIOS / "baseline.toml"), n=20_000, seed=2)
    w = shares["share aged 55 and over"]
    mixed = w * shares["re-employed, 55 and over"] + (1 - w) * shares["re-employed, under 55"]
    assert shares["re-employed"] == pytest.approx(mixed, abs=1e-12)
    # retirees count in the denominator and split into early and at the retirement age
    assert shares["retired"] == pytest.approx(
        shares["retired early"] + shares["reached retirement age"], abs=1e-12
    )
    assert shares["retired early"] > 0 and shares["reached retirement age"] > 0


def test_without_early_retirement_only_the_retirement_age_retires():
    spec = load_scenario(
        SCENARIOS / "baseline.toml", overrides={"labour.early_retirement_rate": 0.0}
    )
    shares = displaced_workers(spec, n=20_000, seed=3)
    assert shares["retired early"] == 0.0
    assert shares["retired"] == shares["reached retirement age"] > 0.0


def test_older_share_for_inverts_the_age_mix():
    # 69% overall from 88% and 57%: 19/31 of the cohort in the older group
    assert older_share_for(0.69, 0.88, 0.57) == pytest.approx(19 / 31)
    for w in (0.0, 0.1, 0.5, 1.0):
        assert older_share_for(w * 0.4 + (1 - w) * 0.9, 0.9, 0.4) == pytest.approx(w)
    with pytest.raises(ValueError, match="same share"):
        older_share_for(0.5, 0.7, 0.7)


def test_study_split_at_55_arithmetic():
    implied = study_split_at_55()
    assert implied["share aged 55 and over"] == pytest.approx(19 / 31)
    # at least 30% of the 55+ still unemployed: at most 1 - 0.57 - 0.30 of them retired
    assert implied["retired, 55 and over, at most"] == pytest.approx(0.13)
    # 11% retired overall: (0.11 x 31 - 19 x 0.13) / 12 of the under-55s at least
    assert implied["retired, under 55, at least"] == pytest.approx((3.41 - 2.47) / 12)
    # with fewer retirements than the 55+ can supply, nobody under 55 needs to retire
    fewer = dict(TARGETS, retired=0.05)
    assert study_split_at_55(fewer)["retired, under 55, at least"] == 0.0
