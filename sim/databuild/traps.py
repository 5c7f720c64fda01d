"""The known traps of the regional extracts: confidential cells and France's head-office bias.

Confidential regions are filled top-down: first the residual of their NUTS-1 parent when that is
published, then the residual of the country. Lower Saxony has its own rule (below). Where several
regions share one residual it is split in proportion to a key: the region's last published C29
figure, or else its 2015 manufacturing (NACE C) employment times the country's C29 share of
manufacturing. The keys are assumptions; the residuals are observed.
"""

from __future__ import annotations

from sim.databuild.nuts import Region13, Row, national_2015, value_2015
from sim.databuild.rawfiles import EU27, Raw
from sim.errors import ScenarioError

#: series breaks: no figure before this year is used as a key for the region (DED2/DED4 swapped
#: about 20,000 jobs between 2012 and 2013, a reclassification)
BREAKS = {"DED2": 2013, "DED4": 2013}
#: Lower Saxony: DE9 is published for 2010-2012 only, DE91-DE93 never
LOWER_SAXONY = ("DE9", "DE94", ("DE91", "DE92", "DE93"), 2012)
HEAD_OFFICE_REGION = "FR10"


def _key(raw: Raw, geo: str, country: str) -> tuple[float, str]:
    """The split key of a confidential region and what it is."""
    for year in range(2014, 2007, -1):
        if year < BREAKS.get(geo, 0):
            break
        value = raw.sbs.get(("C29", geo, year), (None, ""))[0]
        if value is not None and value > 0:
            return value, f"last published C29 figure ({year})"
    nat_c29, nat_c = national_2015(raw, country), value_2015(raw, country, "C")[0]
    for year in (2015, 2014, 2013):
        manuf = raw.sbs.get(("C", geo, year), (None, ""))[0]
        if manuf and nat_c29 and nat_c:
            return (
                manuf * nat_c29 / nat_c,
                f"{year} manufacturing employment x national C29 share of manufacturing",
            )
    pop = _population(raw, geo)
    nat_pop = _population(raw, country)
    if pop and nat_pop and nat_c29:
        return (
            pop * nat_c29 / nat_pop,
            "2014 population x national C29 per inhabitant (no C29 or manufacturing figure)",
        )
    return 1.0, "equal shares (no key)"


def _population(raw: Raw, geo: str) -> float | None:
    """Population derived from nama_10r_2gdp 2014 (GDP / GDP per inhabitant)."""
    eur, meur = raw.gdp.get(("EUR_HAB", geo)), raw.gdp.get(("MIO_EUR", geo))
    return meur * 1e6 / eur if eur and meur else None


def _share_out(raw: Raw, regions: list[Region13], residual: float, where: str) -> None:
    if not regions:
        return
    country = regions[0].code[:2]
    keys = [_key(raw, r.code, country) for r in regions]
    total = sum(k for k, _ in keys)
    for r, (k, what) in zip(regions, keys, strict=True):
        r.value = max(residual, 0.0) * k / total
        r.basis = f"residual of {where}"
        r.note = (
            f"{r.code}: confidential in 2015; {where} residual {residual:,.0f} shared by key = "
            f"{what}"
        )


def _lower_saxony(raw: Raw, regions: dict[str, Region13], available: float) -> float:
    """DE91 = DE9 - DE92 - DE93 - DE94 (2012 relation rolled to 2015). Returns the jobs used."""
    parent, known, hidden, year = LOWER_SAXONY
    if not all(h in regions and regions[h].value is None for h in hidden):
        return 0.0
    de9 = raw.sbs.get(("C29", parent, year), (None, ""))[0]
    de94 = raw.sbs.get(("C29", known, year), (None, ""))[0]
    de_then = raw.sbs.get(("C29", "DE", year), (None, ""))[0]
    de_now = national_2015(raw, "DE")
    if None in (de9, de94, de_then, de_now):
        raise ScenarioError(
            f"sbs_r_nuts06_r2_v2017.csv: {parent}, {known} and DE must be published for {year}"
        )
    block = (de9 - de94) * de_now / de_then
    share = de_now / value_2015(raw, "DE", "C")[0]
    others = {h: value_2015(raw, h, "C")[0] * share for h in hidden[1:]}
    scale = min(1.0, available / block) if block > 0 else 0.0
    first = hidden[0]
    regions[first].value = (block - sum(others.values())) * scale
    regions[first].basis = "Lower Saxony residual"
    regions[first].note = (
        f"{first} = (DE9 - DE94 in {year}: {de9:,.0f} - {de94:,.0f}) x DE growth {year}-2015 "
        f"({de_now:,.0f} / {de_then:,.0f}) - DE92 - DE93 = {regions[first].value:,.0f}"
    )
    for h, v in others.items():
        regions[h].value = v * scale
        regions[h].basis = "Lower Saxony rule"
        regions[h].note = (
            f"{h} = 2015 manufacturing employment x German C29 share of manufacturing "
            f"({share:.4f}) = {v * scale:,.0f} (assumption)"
        )
    return block * scale


def fill_confidential(raw: Raw, regions: dict[str, Region13]) -> None:
    """Give every confidential region a 2015 value where a published total allows it."""
    for country in EU27:
        members = [r for r in regions.values() if r.code[:2] == country]
        national = national_2015(raw, country)
        if not any(r.value is None for r in members) or national is None:
            continue
        known = sum(r.value for r in members if r.value is not None)
        if country == "DE":
            known += _lower_saxony(raw, regions, national - known)
        for parent in sorted({r.code[:3] for r in members}):
            total = value_2015(raw, parent)[0]
            children = [r for r in members if r.code[:3] == parent]
            hidden = [r for r in children if r.value is None]
            if total is None or not hidden:
                continue
            residual = total - sum(r.value for r in children if r.value is not None)
            _share_out(raw, hidden, residual, f"NUTS-1 {parent}")
        hidden = [r for r in members if r.value is None]
        residual = national - sum(r.value for r in members if r.value is not None)
        _share_out(raw, hidden, residual, f"country {country}")


def correct_france(raw: Raw, rows: dict[str, Row]) -> None:
    """Move the workforce of listed French OEM sites from the head-office region to the site.

    Eurostat's French regional C29 figures count a firm's staff where its head office is
    (FR10 held 60% of France's C29 in 2015). The rule assumes the published figure of a plant
    region leaves out the listed OEM sites, adds each site's published workforce to its region
    and takes the same number from FR10, so France's total is unchanged."""
    hq = rows.get(HEAD_OFFICE_REGION)
    if hq is None:
        return
    moved = 0.0
    for site in raw.fr_sites:
        code = site["nuts2021"].strip()
        persons = float(site["persons"])
        if code == HEAD_OFFICE_REGION:
            continue
        if code not in rows:
            raise ScenarioError(f"fr_plant_workforce.csv: nuts2021 = {code!r}: not a region row")
        rows[code].value += persons
        rows[code].notes.append(
            f"France correction: + {site['site']} ({site['company']}) {persons:,.0f} persons "
            f"({site['year']}) moved from {HEAD_OFFICE_REGION}"
        )
        rows[code].basis.append("France head-office correction")
        moved += persons
    if moved >= hq.value:
        raise ScenarioError(
            f"fr_plant_workforce.csv: sites move {moved:,.0f} > FR10 {hq.value:,.0f}"
        )
    hq.value -= moved
    hq.notes.append(
        f"France correction: - {moved:,.0f} persons of listed OEM sites in other regions "
        "(Eurostat counts them at the head office here)"
    )
    hq.basis.append("France head-office correction")
