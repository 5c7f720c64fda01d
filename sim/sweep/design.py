"""Designs: the points of an experiment (grid, Latin hypercube, Sobol/Saltelli sample).

A point is a dict {dotted key: value}; its id is its position in the design. The Sobol design is
SALib's own Saltelli-style sample, so SALib's analyzer can read the outcomes in the same order.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.sweep.experiment import Experiment, ExperimentError, Parameter
from sim.sweep.seeds import design_seed


@dataclass(frozen=True)
class Design:
    """The points of an experiment, in id order, plus what the analysis needs to read them."""

    kind: str
    keys: tuple[str, ...]
    kinds: tuple[str, ...]
    points: list[dict[str, Any]]
    problem: dict[str, Any] = field(default_factory=dict)
    second_order: bool = False
    #: the values the base scenario gives each key (the "no lever" setting of a lever)
    base_values: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The design as JSON-ready data, recorded in the sweep manifest."""
        return {
            "kind": self.kind,
            "keys": list(self.keys),
            "kinds": list(self.kinds),
            "problem": self.problem,
            "second_order": self.second_order,
            "base_values": self.base_values,
            "points": self.points,
        }


def _cast(value: float, p: Parameter) -> Any:
    """A sampled number in the key's schema type (whole numbers are rounded)."""
    return int(np.rint(value)) if p.type == "int" else float(value)


def _grid_values(p: Parameter, path: object) -> list[Any]:
    if p.values is not None:
        return list(p.values)
    raw = np.linspace(p.low, p.high, p.levels)  # type: ignore[arg-type]
    # 12 significant digits: 0.1, not 0.09999999999999999, in tables and file names
    values = [_cast(float(f"{v:.12g}"), p) for v in raw]
    if len(set(values)) != len(values):
        raise ExperimentError(
            f"{path}: parameter '{p.key}': {p.levels} levels over [{p.low:g}, {p.high:g}] "
            "repeat whole numbers; use fewer levels or 'values'"
        )
    return values


def _problem(params: tuple[Parameter, ...]) -> dict[str, Any]:
    return {
        "num_vars": len(params),
        "names": [p.key for p in params],
        "bounds": [[p.low, p.high] for p in params],
    }


def build_design(exp: Experiment) -> Design:
    """The experiment's points, deterministic given its file (including the master seed)."""
    params = exp.parameters
    d = exp.spec.design
    keys = tuple(p.key for p in params)
    common = {
        "kind": d.kind,
        "keys": keys,
        "kinds": tuple(p.kind for p in params),
        "base_values": {p.key: p.base_value for p in params},
    }
    if d.kind == "grid":
        grids = [_grid_values(p, exp.path) for p in params]
        points = [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*grids)]
        return Design(points=points, **common)
    if d.kind == "lhs":
        # lazy: SALib and scipy load only for the designs that need them
        from scipy.stats import qmc

        gen = np.random.default_rng(design_seed(d.seed))
        try:
            sampler = qmc.LatinHypercube(d=len(params), rng=gen)
        except TypeError:  # scipy < 1.15 calls it `seed`
            sampler = qmc.LatinHypercube(d=len(params), seed=gen)
        unit = sampler.random(d.samples)
        lows = [p.low for p in params]
        highs = [p.high for p in params]
        matrix = qmc.scale(unit, lows, highs)
        return Design(points=_rows(matrix, params), **common)
    # lazy: SALib and scipy load only for the designs that need them
    from SALib.sample import sobol

    problem = _problem(params)
    matrix = sobol.sample(
        problem, d.samples, calc_second_order=d.second_order, seed=design_seed(d.seed)
    )
    return Design(
        points=_rows(matrix, params), problem=problem, second_order=d.second_order, **common
    )


def _rows(matrix: np.ndarray, params: tuple[Parameter, ...]) -> list[dict[str, Any]]:
    return [{p.key: _cast(v, p) for p, v in zip(params, row, strict=True)} for row in matrix]


__all__ = ["Design", "build_design"]
