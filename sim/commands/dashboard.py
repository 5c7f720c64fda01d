"""`autoregions dashboard`: the interactive dashboard (Mesa's SolaraViz)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.errors import UserError
from sim.scale import add_scale_arguments, check_scale

DEFAULT_DASHBOARD_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "tiny.toml"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `dashboard`."""
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
    dash.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    try:
        # lazy: solara is an optional extra (viz), matplotlib and the model are slow to load
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
