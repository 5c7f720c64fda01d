"""Split each row's C29 jobs into assembly (OEM, C29.1) and parts (suppliers, C29.3).

Rule (the national shares are sourced, their regional spread is an ASSUMPTION): the country's
assembly share s (country_params.csv) holds for the country as a whole. Rows without a listed car
assembly plant get s / 2 (engine plants, OEM offices and body makers, but no final assembly);
rows with a plant get the share that makes the country's assembly jobs equal s x its C29 jobs,
at most 0.9. Countries without plant rows, or whose plant rows would get less than s / 2, use s
everywhere.
"""

from __future__ import annotations

from sim.databuild.nuts import Row
from sim.databuild.rawfiles import Raw
from sim.errors import ScenarioError

CAP = 0.9


def plants_per_row(raw: Raw, rows: list[Row]) -> dict[str, int]:
    codes = {r.code for r in rows}
    count: dict[str, int] = {}
    for p in raw.plants:
        code = p["nuts2021"].strip()
        if code not in codes:
            raise ScenarioError(
                f"assembly_plants.csv: nuts2021 = {code!r} ({p['plant']}): no such row"
            )
        count[code] = count.get(code, 0) + 1
    return count


def _shares(share: float, plant_jobs: float, other_jobs: float) -> tuple[float, float]:
    """(share with plants, share without) for one country."""
    low = share / 2
    if plant_jobs <= 0 or other_jobs <= 0:
        return share, share
    high = (share * (plant_jobs + other_jobs) - low * other_jobs) / plant_jobs
    if high < low:
        return share, share
    if high > CAP:
        high = CAP
        low = min(CAP, (share * (plant_jobs + other_jobs) - CAP * plant_jobs) / other_jobs)
    return high, low


def split_rows(raw: Raw, rows: list[Row]) -> None:
    plants = plants_per_row(raw, rows)
    for country in sorted({r.country for r in rows}):
        members = [r for r in rows if r.country == country]
        params = raw.params.get(country, raw.params["EU"])
        share = float(params["assembly_share"])
        src = "" if country in raw.params else " (EU proxy)"
        with_p = sum(r.jobs for r in members if plants.get(r.code, 0))
        without = sum(r.jobs for r in members if not plants.get(r.code, 0))
        high, low = _shares(share, with_p, without)
        for r in members:
            r.assembly_plants = plants.get(r.code, 0)
            s = high if r.assembly_plants else low
            r.jobs_assembly = round(r.jobs * s)
            r.jobs_parts = r.jobs - r.jobs_assembly
            r.split_note = (
                f"assembly share {s:.3f} (national {share:.3f}{src}; "
                f"{'rows with' if r.assembly_plants else 'rows without'} a car assembly plant; "
                "regional spread assumed)"
            )
