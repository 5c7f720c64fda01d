"""`autoregions compare`: run scenarios on the same seeds and measure each against the first."""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from sim.analysis.compare import comparison_table, format_comparison, run_all, seeds_for
from sim.errors import UserError
from sim.scale import add_scale_arguments, check_scale, describe
from sim.scenario import load_scenario


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `compare`."""
    p = sub.add_parser(
        "compare", help="run scenarios on the same seeds and compare them with the first"
    )
    p.add_argument("scenarios", type=Path, nargs="+", help="BASE.toml OTHER.toml [MORE.toml ...]")
    p.add_argument("--seeds", type=int, default=5, help="seeds per scenario (default 5)")
    add_scale_arguments(p, default=1)
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument("--out", type=Path, default=None, help="results folder")
    p.add_argument("--force", action="store_true", help="replace an existing results folder")
    p.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    # lazy: pyarrow and the model (mesa, numba) load only when the command runs
    from sim.io_safety import check_output_folder
    from sim.outputs.io import REGIONS, write_folder
    from sim.provenance import annotate_run_table, provenance

    if len(args.scenarios) < 2:
        raise UserError("compare needs a base scenario and at least one other")
    if args.seeds < 1:
        raise UserError(f"--seeds {args.seeds}: must be >= 1")
    check_scale(args.scale, args.allow_coarse)
    specs = [load_scenario(p) for p in args.scenarios]
    names = [s.name for s in specs]
    for spec in specs[1:]:
        if (spec.time, spec.regions) != (specs[0].time, specs[0].regions):
            raise UserError(
                f"{spec.name}: simulates other years or regions than {specs[0].name}; "
                "compared scenarios must share [time] and [regions]"
            )
    if len(set(names)) != len(names):
        raise UserError(f"scenario names must differ, got {', '.join(names)}")
    out = args.out or Path("results") / ("compare-" + "-".join(names))[:120]
    check_output_folder(out, force=args.force)  # before any simulation
    seeds = seeds_for(specs[0].seed, args.seeds)
    workers = args.workers or os.cpu_count() or 1
    print(
        f"running {len(specs)} scenarios x {len(seeds)} seeds on {workers} process(es); "
        f"{describe(args.scale)}",
        file=sys.stderr,
    )
    began = time.perf_counter()

    def progress(name: str, seed: int, done: int, total: int, seconds: float) -> None:
        print(
            f"  run {done}/{total} done: {name}, seed {seed}, in {seconds:.1f} s "
            f"({time.perf_counter() - began:.0f} s since the start)",
            file=sys.stderr,
            flush=True,
        )

    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as ex:
            runs = run_all(specs, seeds, args.scale, ex, progress=progress)
    else:
        runs = run_all(specs, seeds, args.scale, progress=progress)
    table = comparison_table(runs, specs, seeds)
    subfolders = {
        f"runs/{name}-seed{seed}": ({REGIONS: annotate_run_table(t, name, seed, args.scale)}, m)
        for (name, seed), (t, m) in runs.items()
    }
    manifest = {
        "kind": "comparison",
        "base": names[0],
        "scenarios": names,
        "seeds": seeds,
        "scale": args.scale,
        **provenance(),
    }
    write_folder(
        out, {"comparison.parquet": table}, manifest, force=args.force, subfolders=subfolders
    )
    print(format_comparison(table, specs))
    print(f"results written to {out}")
    return 0
