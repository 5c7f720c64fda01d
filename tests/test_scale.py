"""The map of jobs per region must not depend on --scale (issue 9): firms keep their real
sizes, the start is exact, a frozen drivetrain mix stays flat, and a coarse scale gives the
same regional changes as scale 1 on average. Fast versions, on tiny, of
experiments/checks/scale_invariance.py (which checks the EU set)."""

from __future__ import annotations

import numpy as np
import pytest

from sim import TransitionModel, load_scenario, run
from sim.analysis.scale_check import mean_change, null_checks, summarise
from sim.cli import main
from sim.scale import MAX_CHECKED_SCALE, ScaleError, check_scale
from tests.conftest import TINY

FROZEN = {
    "electrification.mode": "table",
    "electrification.years": [2025, 2035],
    "electrification.bev_shares": [0.174, 0.174],
    # no labour productivity growth either (as scenarios/validation/frozen_mix.toml)
    "productivity.oem": 0.0,
    "productivity.supplier_ice": 0.0,
    "productivity.supplier_ev": 0.0,
    "productivity.supplier_agnostic": 0.0,
}


@pytest.mark.parametrize("scale", [10, MAX_CHECKED_SCALE])
def test_firms_and_start_are_the_same_at_every_scale(scale):
    spec = load_scenario(TINY)
    fine = TransitionModel(scenario=spec, seed=2, scale=1)
    coarse = TransitionModel(scenario=spec, seed=2, scale=scale)
    # the same firms with the same real workforces, held by fewer agents (tiny's suppliers
    # are small, and every firm keeps at least 20 agents or one per worker)
    assert np.array_equal(fine.pop.establishments.employed, coarse.pop.establishments.employed)
    assert np.array_equal(fine.pop.suppliers.capacity, coarse.pop.suppliers.capacity)
    live = (coarse.pop.workers.status >= 0).sum(), (fine.pop.workers.status >= 0).sum()
    assert live[0] < 0.6 * live[1]
    fine.step()
    coarse.step()
    a = fine.history[0, :, 0]
    b = coarse.history[0, :, 0]
    assert np.max(np.abs(b / a - 1)) < 0.005


@pytest.mark.parametrize("scale", [1, 10, 50])
def test_frozen_mix_stays_flat_at_every_scale(scale):
    spec = load_scenario(TINY, overrides=FROZEN)
    summary = summarise(run(spec, 1, scale=scale).table, spec.name, scale, 1)
    failed = [c for c in null_checks(summary) if not c.passed]
    assert not failed, failed


def test_coarse_scale_matches_scale_one_on_average():
    spec = load_scenario(TINY)
    seeds = (1, 2, 3, 4)
    fine = [summarise(run(spec, s, scale=1).table, "tiny", 1, s) for s in seeds]
    coarse = [summarise(run(spec, s, scale=10).table, "tiny", 10, s) for s in seeds]
    gap = np.abs(mean_change(coarse) - mean_change(fine))
    # tiny's regions have 700-2,500 jobs, so single firms move them: 3 points over 4 seeds
    assert gap.max() < 3.0, gap
    eu_fine = np.mean([r.jobs.sum(axis=1) for r in fine], axis=0)
    eu_coarse = np.mean([r.jobs.sum(axis=1) for r in coarse], axis=0)
    assert np.max(np.abs(eu_coarse / eu_fine - 1)) < 0.01


def test_scales_outside_the_checked_range_are_refused(tmp_path, capsys):
    with pytest.raises(ScaleError, match="--scale 0"):
        check_scale(0)
    with pytest.raises(ScaleError, match="largest scale checked"):
        check_scale(MAX_CHECKED_SCALE + 1)
    assert check_scale(MAX_CHECKED_SCALE + 1, allow_coarse=True) == MAX_CHECKED_SCALE + 1
    with pytest.raises(ScaleError, match="from 1 to 32,767"):
        check_scale(70_000, allow_coarse=True)  # agent weights are 16-bit
    out = tmp_path / "r"
    assert main(["run", str(TINY), "--scale", "500", "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--allow-coarse" in err[0] and not out.exists()
    args = ["run", str(TINY), "--scale", "500", "--allow-coarse", "--out", str(out), "--quiet"]
    assert main(args) == 0
