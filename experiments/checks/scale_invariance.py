"""Does the map of jobs per region depend on --scale? (issue 9)

Runs, on all cores:
- the null scenario (scenarios/validation/frozen_mix.toml: BEV share frozen at 2025) at
  scale 1 and at every scale a command or shipped experiment uses (10) and the coarsest
  accepted one (100), two seeds each;
- the EU baseline with seeds 1-20 at scale 1, 10 and 100.
Prints one table of checks (value, limit, PASS/FAIL), the seed spread at scale 1 (model
noise, for information), the per-region comparison of the
baseline's 2025-2050 job change across scales with the standard error of the scale-10 gap
(runs with the same seed are paired), and the 90% seed band per region at scale 1.
Exits 1 when a check of the table fails.

    python experiments/checks/scale_invariance.py [--seeds N] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from sim.analysis.scale_check import (
    CHECKED_REGION_JOBS,
    checks_record,
    format_checks,
    mean_change,
    null_checks,
    run_many,
    scale_checks,
    seed_bands,
    spread_check,
)
from sim.scale import DEFAULT_SWEEP_SCALE, MAX_CHECKED_SCALE

ROOT = Path(__file__).resolve().parents[2]
NULL = str(ROOT / "scenarios" / "validation" / "frozen_mix.toml")
BASELINE = str(ROOT / "scenarios" / "baseline.toml")
SCALES = (1, DEFAULT_SWEEP_SCALE, MAX_CHECKED_SCALE)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=int, default=20, help="baseline seeds per scale (default 20)")
    p.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    p.add_argument(
        "--json",
        type=Path,
        default=None,
        help="also write the checks and the model-noise figure to this JSON file",
    )
    args = p.parse_args()
    seeds = list(range(1, args.seeds + 1))
    jobs = [(NULL, k, s) for k in SCALES for s in (1, 2)]
    jobs += [(BASELINE, k, s) for k in SCALES for s in seeds]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.workers, mp_context=get_context("spawn")) as pool:
        runs = run_many(jobs, pool)
    elapsed = time.perf_counter() - t0
    null = [r for r in runs if r.scenario == "frozen_mix"]
    base = {k: [r for r in runs if r.scenario == "baseline" and r.scale == k] for k in SCALES}

    checks = [c for r in null for c in null_checks(r)]
    for k in SCALES[1:]:
        checks += scale_checks(base[1], base[k])
    print(f"{len(runs)} runs in {elapsed:.0f} s on {args.workers} workers\n")
    ok = format_checks(checks)
    spread = spread_check(base[1])
    print(
        "\nModel noise at scale 1 (not a scale effect; information, the exit code ignores it):"
        f"\n{spread.name}: {spread.value:.2f}, target {spread.limit}: "
        f"{'met' if spread.passed else 'not met, see docs/model.md section 9'}"
    )

    if args.json is not None:
        args.json.write_text(json.dumps(checks_record(checks, spread), indent=1) + "\n")
    ref = base[1][0]
    first, last = int(ref.years[0]), int(ref.years[-1])
    means = {k: mean_change(base[k]) for k in SCALES}
    pairs = zip(base[1], base[DEFAULT_SWEEP_SCALE], strict=True)
    paired = np.array([c.change_pct - r.change_pct for r, c in pairs])
    se = paired.std(axis=0, ddof=1) / np.sqrt(len(paired))
    lo, hi = seed_bands(base[1])
    print(
        f"\nBaseline: job change {first}-{last} per region (%), mean of {len(seeds)} seeds, "
        "the standard error of the scale-10 gap (paired by seed), and the 90% band over seeds "
        f"at scale 1; regions with >= {CHECKED_REGION_JOBS:,} jobs, largest first"
    )
    head = " ".join(f"{'scale ' + str(k):>9}" for k in SCALES)
    print(
        f"{'region':<8} {'jobs ' + str(first):>10} {head} {'gap SE':>7} {'band 5%':>8} "
        f"{'band 95%':>9}"
    )
    for i in np.argsort(-ref.jobs[0]):
        if ref.jobs[0, i] < CHECKED_REGION_JOBS:
            continue
        cells = " ".join(f"{means[k][i]:9.1f}" for k in SCALES)
        print(
            f"{ref.regions[i]:<8} {ref.jobs[0, i]:10,.0f} {cells} {se[i]:7.2f} {lo[i]:8.1f} "
            f"{hi[i]:9.1f}"
        )
    print("\nall checks passed" if ok else "\nSOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
