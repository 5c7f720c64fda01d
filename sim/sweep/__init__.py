"""Experiment sweeps: designs, replicates, resumable parallel runs and sensitivity analysis.

Python API: `run_sweep` (run or resume an experiment file, get its runs as a DataFrame),
`evaluate` (one model run reduced to outcomes, for EMA Workbench or SALib), `analyze`,
`load_experiment`. The command line is `autoregions sweep` and `autoregions analyze`.
Submodules are imported on first use (keeps command-line start-up cheap).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["ExperimentError", "analyze", "evaluate", "load_experiment", "run_sweep"]


def analyze(folder: str | Path, write: bool = True) -> Any:
    """Analyse a sweep results folder (see `sim.sweep.analysis.analyze`)."""
    # lazy: submodules load on first use (see the module docstring)
    from sim.sweep.analysis import analyze as _analyze

    return _analyze(folder, write=write)


def __getattr__(name: str) -> Any:
    if name in ("evaluate", "run_sweep"):
        # lazy: submodules load on first use (see the module docstring)
        from sim.sweep import api

        return getattr(api, name)
    if name in ("ExperimentError", "load_experiment"):
        # lazy: submodules load on first use (see the module docstring)
        from sim.sweep import experiment

        return getattr(experiment, name)
    raise AttributeError(f"module 'sim.sweep' has no attribute {name!r}")
