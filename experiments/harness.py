"""Shared pieces of the two benchmark scripts (benchmark.py, sweep_benchmark.py): the machine,
CPU and memory readings, and timers on the phases of a quarter taken from `sim.schedule`.

Import it from a script in this folder (`from harness import ...`): Python puts the script's
folder first on the import path.
"""

from __future__ import annotations

import dataclasses
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cpu_name() -> str:
    """The CPU model from /proc/cpuinfo, else what `platform` knows."""
    cpu = platform.processor() or platform.machine() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return cpu


def usable_cores() -> int | None:
    """Cores this process may run on (None where the OS does not say)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None


def cpu_busy_s() -> float | None:
    """CPU seconds spent busy on all cores since boot (/proc/stat), or None where unavailable."""
    try:
        # cpu  user nice system idle iowait irq softirq steal (guest time is in user already)
        f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        f += [0] * (8 - len(f))
        return (f[0] + f[1] + f[2] + f[5] + f[6]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def children_cpu_s() -> float:
    """CPU seconds of this process's finished children (and the children they waited for)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MiB (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mb() -> float | None:
    """Resident memory of this process now, MiB (Linux only; None elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def phases() -> dict[str, tuple[str, ...]]:
    """The phases of a quarter, each with the kernels it calls, in the order `step` runs them."""
    # lazy: the schedule loads numba's kernels, which the sweep benchmark's parent never needs
    import sim.schedule as schedule

    return {p.name: p.kernels for p in schedule.SCHEDULE}


def _timed(totals: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    totals.setdefault(name, 0.0)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - t0

    return wrapper


def instrument(model: Any) -> dict[str, float]:
    """Time every phase of `model.phases` and every kernel a phase names, from now on; return
    the dictionary of totals (seconds by phase or kernel name) that the timers add to.

    Phases are swapped for timed copies on this model only; kernels are wrapped where the
    phases look them up (attributes of sim.schedule), so this affects the whole process: use
    it in a process that only benchmarks."""
    # lazy: as in phases()
    import sim.schedule as schedule

    totals: dict[str, float] = {}
    model.phases = tuple(
        dataclasses.replace(p, run=_timed(totals, p.name, p.run)) for p in model.phases
    )
    for phase in model.phases:
        for kernel in phase.kernels:
            if kernel not in totals:  # a kernel named by two phases is wrapped once
                setattr(schedule, kernel, _timed(totals, kernel, getattr(schedule, kernel)))
    return totals
