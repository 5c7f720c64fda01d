"""Where a cold first run spends its compile time: seconds per numba-compiled function.

Run from the repository root:

    python experiments/compile_time.py [--scenario scenarios/tiny.toml] [--top 30]

Runs `autoregions run` of the scenario in a fresh child interpreter with an empty numba cache
(NUMBA_CACHE_DIR set to a new temporary folder), records numba's "numba:compile" events and
prints, per compiled function, its exclusive compile seconds (time inside nested compiles, such
as a kernel's helpers or numba's own implementations of numpy functions, counts for those) and
how many signatures compiled. Issue 12 asks for a cold first run of `tiny` in at most 10 s;
`experiments/benchmark.py` times that run as a whole.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "scenarios" / "tiny.toml"


def child(scenario: str, out: str) -> None:
    """In the child: run the scenario with a compile-event listener; print JSON figures."""
    from numba.core import event

    exclusive: dict[str, float] = {}
    count: dict[str, int] = {}
    stack: list[list[Any]] = []  # [name, start, seconds spent in nested compiles]

    class Listener(event.Listener):
        def on_start(self, ev: event.Event) -> None:
            func = ev.data["dispatcher"].py_func
            stack.append([f"{func.__module__}.{func.__qualname__}", time.perf_counter(), 0.0])

        def on_end(self, ev: event.Event) -> None:
            name, start, nested = stack.pop()
            spent = time.perf_counter() - start
            exclusive[name] = exclusive.get(name, 0.0) + spent - nested
            count[name] = count.get(name, 0) + 1
            if stack:
                stack[-1][2] += spent

    event.register("numba:compile", Listener())
    from sim.cli import main

    t0 = time.perf_counter()
    code = main(["run", scenario, "--out", out, "--quiet"])
    wall = time.perf_counter() - t0
    print(json.dumps({"code": code, "wall_s": wall, "exclusive": exclusive, "count": count}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=str(TINY), help="scenario file (tiny)")
    parser.add_argument("--top", type=int, default=30, help="functions listed (30)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="compile_time_") as tmp:
        env = {**os.environ, "NUMBA_CACHE_DIR": str(Path(tmp) / "cache")}
        cmd = [sys.executable, __file__, "--child", args.scenario, str(Path(tmp) / "run")]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        total = time.perf_counter() - t0
    if proc.returncode != 0:
        print(f"compile_time: the child run failed (exit code {proc.returncode})", file=sys.stderr)
        return 1
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    exclusive, count = res["exclusive"], res["count"]
    compiled = sum(exclusive.values())
    print(f"cold run of {args.scenario}: {total:.1f} s in all (child process)")
    print(f"  of which in numba compiles: {compiled:.1f} s, {len(exclusive)} functions,")
    print(
        f"  {sum(count.values())} signatures; the run itself (from sim.cli.main): "
        f"{res['wall_s']:.1f} s"
    )
    print(f"\n{'exclusive s':>11} {'share':>6} {'sigs':>4}  function")
    for name, sec in sorted(exclusive.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"{sec:11.2f} {sec / compiled:6.1%} {count[name]:4d}  {name}")
    by_module: dict[str, float] = {}
    for name, sec in exclusive.items():
        module = name.split(".<locals>")[0].rsplit(".", 1)[0]
        top = "numba (numpy functions, random, sorting)" if module.startswith("numba") else module
        by_module[top] = by_module.get(top, 0.0) + sec
    print(f"\n{'seconds':>11} {'share':>6}  module")
    for module, sec in sorted(by_module.items(), key=lambda kv: -kv[1]):
        print(f"{sec:11.2f} {sec / compiled:6.1%}  {module}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
