"""`sim.experiments`: the Python API of sweeps under the name the sweeps issue documents.

`run_sweep(experiment_file, out=None, ...)` runs or resumes a sweep and returns its runs as a
pandas DataFrame; `evaluate(**params)` runs one simulation and returns its outcomes, so EMA
Workbench or SALib can drive the model. Both live in `sim.sweep`.
"""

from sim.sweep import analyze, evaluate, load_experiment, run_sweep

__all__ = ["analyze", "evaluate", "load_experiment", "run_sweep"]
