"""Per-kernel stepping seconds of the EU baseline in two source trees, side by side.

Run from the repository root:

    python experiments/compare_phases.py OTHER_TREE [--scale S] [--repeats N] [--kernels a,b]

Each repeat runs, in a fresh Python subprocess per tree (this, other, this, other, ...), the
full EU baseline at model scale S, timing every phase of the quarter and every kernel a phase
names with `harness.instrument`, plus total stepping. Prints each tree's medians per kernel,
the ratio this / other, and whether both trees produced the same results table (its hash).
OTHER_TREE is another checkout (for instance `git worktree add --detach /tmp/ref 7650af5`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

#: What a child runs in its tree: warm-up on tiny, then the timed, instrumented EU run.
CHILD = """
import hashlib, json, sys, time
sys.path.insert(0, ".")
sys.path.insert(0, "experiments")
import sim
from harness import instrument
from sim.model import TransitionModel
m = TransitionModel(scenario="scenarios/tiny.toml", scale={scale})
while m.running:
    m.step()
t0 = time.perf_counter()
m = TransitionModel(scenario="scenarios/baseline.toml", scale={scale})
t1 = time.perf_counter()
totals = instrument(m)
while m.running:
    m.step()
t2 = time.perf_counter()
totals["build"] = t1 - t0
totals["stepping"] = t2 - t1
h = hashlib.sha256(m.history.tobytes()).hexdigest()[:16]
print(json.dumps({{"sim": sim.__file__, "totals": totals, "hash": h}}))
"""


def run_once(tree: Path, scale: int) -> dict:
    """Kernel and phase totals (seconds) of one instrumented EU run in `tree`."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD.format(scale=scale)],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(out["sim"]).resolve().is_relative_to(tree.resolve()), out["sim"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("other", type=Path, help="the other source tree")
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--kernels", default="", help="comma-separated names to print (default all)")
    a = ap.parse_args()
    trees = {"this": HERE, "other": a.other.resolve()}
    runs: dict[str, list[dict]] = {k: [] for k in trees}
    for i in range(a.repeats):
        for label, tree in trees.items():
            r = run_once(tree, a.scale)
            runs[label].append(r)
            step_s = r["totals"]["stepping"]
            print(f"  repeat {i + 1} {label:>5}: stepping {step_s:.2f} s", flush=True)
    names = list(runs["other"][0]["totals"])
    if a.kernels:
        names = [n for n in names if n in a.kernels.split(",")] + ["stepping"]
    print(f"EU baseline, scale {a.scale}, medians of {a.repeats} (seconds per run)")
    print(f"  {'phase or kernel':<22}{'this':>8}{'other':>8}{'ratio':>8}")
    for name in names:
        med = {k: statistics.median(r["totals"].get(name, 0.0) for r in v) for k, v in runs.items()}
        ratio = med["this"] / med["other"] if med["other"] > 0 else float("nan")
        print(f"  {name:<22}{med['this']:>8.3f}{med['other']:>8.3f}{ratio:>8.3f}")
    hashes = {k: {r["hash"] for r in v} for k, v in runs.items()}
    same = hashes["this"] == hashes["other"] and len(hashes["this"]) == 1
    print(f"results table identical: {same}")


if __name__ == "__main__":
    main()
