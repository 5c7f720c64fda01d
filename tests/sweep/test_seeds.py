"""Seeds: distinct for every run, stable across processes, independent of the design size."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from sim.sweep.seeds import design_seed, run_seeds


def test_seeds_are_distinct_across_all_runs() -> None:
    seeds = run_seeds(2024, 300, 7)
    assert seeds.shape == (300, 7)
    assert len(np.unique(seeds)) == seeds.size
    assert (seeds >= 0).all()
    assert design_seed(2024) not in set(seeds.ravel().tolist())


def test_seeds_are_stable_across_invocations() -> None:
    code = (
        "import json; from sim.sweep.seeds import run_seeds; "
        "print(json.dumps(run_seeds(99, 5, 3).tolist()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == run_seeds(99, 5, 3).tolist()


def test_seed_of_a_run_does_not_depend_on_how_many_points_there_are() -> None:
    small, large = run_seeds(5, 3, 2), run_seeds(5, 10, 4)
    assert (large[:3, :2] == small).all()
    assert not np.intersect1d(run_seeds(5, 3, 2), run_seeds(6, 3, 2)).size
