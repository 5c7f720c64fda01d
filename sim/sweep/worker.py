"""The task a worker runs: one (point, replicate) of a sweep. Top-level, so Dask can ship it.

It returns data, never writes files: on a cluster the workers may not share the client's disk,
so the client writes every shard.
"""

from __future__ import annotations

import os
import signal
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

#: Environment that keeps each worker process on one core: BLAS pools and numba threads.
SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMBA_NUM_THREADS": "1",
}


@dataclass(frozen=True)
class RunTask:
    """Everything one run needs, as plain picklable data."""

    point_id: int
    replicate: int
    seed: int
    base: str
    overrides: dict[str, Any]
    scale: int = 1
    outcomes: tuple[dict[str, Any], ...] = ()
    series: tuple[str, ...] = ()
    series_by_region: bool = False
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, int]:
        return self.point_id, self.replicate


def one_line(exc: BaseException) -> str:
    """An exception as one line: its type and the first line of its message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def execute(task: RunTask) -> dict[str, Any]:
    """Run one simulation and reduce it to the experiment's outcomes.

    An exception inside the run is returned as a failure record, not raised, so that one bad
    point never stops a sweep; only lost workers surface as exceptions on the future.
    """
    start = time.perf_counter()
    try:
        # lazy: the model loads once per worker process, not in the sweep's parent
        from sim import load_scenario
        from sim import run as run_model
        from sim.sweep.outcomes import scalar_outcome, series

        spec = load_scenario(task.base, {**task.overrides, **task.params})
        result = run_model(spec, task.seed, scale=task.scale)
        table = result.table
        scalars = {o["name"]: scalar_outcome(table, **o) for o in task.outcomes}
        kept = series(table, task.series, task.series_by_region) if task.series else None
        return {
            "status": "ok",
            "outcomes": scalars,
            "series": kept,
            "sim_s": result.timings["build_s"] + result.timings["steps_s"],
            "task_s": time.perf_counter() - start,
            "pid": os.getpid(),
        }
    except Exception as exc:
        return {
            "status": "failed",
            "error": one_line(exc),
            "traceback": traceback.format_exc(limit=20),
            "task_s": time.perf_counter() - start,
        }


def init_worker() -> None:
    """Process-pool initializer: one thread per worker, Ctrl-C left to the parent, imports once.

    The thread limits are also set in the parent's environment while the pool starts, because
    BLAS reads them when numpy loads, which happens before this runs.
    """
    os.environ.update(SINGLE_THREAD_ENV)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # lazy: warms the worker process
    import sim  # noqa: F401  (import and numba cache load once per worker, not per run)


__all__ = ["SINGLE_THREAD_ENV", "RunTask", "execute", "init_worker", "one_line"]
