"""`run`: build a model, step it to the end, return its results (the one obvious way to run)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sim.model import TransitionModel
from sim.scenario import Scenario, load_scenario


@dataclass
class RunResult:
    """Results of one run: the per-region table, the model at its end, and timings (seconds)."""

    scenario: Scenario
    seed: int | None
    scale: int
    table: dict[str, np.ndarray]
    model: TransitionModel
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def agent_counts(self) -> dict[str, int]:
        pop = self.model.pop
        return {
            "regions": len(pop.regions),
            "oem_plants": len(pop.plants),
            "suppliers": len(pop.suppliers),
            "worker_rows": len(pop.workers),
            "supply_links": len(self.model.links),
        }


def run(
    scenario: str | Path | Scenario,
    seed: int | None = None,
    *,
    scale: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Run a scenario from start to end with one seed (default: the scenario's seed)."""
    spec = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    t0 = time.perf_counter()
    model = TransitionModel(
        scenario=spec, seed=seed if seed is not None else spec.seed, scale=scale
    )
    t1 = time.perf_counter()
    while model.running:
        model.step()
        if progress is not None:
            progress(model.quarter_index, model.n_quarters)
    t2 = time.perf_counter()
    return RunResult(
        scenario=spec,
        seed=model.seed,
        scale=scale,
        table=model.region_table(),
        model=model,
        timings={"build_s": t1 - t0, "steps_s": t2 - t1, "quarters": model.n_quarters},
    )
