"""CPU seconds of each phase and kernel of an EU baseline run, in this tree and another, side by
side.

Run from the repository root:

    python experiments/compare_phases.py OTHER_TREE [--scale S] [--repeats N]

OTHER_TREE is another checkout of autoregions (for instance `git worktree add /tmp/ref 7650af5`).
Each run is a fresh Python subprocess started in its tree; it runs the tiny scenario untimed
(numba's cache), builds the full EU baseline at `--scale` and steps it, timing every phase of
`sim.schedule.SCHEDULE` and every kernel a phase names with `time.thread_time` (the CPU time of
the process's thread, which on a shared machine counts no time spent waiting for a core; the
kernels run on that thread). The trees alternate this, other, other, this, ... so that load on
the machine falls on both alike. Prints the medians of each tree, the ratio other / this (above
1: this tree is faster), the wall-clock build and stepping times, and whether both trees
produced the same results table (a hash of `model.history`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

#: What a child runs (in its tree): warm-up, then build and step the EU baseline, timed.
CHILD = """
import dataclasses, hashlib, json, sys, time
sys.path.insert(0, ".")
import sim, sim.schedule as schedule
from sim.model import TransitionModel
m = TransitionModel(scenario="scenarios/tiny.toml")
while m.running:
    m.step()
t0 = time.perf_counter()
m = TransitionModel(scenario="scenarios/baseline.toml", scale=SCALE)
t1 = time.perf_counter()
cpu = {}
def timed(name, fn):
    cpu.setdefault(name, 0.0)
    def run(*args):
        start = time.thread_time()
        try:
            return fn(*args)
        finally:
            cpu[name] += time.thread_time() - start
    return run
m.phases = tuple(dataclasses.replace(p, run=timed(p.name, p.run)) for p in m.phases)
for p in m.phases:
    for k in p.kernels:
        if k not in cpu:
            setattr(schedule, k, timed(k, getattr(schedule, k)))
c0 = time.thread_time()
while m.running:
    m.step()
cpu["stepping (CPU)"] = time.thread_time() - c0
t2 = time.perf_counter()
h = hashlib.sha256(m.history.tobytes()).hexdigest()[:16]
print(json.dumps({"sim": sim.__file__, "hash": h, "build (wall)": t1 - t0,
                  "stepping (wall)": t2 - t1, **cpu}))
"""


def run_once(tree: Path, scale: int) -> dict:
    """Seconds by phase and kernel of one EU run at `scale` in a fresh process in `tree`."""
    code = CHILD.replace("SCALE", str(int(scale)))
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tree, capture_output=True, text=True, check=True
    )
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(out.pop("sim")).resolve().is_relative_to(tree.resolve())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("other", type=Path, help="the other source tree")
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--kernels", default="", help="comma-separated names to print (default all)")
    a = ap.parse_args()
    trees = {"this": HERE, "other": a.other.resolve()}
    runs: dict[str, list[dict]] = {k: [] for k in trees}
    print(f"this = {trees['this']}\nother = {trees['other']}\nscale {a.scale}")
    for i in range(a.repeats):
        for name in ("this", "other") if i % 2 == 0 else ("other", "this"):
            runs[name].append(run_once(trees[name], a.scale))
    hashes = {k: {r.pop("hash") for r in v} for k, v in runs.items()}
    keys = [k for k in runs["other"][0] if k in runs["this"][0]]
    keys += [k for k in runs["this"][0] if k not in keys]
    if a.kernels:
        keys = [k for k in keys if k in a.kernels.split(",") or "(" in k]
    print(f"medians of {a.repeats} runs each, seconds per run")
    print(f"{'':24}{'other':>9}{'this':>9}{'other/this':>12}")
    for k in keys:
        mine = statistics.median(r.get(k, 0.0) for r in runs["this"])
        theirs = statistics.median(r.get(k, 0.0) for r in runs["other"])
        ratio = f"{theirs / mine:12.2f}" if mine > 0 and theirs > 0 else f"{'-':>12}"
        if max(mine, theirs) >= 0.005 or "(" in k:
            print(f"{k:24}{theirs:9.3f}{mine:9.3f}{ratio}")
    same = hashes["this"] == hashes["other"] and len(hashes["this"]) == 1
    print(f"results table identical: {same}")


if __name__ == "__main__":
    main()
