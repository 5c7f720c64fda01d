"""Print what supplier aid does to conversions and exits on the tiny scenario, with and without
the aftermarket (docs/model.md section 9).

Run: python experiments/aid_exits.py [--seeds N] [--end YEAR]
Sums over seeds 1..N (default 3) the conversions started and the supplier exits to the end year
(default 2035), without aid and with aid to suppliers (subsidy rate 0.35, EUR 20 million EU
budget, OEMs excluded: the settings of tests/policy/test_levers.py), once with the aftermarket
(the default) and once without it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim import load_scenario
from sim.model import TransitionModel

TINY = Path(__file__).resolve().parents[1] / "scenarios" / "tiny.toml"
AID = {"aid.subsidy_rate": 0.35, "aid.budgets": {"EU": 2e7}, "aid.include_oems": False}


def totals(overrides: dict[str, object], seeds: int) -> tuple[int, int]:
    """Conversions started and supplier exits, summed over quarters and seeds 1..`seeds`."""
    conversions = exits = 0
    for seed in range(1, seeds + 1):
        model = TransitionModel(scenario=load_scenario(TINY, overrides=overrides), seed=seed)
        while model.running:
            model.step()
            conversions += int(model.flows["conversions"])
            exits += int(model.scratch.exited.astype(bool).sum())
    return conversions, exits


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--end", type=int, default=2035)
    args = p.parse_args()
    print(f"tiny to {args.end}, seeds 1-{args.seeds}: conversions and exits, without / with aid")
    for fleet in (True, False):
        plain = {"time.end_year": args.end, "fleet.enabled": fleet}
        (c0, e0), (c1, e1) = totals(plain, args.seeds), totals({**plain, **AID}, args.seeds)
        label = "with the aftermarket   " if fleet else "without the aftermarket"
        print(f"  {label}: conversions {c0} / {c1}, exits {e0} / {e1}")


if __name__ == "__main__":
    main()
