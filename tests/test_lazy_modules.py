"""Deferred third-party modules (sim.lazy_modules): a model run does not run the code of the
parts of mesa it does not use, and those parts still work when used. Each check runs in a fresh
interpreter, because a module imported once stays imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sim.lazy_modules import DEFERRED

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_a_model_run_leaves_mesa_extras_scipy_and_networkx_unloaded() -> None:
    out = _python(
        "import sys\n"
        "from sim.model import TransitionModel\n"
        "m = TransitionModel(scenario='scenarios/tiny.toml')\n"
        "m.step()\n"
        f"deferred = {DEFERRED!r}\n"
        "print(all(type(sys.modules[n]).__name__ == 'DeferredModule' for n in deferred))\n"
        "print(sorted(n for n in ('scipy.spatial', 'networkx') if n in sys.modules))\n"
    )
    assert out.split("\n")[:2] == ["True", "[]"]


def test_deferred_modules_work_when_used() -> None:
    out = _python(
        "import mesa, sim.model\n"
        "from mesa.space import MultiGrid\n"
        "from mesa.discrete_space import OrthogonalMooreGrid\n"
        "g = MultiGrid(3, 3, torus=False)\n"
        "print(type(mesa.space).__name__, g.width, mesa.experimental.__name__,\n"
        "      callable(mesa.batch_run), OrthogonalMooreGrid.__name__)\n"
    )
    assert out.split() == ["module", "3", "mesa.experimental", "True", "OrthogonalMooreGrid"]


def test_to_networkx_still_builds_the_graph() -> None:
    out = _python(
        "from sim.model import TransitionModel\n"
        "m = TransitionModel(scenario='scenarios/tiny.toml')\n"
        "g = m.network\n"
        "n = len(m.pop.plants) + len(m.pop.suppliers)\n"
        "print(type(g).__name__, g.number_of_nodes() == n, g.number_of_edges() > 0)\n"
    )
    assert out.split() == ["DiGraph", "True", "True"]
