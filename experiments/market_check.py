"""Print the market of a run: production, registrations, fleet and the aftermarket's weight.

Run: python experiments/market_check.py [SCENARIO] [--start YEAR] [--scale K] [--jobs]
Prints, per year, EU car production (observed or moved by the market identity), EU
registrations, the BEV shares of registrations and of EU production, the fleet by drivetrain,
the German demand factor, and the aftermarket's share of each supplier sector's start-year
orders (docs/model.md 7.1a and 7.5a). With --jobs it also runs the scenario with and without
the aftermarket and prints EU ICE-specific supplier jobs every five years.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from sim import codes, load_scenario
from sim.fleet import fleet_path
from sim.model import TransitionModel
from sim.single_run import run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?", type=Path, default=Path("scenarios/baseline.toml"))
    p.add_argument("--start", type=int, default=None, help="override time.start_year")
    p.add_argument("--scale", type=int, default=10)
    p.add_argument("--jobs", action="store_true")
    args = p.parse_args()
    overrides = {"time.start_year": args.start} if args.start else {}
    spec = load_scenario(args.scenario, overrides=overrides)
    m = TransitionModel(scenario=spec, scale=args.scale)
    mk = m.market
    bev_hist = {y: float(m.registration_bev_share[m.years == y][0]) for y in mk.years}
    fleet = fleet_path(
        spec.fleet,
        mk.years,
        mk.registrations,
        mk.bev_share_registrations,
        bev_hist,
        mk.fleet_observed,
    )
    de = mk.country_factor.get("DE")
    print(
        f"{'year':>4} {'production':>12} {'obs':>3} {'registrations':>13} {'BEV reg':>7} "
        f"{'BEV prod':>8} {'fleet non-BEV':>13} {'fleet BEV':>11} {'DE factor':>9}"
    )
    for i, y in enumerate(mk.years):
        q = int(np.flatnonzero(m.years == y)[0])
        print(
            f"{y:>4} {mk.production[i]:>12,.0f} {'yes' if mk.observed_production[i] else '':>3} "
            f"{mk.registrations[i]:>13,.0f} {mk.bev_share_registrations[i]:>7.1%} "
            f"{m.bev_share[q]:>8.1%} {fleet.nonbev[i]:>13,.0f} {fleet.bev[i]:>11,.0f} "
            f"{de[q] if de is not None else 1.0:>9.3f}"
        )
    share = m.aftermarket.start_share
    print(
        "aftermarket share of start-year orders: "
        + ", ".join(f"{codes.SECTOR_NAMES[s]} {share[s]:.1%}" for s in (1, 2, 3))
    )
    if args.jobs:
        for enabled in (True, False):
            spec_j = load_scenario(args.scenario, overrides={**overrides, "fleet.enabled": enabled})
            t = run(spec_j, 1, scale=args.scale).table
            years = range(int(t["year"].min()), int(t["year"].max()) + 1, 5)
            cells = [f"{y} {t['jobs_supplier_ice'][t['year'] == y].sum() / 4:,.0f}" for y in years]
            print(
                f"ICE-specific supplier jobs, aftermarket {'on ' if enabled else 'off'}: "
                + "; ".join(cells)
            )


if __name__ == "__main__":
    main()
