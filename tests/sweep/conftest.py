"""Fixtures of the sweep tests: one reference sweep of the tiny grid, run on threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from sim.sweep.analysis import load_runs
from sim.sweep.runner import run_sweep
from tests.sweep.helpers import TINY_GRID


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Runs without their timings, sorted by key: what must not depend on the executor."""
    return (
        frame.drop(columns=["sim_s"]).sort_values(["point_id", "replicate"]).reset_index(drop=True)
    )


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """The tiny grid swept once on a thread pool: (results folder, runs)."""
    out = tmp_path_factory.mktemp("reference") / "tiny_grid"
    with ThreadPoolExecutor(2) as pool:
        report = run_sweep(TINY_GRID, out, executor=pool)
    assert report.complete and report.ran == 8
    return out, comparable(load_runs(out))
