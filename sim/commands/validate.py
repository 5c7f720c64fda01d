"""`autoregions validate`: each published target with its own scenario (docs/validation.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.errors import UserError
from sim.scale import add_scale_arguments, check_scale


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `validate`."""
    p = sub.add_parser("validate", help="compare the model with published studies and data")
    p.add_argument("--json", type=Path, default=None, help="also write the rows to this file")
    p.add_argument("--seed", type=int, default=1)
    add_scale_arguments(p, default=1)
    p.add_argument("--fast", action="store_true", help="only the quick subset (used in CI)")
    p.add_argument(
        "--only", nargs="+", default=None, metavar="TEXT", help="targets whose name has TEXT"
    )
    p.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    """Run the targets, print the table, write JSON if asked; exit 1 on any FAIL."""
    # lazy: the model (numba kernels) loads only when the command runs
    from sim.analysis import validation

    check_scale(args.scale, args.allow_coarse)
    if args.seed < 0:
        raise UserError(f"--seed {args.seed}: must be a non-negative integer")
    if args.json is not None and not args.json.parent.exists():
        raise UserError(f"--json {args.json}: folder {args.json.parent} does not exist")
    targets = validation.select(args.only, args.fast)
    if not targets:
        raise UserError(f"--only {' '.join(args.only or [])}: no target matches")
    settings = validation.Settings(scale=args.scale, seed=args.seed)
    rows = []
    for target in targets:
        print(f"running {target.name} ...", file=sys.stderr, flush=True)
        rows.append(validation.evaluate(target, settings))
    print(validation.format_rows(rows))
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
        print(f"written to {args.json}")
    return 1 if any(r["status"] == "FAIL" for r in rows) else 0
