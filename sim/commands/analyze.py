"""`autoregions analyze`: summaries, Sobol indices and lever rankings of a sweep's results."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `analyze`."""
    analyze = subparsers.add_parser(
        "analyze", help="summaries, Sobol indices and lever rankings of a sweep's results"
    )
    analyze.add_argument("results", type=Path, help="results folder of a sweep")
    analyze.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    # lazy: pandas, scipy and SALib load only when the command runs
    from sim.sweep.analysis import analyze

    print(analyze(args.results).text)
    return 0
