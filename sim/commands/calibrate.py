"""`autoregions calibrate`: the start year against the regional data."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.analysis.calibration import (
    MIN_TOLERANCE_JOBS,
    TOLERANCE,
    base_year,
    format_base_year,
    outside_tolerance,
)
from sim.errors import UserError
from sim.scale import add_scale_arguments, check_scale
from sim.scenario import load_scenario


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `calibrate`."""
    p = sub.add_parser("calibrate", help="check the start year against the regional data")
    p.add_argument("scenario", type=Path, help="scenario file (.toml)")
    p.add_argument("--seed", type=int, default=1)
    add_scale_arguments(p, default=1)
    p.add_argument("--out", type=Path, default=None, help="results folder")
    p.add_argument("--force", action="store_true", help="replace an existing results folder")
    p.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    """Print and write the base-year table; exit 1 when a region is outside the tolerance."""
    # lazy: pyarrow loads only when the command runs
    from sim.outputs.io import write_folder

    check_scale(args.scale, args.allow_coarse)
    if args.seed < 0:
        raise UserError(f"--seed {args.seed}: must be >= 0")
    spec = load_scenario(args.scenario)
    out = args.out or Path("results") / f"calibration-{spec.name}"
    if out.exists() and not args.force:
        raise UserError(f"{out}: results folder already exists (use --force to replace it)")
    res = base_year(spec, args.seed, args.scale)
    print(format_base_year(res))
    per_region = {k: res[k] for k in ("region", "name", "jobs_data", "jobs_model", "error")}
    eu = {k: res[k] for k in res if k not in per_region}
    manifest = {
        "kind": "calibration",
        "scenario": spec.name,
        "seed": args.seed,
        "scale": args.scale,
        "tolerance": TOLERANCE,
        "tolerance_jobs": MIN_TOLERANCE_JOBS,
    }
    write_folder(
        out,
        {"calibration.parquet": per_region, "eu.parquet": eu},
        manifest,
        force=args.force,
        texts={"calibration.txt": format_base_year(res) + "\n"},
    )
    print(f"written to {out}")
    return 1 if outside_tolerance(res["jobs_data"], res["jobs_model"]).any() else 0
