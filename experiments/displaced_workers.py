"""Check the worker module against plant-closure studies (facts.md 3.8).

Run: python experiments/displaced_workers.py [SCENARIO]
Prints the shares of a displaced cohort re-employed, unemployed and retired (early, or at the
retirement age) two years after a closure, overall and by age at the closure, next to the
Swiss plant-closure figures; every share has the whole cohort in its denominator, retirees
included, as in the study. Then the share of the cohort aged 55+ at which the model's
age-specific rates would give the study's overall share, and what the study's own figures
imply if its 88% and 57% are the shares under 55 and at 55+ (sim.analysis.checks).
Earnings losses (10-15% for German mass layoffs) are not modelled: workers who find jobs
outside the sector leave the simulated pool.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim import load_scenario
from sim.analysis.checks import (
    TARGETS,
    displaced_workers,
    format_check,
    older_share_for,
    study_split_at_55,
)

if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("scenarios/baseline.toml")
    spec = load_scenario(path)
    print(f"Displaced cohort of 100,000 after 8 quarters, worker rules of {path}")
    shares = displaced_workers(spec)
    print(format_check(shares, TARGETS))
    model = older_share_for(
        TARGETS["re-employed"], shares["re-employed, under 55"], shares["re-employed, 55 and over"]
    )
    print(
        f"share aged 55+ at which the model's age-specific rates give "
        f"{TARGETS['re-employed']:.0%} overall: {model:.1%}"
    )
    study = study_split_at_55()
    print("the study's figures read as shares under 55 and at 55+ of all respondents imply:")
    for key, value in study.items():
        print(f"  {key:<32} {value:6.1%}")
