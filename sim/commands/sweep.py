"""`autoregions sweep`: run or resume an experiment (many runs over a design, in parallel)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sim.errors import UserError
from sim.scale import describe

EXIT_INCOMPLETE = 3
EXIT_INTERRUPTED = 130


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `sweep`."""
    sweep = subparsers.add_parser(
        "sweep", help="run (or resume) an experiment: many runs over a design, in parallel"
    )
    sweep.add_argument("experiment", type=Path, help="experiment file (.toml)")
    sweep.add_argument(
        "--workers", type=int, default=None, help="local worker processes (default: the cores)"
    )
    sweep.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on a Dask distributed scheduler, e.g. tcp://host:8786",
    )
    sweep.add_argument(
        "--out", type=Path, default=None, help="results folder (default: results/<experiment>)"
    )
    sweep.add_argument(
        "--retry-failed", action="store_true", help="run again the runs that raised an error"
    )
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    # lazy: pandas and the runner load only when the command runs
    from sim.sweep.runner import SweepInterruptedError, plan, run_sweep

    if args.workers is not None and args.workers < 1:
        raise UserError(f"--workers {args.workers}: must be a whole number >= 1")
    if args.workers is not None and args.scheduler is not None:
        raise UserError("--workers and --scheduler exclude each other (Dask sizes its workers)")
    if args.scheduler is not None and "://" not in args.scheduler:
        raise UserError(
            f"--scheduler {args.scheduler!r}: expected an address such as tcp://host:8786"
        )
    p = plan(args.experiment)
    out = args.out or Path("results") / p.experiment.name
    where = (
        f"Dask scheduler {args.scheduler}"
        if args.scheduler
        else f"{args.workers or _cores()} local worker(s)"
    )
    print(
        f"sweep {p.experiment.name}: {len(p.design.points)} points x "
        f"{p.experiment.spec.design.replicates} replicate(s) = {len(p.tasks)} runs on {where}; "
        f"{describe(p.experiment.spec.scale)}"
    )

    def log(msg: str) -> None:
        print(msg, file=sys.stderr)

    try:
        report = run_sweep(
            p.experiment,
            out,
            workers=args.workers,
            scheduler=args.scheduler,
            retry_failed=args.retry_failed,
            progress=not args.quiet,
            log=log,
        )
    except SweepInterruptedError:
        print(
            f"\nautoregions: interrupted; finished runs are saved in {out}; rerun the same "
            "command to continue",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    for msg in report.messages:
        if not msg.startswith(f"{out}:"):  # damaged-shard lines were already logged
            log(msg)
    done = report.already_done + report.ran
    print(
        f"{done}/{report.total} runs done ({report.already_done} already there, {report.ran} "
        f"run now), {report.failed} failed, {report.lost} lost, {report.elapsed_s:.1f}s"
    )
    if report.skipped_failed:
        print(
            f"{report.skipped_failed} run(s) failed in an earlier invocation and were not "
            f"rerun (errors in {out / 'failed'}; use --retry-failed)"
        )
    print(f"results in {out} (pandas: pd.read_parquet('{out / 'runs'}'))")
    return 0 if report.complete else EXIT_INCOMPLETE


def _cores() -> int:
    return os.cpu_count() or 1
