"""Roll the 2015 regional figures forward to national totals.

Step 1 (the 2017 anchors): for a country with a national C29 figure in countries.csv (Eurostat
SBS 2017; France 2016), every row is scaled by anchor / (sum of the country's 2015 rows), and the
rounded rows add up to the anchor exactly. Countries without an anchor are scaled by the factor of
all anchored countries together (an assumption). What the EU-27 anchor leaves over is the EU-REST
row: the countries whose C29 total is not published (IE, LU, MT in 2015) and the uncertainty of
the derived EU-27 figure. EU-REST is fixed here.

Step 2 (later totals): a country with a used row in national_c29_recent.csv (the latest one:
Eurostat C29 2018 via ACEA, Destatis 2024, GUS 2023; definitions labelled per row) is rolled
instead to that total: factor = total / sum of its 2015 rows. Every other row keeps its 2017
anchor, and its source says so (flagged). The table therefore mixes reference years; each row's
`year` column gives its own.
"""

from __future__ import annotations

import math

from sim.databuild.nuts import Region13, Row, national_2015
from sim.databuild.rawfiles import EU27, Raw
from sim.errors import ScenarioError

REST = "EU-REST"


def apportion(values: list[float], total: int) -> list[int]:
    """Integers proportional to `values` that add up to `total` (largest remainders, ties by
    position, so the result is deterministic)."""
    s = sum(values)
    exact = [v * total / s for v in values]
    out = [math.floor(x) for x in exact]
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def roll_forward(raw: Raw, regions: dict[str, Region13], rows: dict[str, Row]) -> list[Row]:
    """Rows with integer start-year jobs (`jobs`) and their factor, grouped by country in the
    order of countries.csv (then the other countries alphabetically); EU-REST last."""
    by_country: dict[str, list[Row]] = {}
    for row in rows.values():
        by_country.setdefault(row.country, []).append(row)
    anchors = {
        c: int(r["c29_jobs"])
        for c, r in raw.countries.items()
        if c in by_country and r["c29_jobs"].strip()
    }
    covered = sum(anchors.values()) / sum(r.value for c in anchors for r in by_country[c])
    out: list[Row] = []
    listed = list(raw.countries)  # countries.csv order (largest C29 first), then the others
    order = sorted(by_country, key=lambda c: (listed.index(c) if c in listed else len(listed), c))
    for country in order:
        members = sorted(by_country[country], key=lambda r: r.code)
        s = sum(r.value for r in members)
        if country in anchors:
            total = anchors[country]
            year = raw.countries[country]["c29_year"]
            how = (
                f"x {total / s:.4f} = national C29 {year} {total:,} (countries.csv) / "
                f"2015 rows {s:,.0f}"
            )
        else:
            total = round(s * covered)
            how = (
                f"x {covered:.4f} (ASSUMED: no national anchor in countries.csv; factor of all "
                "anchored countries together)"
            )
        for row, jobs in zip(members, apportion([r.value for r in members], total), strict=True):
            row.jobs = jobs
            row.factor = total / s
            row.year = raw.countries[country]["c29_year"] if country in anchors else ""
            row.notes.append(f"rolled forward {how}")
        out.extend(m for m in members if m.jobs > 0)
    eu = int(raw.countries["EU27"]["c29_jobs"])
    rest = eu - sum(r.jobs for r in out)
    if rest < 0:
        raise ScenarioError(f"countries.csv: EU27 c29_jobs = {eu}: smaller than the regional rows")
    absent = [c for c in EU27 if national_2015(raw, c) is None]
    hidden = sorted(
        r.code for r in regions.values() if r.value is None and r.code[:2] not in absent
    )
    row = Row(REST, "EU", [], "rest", jobs=rest, factor=1.0)
    row.basis.append(
        f"EU-27 C29 {raw.countries['EU27']['c29_year']} {eu:,} (countries.csv, derived) minus "
        "every other row"
    )
    row.notes.append(
        "holds the countries whose 2015 C29 total is not published ("
        + ", ".join(absent)
        + ")"
        + (f", confidential regions without a residual ({', '.join(hidden)})" if hidden else "")
        + " and the uncertainty of the derived EU-27 anchor (about +-50,000)"
    )
    out.append(row)
    later_totals(raw, by_country)
    return [r for r in out if r.jobs > 0 or r.kind == "rest"]


def later_totals(raw: Raw, by_country: dict[str, list[Row]]) -> None:
    """Step 2: re-scale each country with a used later total; flag the others."""
    for country, members in by_country.items():
        members = sorted(members, key=lambda r: r.code)
        recent = raw.recent.get(country)
        if recent is None:
            for r in members:
                r.notes.append(
                    "no sourced national total after 2017 (national_c29_recent.csv): the 2017 "
                    "anchor is kept (FLAGGED: older than the scenario start year)"
                )
            continue
        total = int(recent["jobs"])
        s = sum(r.value for r in members)
        for row, jobs in zip(members, apportion([r.value for r in members], total), strict=True):
            row.jobs = jobs
            row.factor = total / s
            row.year = recent["year"]
            row.notes.append(
                f"then re-rolled to the later national total: x {total / s:.4f} = "
                f"{recent['year']} {total:,} ({recent['definition']}; {recent['source']}) / "
                f"2015 rows {s:,.0f}"
            )
