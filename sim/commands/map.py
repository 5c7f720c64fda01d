"""`autoregions map`: a map of the change in automotive jobs by NUTS-2 region."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.errors import UserError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `map`."""
    chart = subparsers.add_parser(
        "map",
        help="draw a map of the change in automotive jobs by NUTS-2 region",
        description="Draw a choropleth of the change in automotive jobs (annual mean of "
        "jobs_total) by NUTS-2 region, from the first simulated year to --year, as PNG, SVG or "
        "PDF. A comparison folder ('autoregions compare') gives one panel per scenario (median "
        "over seeds) on one colour scale. Rows without a NUTS-2 boundary (such as DE-REST) are "
        "listed in a note and in this command's output. An existing --out file is replaced.",
    )
    chart.add_argument(
        "results", type=Path, metavar="RESULTS_DIR", help="a run folder or a comparison folder"
    )
    chart.add_argument(
        "--year",
        default=None,
        metavar="Y",
        help="last year of the change (default: the last simulated year)",
    )
    chart.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="file to write, .png, .svg or .pdf (default: job_change_map.png in RESULTS_DIR)",
    )
    chart.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    # lazy: matplotlib loads only when the command runs
    from sim.viz.geo import BoundaryError
    from sim.viz.maps import describe, write_map

    year = None
    if args.year is not None:
        try:
            year = int(args.year)
        except ValueError:
            raise UserError(f"--year {args.year}: must be a whole year such as 2035") from None
    try:
        job = write_map(args.results, year, args.out)
    except BoundaryError as exc:
        raise UserError(str(exc)) from None
    print("\n".join(describe(job)))
    return 0
