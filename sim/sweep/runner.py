"""Run a sweep on any `concurrent.futures.Executor`, writing each finished run as it arrives.

The default executor is a local process pool (spawn start method, one single-threaded worker
per core); `scheduler="tcp://host:port"` uses a Dask distributed cluster through
`distributed.Client(address).get_executor()`. Results do not depend on the executor or on the
order runs finish in: each run depends only on its parameters and its seed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from sim import __version__
from sim.errors import UserError
from sim.scenario import load_scenario, scenario_hash
from sim.sweep.design import Design, build_design
from sim.sweep.experiment import Experiment, load_experiment
from sim.sweep.seeds import run_seeds
from sim.sweep.store import Key, SweepStore, describe_damaged
from sim.sweep.worker import SINGLE_THREAD_ENV, RunTask, execute, init_worker, one_line

TaskFunction = Callable[[RunTask], dict[str, Any]]


class SweepInterruptedError(Exception):
    """Ctrl-C during a sweep; finished runs are saved."""


@dataclass
class SweepReport:
    """What one invocation did."""

    folder: Path
    total: int
    already_done: int
    ran: int = 0
    failed: int = 0
    lost: int = 0
    skipped_failed: int = 0
    damaged: int = 0
    messages: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    sim_s: float = 0.0

    @property
    def complete(self) -> bool:
        return self.already_done + self.ran == self.total


class SweepProgress:
    """One line on a stream: runs done / total, failures, elapsed and estimated time left."""

    def __init__(self, label: str, total: int, done: int, stream: TextIO = sys.stderr) -> None:
        self.label, self.total, self.done0 = label, total, done
        self.stream = stream
        self.start = time.perf_counter()
        self.width = 24

    def __call__(self, done: int, failed: int) -> None:
        elapsed = time.perf_counter() - self.start
        new = done - self.done0
        left = elapsed / new * (self.total - done) if new > 0 else float("nan")
        fill = int(self.width * done / max(self.total, 1))
        eta = "?" if left != left else _duration(left)
        self.stream.write(
            f"\r{self.label} [{'#' * fill}{'-' * (self.width - fill)}] {done}/{self.total} runs, "
            f"{failed} failed, {_duration(elapsed)} elapsed, ~{eta} left "
        )
        if done + failed >= self.total:
            self.stream.write("\n")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(np.rint(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


@dataclass(frozen=True)
class Plan:
    """An experiment made concrete: its design, every run's task, and the manifest."""

    experiment: Experiment
    design: Design
    tasks: dict[Key, RunTask]
    manifest: dict[str, Any]


def plan(experiment: str | Path | Experiment) -> Plan:
    """Load the experiment, build its design and one task per (point id, replicate)."""

    exp = experiment if isinstance(experiment, Experiment) else load_experiment(experiment)
    design = build_design(exp)
    spec = exp.spec
    reps = spec.design.replicates
    seeds = run_seeds(spec.design.seed, len(design.points), reps)
    outcomes = tuple(o.model_dump(exclude_none=True) for o in spec.outcomes)
    tasks = {
        (p, r): RunTask(
            point_id=p,
            replicate=r,
            seed=int(seeds[p, r]),
            base=str(exp.base),
            overrides=dict(spec.overrides),
            scale=spec.scale,
            outcomes=outcomes,
            series=tuple(spec.series),
            series_by_region=spec.series_by_region,
            params=point,
        )
        for p, point in enumerate(design.points)
        for r in range(reps)
    }
    base = load_scenario(exp.base, dict(spec.overrides))
    manifest = {
        "experiment": exp.name,
        "experiment_file": str(exp.path),
        "experiment_text": exp.text,
        "experiment_hash": exp.hash,
        "base_scenario": str(exp.base),
        "base_scenario_hash": scenario_hash(base),
        "package_version": __version__,
        "design": design.to_json(),
        "replicates": reps,
        "master_seed": spec.design.seed,
        "seed_rule": "SeedSequence(master).spawn(2)[1].spawn(points)[p].spawn(replicates)[r]"
        ", first 64-bit word >> 1",
        "outcomes": [o.model_dump(exclude_none=True) for o in spec.outcomes],
        "series": list(spec.series),
        "series_by_region": spec.series_by_region,
        "analysis": spec.analysis.model_dump(),
        "runs_total": len(tasks),
    }
    return Plan(exp, design, tasks, manifest)


def _row(task: RunTask, result: dict[str, Any]) -> dict[str, Any]:
    return {
        "point_id": task.point_id,
        "replicate": task.replicate,
        "seed": task.seed,
        **task.params,
        **result["outcomes"],
        "sim_s": result.get("sim_s", float("nan")),
    }


@contextlib.contextmanager
def _single_thread_env() -> Iterator[None]:
    """Set one-thread limits in this process's environment while worker processes start."""
    saved = {k: os.environ.get(k) for k in SINGLE_THREAD_ENV}
    os.environ.update(SINGLE_THREAD_ENV)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Ignore SIGINT while worker processes start, so they inherit that (a started Python keeps
    an inherited SIG_IGN): Ctrl-C reaches only this process, which stops the pool itself."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def local_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool of `workers` (default: the cores) with the spawn start method."""
    n = workers or os.cpu_count() or 1
    return ProcessPoolExecutor(
        max_workers=n, mp_context=multiprocessing.get_context("spawn"), initializer=init_worker
    )


def dask_executor(address: str) -> tuple[Executor, Any]:
    """An executor on a running Dask scheduler, and its client (to close afterwards)."""

    try:
        # lazy: dask is an optional extra
        from distributed import Client
    except ImportError:
        raise UserError(
            f"--scheduler {address}: needs dask.distributed (pip install autoregions[dask])"
        ) from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UserError(
            f"--scheduler {address}: cannot connect to a Dask scheduler ({one_line(exc)})"
        ) from None
    return client.get_executor(pure=False), client


def _terminate_pool(executor: Executor) -> None:
    """Stop a local pool's workers now (after Ctrl-C), not after their current runs."""
    for proc in list((getattr(executor, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            proc.terminate()
    # the pool sees its workers gone and fails the pending futures itself
    executor.shutdown(wait=True, cancel_futures=True)


def execute_tasks(
    tasks: list[RunTask],
    store: SweepStore,
    executor: Executor,
    report: SweepReport,
    *,
    task_fn: TaskFunction = execute,
    progress: Callable[[int, int], None] | None = None,
    cancel_on_interrupt: bool = True,
) -> None:
    """Submit `tasks`, store each result as it completes (successes and failures alike).

    A future that raises (a lost worker, a cancelled task) leaves its run missing, so the
    next invocation runs it; it is counted in `report.lost`.
    """
    with _workers_ignore_ctrl_c():
        futures: dict[Future, RunTask] = {executor.submit(task_fn, t): t for t in tasks}
    done = report.already_done
    try:
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                result = fut.result()
            except Exception as exc:
                report.lost += 1
                if report.lost == 1:
                    report.messages.append(
                        f"a run was lost ({one_line(exc)}); rerun the same command to run "
                        "what is missing"
                    )
            else:
                if result.get("status") == "ok":
                    store.write_run(task.key, _row(task, result), result.get("series"))
                    report.ran += 1
                    report.sim_s += float(result.get("sim_s", 0.0))
                    done += 1
                else:
                    store.write_failure(
                        task.key,
                        {
                            "point_id": task.point_id,
                            "replicate": task.replicate,
                            "seed": task.seed,
                            "params": task.params,
                            "error": result.get("error", "unknown error"),
                            "traceback": result.get("traceback", ""),
                        },
                    )
                    report.failed += 1
            if progress is not None:
                progress(done, report.failed + report.lost)
    except KeyboardInterrupt:
        if cancel_on_interrupt:
            for fut in futures:
                fut.cancel()
        raise SweepInterruptedError from None


def run_sweep(
    experiment: str | Path | Experiment,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    scheduler: str | None = None,
    retry_failed: bool = False,
    progress: bool | TextIO = False,
    task_fn: TaskFunction = execute,
    log: Callable[[str], None] | None = None,
) -> SweepReport:
    """Run (or resume) a sweep into `out` (default ``results/<experiment name>``).

    Runs already stored are skipped; damaged shards are removed and rerun; runs that failed
    before are rerun only with `retry_failed`. `executor` (any concurrent.futures.Executor) is
    used as given and not shut down; otherwise a Dask executor for `scheduler` or a local
    process pool of `workers` is made and closed here.
    """
    started = time.perf_counter()
    p = plan(experiment)
    folder = Path(out) if out is not None else Path("results") / p.experiment.name
    client = None
    if executor is None and scheduler is not None:  # connect first: no folder if it fails
        executor, client = dask_executor(scheduler)
    try:
        store = SweepStore.open(folder, p.manifest, keep_series=bool(p.experiment.spec.series))
    except BaseException:
        if client is not None:
            client.close()
        raise
    say = log or (lambda _msg: None)
    own: Executor | None = None
    try:
        scan = store.scan(p.tasks)
        report = SweepReport(folder, total=len(p.tasks), already_done=len(scan.done))
        report.damaged = len(scan.damaged)
        if scan.damaged:
            report.messages.append(describe_damaged(scan.damaged, folder))
            say(report.messages[-1])
        todo = [t for k, t in p.tasks.items() if k not in scan.done]
        if not retry_failed and scan.failed:
            todo = [t for t in todo if t.key not in scan.failed]
            report.skipped_failed = len(scan.failed)
        if not todo:
            return report
        if executor is None:
            executor = own = local_executor(workers)
        bar = None
        if progress:
            stream = progress if not isinstance(progress, bool) else sys.stderr
            bar = SweepProgress(p.experiment.name, report.total, report.already_done, stream)
        try:
            with _single_thread_env() if own is not None else contextlib.nullcontext():
                execute_tasks(
                    todo,
                    store,
                    executor,
                    report,
                    task_fn=task_fn,
                    progress=bar,
                    cancel_on_interrupt=own is None,
                )
        except SweepInterruptedError:
            if own is not None:
                _terminate_pool(own)
                own = None
            if bar is not None:
                bar.finish()
            raise
        return report
    finally:
        if own is not None:
            own.shutdown(wait=True)
        if client is not None:
            client.close()
        store.close()
        if "report" in locals():
            report.elapsed_s = time.perf_counter() - started


__all__ = [
    "Plan",
    "SweepInterruptedError",
    "SweepProgress",
    "SweepReport",
    "dask_executor",
    "execute_tasks",
    "local_executor",
    "plan",
    "run_sweep",
]
