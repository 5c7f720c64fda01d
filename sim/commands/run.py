"""`autoregions run`: run a scenario, print its summary and write its results folder."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sim.errors import UserError
from sim.scale import add_scale_arguments, check_scale, describe
from sim.scenario import load_scenario


class ProgressBar:
    """Progress on stderr: a redrawn bar on a terminal, a line per quarter of the way otherwise
    (logs and CI), with quarters done, elapsed and estimated time left."""

    def __init__(self, label: str, stream=sys.stderr, width: int = 30) -> None:
        self.label, self.stream, self.width = label, stream, width
        self.start = time.perf_counter()
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.next_mark = 0.25

    def __call__(self, done: int, total: int) -> None:
        elapsed = time.perf_counter() - self.start
        left = elapsed / done * (total - done) if done else 0.0
        if not self.tty:
            if done >= total or done / max(total, 1) >= self.next_mark:
                self.next_mark += 0.25
                self.stream.write(
                    f"{self.label}: {done}/{total} quarters, {elapsed:.1f}s elapsed, "
                    f"~{left:.1f}s left\n"
                )
                self.stream.flush()
            return
        filled = int(self.width * done / max(total, 1))
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(
            f"\r{self.label} [{bar}] {done}/{total} quarters "
            f"{elapsed:5.1f}s elapsed, ~{left:4.1f}s left"
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `run`."""
    run = sub.add_parser("run", help="run a scenario and write its results")
    run.add_argument("scenario", type=Path, help="scenario file (.toml)")
    run.add_argument("--seed", type=int, default=None, help="random seed (default: the scenario's)")
    run.add_argument(
        "--out",
        type=Path,
        default=None,
        help="results folder (default: results/<scenario>-seed<N>)",
    )
    add_scale_arguments(run, default=1)
    run.add_argument("--force", action="store_true", help="replace an existing results folder")
    run.add_argument("--quiet", action="store_true", help="no progress bar or summary table")
    run.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    # lazy: pyarrow and the model (mesa, numba) load only for a run
    from sim.outputs.io import write_run
    from sim.outputs.tables import format_summary
    from sim.single_run import run

    check_scale(args.scale, args.allow_coarse)
    if args.seed is not None and args.seed < 0:
        raise UserError(f"--seed {args.seed}: must be a non-negative integer")
    spec = load_scenario(args.scenario)
    seed = spec.seed if args.seed is None else args.seed
    out = args.out or Path("results") / f"{spec.name}-seed{seed}"
    if out.exists() and not args.force:
        raise UserError(f"{out}: results folder already exists (use --force to replace it)")
    progress = None if args.quiet else ProgressBar(f"{spec.name} seed {seed}")
    if not args.quiet:
        print(describe(args.scale), file=sys.stderr)
    result = run(spec, seed, scale=args.scale, progress=progress)
    write_run(result, out, force=args.force)
    if not args.quiet:
        names = dict(zip(result.model.regions.code, result.model.regions.name, strict=True))
        print(format_summary(result.table, names))
        t = result.timings
        print(
            f"\n{result.agent_counts['worker_rows']:,} worker rows, "
            f"{result.agent_counts['suppliers']:,} suppliers, "
            f"{result.agent_counts['oem_plants']} OEM plants; built in {t['build_s']:.1f}s, "
            f"{int(t['quarters'])} quarters in {t['steps_s']:.1f}s"
        )
    print(f"results written to {out}")
    return 0
