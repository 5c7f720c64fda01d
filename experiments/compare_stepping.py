"""EU baseline stepping, build and end-to-end time of two source trees, side by side in one run.

Run from the repository root:

    python experiments/compare_stepping.py OTHER_TREE [--repeats N] [--end-to-end]

OTHER_TREE is another checkout of autoregions (for instance `git worktree add /tmp/pre11
ed0edb9`); this tree is the one the script lives in. Each measurement runs in a fresh Python
subprocess started in its tree (so it imports that tree's `sim` and scenarios/baseline.toml),
which first runs the tiny scenario untimed so numba's kernels are loaded from the cache. The
trees take turns (this, other, this, other, ...) so that other load on the machine falls on
both alike. Prints each tree's medians and every value, and the ratio this / other.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

#: What a child runs (in its tree): warm-up, then build and step the full EU baseline.
CHILD = """
import json, sys, time
sys.path.insert(0, ".")
import sim
from sim.model import TransitionModel
m = TransitionModel(scenario="scenarios/tiny.toml")
while m.running:
    m.step()
t0 = time.perf_counter()
m = TransitionModel(scenario="scenarios/baseline.toml")
t1 = time.perf_counter()
while m.running:
    m.step()
t2 = time.perf_counter()
print(json.dumps({"sim": sim.__file__, "build_s": t1 - t0, "step_s": t2 - t1,
                  "quarters": m.quarter_index}))
"""


def step_once(tree: Path) -> dict[str, float]:
    """Build and stepping seconds of the full EU baseline in a fresh process in `tree`."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=tree, capture_output=True, text=True, check=True
    )
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(out["sim"]).resolve().is_relative_to(tree.resolve()), out["sim"]
    return out


def end_to_end_once(tree: Path) -> float:
    """Wall seconds of `python -m sim run scenarios/baseline.toml` in `tree` (warm cache)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        cmd = [sys.executable, "-m", "sim", "run", "scenarios/baseline.toml", "--out", str(out)]
        t0 = time.perf_counter()
        subprocess.run([*cmd, "--quiet"], cwd=tree, capture_output=True, check=True)
        return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("other", type=Path, help="the other source tree")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--end-to-end", action="store_true", help="also time `python -m sim run`")
    a = ap.parse_args()
    trees = {"this": HERE, "other": a.other.resolve()}
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in trees}
    e2e: dict[str, list[float]] = {k: [] for k in trees}
    print(f"this = {trees['this']}\nother = {trees['other']}\ncores usable: {os.cpu_count()}")
    for tree in trees.values():  # untimed: fill or load each tree's numba cache
        step_once(tree)
    for i in range(a.repeats):
        for label, tree in trees.items():
            r = step_once(tree)
            runs[label].append(r)
            print(
                f"  repeat {i + 1} {label:>5}: build {r['build_s']:.2f} s, "
                f"stepping {r['step_s']:.2f} s ({r['quarters']} quarters)",
                flush=True,
            )
        if a.end_to_end:
            for label, tree in trees.items():
                e2e[label].append(end_to_end_once(tree))
                print(f"  repeat {i + 1} {label:>5}: end to end {e2e[label][-1]:.2f} s", flush=True)
    med = {
        label: {k: statistics.median(r[k] for r in runs[label]) for k in ("build_s", "step_s")}
        for label in trees
    }
    for label in trees:
        extra = f", end to end {statistics.median(e2e[label]):.2f} s" if a.end_to_end else ""
        print(
            f"{label:>5}: median build {med[label]['build_s']:.2f} s, "
            f"median stepping {med[label]['step_s']:.2f} s{extra}"
        )
    print(f"stepping this / other: {med['this']['step_s'] / med['other']['step_s']:.3f}")
    print(f"build this / other: {med['this']['build_s'] / med['other']['build_s']:.3f}")
    if a.end_to_end:
        ratio = statistics.median(e2e["this"]) / statistics.median(e2e["other"])
        print(f"end to end this / other: {ratio:.3f}")


if __name__ == "__main__":
    main()
