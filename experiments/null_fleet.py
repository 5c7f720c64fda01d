"""Print what the fleet does to the null scenario (docs/model.md 2.9): EU jobs 2025-2050 of
`scenarios/validation/frozen_mix.toml` (drivetrain mix frozen at 2025) with the fleet on and
off, in all and by sector.

    python experiments/null_fleet.py [--seed N] [--scale K]   (defaults: seed 1, scale 10)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim import run
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "validation" / "frozen_mix.toml"
COLUMNS = {
    "all": "jobs_total",
    "OEM": "jobs_oem",
    "ICE-specific": "jobs_supplier_ice",
    "EV-specific": "jobs_supplier_ev",
    "agnostic": "jobs_supplier_agnostic",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    print(f"null scenario (frozen_mix), seed {args.seed}, scale {args.scale}: EU jobs 2025-2050")
    for enabled in (True, False):
        spec = load_scenario(SCENARIO, overrides={"fleet.enabled": enabled})
        t = run(spec, args.seed, scale=args.scale).table
        first, last = int(t["year"].min()), int(t["year"].max())
        cells = []
        for name, col in COLUMNS.items():
            a = t[col][t["year"] == first].sum()
            b = t[col][t["year"] == last].sum()
            cells.append(f"{name} {100 * (b / a - 1):+.2f}%")
        print(f"fleet {'on ' if enabled else 'off'}: " + ", ".join(cells))


if __name__ == "__main__":
    main()
