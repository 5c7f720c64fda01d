"""ICE exposure per row: the share of parts jobs in ICE-specific powertrain work.

Each country has a base share (`country_params.csv`: DE, IT, ES national values, otherwise the EU
midpoint 0.30). A row whose region has sourced ICE-powertrain employment E in
`powertrain_plants.csv` (engine and transmission plants with a published workforce, minus any
published electric-drive staff) gets, with J its start-year C29 jobs (assembly + parts):

    ice_share = min(CAP, base + (1 - base) * min(1, E / J))

i.e. the plant staff are taken as ICE work and the rest of the region's jobs as having the
national mix. The rule, and measuring E against all C29 jobs (OEM engine plants are C29.1, which
the split counts partly as assembly; plant head counts come from other years and definitions), are
ASSUMPTIONS. CAP = 0.60 (ASSUMED: about twice the EU midpoint; no region's parts jobs are all
ICE-specific). Such rows are flagged `plants` (observed-based); all others keep the base value,
flagged `country` or `eu` and marked uniform. Battery plants and plants without a counted head
count are named in the source note but do not change the value.
"""

from __future__ import annotations

from sim.databuild.nuts import Row
from sim.databuild.rawfiles import Raw
from sim.errors import ScenarioError

CAP = 0.60
PLANTS_BASIS = "plants"


def ice_employment(raw: Raw) -> dict[str, float]:
    """Sourced ICE-powertrain employment per NUTS 2021 code (rows with counted = yes)."""
    out: dict[str, float] = {}
    for p in raw.powertrain:
        if p["counted"] == "yes":
            ev = float(p["ev_employees"] or 0)
            out[p["nuts2021"]] = out.get(p["nuts2021"], 0.0) + float(p["employees"]) - ev
    return out


def share(base: float, ice_jobs: float, jobs: int) -> float:
    """The exposure rule (see the module docstring)."""
    return min(CAP, base + (1.0 - base) * min(1.0, ice_jobs / jobs))


def _plant_text(p: dict[str, str]) -> str:
    staff = f"{int(float(p['employees'])):,} staff {p['employees_year']}" if p["employees"] else ""
    if p["ev_employees"] and p["counted"] == "yes":
        staff += f", {int(float(p['ev_employees'])):,} on electric drives"
    counted = "" if p["counted"] == "yes" else ", not counted"
    return f"{p['company']} {p['plant']} ({p['product']}{'; ' + staff if staff else ''}{counted})"


def assign(raw: Raw, rows: list[Row]) -> None:
    """Set ice_share, ice_basis and ice_note of every row."""
    codes = {r.code for r in rows}
    for p in raw.powertrain:
        if p["nuts2021"] not in codes:
            raise ScenarioError(
                f"powertrain_plants.csv: nuts2021 = {p['nuts2021']!r} ({p['plant']}): no such row"
            )
    ice = ice_employment(raw)
    for r in rows:
        params = raw.params.get(r.country, raw.params["EU"])
        base = float(params["ice_share"])
        plants = "; ".join(_plant_text(p) for p in raw.powertrain if p["nuts2021"] == r.code)
        listed = f"; plants listed: {plants} (powertrain_plants.csv)" if plants else ""
        jobs = r.jobs_assembly + r.jobs_parts
        if r.code in ice and jobs > 0:
            r.ice_share = share(base, ice[r.code], jobs)
            r.ice_basis = PLANTS_BASIS
            r.ice_note = (
                f"ICE share {r.ice_share:.2f} observed-based: {params['ice_basis']} base "
                f"{base:.2f} + (1 - base) x sourced ICE-powertrain staff {ice[r.code]:,.0f} / "
                f"C29 jobs {jobs:,}, capped at {CAP:.2f} (rule assumed){listed}"
            )
        else:
            r.ice_share = base
            r.ice_basis = params["ice_basis"]
            r.ice_note = (
                f"ICE share {base:.2f} = {params['ice_basis']} value, uniform (no counted "
                f"ICE-powertrain plant in the region){listed}"
            )
