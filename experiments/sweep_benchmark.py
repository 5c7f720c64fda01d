"""Sweep benchmark: runs per minute and overhead per run of a regional-scale sweep (issue 5).

Run from the repository root:

    python experiments/sweep_benchmark.py [--runs 200] [--workers 1 2] [--json PATH]

For each worker count it runs ``autoregions sweep experiments/regional_sweep.toml --workers N``
(as ``python -m sim.cli``) into a fresh temporary folder and times the whole command. The mean
simulation time per run is read from the ``sim_s`` column the sweep stores with every run (build
plus stepping, timed inside the worker). Then:

    overhead per run = wall time x workers / runs - mean simulation time per run
    scaling          = runs per minute with 2 workers / runs per minute with 1 worker

Targets (issue 5): overhead per run under 5% of a run's simulation time; near-linear scaling
from 1 to 2 workers, read here as a scaling of at least 1.8.

To show where the overhead goes, the script also times, in this process and in one spawned
worker, the pieces of a run outside the simulation (scenario loading, result table, outcomes,
pickling, Parquet shards) and the fixed costs (worker start-up, the first call of the kernels).

Heavy imports (numpy, pandas, sim) happen inside functions: the spawned probe worker re-imports
this file as ``__mp_main__``, and its start-up time should be that of a sweep worker.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from harness import children_cpu_s, cpu_busy_s, cpu_name, usable_cores

ROOT = Path(__file__).resolve().parents[1]
EXPERIMENT = ROOT / "experiments" / "regional_sweep.toml"
#: The EU set at scale 10 (issue 12, "Speed"): `--experiment experiments/eu_sweep.toml`.
EU_EXPERIMENT = ROOT / "experiments" / "eu_sweep.toml"
#: Issue 12: at least this many runs per minute for the EU set at scale 10 on 2 workers.
TARGET_EU_RUNS_PER_MIN = 100.0

#: Targets of issue 5, "Speed (benchmark)".
TARGET_OVERHEAD_PCT = 5.0
#: "Near-linear scaling from 1 to 2 workers", read as at least 90% of perfect (2.0).
TARGET_SCALING = 1.8
#: Other processes' average use above this many cores marks a timed sweep as disturbed.
DISTURBED_CORES = 0.15


@dataclass
class SweepTiming:
    """One timed sweep: wall time of the command and what its stored runs say."""

    workers: int
    runs: int
    wall_s: float
    sweep_elapsed_s: float
    sim_mean_s: float
    sim_median_s: float
    sim_max_s: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    sweep_cpu_s: float  # CPU time of the sweep command and its workers
    others_cores: float  # cores kept busy by other processes during the sweep, on average

    @property
    def runs_per_min(self) -> float:
        return self.runs / self.wall_s * 60.0

    @property
    def overhead_s(self) -> float:
        return self.wall_s * self.workers / self.runs - self.sim_mean_s

    @property
    def overhead_pct(self) -> float:
        return 100.0 * self.overhead_s / self.sim_mean_s

    @property
    def startup_s(self) -> float:
        """CLI process start-up, imports and first planning: outside `run_sweep`'s own clock."""
        return self.wall_s - self.sweep_elapsed_s


@dataclass
class RunPieces:
    """Mean seconds per run of each piece of `sim.sweep.worker.execute` and of the parent."""

    runs: int = 0
    load_scenario_s: float = 0.0
    build_s: float = 0.0
    steps_s: float = 0.0
    region_table_s: float = 0.0
    outcomes_s: float = 0.0
    series_s: float = 0.0
    free_model_s: float = 0.0
    pickle_s: float = 0.0
    unpickle_s: float = 0.0
    result_bytes: float = 0.0
    write_shards_s: float = 0.0
    worker_rows: int = 0

    @property
    def sim_s(self) -> float:
        """What the sweep stores as `sim_s`: build plus stepping."""
        return self.build_s + self.steps_s

    @property
    def worker_side_s(self) -> float:
        """Worker time per run outside `sim_s` (scenario, table, outcomes, series, pickle)."""
        return (
            self.load_scenario_s
            + self.region_table_s
            + self.outcomes_s
            + self.series_s
            + self.free_model_s
            + self.pickle_s
        )

    @property
    def parent_side_s(self) -> float:
        """Parent time per run: unpickle the result, write and fsync its two Parquet shards."""
        return self.unpickle_s + self.write_shards_s


@dataclass
class WorkerProbe:
    """Fixed costs of one spawned pool worker (median over repeats)."""

    startup_s: float  # pool created -> first trivial task back (spawn, interpreter, import sim)
    first_sim_s: float  # sim_s of the first run in a fresh worker
    warm_sim_s: float  # sim_s of the same run again in that worker
    shutdown_s: float
    repeats: int

    @property
    def first_call_s(self) -> float:
        """Kernel loading from numba's cache and other first-call costs, counted in sim_s."""
        return max(self.first_sim_s - self.warm_sim_s, 0.0)


@dataclass
class Report:
    """Everything the benchmark measured, for printing and JSON."""

    command: str
    machine: dict[str, Any]
    experiment: dict[str, Any]
    sweeps: list[SweepTiming] = field(default_factory=list)
    pieces: RunPieces | None = None
    probe: WorkerProbe | None = None
    cli: CliStart | None = None
    waited_s: float = 0.0


# ---------------------------------------------------------------------------------- setup
def machine_info() -> dict[str, Any]:
    """Cores, CPU model, OS and the versions that matter for the timings."""
    import numba
    import numpy
    import pandas
    import pyarrow

    import sim

    return {
        "cpu": cpu_name(),
        "cores": os.cpu_count(),
        "usable_cores": usable_cores(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "autoregions": sim.__version__,
        "numpy": numpy.__version__,
        "numba": numba.__version__,
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
    }


def experiment_for(runs: int, tmp: Path, experiment: Path = EXPERIMENT) -> Path:
    """The benchmark's experiment file, or a copy in `tmp` resized to about `runs` runs.

    Only the LHS/Sobol `samples` changes (rounded up to whole points); the base path is made
    absolute so the copy works from `tmp`.
    """
    import tomllib

    spec = tomllib.loads(experiment.read_text())
    reps = int(spec["design"]["replicates"])
    samples = math.ceil(runs / reps)
    if samples == int(spec["design"].get("samples", -1)):
        return experiment
    if spec["design"]["kind"] not in ("lhs", "sobol"):
        raise SystemExit(f"--runs: {experiment.name} has a {spec['design']['kind']} design")
    text = experiment.read_text()
    base = (experiment.parent / spec["base"]).resolve()
    text = re.sub(r'(?m)^base = ".*"$', f'base = "{base.as_posix()}"', text)
    text = re.sub(r"(?m)^samples = \d+$", f"samples = {samples}", text)
    path = tmp / experiment.name
    path.write_text(text)
    return path


def describe_experiment(path: Path) -> dict[str, Any]:
    """Size of the sweep and the regions it covers, from the experiment's plan."""
    import pandas as pd

    from sim.scenario import load_scenario
    from sim.sweep.runner import plan

    p = plan(path)
    base = load_scenario(p.experiment.base, dict(p.experiment.spec.overrides))
    codes = list(base.regions.include or [])
    table = pd.read_csv(base.regions.file, comment="#", usecols=["code", "name"])
    names = dict(zip(table["code"], table["name"], strict=True))
    return {
        "file": _rel(path),
        "base": _rel(p.experiment.base),
        "runs": len(p.tasks),
        "points": len(p.design.points),
        "replicates": p.experiment.spec.design.replicates,
        "design": p.experiment.spec.design.kind,
        "regions": [f"{c} {names.get(c, '?')}" for c in codes] or ["all"],
        "years": f"{base.time.start_year}-{base.time.end_year}",
        "scale": p.experiment.spec.scale,
        "parameters": [q.key for q in p.experiment.parameters],
    }


def _rel(path: Path | str) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def warm_up(path: Path) -> None:
    """One untimed run of the experiment's first task, so numba's on-disk cache is filled."""
    from sim.sweep.runner import plan
    from sim.sweep.worker import execute

    task = next(iter(plan(path).tasks.values()))
    result = execute(task)
    if result["status"] != "ok":
        raise SystemExit(f"warm-up run failed: {result['error']}")


def busy_cores(window_s: float = 5.0) -> float:
    """Cores kept busy by other processes over `window_s` (this one sleeps meanwhile).

    Falls back to the 1-minute load average where /proc/stat is missing.
    """
    busy0 = cpu_busy_s()
    time.sleep(window_s)
    busy1 = cpu_busy_s()
    if busy0 is None or busy1 is None:
        return os.getloadavg()[0]
    return (busy1 - busy0) / window_s


def wait_for_quiet(budget_s: float, threshold: float = 0.3) -> float:
    """Wait, up to `budget_s` seconds, until other processes keep under `threshold` cores busy.

    Returns the seconds waited. Timings taken on a busy machine are still printed, with the
    load averages before and after each sweep.
    """
    start = time.monotonic()
    while (busy := busy_cores()) >= threshold:
        waited = time.monotonic() - start
        if waited >= budget_s:
            print(f"  still {busy:.2f} cores busy; timing anyway", file=sys.stderr)
            break
        print(
            f"  other processes keep {busy:.2f} cores busy: waiting "
            f"({waited:.0f}s of at most {budget_s:.0f}s)",
            file=sys.stderr,
        )
        time.sleep(25)
    return time.monotonic() - start


# ---------------------------------------------------------------------------------- sweeps
def time_sweep(path: Path, workers: int) -> SweepTiming:
    """Run the sweep CLI with `workers` local workers into a fresh folder; time it."""
    import pandas as pd

    tmp = Path(tempfile.mkdtemp(prefix=f"sweep_bench_w{workers}_"))
    out = tmp / "results"
    cmd = [sys.executable, "-m", "sim.cli", "sweep", str(path), "--workers", str(workers)]
    cmd += ["--out", str(out), "--quiet"]
    try:
        load_before = os.getloadavg()
        busy0, ours0 = cpu_busy_s(), children_cpu_s()
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
        wall = time.perf_counter() - t0
        busy1, ours1 = cpu_busy_s(), children_cpu_s()
        load_after = os.getloadavg()
        others = float("nan")
        if busy0 is not None and busy1 is not None:
            others = max(busy1 - busy0 - (ours1 - ours0), 0.0) / wall
        if proc.returncode != 0:
            raise SystemExit(f"sweep failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
        found = re.search(r"run now\), .*?, ([0-9.]+)s\n", proc.stdout)
        elapsed = float(found.group(1)) if found else float("nan")
        runs = pd.read_parquet(out / "runs", columns=["sim_s"])
        sim = runs["sim_s"]
        return SweepTiming(
            workers=workers,
            runs=len(runs),
            wall_s=wall,
            sweep_elapsed_s=elapsed,
            sim_mean_s=float(sim.mean()),
            sim_median_s=float(sim.median()),
            sim_max_s=float(sim.max()),
            load_before=load_before,
            load_after=load_after,
            sweep_cpu_s=ours1 - ours0,
            others_cores=others,
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------------- pieces
def time_pieces(path: Path, sample: int) -> RunPieces:
    """Time each piece of a run, as the worker and the parent do it, on `sample` tasks.

    Same steps as `sim.sweep.worker.execute` and `SweepStore.write_run`, each with its own
    clock; warm (after `warm_up`), in this process.
    """
    from sim import load_scenario
    from sim import run as run_model
    from sim.sweep.outcomes import scalar_outcome, series
    from sim.sweep.runner import plan
    from sim.sweep.store import SweepStore

    p = plan(path)
    keys = list(p.tasks)
    picks = [keys[round(i * (len(keys) - 1) / max(sample - 1, 1))] for i in range(sample)]
    tmp = Path(tempfile.mkdtemp(prefix="sweep_bench_pieces_"))
    store = SweepStore.open(tmp / "results", p.manifest, keep_series=bool(p.experiment.spec.series))
    sums: dict[str, float] = {}

    def add(name: str, value: float) -> None:
        sums[name] = sums.get(name, 0.0) + value

    rows = 0
    try:
        for key in picks:
            task = p.tasks[key]
            t0 = time.perf_counter()
            spec = load_scenario(task.base, {**task.overrides, **task.params})
            t1 = time.perf_counter()
            result = run_model(spec, task.seed, scale=task.scale)
            t2 = time.perf_counter()
            table = result.table
            scalars = {o["name"]: scalar_outcome(table, **o) for o in task.outcomes}
            t3 = time.perf_counter()
            kept = series(table, task.series, task.series_by_region) if task.series else None
            build, steps = result.timings["build_s"], result.timings["steps_s"]
            rows = result.agent_counts["worker_rows"]
            payload = {"status": "ok", "outcomes": scalars, "series": kept, "sim_s": build + steps}
            t5 = time.perf_counter()
            del result, table
            t6 = time.perf_counter()
            blob = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            t7 = time.perf_counter()
            back = pickle.loads(blob)
            t8 = time.perf_counter()
            row = {
                "point_id": task.point_id,
                "replicate": task.replicate,
                "seed": task.seed,
                **task.params,
                **back["outcomes"],
                "sim_s": back["sim_s"],
            }
            store.write_run(task.key, row, back["series"])
            t9 = time.perf_counter()
            add("load_scenario_s", t1 - t0)
            add("build_s", build)
            add("steps_s", steps)
            add("region_table_s", (t2 - t1) - build - steps)
            add("outcomes_s", t3 - t2)
            add("series_s", t5 - t3)
            add("free_model_s", t6 - t5)
            add("pickle_s", t7 - t6)
            add("unpickle_s", t8 - t7)
            add("result_bytes", len(blob))
            add("write_shards_s", t9 - t8)
    finally:
        store.close()
        shutil.rmtree(tmp, ignore_errors=True)
    means = {k: v / len(picks) for k, v in sums.items()}
    return RunPieces(runs=len(picks), worker_rows=rows, **means)


def probe_worker(path: Path, repeats: int) -> WorkerProbe:
    """Start one pool worker the way the sweep does; time its start-up and its first run."""
    from sim.sweep.runner import local_executor, plan
    from sim.sweep.worker import execute

    task = next(iter(plan(path).tasks.values()))
    got: dict[str, list[float]] = {"startup": [], "first": [], "warm": [], "shutdown": []}
    for _ in range(repeats):
        t0 = time.perf_counter()
        pool = local_executor(1)
        pool.submit(os.getpid).result()
        got["startup"].append(time.perf_counter() - t0)
        got["first"].append(pool.submit(execute, task).result()["sim_s"])
        got["warm"].append(pool.submit(execute, task).result()["sim_s"])
        t1 = time.perf_counter()
        pool.shutdown(wait=True)
        got["shutdown"].append(time.perf_counter() - t1)
    med = {k: statistics.median(v) for k, v in got.items()}
    return WorkerProbe(
        startup_s=med["startup"],
        first_sim_s=med["first"],
        warm_sim_s=med["warm"],
        shutdown_s=med["shutdown"],
        repeats=repeats,
    )


@dataclass
class CliStart:
    """What a fresh `python -m sim.cli sweep` spends before `run_sweep` (median of repeats)."""

    process_s: float  # the whole throw-away process: interpreter, imports, plan, exit
    import_s: float  # import sim.cli and the sweep runner
    plan_s: float  # the first `plan` of the experiment in that process
    repeats: int


def time_cli_start(path: Path, repeats: int = 2) -> CliStart:
    """Time, in fresh interpreters, importing the CLI and planning the experiment once."""
    code = (
        "import sys, time; t0 = time.perf_counter(); import sim.cli; "
        "from sim.sweep.runner import plan; t1 = time.perf_counter(); plan(sys.argv[1]); "
        "print(t1 - t0, time.perf_counter() - t1)"
    )
    got: list[tuple[float, float, float]] = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
        )
        wall = time.perf_counter() - t0
        imp, pln = (float(x) for x in proc.stdout.split())
        got.append((wall, imp, pln))
    return CliStart(
        process_s=statistics.median(g[0] for g in got),
        import_s=statistics.median(g[1] for g in got),
        plan_s=statistics.median(g[2] for g in got),
        repeats=repeats,
    )


# ---------------------------------------------------------------------------------- report
def scaling(rep: Report) -> float | None:
    """Runs per minute with 2 workers / with 1 worker, if both were timed."""
    by = {s.workers: s for s in rep.sweeps}
    if 1 in by and 2 in by:
        return by[2].runs_per_min / by[1].runs_per_min
    return None


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def render(rep: Report) -> str:
    """The printed report: machine, scenario, sweep table, targets, where the overhead goes."""
    m, e = rep.machine, rep.experiment
    out = [
        "Sweep benchmark (issue 5, 'Speed (benchmark)')",
        f"command: {rep.command}",
        f"machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['platform']}",
        f"versions: Python {m['python']}, autoregions {m['autoregions']}, numpy {m['numpy']}, "
        f"numba {m['numba']}, pandas {m['pandas']}, pyarrow {m['pyarrow']}",
        f"experiment: {e['file']} ({e['design']}: {e['points']} points x {e['replicates']} "
        f"replicates = {e['runs']} runs; varies {', '.join(e['parameters'])})",
        f"scenario: {e['base']}, regions {' + '.join(e['regions'])}, {e['years']}, scale "
        f"{e['scale']}" + (f", {rep.pieces.worker_rows:,} worker rows" if rep.pieces else ""),
        "sweeps: `python -m sim.cli sweep <experiment> --workers N --out <fresh tmp> --quiet`, "
        "wall time of the whole command; numba cache warmed by an untimed run first",
        "sim s/run: mean of the `sim_s` the sweep stores per run (build + stepping in the worker)",
        "overhead s/run = wall x workers / runs - sim s/run; % of sim s/run",
        "",
        f"{'workers':>7} {'runs':>5} {'wall s':>8} {'runs/min':>9} {'sim s/run':>10} "
        f"{'overhead s/run':>15} {'overhead %':>11} {'others':>7} {'load 1m before/after':>21}  "
        "target <5%",
    ]
    for s in rep.sweeps:
        out.append(
            f"{s.workers:>7} {s.runs:>5} {s.wall_s:>8.1f} {s.runs_per_min:>9.1f} "
            f"{s.sim_mean_s:>10.3f} {s.overhead_s:>15.4f} {s.overhead_pct:>10.1f}% "
            f"{s.others_cores:>7.2f} {s.load_before[0]:>10.2f} / {s.load_after[0]:<8.2f}  "
            f"{verdict(s.overhead_pct < TARGET_OVERHEAD_PCT)}"
        )
    out.append(
        "others = cores kept busy by other processes during the sweep (/proc/stat minus the "
        f"sweep's own CPU time); waited {rep.waited_s:.0f} s in all for the machine to go quiet"
    )
    for s in rep.sweeps:
        if s.others_cores > DISTURBED_CORES:
            out.append(
                f"WARNING: the {s.workers}-worker sweep shared the machine with "
                f"{s.others_cores:.2f} cores of other work; its figures are not clean"
            )
    sc = scaling(rep)
    out.append("")
    if sc is not None:
        out.append(
            f"scaling 1 -> 2 workers (runs/min ratio): {sc:.2f}x   target >= {TARGET_SCALING:.1f}"
            f" ('near-linear' = at least 90% of the ideal 2.0)  {verdict(sc >= TARGET_SCALING)}"
        )
    else:
        out.append("scaling 1 -> 2 workers: n/a (needs --workers 1 2)")
    for s in rep.sweeps:
        line = f"sweep rate, {s.workers} worker(s): {s.runs_per_min:.1f} runs/min"
        if Path(e["file"]).name == EU_EXPERIMENT.name and s.workers == 2:
            ok_eu = s.runs_per_min >= TARGET_EU_RUNS_PER_MIN
            line += (
                f" (EU set, scale {e['scale']})   target >= {TARGET_EU_RUNS_PER_MIN:g} (issue 12)"
                f"  {verdict(ok_eu)}"
            )
        out.append(line)
    ok_over = all(s.overhead_pct < TARGET_OVERHEAD_PCT for s in rep.sweeps)
    ok = ok_over and (sc is None or sc >= TARGET_SCALING)
    out.append(f"overall: {verdict(ok)}")
    if rep.pieces and rep.probe:
        out += ["", *render_breakdown(rep)]
    return "\n".join(out)


def render_breakdown(rep: Report) -> list[str]:
    """Where the overhead of each sweep goes, from the piece timings and the worker probe."""
    pc, pr = rep.pieces, rep.probe
    assert pc is not None and pr is not None
    out = [
        f"Where a run's time goes (in this process, warm, mean of {pc.runs} runs of the design; "
        f"result {pc.result_bytes / 1024:.1f} KiB pickled):",
        f"  load_scenario {pc.load_scenario_s * 1e3:7.2f} ms   build {pc.build_s * 1e3:7.1f} ms"
        f"   steps {pc.steps_s * 1e3:7.1f} ms   (sim_s = build + steps = "
        f"{pc.sim_s * 1e3:.1f} ms)",
        f"  region table {pc.region_table_s * 1e3:7.2f} ms   outcomes {pc.outcomes_s * 1e3:6.2f} ms"
        f"   series {pc.series_s * 1e3:6.2f} ms   free model {pc.free_model_s * 1e3:6.2f} ms"
        f"   pickle {pc.pickle_s * 1e3:5.2f} ms",
        f"  worker side outside sim_s: {pc.worker_side_s * 1e3:.2f} ms/run"
        f"   parent side (unpickle + 2 Parquet shards, fsync): {pc.parent_side_s * 1e3:.2f} ms/run",
        f"Spawned worker (median of {pr.repeats}): start-up (spawn + import sim) "
        f"{pr.startup_s:.2f} s, first run sim_s {pr.first_sim_s:.3f} s vs warm "
        f"{pr.warm_sim_s:.3f} s (first-call cost {pr.first_call_s:.2f} s, counted inside sim_s),"
        f" shutdown {pr.shutdown_s:.2f} s",
    ]
    if rep.cli is not None:
        c = rep.cli
        out.append(
            f"Fresh interpreter (median of {c.repeats}): import sim.cli {c.import_s:.2f} s, first "
            f"plan of the experiment {c.plan_s:.2f} s, whole process {c.process_s:.2f} s"
        )
    out += [
        "",
        "Overhead per run, estimated by source (ms/run; a one-off cost C in wall time counts "
        "C x workers / runs):",
        f"{'workers':>7} {'CLI start':>10} {'pool start+stop':>15} {'worker side':>12} "
        f"{'parent side':>12} {'rest':>8} {'= overhead':>11}  {'first-call in sim_s':>20}",
    ]
    for s in rep.sweeps:
        per = s.workers / s.runs
        cli = s.startup_s * per
        start = (pr.startup_s + pr.shutdown_s) * per
        worker = pc.worker_side_s
        # the parent works while the workers do; it competes for a core only when every core
        # runs a worker
        cores = rep.machine["usable_cores"] or rep.machine["cores"] or 1
        parent = pc.parent_side_s if s.workers >= cores else 0.0
        rest = s.overhead_s - cli - start - worker - parent
        hidden = pr.first_call_s * per
        out.append(
            f"{s.workers:>7} {cli * 1e3:>10.2f} {start * 1e3:>15.2f} {worker * 1e3:>12.2f} "
            f"{parent * 1e3:>12.2f} {rest * 1e3:>8.2f} {s.overhead_s * 1e3:>11.2f}  "
            f"{hidden * 1e3:>20.2f}"
        )
    by = {s.workers: s for s in rep.sweeps}
    if 1 in by and 2 in by:
        grow = by[2].sim_mean_s / by[1].sim_mean_s - 1.0
        out.append(
            f"sim s/run with 2 workers vs 1: {grow:+.1%} (two simulations sharing the cores, "
            "caches and memory bandwidth: not overhead by the formula, but it lowers scaling)"
        )
    out.append(
        "'CLI start' = wall - the sweep's own elapsed time (interpreter, imports, planning); "
        "'parent side' is counted only when every core runs a worker; 'rest' = what is left "
        "(IPC, scheduling, the idle tail, other load on the machine)."
    )
    return out


def to_json(rep: Report) -> dict[str, Any]:
    """The report as JSON-ready data, with derived figures and verdicts."""
    sc = scaling(rep)
    return {
        "command": rep.command,
        "machine": rep.machine,
        "experiment": rep.experiment,
        "targets": {"overhead_pct_below": TARGET_OVERHEAD_PCT, "scaling_at_least": TARGET_SCALING},
        "sweeps": [
            {
                **asdict(s),
                "runs_per_min": s.runs_per_min,
                "overhead_s_per_run": s.overhead_s,
                "overhead_pct": s.overhead_pct,
                "cli_startup_s": s.startup_s,
                "overhead_pass": s.overhead_pct < TARGET_OVERHEAD_PCT,
            }
            for s in rep.sweeps
        ],
        "scaling_2_vs_1": sc,
        "scaling_pass": None if sc is None else sc >= TARGET_SCALING,
        "run_pieces": None
        if rep.pieces is None
        else {
            **asdict(rep.pieces),
            "sim_s": rep.pieces.sim_s,
            "worker_side_s": rep.pieces.worker_side_s,
            "parent_side_s": rep.pieces.parent_side_s,
        },
        "worker_probe": None
        if rep.probe is None
        else {**asdict(rep.probe), "first_call_s": rep.probe.first_call_s},
        "cli_start": None if rep.cli is None else asdict(rep.cli),
        "waited_for_quiet_s": rep.waited_s,
    }


# ---------------------------------------------------------------------------------- main
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=200, help="runs per sweep (default 200)")
    ap.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)"
    )
    ap.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write JSON")
    ap.add_argument(
        "--experiment",
        type=Path,
        default=EXPERIMENT,
        metavar="PATH",
        help="experiment file to sweep (default experiments/regional_sweep.toml; the EU set at "
        "scale 10: experiments/eu_sweep.toml)",
    )
    ap.add_argument(
        "--sample", type=int, default=8, help="runs timed piece by piece in-process (default 8)"
    )
    ap.add_argument(
        "--wait",
        type=float,
        default=600.0,
        metavar="S",
        help="wait up to S seconds in all for other processes to go quiet (default 600)",
    )
    args = ap.parse_args(argv)
    if args.runs < 1 or any(w < 1 for w in args.workers) or args.sample < 1:
        ap.error("--runs, --workers and --sample must be >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = shlex.join([sys.executable, *sys.argv]) if argv is None else shlex.join(argv)
    tmp = Path(tempfile.mkdtemp(prefix="sweep_bench_"))
    try:
        path = experiment_for(args.runs, tmp, args.experiment.resolve())
        rep = Report(command=command, machine=machine_info(), experiment=describe_experiment(path))
        print(f"warm-up run of {rep.experiment['file']} (untimed)", file=sys.stderr)
        warm_up(path)
        rep.waited_s += wait_for_quiet(args.wait)
        rep.pieces = time_pieces(path, args.sample)
        rep.probe = probe_worker(path, repeats=2)
        rep.cli = time_cli_start(path, repeats=2)
        for w in args.workers:
            rep.waited_s += wait_for_quiet(max(args.wait - rep.waited_s, 0.0))
            print(
                f"timing a sweep of {rep.experiment['runs']} runs, {w} worker(s)", file=sys.stderr
            )
            rep.sweeps.append(time_sweep(path, w))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(render(rep))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(to_json(rep), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
