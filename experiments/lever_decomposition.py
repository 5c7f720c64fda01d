"""Why a policy lever gains or loses jobs against the baseline: a supplier-by-supplier trace.

Runs the baseline and each lever scenario with the same seed (common random numbers,
sim/rng.py), records every supplier's conversions, aid, exits (and the cause of each exit) and
the jobs by sector, and prints lever minus baseline:

- jobs by sector (annual means) in the chosen years;
- exits by year, by the sector of the supplier when it exited, and by cause ("credit": cash
  below the credit line; "losses": `exit_after_loss_quarters` loss-making quarters in a row);
- exits of aided and of converted suppliers; conversions started and completed;
- matched pairs: suppliers that exit by the end year in the lever run but not in the baseline,
  and the reverse (same seed, so each supplier faces the same draws in both runs);
- the orders of tier-1 suppliers by sector, and the tier-1 need bought outside the model.

    PYTHONPATH=. python experiments/lever_decomposition.py                      # all levers
    PYTHONPATH=. python experiments/lever_decomposition.py scenarios/retooling_aid.toml \\
        --seed-index 0 --scale 10 --end-year 2035

The seed is the seed-index-th of the seeds `autoregions compare --seeds N` derives from the
baseline's seed (sim.analysis.compare.seeds_for), so a trace matches that run of the compare.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from sim.analysis.compare import seeds_for
from sim.codes import SECTOR_NAMES
from sim.model import TransitionModel
from sim.outputs.columns import COL
from sim.scenario import load_scenario
from sim.schedule import Phase

LEVERS = (
    "scenarios/procurement_push.toml",
    "scenarios/retooling_aid.toml",
    "scenarios/just_transition_fund.toml",
    "scenarios/battery_localisation.toml",
    "scenarios/reskilling_at_scale.toml",
)
SHORT = {"oem": "OEM", "supplier_ice": "ICE", "supplier_ev": "EV", "supplier_agnostic": "AGN"}


@dataclass
class Trace:
    """What one run did, supplier by supplier and year by year."""

    years: np.ndarray
    jobs: dict[str, np.ndarray]  # sector -> annual mean jobs per year (EU)
    alive: np.ndarray  # suppliers alive, annual mean
    exit_quarter: np.ndarray  # per supplier, -1 = never exited
    exit_cause: np.ndarray  # per supplier: 0 none, 1 credit, 2 losses
    exit_sector: np.ndarray  # per supplier: sector when it exited (-1 none)
    exit_jobs: np.ndarray  # per supplier: real workers employed when it exited
    aided_quarter: np.ndarray  # per supplier: quarter of its first grant, -1 none
    converted_quarter: np.ndarray  # per supplier: quarter its conversion completed, -1 none
    started: dict[int, int] = field(default_factory=dict)  # year -> conversions started
    t1_orders: dict[str, np.ndarray] = field(default_factory=dict)  # sector -> per year
    weights: dict[str, tuple[float, float]] = field(default_factory=dict)  # see weight_check
    unlinked: dict[str, np.ndarray] = field(default_factory=dict)  # tier-1 need, no supplier
    short: dict[str, np.ndarray] = field(default_factory=dict)  # tier-1 need beyond capacity
    spend: dict[str, float] = field(default_factory=dict)  # line -> EUR over the run
    clawbacks: float = 0.0


def tier1_need(model: TransitionModel) -> tuple[np.ndarray, np.ndarray]:
    """This quarter's tier-1 need of the plants by sector (units), and the part of it with no
    alive linked supplier (bought outside the model; 7.5), as route_orders computed them."""
    p, s, x = model.pop.plants, model.pop.suppliers, model.scratch
    n_p = len(p)
    oem_ice, oem_bev, eu_share = model.aftermarket.orders(
        model.quarter_index,
        p.production_ice,
        p.production_bev,
        p.market_share,
        model.levers.eu_share,
        x.group_sector,
    )
    nonbev_ev = float(model.nonbev_ev[model.quarter_index])
    gs = x.group_sector
    per = {1: oem_ice, 2: oem_bev + nonbev_ev * oem_ice, 3: oem_ice + oem_bev}
    need_pg = np.stack([per[int(gs[g])] * eu_share[g] for g in range(len(gs))], axis=1)
    linked = np.zeros_like(need_pg, dtype=bool)
    sup, cust = model.links.supplier, model.links.customer
    live = (cust < n_p) & (s.alive[sup] == 1)
    linked[cust[live], s.group[sup[live]]] = True
    need = np.zeros(4)
    unlinked = np.zeros(4)
    for g in range(len(gs)):
        need[gs[g]] += need_pg[:, g].sum()
        unlinked[gs[g]] += need_pg[~linked[:, g], g].sum()
    return need, unlinked


def weight_check(model: TransitionModel, start_group: np.ndarray) -> dict[str, tuple[float, float]]:
    """Per EV product, tier 1: median link weight per unit of capacity of alive suppliers that
    converted to it and of those that made it from the start (a contract share much larger
    per unit for the converted ones would give them more than their share of orders)."""
    s, links = model.pop.suppliers, model.links
    per_unit = np.bincount(links.supplier, weights=links.weight, minlength=len(s))
    per_unit = per_unit / np.maximum(s.capacity, 1e-12)
    out = {}
    for g, name in ((4, "battery"), (5, "e_motor"), (6, "power_electronics")):
        here = (s.group == g) & (s.tier == 1) & (s.alive == 1)
        conv, orig = here & (start_group != g), here & (start_group == g)
        out[name] = (
            float(np.median(per_unit[conv])) if conv.any() else float("nan"),
            float(np.median(per_unit[orig])) if orig.any() else float("nan"),
        )
    return out


def trace_run(path: str, seed: int, scale: int, end_year: int) -> Trace:
    """Run `path` to the end of `end_year` and record the trace."""
    m = TransitionModel(scenario=path, seed=seed, scale=scale)
    s, n_p = m.pop.suppliers, len(m.pop.plants)
    n_s = len(s)
    exit_quarter = np.full(n_s, -1)
    exit_cause = np.zeros(n_s, dtype=np.int8)
    exit_sector = np.full(n_s, -1)
    exit_jobs = np.zeros(n_s)
    aided = np.full(n_s, -1)
    conv = np.full(n_s, -1)
    started: dict[int, int] = defaultdict(int)
    ny = len(np.unique(m.years))  # per calendar year of the scenario
    t1 = {sec: np.zeros(ny) for sec in SECTOR_NAMES[1:]}
    out_unlinked = {sec: np.zeros(ny) for sec in SECTOR_NAMES[1:]}
    out_short = {sec: np.zeros(ny) for sec in SECTOR_NAMES[1:]}
    first_year = int(m.years[0])
    spec_s = m.spec.suppliers

    def traced_firms(model: TransitionModel, t) -> None:
        before = s.quarters_to_convert.copy()
        employed = model.pop.establishments.employed[n_p:].copy()
        x = model.scratch
        y = t.year - first_year
        tier1 = (s.tier == 1) & (s.alive == 1)
        need, unlinked = tier1_need(model)
        for k, sec in enumerate(SECTOR_NAMES[1:], start=1):
            mine = tier1 & (x.group_sector[s.group] == k)
            t1[sec][y] += s.orders[mine].sum() / 4
            made = s.production[mine].sum()
            out_unlinked[sec][y] += unlinked[k] / 4
            out_short[sec][y] += max(need[k] - unlinked[k] - made, 0.0) / 4
        run_firms(model, t)
        q = t.index
        gone = np.flatnonzero(x.exited == 1)
        floor = -spec_s.credit_line_quarters * s.capacity * s.price
        exit_quarter[gone] = q
        exit_cause[gone] = np.where(s.cash[gone] < floor[gone], 1, 2)
        exit_sector[gone] = x.group_sector[s.group[gone]]
        exit_jobs[gone] = employed[gone]
        got = (x.aid_paid > 0) & (aided < 0)
        aided[got] = q
        conv[x.converted == 1] = q
        started[t.year] += int(((before == 0) & (s.quarters_to_convert > 0)).sum())

    start_group = s.group.copy()
    run_firms = next(p.run for p in m.phases if p.name == "run_firms")
    m.phases = tuple(
        Phase(p.name, traced_firms, p.kernels) if p.name == "run_firms" else p for p in m.phases
    )
    # the full scenario period is built (plans look ahead), but stepped only to end_year
    while m.running and m.years[m.quarter_index] <= end_year:
        m.step()
    done = m.quarter_index
    h = m.history[:done]
    years = np.unique(m.years[:done])
    by_year = [m.years[:done] == y for y in years]
    jobs = {
        sec: np.array([h[b][:, :, COL[f"jobs_{sec}"]].sum(axis=1).mean() for b in by_year])
        for sec in SECTOR_NAMES
    }
    alive = np.array([h[b][:, :, COL["suppliers_alive"]].sum(axis=1).mean() for b in by_year])
    spend = {
        line: float(h[:, :, COL[f"spend_{line}"]].sum() * 1e6)
        for line in ("aid", "procurement", "reskilling", "benefits")
    }
    weights = weight_check(m, start_group)
    return Trace(
        years,
        jobs,
        alive,
        exit_quarter,
        exit_cause,
        exit_sector,
        exit_jobs,
        aided,
        conv,
        started=dict(started),
        t1_orders=t1,
        weights=weights,
        unlinked=out_unlinked,
        short=out_short,
        spend=spend,
        clawbacks=float(h[:, :, COL["clawbacks"]].sum()),
    )


def _exits_by_year(tr: Trace, quarter_year: np.ndarray) -> dict[tuple[int, int, int], int]:
    """(year, sector at exit, cause) -> suppliers that exited."""
    out: dict[tuple[int, int, int], int] = defaultdict(int)
    for i in np.flatnonzero(tr.exit_quarter >= 0):
        year = int(quarter_year[tr.exit_quarter[i]])
        out[(year, int(tr.exit_sector[i]), int(tr.exit_cause[i]))] += 1
    return out


def report(name: str, base: Trace, lev: Trace, quarter_year: np.ndarray, show: list[int]) -> None:
    """Print lever minus baseline."""
    print(f"\n=== {name} minus baseline")
    yi = {int(y): i for i, y in enumerate(base.years)}
    print("jobs by sector, annual mean (lever - baseline):")
    head = "".join(f"{SHORT[s]:>10}" for s in SECTOR_NAMES)
    print(f"  year {head}{'total':>10}{'alive':>8}")
    for y in show:
        i = yi[y]
        d = [lev.jobs[s][i] - base.jobs[s][i] for s in SECTOR_NAMES]
        print(
            f"  {y} "
            + "".join(f"{v:>+10,.0f}" for v in d)
            + f"{sum(d):>+10,.0f}{lev.alive[i] - base.alive[i]:>+8,.0f}"
        )
    print(
        "tier-1 (units/quarter, annual mean): orders to EU suppliers, plant need with no linked "
        "supplier, need beyond EU capacity; lever - baseline [baseline]:"
    )
    for y in show:
        i = yi[y]
        parts = []
        for sec in SECTOR_NAMES[1:]:
            o = lev.t1_orders[sec][i] - base.t1_orders[sec][i]
            u = lev.unlinked[sec][i] - base.unlinked[sec][i]
            sh = lev.short[sec][i] - base.short[sec][i]
            parts.append(
                f"{SHORT[sec]} {o:+,.0f} / {u:+,.0f} [{base.unlinked[sec][i]:,.0f}] / "
                f"{sh:+,.0f} [{base.short[sec][i]:,.0f}]"
            )
        print(f"  {y}  " + ";  ".join(parts))
    eb, el = _exits_by_year(base, quarter_year), _exits_by_year(lev, quarter_year)
    print("exits by year, sector at exit and cause (lever / baseline):")
    keys = sorted(set(eb) | set(el))
    for y in sorted({k[0] for k in keys}):
        parts = []
        for k in keys:
            if k[0] == y:
                cause = "credit" if k[2] == 1 else "losses"
                parts.append(f"{SHORT[SECTOR_NAMES[k[1]]]}/{cause} {el.get(k, 0)}/{eb.get(k, 0)}")
        print(f"  {y}: " + ", ".join(parts))
    print("conversions started per year (lever / baseline):")
    ys = sorted(set(base.started) | set(lev.started))
    print("  " + ", ".join(f"{y} {lev.started.get(y, 0)}/{base.started.get(y, 0)}" for y in ys))
    for label, tr in (("lever", lev), ("baseline", base)):
        aided = tr.aided_quarter >= 0
        conv = tr.converted_quarter >= 0
        ex = tr.exit_quarter >= 0
        print(
            f"{label}: aided {aided.sum()}, of which exited {(aided & ex).sum()} "
            f"({tr.exit_jobs[aided & ex].sum():,.0f} jobs at exit); converted {conv.sum()}, of "
            f"which exited after converting {(conv & ex).sum()} "
            f"({tr.exit_jobs[conv & ex].sum():,.0f} jobs); all exits {ex.sum()} "
            f"({tr.exit_jobs[ex].sum():,.0f} jobs)"
        )
    if lev.aided_quarter.max() >= 0:
        aided = lev.aided_quarter >= 0
        gap = (
            lev.exit_quarter[aided & (lev.exit_quarter >= 0)]
            - lev.aided_quarter[aided & (lev.exit_quarter >= 0)]
        )
        if len(gap):
            print(
                f"  aided firms' exits, quarters after the grant: median {np.median(gap):.0f}, "
                f"within 8: {(gap <= 8).sum()}, 9-12: {((gap > 8) & (gap <= 12)).sum()}, "
                f"later: {(gap > 12).sum()}"
            )
    n = min(len(base.exit_quarter), len(lev.exit_quarter))  # planned plants come last
    only_l = np.zeros(len(lev.exit_quarter), dtype=bool)
    only_b = np.zeros(len(base.exit_quarter), dtype=bool)
    only_l[:n] = (lev.exit_quarter[:n] >= 0) & (base.exit_quarter[:n] < 0)
    only_b[:n] = (base.exit_quarter[:n] >= 0) & (lev.exit_quarter[:n] < 0)
    print(
        f"matched pairs: exit only with the lever {only_l.sum()} "
        f"({lev.exit_jobs[only_l].sum():,.0f} jobs at "
        f"exit); only in the baseline {only_b.sum()} ({base.exit_jobs[only_b].sum():,.0f} jobs)"
    )
    for label, mask, tr in (("only lever", only_l, lev), ("only baseline", only_b, base)):
        if mask.any():
            conv = tr.converted_quarter[mask] >= 0
            aid = tr.aided_quarter[mask] >= 0
            sect = np.bincount(tr.exit_sector[mask], minlength=4)
            print(
                f"  {label}: sector at exit "
                + ", ".join(f"{SHORT[SECTOR_NAMES[k]]} {sect[k]}" for k in range(1, 4))
                + f"; converted before {conv.sum()}, aided {aid.sum()}"
            )
    print(
        "spending over the run, EUR bn (lever / baseline): "
        + ", ".join(f"{k} {lev.spend[k] / 1e9:.2f}/{base.spend[k] / 1e9:.2f}" for k in lev.spend)
        + f"; clawbacks {lev.clawbacks:.0f}/{base.clawbacks:.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("levers", nargs="*", default=list(LEVERS))
    ap.add_argument("--baseline", default="scenarios/baseline.toml")
    ap.add_argument("--seed-index", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=3, help="N of the compare run (seed list)")
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--end-year", type=int, default=2035)
    ap.add_argument("--years", default="2027,2030,2033,2035")
    args = ap.parse_args(argv)
    base_spec = load_scenario(args.baseline)
    seed = seeds_for(base_spec.seed, args.seeds)[args.seed_index]
    show = [int(y) for y in args.years.split(",") if int(y) <= args.end_year]
    print(f"seed {seed} (index {args.seed_index} of {args.seeds}), scale {args.scale}")
    base = trace_run(args.baseline, seed, args.scale, args.end_year)
    print(
        f"baseline, end of {args.end_year}, tier 1: median link weight per unit of capacity, "
        "suppliers converted to the product / making it from the start: "
        + ", ".join(f"{k} {c:.3f} / {o:.3f}" for k, (c, o) in base.weights.items())
    )
    quarter_year = np.repeat(base.years, 4)
    for path in args.levers:
        lev = trace_run(path, seed, args.scale, args.end_year)
        report(path, base, lev, quarter_year, show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
