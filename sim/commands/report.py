"""`autoregions report`: one self-contained HTML report of run, comparison or sweep folders."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `report`."""
    report = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report of a run, a comparison or a sweep",
        description="Write one HTML file (figures embedded, opens without a network) for a run "
        "folder, several run folders of the same scenario with different seeds (adds fan "
        "charts across seeds), a comparison folder ('autoregions compare') or a sweep folder "
        "('autoregions sweep'; analysed in memory, nothing else is written).",
    )
    report.add_argument(
        "results",
        type=Path,
        nargs="+",
        metavar="RESULTS_DIR",
        help="run folder(s), or one comparison or sweep folder",
    )
    report.add_argument(
        "--out",
        type=Path,
        default=None,
        help="HTML file to write (default: report.html in the (first) results folder)",
    )
    report.add_argument(
        "--figures",
        type=Path,
        default=None,
        metavar="DIR",
        help="also save every figure as PNG and SVG in this folder",
    )
    report.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    # lazy: matplotlib and solara load only when the command runs
    from sim.viz.report import write_report

    out = write_report(args.results, args.out, args.figures)
    print(f"report written to {out}")
    if args.figures is not None:
        print(f"figures (PNG and SVG) written to {args.figures}")
    return 0
