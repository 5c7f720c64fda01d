"""Check German powertrain employment against Fraunhofer IAO ELAB 2.0 (facts.md 1.2).

Run: python experiments/elab_check.py [SCENARIO] [--scale K]
Runs the German regions from 2019 to 2030 with the study's 2030 new-car mix (25% BEV, 15%
plug-in hybrid, 60% petrol/diesel) and prints the model's powertrain supplier jobs next to the
study's. Definitions differ: the study's 210,000 powertrain jobs include OEMs' own engine and
gearbox plants, which the model counts as OEM jobs; compare the relative change as well. The
last rows add the OEMs' own powertrain lines (engines and transmissions, e-drives, battery
packs: the workers those lines need, issue 11) to the supplier jobs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.analysis.checks import ELAB, elab_germany

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?", type=Path, default=Path("scenarios/baseline.toml"))
    p.add_argument("--scale", type=int, default=1)
    args = p.parse_args()
    m = elab_germany(args.scenario, scale=args.scale)
    study_rel = ELAB["net_change_2030"] / ELAB["powertrain_jobs"]
    print(
        "German powertrain jobs, 2019 -> 2030, ELAB 2.0 mix (model: ICE- and EV-specific "
        "supplier jobs)"
    )
    print(f"{'':<34} {'model':>12} {'ELAB 2.0':>12}")
    print(
        f"{'powertrain jobs at the start':<34} {m['powertrain_jobs_2019']:>12,.0f} "
        f"{ELAB['powertrain_jobs']:>12,}"
    )
    print(
        f"{'net change by 2030':<34} {m['net_change_2030']:>12,.0f} {ELAB['net_change_2030']:>12,}"
    )
    print(f"{'relative change':<34} {m['relative_change']:>12.1%} {study_rel:>12.1%}")
    print(f"{'new EV-powertrain jobs':<34} {m['new_ev_jobs']:>12,.0f} {ELAB['new_ev_jobs']:>12,}")
    print(
        f"{'with OEM powertrain lines: start':<34} {m['with_oem_lines_2019']:>12,.0f} "
        f"{ELAB['powertrain_jobs']:>12,}"
    )
    print(
        f"{'  net change by 2030':<34} {m['with_oem_lines_net_change_2030']:>12,.0f} "
        f"{ELAB['net_change_2030']:>12,}"
    )
    print(
        f"{'  relative change':<34} {m['with_oem_lines_relative_change']:>12.1%} {study_rel:>12.1%}"
    )
