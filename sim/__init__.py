"""autoregions: agent-based simulation of Europe's automotive regions through the EV transition.

Public API: `load_scenario`, `TransitionModel`, `run`, `ScenarioError`. The model and the
runner are imported on first use, so that command-line start-up, scenario checks and the
parent process of a sweep do not pay for mesa and numba.
"""

from typing import Any

from sim import lazy_modules, numba_cache

numba_cache.configure()  # before numba is imported: a user cache if the package is read-only
lazy_modules.defer_mesa_extras()  # before mesa is imported: its unused parts load on first use

from sim.scenario import Scenario, ScenarioError, load_scenario  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "RunResult",
    "Scenario",
    "ScenarioError",
    "TransitionModel",
    "__version__",
    "load_scenario",
    "run",
]


def __getattr__(name: str) -> Any:
    if name == "TransitionModel":
        # lazy: mesa and numba load on first use (see the module docstring)
        from sim.model import TransitionModel

        return TransitionModel
    if name in ("run", "RunResult"):
        # lazy: mesa and numba load on first use (see the module docstring)
        from sim import single_run

        return getattr(single_run, name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
