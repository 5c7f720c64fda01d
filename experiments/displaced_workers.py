"""Check the worker module against plant-closure studies (facts.md 3.8).

Run: python experiments/displaced_workers.py [SCENARIO]
Prints the shares of a displaced cohort re-employed, unemployed and retired two years after a
closure, overall and by age, next to the Swiss plant-closure figures, and the share of the
cohort aged 55+ at which the model's age-specific rates would give the study's overall share.
Earnings losses (10-15% for German mass layoffs) are not modelled: workers who find jobs
outside the sector leave the simulated pool.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim import load_scenario
from sim.analysis.checks import TARGETS, displaced_workers, format_check

if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("scenarios/baseline.toml")
    spec = load_scenario(path)
    print(f"Displaced cohort of 100,000 after 8 quarters, worker rules of {path}")
    shares = displaced_workers(spec)
    print(format_check(shares, TARGETS))
    # the cohort's share aged 55+ for which the model's age-specific rates give the study's
    # overall share: overall = w x older + (1 - w) x younger
    young, old = shares["re-employed, under 55"], shares["re-employed, 55 and over"]
    implied = (young - TARGETS["re-employed"]) / (young - old)
    print(
        f"share aged 55+ at which the model's age-specific rates give "
        f"{TARGETS['re-employed']:.0%} overall: {implied:.1%}"
    )
