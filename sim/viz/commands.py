"""The `report`, `map` and `dashboard` subcommands (registered through `sim.cli.EXTRA_COMMANDS`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.errors import UserError
from sim.scale import add_scale_arguments, check_scale
from sim.viz.geo import BoundaryError

DEFAULT_DASHBOARD_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "tiny.toml"


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register `report`, `map` and `dashboard` with their handlers."""
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
    report.set_defaults(handler=_report)

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
    chart.set_defaults(handler=_map)

    dash = subparsers.add_parser(
        "dashboard",
        help="start the interactive dashboard (needs: pip install autoregions[viz])",
        description="Start Mesa's SolaraViz dashboard in the browser: sliders for the levers, "
        "play/step controls and live charts.",
    )
    dash.add_argument(
        "scenario",
        type=Path,
        nargs="?",
        default=DEFAULT_DASHBOARD_SCENARIO,
        help="scenario file (default: scenarios/tiny.toml)",
    )
    add_scale_arguments(dash, default=None)
    dash.add_argument("--seed", type=int, default=None, help="random seed (default: scenario's)")
    dash.add_argument("--host", default="127.0.0.1", help="address to listen on")
    dash.add_argument("--port", type=int, default=8765, help="port to listen on")
    dash.add_argument("--no-open", action="store_true", help="do not open a browser window")
    dash.set_defaults(handler=_dashboard)


def _report(args: argparse.Namespace) -> int:
    # lazy: matplotlib and solara load only when the command runs
    from sim.viz.report import write_report

    out = write_report(args.results, args.out, args.figures)
    print(f"report written to {out}")
    if args.figures is not None:
        print(f"figures (PNG and SVG) written to {args.figures}")
    return 0


def _map(args: argparse.Namespace) -> int:
    # lazy: matplotlib and solara load only when the command runs
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


def _dashboard(args: argparse.Namespace) -> int:
    try:
        # lazy: matplotlib and solara load only when the command runs
        from sim.viz import dashboard
    except ImportError as exc:
        raise UserError(
            f"the dashboard needs the optional extra: pip install 'autoregions[viz]' ({exc})"
        ) from None
    if args.scale is not None:
        check_scale(args.scale, args.allow_coarse)
    if args.seed is not None and args.seed < 0:
        raise UserError(f"--seed {args.seed}: must be a non-negative integer")
    if not 0 <= args.port <= 65535:
        raise UserError(f"--port {args.port}: must be between 0 and 65535")
    return dashboard.serve(
        args.scenario,
        scale=args.scale,
        seed=args.seed,
        host=args.host,
        port=args.port,
        open_browser=not args.no_open,
    )
