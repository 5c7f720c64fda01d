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


def test_scipy_linalg_works_after_numba_checked_for_blas() -> None:
    """numba's first kernel imports scipy.linalg.cython_blas (scipy.linalg stays deferred);
    numba's BLAS-backed functions and scipy.linalg itself work afterwards."""
    out = _python(
        "import sys\n"
        "import numpy as np\n"
        "from sim.model import TransitionModel\n"
        "TransitionModel(scenario='scenarios/tiny.toml')\n"
        "print(type(sys.modules['scipy.linalg']).__name__)\n"
        "from numba import njit\n"
        "print(njit(lambda a: np.dot(a, a))(np.eye(2) * 2.0).sum())\n"
        "from scipy.linalg import solve\n"
        "from scipy import stats\n"
        "print(solve(np.eye(2), np.ones(2)).sum(), round(stats.norm.cdf(0.0), 2))\n"
    )
    assert out.split() == ["DeferredModule", "8.0", "2.0", "0.5"]


def test_to_networkx_still_builds_the_graph() -> None:
    out = _python(
        "from sim.model import TransitionModel\n"
        "m = TransitionModel(scenario='scenarios/tiny.toml')\n"
        "g = m.network\n"
        "n = len(m.pop.plants) + len(m.pop.suppliers)\n"
        "print(type(g).__name__, g.number_of_nodes() == n, g.number_of_edges() > 0)\n"
    )
    assert out.split() == ["DiGraph", "True", "True"]
