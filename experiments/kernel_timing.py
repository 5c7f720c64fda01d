"""Time worker kernels old against new on the arguments of one real quarter of the full EU.

Run from the repository root:

    python experiments/kernel_timing.py [--quarter Q] [--repeats N] [--job-scale S]

Builds the baseline, steps it to quarter Q while recording the arguments of every call of the
kernels compared here, then calls the reference version (tests/kernels/reference.py, the
kernels as they were before issue 12's second round) and the shipped version alternately on
fresh copies of the same arguments, N times each. Prints the median milliseconds of each, the
ratio, and whether every output array, the return value and the random stream's state are
identical.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sim.schedule as schedule  # noqa: E402
from sim.model import TransitionModel  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402
from tests.kernels import reference  # noqa: E402

#: Kernels compared: name in sim.schedule -> reference twin.
PAIRS: dict[str, Callable[..., Any]] = {
    **{n: getattr(reference, n) for n in ("lay_off", "match", "route_orders")},
    # the shipped pass also keeps the worker counts (sim.state.WorkerCounts), which the
    # reference does not: it is compared on the worker arrays only
    "age_and_move": reference.age_and_move,
}


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(_copy(v) for v in value))
    return copy.deepcopy(value)


def _state(args: tuple[Any, ...], out: Any) -> list[Any]:
    """Everything a call can change: its array arguments, rng states and its result."""
    parts: list[Any] = []
    for a in args:
        if isinstance(a, np.ndarray):
            parts.append(a)
        elif isinstance(a, tuple) and hasattr(a, "_fields"):
            parts.extend(a)
        elif isinstance(a, np.random.Generator):
            parts.append(repr(a.bit_generator.state))
    parts.append(repr(out))
    return parts


def _same(a: list[Any], b: list[Any]) -> bool:
    return len(a) == len(b) and all(
        np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y
        for x, y in zip(a, b, strict=True)
    )


def capture(job_scale: float, quarter: int) -> dict[str, tuple[Any, ...]]:
    """Arguments of each compared kernel's call in quarter `quarter` (copied before the call)."""
    spec = load_scenario(ROOT / "scenarios" / "baseline.toml", {"regions.job_scale": job_scale})
    model = TransitionModel(scenario=spec)
    seen: dict[str, tuple[Any, ...]] = {}
    originals = {name: getattr(schedule, name) for name in PAIRS}

    def recorder(name: str) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            if model.quarter_index == quarter:
                seen[name] = tuple(_copy(a) for a in args)
            return originals[name](*args)

        return call

    for name in PAIRS:
        setattr(schedule, name, recorder(name))
    try:
        while model.quarter_index <= quarter and model.running:
            model.step()
    finally:
        for name, fn in originals.items():
            setattr(schedule, name, fn)
    return seen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quarter", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--job-scale", type=float, default=1.0)
    a = ap.parse_args()
    seen = capture(a.job_scale, a.quarter)
    # age_and_move alone, without keeping the counts
    seen["age_and_move alone"] = seen["age_and_move"][:24]
    pairs = {**PAIRS, "age_and_move alone": reference.age_and_move}
    print(f"quarter {a.quarter}, job_scale {a.job_scale}, medians of {a.repeats}")
    print(f"{'kernel':<16}{'reference ms':>14}{'new ms':>10}{'ratio':>8}  identical")
    for name, ref in pairs.items():
        if name not in seen:
            print(f"{name:<16} not called in that quarter")
            continue
        new = getattr(schedule, name.split()[0])
        args = seen[name]
        times: dict[str, list[float]] = {"ref": [], "new": []}
        results: dict[str, list[Any]] = {}
        # the model hands lay_off a list to fill and match that list, route_orders its buffers: the
        # references make their own
        n_ref = {"lay_off": 6, "match": 13, "route_orders": 22, "age_and_move": 24}.get(
            name, len(args)
        )
        for _ in range(a.repeats):
            for label, fn in (("ref", ref), ("new", new)):
                call_args = tuple(_copy(x) for x in args)
                if label == "ref":
                    call_args = call_args[:n_ref]
                t0 = time.perf_counter()
                out = fn(*call_args)
                times[label].append(time.perf_counter() - t0)
                results[label] = _state(call_args[:n_ref], out)
        r, n = statistics.median(times["ref"]), statistics.median(times["new"])
        same = _same(results["ref"], results["new"])
        print(f"{name:<16}{1e3 * r:>14.2f}{1e3 * n:>10.2f}{r / n:>8.2f}  {same}")


if __name__ == "__main__":
    main()
