"""Print the start-year values the model derives from a scenario (docs/model.md, 5.10):
labour per vehicle at plants and per product sector at suppliers, the EV content of non-BEVs,
supplier jobs by sector, and the regions and jobs of the data.

    python experiments/derived_values.py [SCENARIO]   (default scenarios/baseline.toml)
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim import codes
from sim.model import TransitionModel
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else ROOT / "scenarios" / "baseline.toml"
    spec = load_scenario(path)
    model = TransitionModel(scenario=spec, seed=1)
    econ, regions = model.pop.economics, model.regions
    labour = econ.labour.sum(axis=1)  # per product group, summed over tiers
    per_sector = {
        name: float(sum(labour[g] for g in groups))
        for name, groups in (
            ("ICE", codes.ICE_GROUPS),
            ("EV", codes.EV_GROUPS),
            ("agnostic", codes.AGNOSTIC_GROUPS),
        )
    }
    print(f"scenario {spec.name}: {len(regions)} regions")
    print(
        f"jobs in the data: {regions.jobs_assembly.sum() + regions.jobs_parts.sum():,.0f} "
        f"({regions.jobs_assembly.sum():,.0f} assembly, {regions.jobs_parts.sum():,.0f} parts)"
    )
    print(f"oem_labour = {econ.oem_labour:.3f} workers per vehicle per quarter")
    print(
        "labour per vehicle per quarter by supplier sector: "
        + ", ".join(f"{k} {v:.3f}" for k, v in per_sector.items())
    )
    print(f"n0 = nonbev_ev[0] = {float(model.nonbev_ev[0]):.3f}")
    jobs = econ.category_jobs
    print(
        f"supplier jobs: {jobs[codes.SECTOR_ICE]:,.0f} ICE-specific, "
        f"{jobs[codes.SECTOR_EV]:,.0f} EV-specific, {jobs[codes.SECTOR_AGNOSTIC]:,.0f} agnostic"
    )
    print(
        f"worker rows {len(model.pop.workers):,}, suppliers {len(model.pop.suppliers):,}, "
        f"OEM plants {len(model.pop.plants)}, links {len(model.links):,}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
