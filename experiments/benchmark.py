"""Speed and memory benchmark of autoregions, with a pure-Mesa reference for the worker step.

Run from the repository root:

    python experiments/benchmark.py [--repeats N] [--quick] [--json PATH]

The phases of a quarter and the kernels each calls come from `sim.schedule.SCHEDULE`, the
tuple `TransitionModel.step` runs (see harness.py), so the profile follows the model.

Every measurement runs in a fresh Python subprocess (this script, called with a hidden
``--child`` argument), so peak memory of one size does not leak into another. Each subprocess
first runs an untimed warm-up (the tiny scenario) so numba's compiled kernels are loaded from
the on-disk cache before anything is timed; the very first warm-up fills that cache.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa
import numba
import numpy as np
from harness import (
    children_cpu_s,
    cpu_busy_s,
    cpu_name,
    current_rss_mb,
    instrument,
    peak_rss_mb,
    phases,
    usable_cores,
)
from numba import njit

from sim import codes
from sim.kernels.labour import age_and_move
from sim.model import TransitionModel
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
#: The phases of a quarter (sim.schedule), each with the kernels it calls.
PHASES = phases()
BASELINE = ROOT / "scenarios" / "baseline.toml"
TINY = ROOT / "scenarios" / "tiny.toml"

#: Model sizes: label, `regions.job_scale` applied to the baseline (1.0 = the full EU) and the
#: model's scale (real workers per worker agent; 1 = one agent per real worker).
MODEL_SIZES: tuple[tuple[str, float, int], ...] = (
    ("10k", 0.004, 1),
    ("100k", 0.04, 1),
    ("1M", 0.4, 1),
    ("full EU", 1.0, 1),
    ("EU s10", 1.0, 10),  # the full EU at --scale 10 (what the shipped experiments use)
)
QUICK_MODEL_SIZES = MODEL_SIZES[:2]
#: Pure-Mesa reference sizes (worker agents) and quarters timed per repeat.
MESA_SIZES: tuple[int, ...] = (10_000, 100_000)
MESA_QUARTERS = 4
#: The direct kernel call is sub-millisecond: time this many blocks of MESA_QUARTERS calls.
KERNEL_BLOCKS = 50

#: Reference population (an assumption close to the baseline mid-run): share employed (the
#: rest unemployed), workers per establishment, sector mix of establishments
#: (OEM, ICE-specific, EV-specific, agnostic) and share of establishments upskilling to EV.
EMPLOYED_SHARE = 0.95
WORKERS_PER_ESTABLISHMENT = 80
SECTOR_MIX = (0.05, 0.30, 0.10, 0.55)
UPSKILL_SHARE = 0.02

#: Statuses whose holders are in the worker pool (they age; see `age_and_move`).
IN_POOL = frozenset((codes.EMPLOYED, codes.UNEMPLOYED, codes.RETRAINING))

#: Other processes' average use above this many cores marks a measurement as disturbed.
DISTURBED_CORES = 0.15

TARGET_SECONDS = 10.0
TARGET_SPEEDUP = 100.0
#: Targets of issue 12 ("Speed"): stepping at most this many times the floor kernel (same
#: run); build and end-to-end `autoregions run` of the full EU (warm numba cache), seconds;
#: bytes per worker row.
TARGET_FLOOR_RATIO = 1.5
TARGET_BUILD_S = 0.5
TARGET_END_TO_END_S = 4.0
#: Issue 12: a cold first run of `tiny` (empty numba cache: every kernel compiles), seconds.
TARGET_COLD_TINY_S = 10.0
TARGET_BYTES_PER_WORKER = 32

#: Floor kernel workload (a reference, not model figures): each quarter this share of the
#: establishments sheds workers, each of their employed agents leaves with chance
#: FLOOR_SEPARATION, and each unemployed agent is hired back with chance FLOOR_HIRING.
FLOOR_SHEDDING_SHARE = 0.05
FLOOR_SEPARATION = 0.05
FLOOR_HIRING = 0.3
#: Size (job_scale) of the 1-thread against 2-thread identity check, run to the end.
IDENTITY_JOB_SCALE = 0.04
#: Timed repeats of the end-to-end `autoregions run` of the full EU.
END_TO_END_REPEATS = 3


# ---------------------------------------------------------------------------------- helpers
def warm_up() -> float:
    """Run the tiny scenario once (and the floor kernel for a quarter) so every numba kernel is
    compiled or loaded from cache."""
    t0 = time.perf_counter()
    model = TransitionModel(scenario=TINY)
    while model.running:
        model.step()
    w = model.pop.workers
    arrays = {k: getattr(w, k) for k in ("status", "employer", "age_q", "weight", "training_left")}
    time_floor(arrays, len(model.pop.establishments), 1, seed=0)
    return time.perf_counter() - t0


def machine_info() -> dict[str, Any]:
    """CPU, OS and library versions."""
    return {
        "cpu": cpu_name(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable_cores(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "mesa": mesa.__version__,
        "numba_threads": numba.config.NUMBA_NUM_THREADS,
    }


# ----------------------------------------------------------------------------- floor kernel
@njit(cache=True)
def floor_quarter(status, employer, age_q, training_left, weight, shedding, rng, flows):
    """The least one quarter of worker passes does, as one pass over every worker row: the pool
    ages; employed agents of shedding establishments separate with chance FLOOR_SEPARATION
    (keeping their employer), unemployed agents are hired back with chance FLOOR_HIRING (only
    into their last employer), and agents in reskilling count down and search again when done.
    flows = (separations, hires, courses ended), in real workers."""
    for w in range(status.shape[0]):
        st = status[w]
        if st != codes.EMPLOYED and st != codes.UNEMPLOYED and st != codes.RETRAINING:
            continue
        age_q[w] += 1
        if st == codes.EMPLOYED:
            if shedding[employer[w]] and rng.random() < FLOOR_SEPARATION:
                status[w] = codes.UNEMPLOYED
                flows[0] += weight[w]
        elif st == codes.UNEMPLOYED:
            if employer[w] >= 0 and rng.random() < FLOOR_HIRING:
                status[w] = codes.EMPLOYED
                flows[1] += weight[w]
        elif training_left[w] > 0:
            training_left[w] -= 1
            if training_left[w] == 0:
                status[w] = codes.UNEMPLOYED
                flows[2] += weight[w]


def time_floor(start: dict[str, np.ndarray], n_est: int, quarters: int, seed: int) -> float:
    """Seconds for `quarters` floor-kernel quarters on a copy of the start worker arrays."""
    w = {k: v.copy() for k, v in start.items()}
    rng = np.random.default_rng(seed)
    flows = np.zeros(3, dtype=np.int64)
    t0 = time.perf_counter()
    for _ in range(quarters):
        shedding = rng.random(n_est) < FLOOR_SHEDDING_SHARE
        floor_quarter(
            w["status"],
            w["employer"],
            w["age_q"],
            w["training_left"],
            w["weight"],
            shedding,
            rng,
            flows,
        )
    return time.perf_counter() - t0


def table_hash(model: TransitionModel) -> str:
    """SHA-256 of the regional results table so far (bit-identity checks)."""
    done = model.quarter_index
    return hashlib.sha256(np.ascontiguousarray(model.history[:done]).tobytes()).hexdigest()


# ---------------------------------------------------------------------------- whole model
def bench_model(job_scale: float, scale: int, repeats: int) -> dict[str, Any]:
    """Build and run the baseline at one job_scale and model scale `repeats` times, plus one
    profiled run."""
    warm_s = warm_up()
    gc.collect()
    rss_base = peak_rss_mb()
    spec = load_scenario(BASELINE, overrides={"regions.job_scale": job_scale})
    builds: list[float] = []
    steps: list[float] = []
    floors: list[float] = []
    info: dict[str, Any] = {}
    for i in range(repeats + 1):
        profile = i == repeats
        t0 = time.perf_counter()
        model = TransitionModel(scenario=spec, scale=scale)
        t1 = time.perf_counter()
        w = model.pop.workers
        start = {k: getattr(w, k).copy() for k in ("status", "employer", "age_q", "weight")}
        start["training_left"] = w.training_left.copy()
        n_est = len(model.pop.establishments)
        in_pool = np.isin(w.status, (codes.EMPLOYED, codes.UNEMPLOYED, codes.RETRAINING))
        info = {
            "worker_rows": len(w),
            "live_workers": int(in_pool.sum()),
            "live_real_workers": int(w.weight[in_pool].sum(dtype=np.int64)),
            "establishments": len(model.pop.establishments),
            "suppliers": len(model.pop.suppliers),
            "plants": len(model.pop.plants),
            "links": len(model.links),
            "bytes_per_row": w.bytes_per_row,
            "worker_array_bytes": w.nbytes,
        }
        totals = instrument(model) if profile else {}
        t2 = time.perf_counter()
        while model.running:
            model.step()
        t3 = time.perf_counter()
        quarters = model.quarter_index
        if profile:
            info["profile_step_s"] = t3 - t2
            info["profile_s"] = totals
            info["worker_rows_end"] = len(model.pop.workers)
        else:
            builds.append(t1 - t0)
            steps.append(t3 - t2)
            # the floor kernel on the same start arrays, right after, for as many quarters
            floors.append(time_floor(start, n_est, quarters, seed=i))
        del model, start
        gc.collect()
    step_s = statistics.median(steps)
    floor_s = statistics.median(floors)
    rows = info["worker_rows"]
    return {
        "job_scale": job_scale,
        "scale": scale,
        **info,
        "quarters": quarters,
        "warm_up_s": warm_s,
        "build_s": statistics.median(builds),
        "build_s_all": builds,
        "step_s": step_s,
        "step_s_all": steps,
        "quarter_ms": 1e3 * step_s / quarters,
        "floor_s": floor_s,
        "floor_s_all": floors,
        "floor_ratio": step_s / floor_s,
        "worker_steps_per_s": rows * quarters / step_s,
        "ns_per_worker_step": 1e9 * step_s / (rows * quarters),
        "bytes_per_live_worker": info["worker_array_bytes"] / info["live_workers"],
        "rss_base_mb": rss_base,
        "rss_peak_mb": peak_rss_mb(),
    }


# ------------------------------------------------------------------- pure-Mesa reference
@dataclass
class Employer:
    """What a worker's step reads from its employer (a plain object, not a stepped agent)."""

    sector: int
    upskill: bool


@dataclass
class ReferencePopulation:
    """Start state of the reference workers, as arrays with the dtypes of `sim.state.Workers`."""

    status: np.ndarray
    employer: np.ndarray
    age_q: np.ndarray
    ev_skill: np.ndarray
    ice_skill: np.ndarray
    quarters_unemployed: np.ndarray
    est_sector: np.ndarray
    est_upskill: np.ndarray
    region: np.ndarray
    training_left: np.ndarray
    weight: np.ndarray  # real workers per row: 1 (one agent per real worker)

    def copy(self) -> ReferencePopulation:
        return ReferencePopulation(**{k: v.copy() for k, v in vars(self).items()})


def reference_population(n: int, ev_threshold: float, seed: int = 7) -> ReferencePopulation:
    """`n` live workers: EMPLOYED_SHARE employed at random establishments, the rest unemployed."""
    rng = np.random.default_rng(seed)
    n_est = max(1, n // WORKERS_PER_ESTABLISHMENT)
    est_sector = rng.choice(4, size=n_est, p=SECTOR_MIX).astype(np.int8)
    est_upskill = (rng.random(n_est) < UPSKILL_SHARE).astype(np.int8)
    employed = rng.random(n) < EMPLOYED_SHARE
    status = np.where(employed, codes.EMPLOYED, codes.UNEMPLOYED).astype(np.int8)
    employer = np.where(employed, rng.integers(0, n_est, n), -1).astype(np.int32)
    ages = np.clip(rng.normal(42.0, 11.0, n), 18.0, 64.75)
    at_ev = employed & (est_sector[np.maximum(employer, 0)] == codes.SECTOR_EV)
    u = rng.random(n)
    ev_skill = np.where(at_ev, ev_threshold + (1 - ev_threshold) * u, ev_threshold * u)
    return ReferencePopulation(
        status=status,
        employer=employer,
        age_q=np.floor(ages * 4).astype(np.int16),
        ev_skill=ev_skill.astype(np.float32),
        ice_skill=(0.3 + 0.5 * rng.random(n)).astype(np.float32),
        quarters_unemployed=np.zeros(n, dtype=np.int16),
        est_sector=est_sector,
        est_upskill=est_upskill,
        region=np.zeros(n, dtype=np.int16),
        training_left=np.zeros(n, dtype=np.int8),
        weight=np.ones(n, dtype=np.int16),
    )


class MesaWorker(mesa.Agent):
    """One worker as an idiomatic Mesa agent; `step` is the worker step of `age_and_move`."""

    def __init__(
        self,
        model: MesaWorkerModel,
        status: int,
        employer: Employer | None,
        age_q: int,
        ev_skill: float,
        ice_skill: float,
    ) -> None:
        super().__init__(model)
        self.status = status
        self.employer = employer
        self.age_q = age_q
        self.ev_skill = ev_skill
        self.ice_skill = ice_skill
        self.quarters_unemployed = 0

    def step(self) -> None:
        """Age a quarter; retire; learn or lose skill; unemployed may leave the pool."""
        m: MesaWorkerModel = self.model  # type: ignore[assignment]
        status = self.status
        if status not in IN_POOL:
            return
        self.age_q += 1
        if self.age_q >= m.retirement_q:
            self.status = codes.LEFT_LABOUR_FORCE
            self.employer = None
            m.retired += 1
            return
        if status == codes.EMPLOYED:
            employer = self.employer
            if employer.upskill and self.ev_skill < m.ev_threshold:
                self.ev_skill = m.ev_threshold
            if employer.sector == codes.SECTOR_EV:
                self.ev_skill = min(1.0, self.ev_skill + m.ev_learning)
        elif status == codes.UNEMPLOYED:
            self.quarters_unemployed += 1
            self.ev_skill = max(0.0, self.ev_skill - m.skill_loss)
            self.ice_skill = max(0.0, self.ice_skill - m.skill_loss)
            rate = m.outside_job_rate_older if self.age_q >= m.older_from_q else m.outside_job_rate
            u = m.random.random()
            if u < rate:
                self.status = codes.EMPLOYED_ELSEWHERE
                m.moved += 1
            elif self.age_q >= m.early_retirement_from_q and u < rate + m.early_retirement_rate:
                self.status = codes.LEFT_LABOUR_FORCE
                m.retired_early += 1


class MesaWorkerModel(mesa.Model):
    """Idiomatic Mesa 3 model of the worker step only: `shuffle_do("step")` once a quarter."""

    def __init__(self, pop: ReferencePopulation, labour: Any, seed: int) -> None:
        super().__init__(rng=seed)
        self.retirement_q = 4 * labour.retirement_age
        self.early_retirement_from_q = 4 * labour.early_retirement_age
        self.older_from_q = 4 * labour.older_from_age
        self.outside_job_rate = labour.outside_job_rate
        self.outside_job_rate_older = labour.outside_job_rate_older
        self.early_retirement_rate = labour.early_retirement_rate
        self.ev_learning = labour.ev_learning_per_quarter
        self.skill_loss = labour.skill_loss_per_quarter
        self.ev_threshold = labour.ev_skill_threshold
        self.retired = self.retired_early = self.moved = 0
        employers = [
            Employer(int(s), bool(u)) for s, u in zip(pop.est_sector, pop.est_upskill, strict=True)
        ]
        for i in range(len(pop.status)):
            f = int(pop.employer[i])
            MesaWorker(
                self,
                int(pop.status[i]),
                employers[f] if f >= 0 else None,
                int(pop.age_q[i]),
                float(pop.ev_skill[i]),
                float(pop.ice_skill[i]),
            )

    def step(self) -> None:
        self.agents.shuffle_do("step")


def _kernel_quarter(pop: ReferencePopulation, labour: Any, rng: Any, flows: np.ndarray) -> None:
    """One quarter of the numba worker step on the reference arrays (as `worker_lives` calls it)."""
    age_and_move(
        pop.status,
        pop.employer,
        pop.region,
        pop.age_q,
        pop.ev_skill,
        pop.ice_skill,
        pop.quarters_unemployed,
        pop.training_left,
        pop.est_sector,
        pop.est_upskill,
        4 * labour.retirement_age,
        4 * labour.early_retirement_age,
        4 * labour.older_from_age,
        labour.outside_job_rate,
        labour.outside_job_rate_older,
        labour.early_retirement_rate,
        labour.ev_learning_per_quarter,
        labour.skill_loss_per_quarter,
        labour.ev_skill_threshold,
        0.0,
        0.0,
        pop.weight,
        rng,
        flows,
    )


def bench_reference(n: int, repeats: int, quarters: int) -> dict[str, Any]:
    """Per-worker-step time of the numba kernel and of the pure-Mesa model on `n` workers."""
    warm_up()
    labour = load_scenario(BASELINE).labour
    start = reference_population(n, labour.ev_skill_threshold)

    rng = np.random.default_rng(11)
    kernel_flows = np.zeros((1, 5), dtype=np.int64)
    _kernel_quarter(start.copy(), labour, rng, np.zeros((1, 5), dtype=np.int64))  # untimed
    kernel: list[float] = []
    for b in range(KERNEL_BLOCKS):
        pop = start.copy()
        flows = kernel_flows if b == 0 else np.zeros((1, 5), dtype=np.int64)
        t0 = time.perf_counter()
        for _ in range(quarters):
            _kernel_quarter(pop, labour, rng, flows)
        kernel.append((time.perf_counter() - t0) / (n * quarters))

    gc.collect()
    rss0 = current_rss_mb()
    builds: list[float] = []
    mesa_times: list[float] = []
    mesa_flows: list[int] = []
    rss_per_agent = None
    for r in range(repeats):
        t0 = time.perf_counter()
        model = MesaWorkerModel(start, labour, seed=100 + r)
        builds.append(time.perf_counter() - t0)
        rss1 = current_rss_mb()
        if r == 0 and rss0 is not None and rss1 is not None:
            rss_per_agent = (rss1 - rss0) * 2**20 / n
        t0 = time.perf_counter()
        for _ in range(quarters):
            model.step()
        mesa_times.append((time.perf_counter() - t0) / (n * quarters))
        if r == 0:
            mesa_flows = [model.retired, model.retired_early, model.moved]
        model.remove_all_agents()
        del model
        gc.collect()
    return {
        "workers": n,
        "quarters": quarters,
        "employed_share": EMPLOYED_SHARE,
        "kernel_blocks": KERNEL_BLOCKS,
        "kernel_ns_per_worker_step": 1e9 * statistics.median(kernel),
        "mesa_repeats": repeats,
        "mesa_ns_per_worker_step": 1e9 * statistics.median(mesa_times),
        "mesa_ns_all": [1e9 * t for t in mesa_times],
        "mesa_build_s": statistics.median(builds),
        "mesa_rss_bytes_per_agent": rss_per_agent,
        "flows_kernel": kernel_flows[0, :3].tolist(),
        "flows_mesa": mesa_flows,
    }


def run_to_end(job_scale: float) -> dict[str, Any]:
    """Run the baseline at `job_scale` to the end; the table's hash and the thread count."""
    warm_up()
    model = TransitionModel(
        scenario=load_scenario(BASELINE, overrides={"regions.job_scale": job_scale})
    )
    while model.running:
        model.step()
    return {"hash": table_hash(model), "numba_threads": numba.config.NUMBA_NUM_THREADS}


def time_end_to_end(repeats: int) -> list[float]:
    """Wall seconds of `autoregions run` (as `python -m sim`) of the full EU baseline, each in
    a fresh interpreter with a warm numba cache, results written to a temporary folder."""
    times = []
    with tempfile.TemporaryDirectory(prefix="bench_e2e_") as tmp:
        for i in range(repeats):
            out = Path(tmp) / f"run{i}"
            cmd = [sys.executable, "-m", "sim", "run", str(BASELINE), "--out", str(out), "--quiet"]
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
    return times


def time_cold_tiny(repeats: int) -> list[float]:
    """Wall seconds of `autoregions run` of the tiny scenario in a fresh interpreter with an
    empty numba cache (NUMBA_CACHE_DIR set to a new temporary folder), so every kernel the run
    needs compiles: what a user's first run after installing costs."""
    times = []
    with tempfile.TemporaryDirectory(prefix="bench_cold_") as tmp:
        for i in range(repeats):
            cache, out = Path(tmp) / f"cache{i}", Path(tmp) / f"run{i}"
            cache.mkdir()
            env = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
            cmd = [sys.executable, "-m", "sim", "run", str(TINY), "--out", str(out), "--quiet"]
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=env)
            times.append(time.perf_counter() - t0)
    return times


# ------------------------------------------------------------------------------ parent side
def run_child(task: dict[str, Any], threads: int | None = None) -> dict[str, Any]:
    """Run one task in a fresh interpreter and return its JSON result, with `others_cores`:
    the cores other processes kept busy meanwhile, on average (NaN where unknown). `threads`
    sets NUMBA_NUM_THREADS for it."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(task)]
    env = dict(os.environ)
    if threads is not None:
        env["NUMBA_NUM_THREADS"] = str(threads)
    busy0, ours0, t0 = cpu_busy_s(), children_cpu_s(), time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False, env=env)
    busy1, ours1, wall = cpu_busy_s(), children_cpu_s(), time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"benchmark subprocess failed ({task}): exit code {proc.returncode}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    others = float("nan")
    if busy0 is not None and busy1 is not None and wall > 0:
        others = max(busy1 - busy0 - (ours1 - ours0), 0.0) / wall
    out["others_cores"] = others
    return out


def child_main(task: dict[str, Any]) -> None:
    kind = task["kind"]
    if kind == "warmup":
        out: dict[str, Any] = {"warm_up_s": warm_up()}
    elif kind == "model":
        out = bench_model(task["job_scale"], task["scale"], task["repeats"])
    elif kind == "reference":
        out = bench_reference(task["workers"], task["repeats"], task["quarters"])
    elif kind == "identity":
        out = run_to_end(task["job_scale"])
    else:
        raise ValueError(f"unknown task {kind!r}")
    print(json.dumps(out))


def _fmt_int(x: float) -> str:
    return f"{x:,.0f}"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_profile(models: list[dict[str, Any]]) -> None:
    """Share of stepping time per phase (and per kernel inside it), one column per size."""
    labels = [m["label"] for m in models]
    print("\nWhere a quarter goes (one extra instrumented run per size; % of its stepping time)")
    print(f"  {'phase / kernel':<28}" + "".join(f"{lb:>10}" for lb in labels))

    def row(name: str, key: str | None) -> None:
        cells = []
        for m in models:
            total = m["profile_step_s"]
            if key is None:
                value = total - sum(m["profile_s"][p] for p in PHASES)
            else:
                value = m["profile_s"][key]
            cells.append(f"{100 * value / total:>9.1f}%")
        print(f"  {name:<28}" + "".join(cells))

    for phase, kernels in PHASES.items():
        row(phase, phase)
        for kernel in kernels:
            row("  " + kernel, kernel)
    row("rest of step()", None)


def print_report(result: dict[str, Any]) -> None:
    """The final tables and the targets."""
    models, refs = result["models"], result["reference"]
    print("\nWhole model (baseline scenario; median over repeats; stepping excludes the build)")
    head = (
        f"  {'size':<8}{'job_scale':>10}{'scale':>6}{'worker rows':>13}{'live':>12}{'quarters':>9}"
        f"{'build s':>9}{'steps s':>9}{'ms/quarter':>11}{'worker-steps/s':>16}"
        f"{'ns/w-step':>10}{'peak RSS MiB':>13}{'B/row':>6}{'B/live':>7}"
    )
    print(head)
    for m in models:
        print(
            f"  {m['label']:<8}{m['job_scale']:>10g}{m['scale']:>6}{_fmt_int(m['worker_rows']):>13}"
            f"{_fmt_int(m['live_workers']):>12}{m['quarters']:>9}{m['build_s']:>9.2f}"
            f"{m['step_s']:>9.2f}{m['quarter_ms']:>11.2f}{m['worker_steps_per_s']:>16.3g}"
            f"{m['ns_per_worker_step']:>10.2f}{m['rss_peak_mb']:>13.0f}"
            f"{m['bytes_per_row']:>6}{m['bytes_per_live_worker']:>7.1f}"
        )
    print("\n  floor kernel (one pass: ageing, separation, search, reskilling countdown; see")
    print("  floor_quarter), timed right after each stepping repeat on the same start arrays:")
    for m in models:
        print(
            f"  {m['label']:<8} stepping {m['step_s']:.2f} s, floor {m['floor_s']:.2f} s:"
            f" {m['floor_ratio']:.2f}x the floor"
        )
    base = models[0]["rss_base_mb"] if models else float("nan")
    print(
        f"  (peak RSS includes the interpreter, imports and warm-up: about {base:.0f} MiB before"
        " the build; B/row = itemsizes of the Workers arrays; B/live = all worker-array bytes,"
        " spare rows included, / live workers at the start; at a scale above 1 a row is an"
        " agent of up to `scale` real workers)"
    )
    for m in models:
        if m["scale"] == 1:
            continue
        same = next(
            (x for x in models if x["scale"] == 1 and x["job_scale"] == m["job_scale"]), None
        )
        vs = f", {same['step_s'] / m['step_s']:.1f}x faster than scale 1" if same else ""
        print(
            f"  --scale {m['scale']} ({m['label']}): {_fmt_int(m['worker_rows'])} worker rows"
            f" ({_fmt_int(m['worker_rows_end'])} at the end) for"
            f" {_fmt_int(m['live_real_workers'])} real workers; {m['quarters']} quarters in"
            f" {m['step_s']:.2f} s{vs} (build {m['build_s']:.2f} s,"
            f" peak RSS {m['rss_peak_mb']:.0f} MiB)"
        )
    print_profile(models)

    print(f"\nWorker step only: numba kernel vs pure Mesa ({MESA_QUARTERS} quarters per repeat)")
    print(
        f"  {'workers':>9}{'Mesa ns/w-step':>16}{'kernel ns/w-step':>18}{'model ns/w-step':>17}"
        f"{'kernel vs Mesa':>16}{'model vs Mesa':>15}{'Mesa build s':>14}{'Mesa B/agent':>14}"
    )
    for r in refs:
        model_ns = r.get("model_ns_per_worker_step")
        ratio_model = r.get("speedup_model")
        b = r["mesa_rss_bytes_per_agent"]
        model_cell = f"{model_ns:.2f} ({r['model_label']})" if model_ns else "n/a"
        ratio_cell = f"{ratio_model:.0f}x" if ratio_model else "n/a"
        b_cell = f"{b:.0f}" if b else "n/a"
        print(
            f"  {_fmt_int(r['workers']):>9}{r['mesa_ns_per_worker_step']:>16.0f}"
            f"{r['kernel_ns_per_worker_step']:>18.2f}{model_cell:>17}"
            f"{r['speedup_kernel']:>15.0f}x{ratio_cell:>15}"
            f"{r['mesa_build_s']:>14.2f}{b_cell:>14}"
        )
    print(
        "  kernel vs Mesa, same worker step = Mesa ns / kernel ns (age_and_move on arrays of the"
        " same size and mix)\n"
        "  whole model step vs Mesa worker step = Mesa ns / (whole model step time / worker rows)"
        " at the nearest model size\n"
        "  Mesa B/agent = growth of resident memory while building the Mesa agents / agents"
    )
    for r in refs:
        k, m = r["flows_kernel"], r["flows_mesa"]
        print(
            f"  check, {_fmt_int(r['workers'])} workers after {r['quarters']} quarters"
            f" (kernel / Mesa; random draws differ): retired {k[0]}/{m[0]},"
            f" retired early {k[1]}/{m[1]}, moved to other sectors {k[2]}/{m[2]}"
        )

    print("\nTargets")
    for t in result["targets"]:
        print(f"  {t['verdict']:<5} {t['name']}: {t['value']} (target {t['target']})")
    mc = result["machine"]
    print(
        f"\nMachine: {mc['cpu']}, {mc['cpu_count']} CPUs ({mc['cpus_usable']} usable),"
        f" {mc['platform']}\n"
        f"Versions: python {mc['python']}, numpy {mc['numpy']}, numba {mc['numba']},"
        f" mesa {mc['mesa']}\n"
        f"Command: {result['command']} (repeats {result['repeats']})"
    )
    cells = [f"{x['label']} {x['others_cores']:.2f}" for x in models]
    cells += [f"Mesa {_fmt_int(x['workers'])} {x['others_cores']:.2f}" for x in refs]
    print(
        "Other processes meanwhile (cores kept busy on average, /proc/stat minus this"
        f" benchmark's own CPU time): {', '.join(cells)}"
    )
    for x in (*models, *refs):
        if x["others_cores"] > DISTURBED_CORES:
            name = x.get("label") or f"Mesa reference, {_fmt_int(x['workers'])} workers"
            print(
                f"WARNING: {name} shared the machine with {x['others_cores']:.2f} cores of"
                " other work; its figures are not clean"
            )


def evaluate_targets(
    models: list[dict[str, Any]], refs: list[dict[str, Any]], result: dict[str, Any]
) -> list[dict]:
    """PASS/FAIL rows for the targets of the earlier benchmark brief and of issue 12."""
    rows: list[dict[str, Any]] = []

    def add(name: str, value: str, target: str, ok: bool | None) -> None:
        verdict = "n/a" if ok is None else _verdict(ok)
        rows.append({"name": name, "value": value, "target": target, "verdict": verdict, "ok": ok})

    models = [m for m in models if m["scale"] == 1]  # the targets are about scale 1
    full = next((m for m in models if m["job_scale"] == 1.0), None)
    if full is None:
        add("full EU baseline, stepping", "not run (--quick)", f"< {TARGET_SECONDS:g} s", None)
    else:
        size = f"{_fmt_int(full['worker_rows'])} rows, {full['quarters']} quarters"
        add(
            f"full EU baseline, stepping only ({size})",
            f"{full['step_s']:.2f} s",
            f"< {TARGET_SECONDS:g} s",
            full["step_s"] < TARGET_SECONDS,
        )
        total = full["build_s"] + full["step_s"]
        add(
            "full EU baseline, build + stepping",
            f"{total:.2f} s",
            f"< {TARGET_SECONDS:g} s",
            total < TARGET_SECONDS,
        )
        add(
            "full EU stepping / floor kernel, same run (issue 12)",
            f"{full['floor_ratio']:.2f}x ({full['step_s']:.2f} s / {full['floor_s']:.2f} s)",
            f"<= {TARGET_FLOOR_RATIO:g}x",
            full["floor_ratio"] <= TARGET_FLOOR_RATIO,
        )
        add(
            "full EU build (issue 12)",
            f"{full['build_s']:.2f} s",
            f"<= {TARGET_BUILD_S:g} s",
            full["build_s"] <= TARGET_BUILD_S,
        )
    e2e = result.get("end_to_end_s")
    add(
        "full EU end to end, `autoregions run`, warm cache (issue 12)",
        "not run (--quick)" if e2e is None else f"{e2e:.2f} s",
        f"<= {TARGET_END_TO_END_S:g} s",
        None if e2e is None else e2e <= TARGET_END_TO_END_S,
    )
    cold = result.get("cold_tiny_s")
    add(
        "cold first run of tiny, empty numba cache (issue 12)",
        "not run" if cold is None else f"{cold:.1f} s",
        f"<= {TARGET_COLD_TINY_S:g} s",
        None if cold is None else cold <= TARGET_COLD_TINY_S,
    )
    ident = result["identity"]
    add(
        f"results with 1 and 2 numba threads (job_scale {ident['job_scale']:g}, issue 12)",
        "identical" if ident["identical"] else "different",
        "identical",
        ident["identical"],
    )
    if models:
        worst_row = max(m["bytes_per_row"] for m in models)
        worst_live = max(m["bytes_per_live_worker"] for m in models)
        add(
            "bytes per worker agent (Workers row)",
            f"{worst_row} B",
            f"<= {TARGET_BYTES_PER_WORKER} B",
            worst_row <= TARGET_BYTES_PER_WORKER,
        )
        add(
            "worker-array bytes per live worker (spare rows included)",
            f"{worst_live:.1f} B",
            f"<= {TARGET_BYTES_PER_WORKER} B",
            worst_live <= TARGET_BYTES_PER_WORKER,
        )
    for r in refs:
        n = _fmt_int(r["workers"])
        add(
            f"kernel vs Mesa, same worker step, {n} workers",
            f"{r['speedup_kernel']:.0f}x",
            f">= {TARGET_SPEEDUP:g}x",
            r["speedup_kernel"] >= TARGET_SPEEDUP,
        )
        ratio = r.get("speedup_model")
        # information only: the whole quarter (supply chain, firms, matching, accounts) per
        # worker row against the Mesa worker step alone is not the brief's comparison
        add(
            f"whole model step vs Mesa worker step, {n} workers ({r.get('model_label', 'n/a')})",
            f"{ratio:.0f}x" if ratio else "n/a",
            "information",
            None,
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats per size (3)")
    parser.add_argument("--quick", action="store_true", help="small sizes only (smoke test)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write figures as JSON")
    parser.add_argument(
        "--cold-repeats",
        type=int,
        default=1,
        help="cold first runs of tiny, each compiling every kernel (1; about 30 s each)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(json.loads(args.child))
        return 0
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.cold_repeats < 0:
        parser.error("--cold-repeats must be at least 0")

    command = shlex.join([Path(sys.executable).name, *sys.argv])
    machine = machine_info()
    print(f"autoregions benchmark: {command}")
    print(
        f"  {machine['cpu']}; {machine['cpu_count']} CPUs; {machine['platform']}\n"
        f"  python {machine['python']}, numpy {machine['numpy']}, numba {machine['numba']},"
        f" mesa {machine['mesa']}; repeats {args.repeats}{'; --quick' if args.quick else ''}"
    )
    t0 = time.perf_counter()
    warm = run_child({"kind": "warmup"})["warm_up_s"]
    print(
        f"  warm-up: tiny scenario run once to fill numba's on-disk cache ({warm:.1f} s, untimed);"
        " every measurement runs in a fresh subprocess that repeats an untimed warm-up first,"
        " so compile and cache-load time are excluded"
    )

    sizes = QUICK_MODEL_SIZES if args.quick else MODEL_SIZES
    models: list[dict[str, Any]] = []
    for label, job_scale, scale in sizes:
        task = {"kind": "model", "job_scale": job_scale, "scale": scale}
        m = run_child({**task, "repeats": args.repeats})
        m["label"] = label
        models.append(m)
        print(
            f"  model {label} (scale {scale}): {_fmt_int(m['worker_rows'])} worker rows,"
            f" {m['quarters']} quarters in {m['step_s']:.2f} s (build {m['build_s']:.2f} s);"
            f" other processes: {m['others_cores']:.2f} cores",
            flush=True,
        )
    refs: list[dict[str, Any]] = []
    for n in MESA_SIZES:
        task = {"kind": "reference", "workers": n, "repeats": args.repeats}
        r = run_child({**task, "quarters": MESA_QUARTERS})
        r["speedup_kernel"] = r["mesa_ns_per_worker_step"] / r["kernel_ns_per_worker_step"]
        one = [m for m in models if m["scale"] == 1]
        nearest = min(one, key=lambda m: abs(np.log(m["worker_rows"] / n)), default=None)
        if nearest is not None:
            r["model_label"] = nearest["label"]
            r["model_worker_rows"] = nearest["worker_rows"]
            r["model_ns_per_worker_step"] = nearest["ns_per_worker_step"]
            r["speedup_model"] = r["mesa_ns_per_worker_step"] / nearest["ns_per_worker_step"]
        refs.append(r)
        print(
            f"  reference {_fmt_int(n)} workers: Mesa {r['mesa_ns_per_worker_step']:.0f} ns,"
            f" kernel {r['kernel_ns_per_worker_step']:.2f} ns per worker-step;"
            f" other processes: {r['others_cores']:.2f} cores",
            flush=True,
        )

    identity = {
        n: run_child({"kind": "identity", "job_scale": IDENTITY_JOB_SCALE}, threads=n)
        for n in (1, 2)
    }
    same = identity[1]["hash"] == identity[2]["hash"]
    print(
        f"  1 thread vs 2 threads (baseline at job_scale {IDENTITY_JOB_SCALE:g}, to the end):"
        f" results {'identical' if same else 'DIFFERENT'}",
        flush=True,
    )
    end_to_end: list[float] = []
    if not args.quick:
        end_to_end = time_end_to_end(END_TO_END_REPEATS)
        print(
            f"  end to end (autoregions run, full EU): {statistics.median(end_to_end):.2f} s",
            flush=True,
        )

    cold: list[float] = []
    if not args.quick and args.cold_repeats:
        cold = time_cold_tiny(args.cold_repeats)
        print(
            f"  cold first run of tiny (empty numba cache): {statistics.median(cold):.1f} s",
            flush=True,
        )

    result: dict[str, Any] = {
        "command": command,
        "cold_tiny_s_all": cold,
        "cold_tiny_s": statistics.median(cold) if cold else None,
        "identity": {
            "job_scale": IDENTITY_JOB_SCALE,
            "threads": {str(n): r["numba_threads"] for n, r in identity.items()},
            "identical": same,
        },
        "end_to_end_s_all": end_to_end,
        "end_to_end_s": statistics.median(end_to_end) if end_to_end else None,
        "machine": machine,
        "repeats": args.repeats,
        "quick": args.quick,
        "warm_up_s": warm,
        "models": models,
        "reference": refs,
        "reference_setup": {
            "employed_share": EMPLOYED_SHARE,
            "workers_per_establishment": WORKERS_PER_ESTABLISHMENT,
            "sector_mix": SECTOR_MIX,
            "upskill_share": UPSKILL_SHARE,
        },
    }
    result["targets"] = evaluate_targets(models, refs, result)
    result["wall_s"] = time.perf_counter() - t0
    print_report(result)
    print(f"\n(benchmark wall time {result['wall_s']:.0f} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
