"""Print the numbers behind issue 11's sector economics (docs/model.md 5.2, 7.2, 7.6, 7.17).

Run: python experiments/sector_economics.py [SCENARIO] [--run]

0. Supplier content per vehicle by product group, and the vehicle values.
1. The supplier input share that matches the Italian component industry's turnover per worker
   (the derivation of `vehicles.input_share_of_sales`).
2. Start-year value added per worker by sector, against the band of `sim.analysis.va_check`, and the
   wage levels that follow from it (`labour.labour_share_of_value_added`).
3. The OEM lines: their shares of start-year OEM jobs, and how many workers a plant at the
   start-year mix needs when it makes the same number of vehicles as BEVs only.
4. With --run: EU jobs and value added by sector, 2025 -> 2050 (scale 10; the scale changes
   nothing but speed, docs/model.md 2.9).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from scipy.optimize import brentq

from sim import TransitionModel, codes, load_scenario, run
from sim.analysis.va_check import VA_PER_WORKER_BAND, va_per_worker
from sim.initialise.oem_labour import units_per_vehicle
from sim.initialise.population import group_content
from sim.kernels.oem_labour import LINE_NAMES

#: ANFIA and Turin Chamber of Commerce 2021 (via itacanotizie.it, facts.md 2.2): component
#: industry turnover EUR 54.3 bn with 168,000 employees.
IT_TURNOVER_PER_WORKER = 54.3e9 / 168_000


def chain_turnover_per_worker(m: TransitionModel, share: float) -> float:
    """Start-year sales of tiers 1-3 per parts job when every non-battery group buys `share`
    of its sales in (the battery group keeps `vehicles.battery_input_share`)."""
    v = m.spec.vehicles
    u = m.demand[0] * 4.0
    b0, n0 = float(m.bev_share[0]), float(m.nonbev_ev[0])
    sector = np.array(codes.GROUP_SECTOR)
    units = np.where(sector == 1, (1 - b0) * u, np.where(sector == 2, (b0 + n0 * (1 - b0)) * u, u))
    phi = np.full(codes.N_GROUPS, share)
    phi[codes.EV_GROUPS[0]] = v.battery_input_share
    sales = group_content(m.spec) * units * (1 + phi + phi**2)
    return float(sales.sum() / m.pop.regions.jobs_parts.sum())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?", type=Path, default=Path("scenarios/baseline.toml"))
    p.add_argument("--run", action="store_true", help="also run 2025-2050 at scale 10")
    args = p.parse_args()
    spec = load_scenario(args.scenario)
    m = TransitionModel(scenario=spec, seed=1, scale=100)

    econ = m.pop.economics
    content = group_content(spec)
    print("0. Supplier content per vehicle (EUR)")
    print(
        "   "
        + ", ".join(f"{g} {c:,.0f}" for g, c in zip(codes.PRODUCT_GROUPS, content, strict=True))
    )
    for name, groups in (("ICE-specific", codes.ICE_GROUPS), ("EV items", codes.EV_GROUPS)):
        print(f"   {name}: {content[list(groups)].sum():,.0f}")
    print(f"   agnostic: {content[list(codes.AGNOSTIC_GROUPS)].sum():,.0f}")
    print(f"   non-BEV vehicle {econ.content_ice:,.0f}, BEV {econ.content_bev:,.0f}")
    print(
        f"   vehicle values: non-BEV {econ.price_ice:,.0f}, BEV {econ.price_bev:,.0f}; "
        f"OEM value added per vehicle {econ.price_ice - econ.content_ice:,.0f} and "
        f"{econ.price_bev - econ.content_bev:,.0f}\n"
    )

    print("1. Supplier input share from turnover per worker")
    share = brentq(lambda x: chain_turnover_per_worker(m, x) - IT_TURNOVER_PER_WORKER, 0.0, 0.99)
    print(f"   Italian component industry 2021: EUR {IT_TURNOVER_PER_WORKER / 1e3:,.1f}k")
    print(f"   input share that matches it: {share:.3f}")
    at_default = chain_turnover_per_worker(m, spec.vehicles.input_share_of_sales)
    print(
        f"   at the scenario's {spec.vehicles.input_share_of_sales:.2f}: "
        f"EUR {at_default / 1e3:,.1f}k per parts job"
    )

    m.step()
    lo, hi = VA_PER_WORKER_BAND
    print(f"\n2. Start-year value added per worker (band EUR {lo / 1e3:,.1f}k-{hi / 1e3:,.1f}k)")
    for name, value in va_per_worker(m.history[0]).items():
        flag = "" if lo <= value <= hi or name == "all" else "  OUT OF BAND"
        print(f"   {name:<18} EUR {value / 1e3:>7,.1f}k{flag}")

    e = m.pop.establishments
    print("   start-year wage levels, job-weighted means (EUR a year):")
    for k, name in enumerate(codes.SECTOR_NAMES):
        rows = e.sector == k
        wage = 4 * np.average(e.wage_level[rows], weights=np.maximum(e.employed[rows], 1e-9))
        print(f"   {name:<18} EUR {wage:>9,.0f}")

    lines = m.oem_lines
    need = lines.history[0]
    print("\n3. OEM lines in the first quarter (share of the workers plants need)")
    for name, x in zip(LINE_NAMES, need, strict=True):
        print(f"   {name:<16} {x / need.sum():>6.1%}")
    b0, n0 = float(m.bev_share[0]), float(m.nonbev_ev[0])
    start = units_per_vehicle(np.array([b0]), n0) @ lines.coef[0]
    bev = units_per_vehicle(np.array([1.0]), n0) @ lines.coef[0]
    print(
        f"   a plant at the start mix ({b0:.1%} BEV) making the same output as BEVs only: "
        f"{bev[0] / start[0] - 1:+.1%} workers"
    )

    if args.run:
        t = run(spec, 1, scale=10).table
        print("\n4. EU, 2025 -> 2050 (annual means, scale 10)")
        for name in (*codes.SECTOR_NAMES, "total"):
            jobs = "jobs_total" if name == "total" else f"jobs_{name}"
            va = "value_added" if name == "total" else f"va_{name}"
            j = [t[jobs][t["year"] == y].sum() / 4 for y in (2025, 2050)]
            v = [t[va][t["year"] == y].sum() for y in (2025, 2050)]
            print(
                f"   {name:<18} jobs {j[0]:>10,.0f} -> {j[1]:>10,.0f} ({j[1] / j[0] - 1:+.1%})"
                f"   value added EUR {v[0] / 1e3:>6,.1f}bn -> {v[1] / 1e3:>6,.1f}bn "
                f"({v[1] / v[0] - 1:+.1%})"
            )


if __name__ == "__main__":
    main()
