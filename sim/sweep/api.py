"""The Python API of sweeps: `run_sweep` returns a DataFrame, `evaluate` wraps one run."""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import pandas as pd

from sim.sweep.experiment import ExperimentError, _schema_field
from sim.sweep.outcomes import DEFAULT_OUTCOMES, scalar_outcome
from sim.sweep.runner import run_sweep as _run_sweep

DEFAULT_BASE = Path(__file__).resolve().parents[2] / "scenarios" / "tiny.toml"


def run_sweep(
    experiment: str | Path,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    scheduler: str | None = None,
    retry_failed: bool = False,
    progress: bool = False,
) -> pd.DataFrame:
    """Run or resume the sweep of an experiment file; return all its finished runs.

    One row per (point id, replicate): seed, parameter values, outcomes. Runs already in `out`
    (default ``results/<experiment>``) are not run again. See `sim.sweep.runner.run_sweep`.
    """
    # lazy: pandas and the model load on first use
    from sim.sweep.analysis import load_runs

    report = _run_sweep(
        experiment,
        out,
        workers=workers,
        executor=executor,
        scheduler=scheduler,
        retry_failed=retry_failed,
        progress=progress,
    )
    return load_runs(report.folder)


def evaluate(
    *,
    base: str | Path = DEFAULT_BASE,
    seed: int = 1,
    scale: int = 1,
    outcomes: list[dict[str, Any]] | None = None,
    **params: Any,
) -> dict[str, float]:
    """Run one simulation with `params` set and return its outcomes as {name: value}.

    Parameter names are dotted scenario keys, or the same with ``__`` for the dots so they can
    be Python keywords (``labour__outside_job_rate=0.1``), which is what EMA Workbench and
    SALib-driven loops pass. `outcomes` are experiment-file outcome tables (default:
    `DEFAULT_OUTCOMES`).
    """
    # lazy: pandas and the model load on first use
    from sim import load_scenario
    from sim import run as run_model

    overrides = {}
    for name, value in params.items():
        key = name.replace("__", ".")
        field, why = _schema_field(key)
        if field is None:
            raise ExperimentError(f"evaluate: parameter {name!r} ({key}): {why}")
        overrides[key] = float(value) if field.annotation is float else value
    spec = load_scenario(base, overrides)
    table = run_model(spec, seed, scale=scale).table
    return {o["name"]: scalar_outcome(table, **o) for o in (outcomes or DEFAULT_OUTCOMES)}


__all__ = ["evaluate", "run_sweep"]
