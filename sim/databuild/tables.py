"""Format the derived rows as the shipped CSV text (fixed column order, '\n' line ends)."""

from __future__ import annotations

import csv
import io
import unicodedata

from sim.data import REGION_COLUMNS
from sim.databuild.economy import YEAR as ECONOMY_YEAR
from sim.databuild.nuts import Row
from sim.databuild.rawfiles import Raw
from sim.errors import ScenarioError

ECONOMY_COLUMNS = (
    "code",
    "population",
    "gdp_eur_per_inhabitant",
    "gdp_pps_per_inhabitant",
    "year",
    "source",
)


def ascii_name(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def _csv(columns: tuple[str, ...], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue()


def estimate(row: Row) -> str:
    """'no' when the row's C29 total is an observed Eurostat figure, only rolled forward."""
    corrected = any("France" in b for b in row.basis)
    return "no" if row.eurostat is not None and not corrected else "yes"


def regions_csv(raw: Raw, rows: list[Row]) -> str:
    out = []
    for r in rows:
        point = raw.points.get(r.code)
        if point is None:
            raise ScenarioError(f"region_points.csv: no row for region {r.code}")
        year = r.year or raw.countries.get(r.country, raw.countries["EU27"])["c29_year"]
        source = "; ".join(
            [*r.basis, *r.notes, r.split_note, r.ice_note, f"point: {point['basis']}"]
        )
        out.append(
            [
                r.code,
                ascii_name(point["name"]),
                r.country,
                f"{float(point['lat']):.3f}",
                f"{float(point['lon']):.3f}",
                r.jobs_assembly,
                r.jobs_parts,
                r.assembly_plants,
                f"{r.ice_share:.2f}",
                r.ice_basis,
                estimate(r),
                year,
                source,
            ]
        )
    return _csv(REGION_COLUMNS, out)


def economy_csv(rows: list) -> str:
    return _csv(
        ECONOMY_COLUMNS,
        [[e.code, e.population, e.gdp_eur, e.gdp_pps, ECONOMY_YEAR, e.source] for e in rows],
    )
