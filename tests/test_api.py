"""The public names of `sim` are pinned: changing them is a decision, not an accident."""

from __future__ import annotations

import sim


def test_public_names_are_pinned() -> None:
    assert sorted(sim.__all__) == [
        "RunResult",
        "Scenario",
        "ScenarioError",
        "TransitionModel",
        "__version__",
        "load_scenario",
        "run",
    ]


def test_every_public_name_resolves() -> None:
    for name in sim.__all__:
        assert getattr(sim, name) is not None, name
    assert callable(sim.run) and callable(sim.load_scenario)
    assert isinstance(sim.__version__, str) and sim.__version__.count(".") == 2
