"""The worker module reproduces the age-specific re-employment of plant-closure studies."""

from __future__ import annotations

from sim import load_scenario
from sim.analysis.checks import TARGETS, displaced_workers
from tests.conftest import SCENARIOS


def test_displaced_workers_match_age_specific_targets():
    shares = displaced_workers(load_scenario(SCENARIOS / "baseline.toml"), n=50_000, seed=1)
    for key in ("re-employed, under 55", "re-employed, 55 and over"):
        assert abs(shares[key] - TARGETS[key]) < 0.04, (key, shares[key])
    assert abs(sum(shares[k] for k in ("re-employed", "unemployed", "retired")) - 1.0) < 1e-9
    # the cohort is younger than the closure samples, so more are re-employed overall
    assert shares["re-employed"] > TARGETS["re-employed"]
