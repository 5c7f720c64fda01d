"""autoregions: agent-based simulation of Europe's automotive regions through the EV transition.

Public API: `load_scenario`, `TransitionModel`, `run`, `ScenarioError`.
"""

from sim.model import TransitionModel
from sim.runner import RunResult, run
from sim.scenario import Scenario, ScenarioError, load_scenario

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
