"""Run folders of the tiny scenario (2025-2028, two seeds) shared by the viz tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import load_scenario, run
from sim.results import write_run
from tests.conftest import TINY


@pytest.fixture(scope="session")
def run_folders(tmp_path_factory) -> list[Path]:
    """Two results folders of tiny (2025-2028), seeds 1 and 2."""
    spec = load_scenario(TINY, overrides={"time.end_year": 2028})
    base = tmp_path_factory.mktemp("runs")
    return [write_run(run(spec, seed), base / f"tiny-seed{seed}") for seed in (1, 2)]
