"""`autoregions check`: validate scenario files without running them."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.scenario import load_scenario


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `check`."""
    check = sub.add_parser("check", help="validate scenario files without running them")
    check.add_argument("scenarios", type=Path, nargs="+", help="scenario files (.toml)")
    check.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    for path in args.scenarios:
        spec = load_scenario(path)
        print(f"{path}: ok ({spec.name}, {spec.time.start_year}-{spec.time.end_year})")
    return 0
