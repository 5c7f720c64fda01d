"""The ELAB 2.0 check runs and moves in the study's direction (the printed gap is documented)."""

from __future__ import annotations

from sim.analysis.checks import elab_germany
from tests.conftest import SCENARIOS


def test_elab_germany_powertrain_jobs_fall_and_ev_jobs_rise():
    m = elab_germany(SCENARIOS / "baseline.toml", scale=20)
    assert m["net_change_2030"] < 0
    assert m["new_ev_jobs"] > 0
    assert -0.6 < m["relative_change"] < 0
