"""Eurostat's 2015 C29 figures per NUTS 2013 region, and their NUTS 2021 rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.databuild.rawfiles import EU27, Raw
from sim.errors import ScenarioError

YEAR = 2015


@dataclass
class Region13:
    """One NUTS 2013 region with its 2015 C29 persons employed."""

    code: str
    value: float | None  # None while confidential and not yet filled
    basis: str  # 'observed', or the rule that filled it
    vintage: str = ""  # which extract the observed value came from
    note: str = ""


@dataclass
class Row:
    """One row of the shipped regions table, before rolling forward."""

    code: str
    country: str
    members: list[str]  # NUTS 2013 codes summed into this row
    kind: str  # 'same', 'recode', 'merge', 'split' (kept at NUTS-1) or 'rest'
    value: float = 0.0  # C29 persons employed 2015 after the traps
    eurostat: float | None = None  # observed Eurostat 2015 (None if any member was not observed)
    basis: list[str] = field(default_factory=list)  # how the 2015 value was obtained
    notes: list[str] = field(default_factory=list)
    # filled by later steps
    jobs: int = 0
    factor: float = 0.0
    year: str = ""  # reference year of the national total the row was rolled to
    jobs_assembly: int = 0
    jobs_parts: int = 0
    assembly_plants: int = 0
    ice_share: float = 0.0
    ice_basis: str = ""
    ice_note: str = ""
    split_note: str = ""


def value_2015(raw: Raw, geo: str, nace: str = "C29") -> tuple[float | None, str]:
    """The 2015 value of a geo: later vintage first, then the 2017 vintage."""
    if nace == "C29" and raw.sbs2015.get(geo) is not None:
        return raw.sbs2015[geo], "v2023"
    value = raw.sbs.get((nace, geo, YEAR), (None, ""))[0]
    return value, ("v2017" if value is not None else "")


def is_current(raw: Raw, geo: str) -> bool:
    """A NUTS 2013 region of the extracts: a value or a confidentiality flag in 2013-2015.

    Codes of older NUTS versions that the bulk files still list (ITD1, EL11, FI13, ...) have
    neither and are skipped."""
    if value_2015(raw, geo)[0] is not None:
        return True
    for year in (2013, 2014, 2015):
        value, flag = raw.sbs.get(("C29", geo, year), (None, ""))
        if value is not None or "c" in flag:
            return True
    return False


def regions_2015(raw: Raw) -> dict[str, Region13]:
    """Every current EU-27 NUTS-2 region of the extracts with its observed 2015 value (or None)."""
    geos = {g for (_, g, _) in raw.sbs} | set(raw.sbs2015)
    out = {}
    for geo in sorted(geos):
        if len(geo) != 4 or geo[:2] not in EU27 or geo.endswith("ZZ"):
            continue
        if not is_current(raw, geo):
            continue
        value, vintage = value_2015(raw, geo)
        basis = "observed" if value is not None else "confidential"
        out[geo] = Region13(geo, value, basis, vintage)
    return out


def national_2015(raw: Raw, country: str) -> float | None:
    return value_2015(raw, country)[0]


def rows_2021(raw: Raw, regions: dict[str, Region13]) -> dict[str, Row]:
    """Group the NUTS 2013 regions into NUTS 2021 rows (recodes, merges, splits kept at NUTS-1)."""
    target: dict[str, tuple[str, str]] = {}
    for r in raw.correspondence:
        if r["kind"] not in ("recode", "merge", "split"):
            raise ScenarioError(
                f"nuts_2013_to_2021.csv: kind = {r['kind']!r} for {r['nuts2013']}: "
                "must be recode, merge or split"
            )
        target[r["nuts2013"]] = (r["nuts2021"], r["kind"])
    rows: dict[str, Row] = {}
    for code in sorted(regions):
        reg = regions[code]
        new, kind = target.get(code, (code, "same"))
        if reg.value is not None and reg.value <= 0:
            continue
        row = rows.setdefault(new, Row(new, new[:2], [], kind))
        row.members.append(code)
    for row in rows.values():
        members = [regions[m] for m in row.members]
        row.value = float(sum(m.value or 0.0 for m in members))
        observed = all(m.basis == "observed" for m in members)
        row.eurostat = row.value if observed else None
        for m in members:
            label = m.code if m.code == row.code else f"{m.code} (NUTS 2013)"
            if m.basis == "observed":
                row.basis.append(f"{label} Eurostat 2015 = {m.value:,.0f} ({m.vintage})")
            else:
                row.basis.append(f"{label} confidential, filled = {m.value or 0:,.0f} by {m.basis}")
            if m.note:
                row.notes.append(m.note)
        if row.kind == "split":
            row.notes.append(
                "kept at NUTS-1: the NUTS 2013 region was split or redrawn in NUTS 2016/2021 and "
                "no "
                "observed split key exists"
            )
    return {k: v for k, v in rows.items() if v.value > 0}
