"""Build time of the model (`TransitionModel(...)`) in this tree and, optionally, another one,
side by side.

Run from the repository root:

    python experiments/build_timing.py [OTHER_TREE] [--repeats N]

OTHER_TREE is another checkout of autoregions (for instance `git worktree add /tmp/ref
7650af5`). Each measurement runs in a fresh Python subprocess started in its tree (so it
imports that tree's `sim` and scenarios). A child builds the tiny scenario twice (the first
build also loads the compiled kernels from numba's cache: first minus second is the cache
load), then the full EU baseline at scale 1 and at scale 10 (the scenario file is read
once, before the timed builds, as experiments/benchmark.py does). The trees take turns so
that other load on the machine falls on both alike. Prints each tree's medians and the ratio
this / other.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

#: What a child runs in its tree; prints one JSON line of seconds.
CHILD = """
import json, sys, time
sys.path.insert(0, ".")
t0 = time.perf_counter()
import sim
from sim.model import TransitionModel
from sim.scenario import load_scenario
t1 = time.perf_counter()
TransitionModel(scenario="scenarios/tiny.toml")
t2 = time.perf_counter()
TransitionModel(scenario="scenarios/tiny.toml")
t3 = time.perf_counter()
spec = load_scenario("scenarios/baseline.toml")
out = {"sim": sim.__file__, "import_s": t1 - t0, "tiny_first_s": t2 - t1, "tiny_s": t3 - t2}
for scale in (1, 10):
    t = time.perf_counter()
    TransitionModel(scenario=spec, scale=scale)
    out[f"eu_s{scale}_s"] = time.perf_counter() - t
print(json.dumps(out))
"""
KEYS = ("eu_s1_s", "eu_s10_s", "tiny_first_s", "tiny_s", "import_s")


def once(tree: Path) -> dict[str, float]:
    """Seconds of one child run in `tree`."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=tree, capture_output=True, text=True, check=True
    )
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(out.pop("sim")).resolve().is_relative_to(tree.resolve())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("other", type=Path, nargs="?", help="another source tree")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    trees = {"this": HERE}
    if a.other:
        trees["other"] = a.other.resolve()
    for name, tree in trees.items():
        print(f"{name} = {tree}")
        once(tree)  # untimed: fill or load the tree's numba cache
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in trees}
    for _ in range(a.repeats):
        for name, tree in trees.items():
            runs[name].append(once(tree))
    med = {n: {k: statistics.median(r[k] for r in rs) for k in KEYS} for n, rs in runs.items()}
    print(f"\nmedians of {a.repeats} fresh processes (seconds):")
    print(f"{'':8}" + "".join(f"{k:>14}" for k in KEYS) + f"{'cache load':>14}")
    for name, m in med.items():
        load = m["tiny_first_s"] - m["tiny_s"]
        print(f"{name:8}" + "".join(f"{m[k]:>14.3f}" for k in KEYS) + f"{load:>14.3f}")
    if "other" in med:
        ratio = {k: med["this"][k] / med["other"][k] for k in KEYS}
        print(f"{'ratio':8}" + "".join(f"{ratio[k]:>14.2f}" for k in KEYS))
    for name, rs in runs.items():
        print(f"{name} all: " + json.dumps({k: [round(r[k], 3) for r in rs] for k in KEYS}))


if __name__ == "__main__":
    main()
