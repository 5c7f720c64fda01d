"""The ELAB 2.0 check runs and moves in the study's direction (the printed gap is documented)."""

from __future__ import annotations

from sim.analysis.checks import elab_germany
from tests.conftest import SCENARIOS


def test_elab_germany_powertrain_jobs_fall_and_ev_jobs_rise():
    """With the baseline's constant labour per unit, only the drivetrain moves powertrain jobs:
    the study's count (suppliers plus the OEMs' own powertrain lines) falls, EV jobs rise, and
    productivity growth (the sensitivity rates) makes the fall deeper."""
    base = elab_germany(SCENARIOS / "baseline.toml", scale=20)
    trend = elab_germany(SCENARIOS / "productivity_trend.toml", scale=20)
    assert base["new_ev_jobs"] > 0
    assert -0.6 < base["with_oem_lines_relative_change"] < 0
    assert base["oem_powertrain_2030"] < base["oem_powertrain_2019"]
    assert trend["with_oem_lines_relative_change"] < base["with_oem_lines_relative_change"] - 0.05
