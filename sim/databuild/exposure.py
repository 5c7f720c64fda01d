"""ICE exposure per row: the share of parts jobs in ICE-specific powertrain work.

The sourced values are national (DE, IT, ES) or the EU midpoint (all other countries); they are
flagged `country` or `eu`. Rows listed in powertrain_sites.csv (a sourced concentration of engine,
gearbox or casting work) get the upper end of the sourced EU range, 0.38 (CLEPA/PwC 35-38%),
flagged `region`; using that bound for these regions is an ASSUMPTION.
"""

from __future__ import annotations

from sim.databuild.nuts import Row
from sim.databuild.rawfiles import Raw
from sim.scenario.loader import ScenarioError

POWERTRAIN_SHARE = 0.38


def assign(raw: Raw, rows: list[Row]) -> None:
    codes = {r.code for r in rows}
    for code in raw.powertrain:
        if code not in codes:
            raise ScenarioError(f"powertrain_sites.csv: nuts2021 = {code!r}: no such row")
    for r in rows:
        params = raw.params.get(r.country, raw.params["EU"])
        base = float(params["ice_share"])
        site = raw.powertrain.get(r.code)
        if site is not None:
            r.ice_share = max(base, POWERTRAIN_SHARE)
            r.ice_basis = "region"
            r.ice_note = (
                f"ICE share {r.ice_share:.2f}: sourced ICE-powertrain concentration "
                f"({site['what']}; "
                f"{site['source']}); value = upper end of the EU range 0.38 (assumed)"
            )
        else:
            r.ice_share = base
            r.ice_basis = params["ice_basis"]
            r.ice_note = (
                f"ICE share {base:.2f} = {params['ice_basis']} value, uniform (nothing known for "
                "the region)"
            )
