"""Experiment sweeps: designs, replicates, resumable parallel runs and sensitivity analysis.

Python API: `run_sweep` (run or resume an experiment file, get its runs as a DataFrame),
`evaluate` (one model run reduced to outcomes, for EMA Workbench or SALib), `analyze`,
`load_experiment`. The command line is `autoregions sweep` and `autoregions analyze`.
"""

from pathlib import Path

from sim.sweep.analysis import Analysis
from sim.sweep.analysis import analyze as _analyze
from sim.sweep.api import evaluate, run_sweep
from sim.sweep.experiment import ExperimentError, load_experiment

__all__ = ["ExperimentError", "analyze", "evaluate", "load_experiment", "run_sweep"]


def analyze(folder: str | Path, write: bool = True) -> Analysis:
    """Analyse a sweep results folder (see `sim.sweep.analysis.analyze`)."""
    return _analyze(folder, write=write)
