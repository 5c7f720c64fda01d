"""Print where the spread between seeds comes from: a region's job change by sector, per seed.

Run: python experiments/seed_noise.py [SCENARIO] [--regions DE25 DE73 ...] [--seeds N]
         [--scale K] [--start 2025] [--end 2050]
For each region and seed it prints the job change from the first to the last year (annual
means) in total (%) and by sector (jobs), then the range over seeds of each sector's change.
The sector with the widest range is where the seed band of docs/model.md section 9 comes from.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from sim.single_run import run

SECTORS = ("jobs_oem", "jobs_supplier_ice", "jobs_supplier_ev", "jobs_supplier_agnostic")
LABELS = ("OEM", "ICE suppliers", "EV suppliers", "agnostic suppliers")


def annual(table: dict[str, np.ndarray], column: str, region: str, year: int) -> float:
    """Annual mean of `column` in `region` and `year` (four quarters)."""
    rows = (table["region"] == region) & (table["year"] == year)
    return float(table[column][rows].sum() / 4.0)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?", type=Path, default=Path("scenarios/baseline.toml"))
    p.add_argument("--regions", nargs="+", default=["DE25", "DE73", "SE22"])
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--scale", type=int, default=10)
    p.add_argument("--start", type=int, default=2025)
    p.add_argument("--end", type=int, default=2050)
    args = p.parse_args()

    changes = {r: [] for r in args.regions}  # per region: one row of sector changes per seed
    totals = {r: [] for r in args.regions}
    for seed in range(1, args.seeds + 1):
        table = run(args.scenario, seed, scale=args.scale).table
        for r in args.regions:
            before = annual(table, "jobs_total", r, args.start)
            after = annual(table, "jobs_total", r, args.end)
            totals[r].append(100.0 * (after / before - 1.0))
            changes[r].append(
                [annual(table, c, r, args.end) - annual(table, c, r, args.start) for c in SECTORS]
            )
    print(f"{args.scenario}, scale {args.scale}, seeds 1-{args.seeds}, {args.start}->{args.end}")
    for r in args.regions:
        print(f"\n{r}: job change by seed")
        print(f"  {'seed':>4} {'total %':>8} " + " ".join(f"{s:>19}" for s in LABELS))
        for i, (tot, row) in enumerate(zip(totals[r], changes[r], strict=True)):
            print(f"  {i + 1:>4} {tot:>+8.1f} " + " ".join(f"{v:>+19,.0f}" for v in row))
        spread = np.ptp(np.array(changes[r]), axis=0)
        print(
            f"  range over seeds: total {np.ptp(totals[r]):.1f} points; "
            + ", ".join(f"{s} {v:,.0f} jobs" for s, v in zip(LABELS, spread, strict=True))
        )


if __name__ == "__main__":
    main()
