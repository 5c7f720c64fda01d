"""Population and GDP per inhabitant per row, from Eurostat nama_10r_2gdp (2014).

Population is DERIVED as GDP (EUR million) / GDP per inhabitant (EUR), so it carries the
rounding of GDP per inhabitant to 100 EUR (up to about 0.5%). Rows made of several NUTS 2013
regions sum GDP and population; their GDP per inhabitant is the ratio of the sums.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.databuild.nuts import national_2015
from sim.databuild.rawfiles import EU27, Raw
from sim.databuild.rollforward import REST
from sim.errors import ScenarioError

YEAR = 2014


@dataclass
class EconomyRow:
    code: str
    population: int
    gdp_eur: int
    gdp_pps: int
    source: str


def _geo(raw: Raw, geo: str) -> tuple[float, float, float]:
    """(population, GDP EUR million, PPS per inhabitant x population) of one geo."""
    eur = raw.gdp.get(("EUR_HAB", geo))
    meur = raw.gdp.get(("MIO_EUR", geo))
    pps = raw.gdp.get(("PPS_HAB", geo))
    if not eur or not meur or not pps:
        raise ScenarioError(
            f"nama_10r_2gdp_2014.csv: geo {geo}: EUR_HAB, PPS_HAB or MIO_EUR missing"
        )
    pop = meur * 1e6 / eur
    return pop, meur, pps * pop


def economy_rows(raw: Raw, rows: list) -> list[EconomyRow]:
    out = []
    for r in rows:
        geos = r.members if r.code != REST else [c for c in EU27 if national_2015(raw, c) is None]
        parts = [_geo(raw, g) for g in geos]
        pop = sum(p for p, _, _ in parts)
        meur = sum(m for _, m, _ in parts)
        pps = sum(x for _, _, x in parts)
        if len(geos) == 1:
            eur_hab = raw.gdp[("EUR_HAB", geos[0])]
            pps_hab = raw.gdp[("PPS_HAB", geos[0])]
            how = "EUR_HAB and PPS_HAB as published"
        else:
            eur_hab, pps_hab = meur * 1e6 / pop, pps / pop
            how = "per inhabitant = sum of GDP / sum of population (derived)"
        out.append(
            EconomyRow(
                r.code,
                round(pop),
                round(eur_hab),
                round(pps_hab),
                f"Eurostat nama_10r_2gdp {YEAR} ({' + '.join(geos)}, NUTS 2013 codes); population "
                f"derived = MIO_EUR / EUR_HAB; {how}",
            )
        )
    return out
