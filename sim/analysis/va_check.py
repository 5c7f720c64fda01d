"""Start-year value added per worker by sector, against a sourced plausibility band.

The band spans the lowest and the highest national C29 apparent labour productivity among the
project's sourced figures (scenarios/data/economics.csv): an EU-wide sector average should not
lie outside the range of national C29 averages.

- Lower end, Czechia 2017, derived in EUR without an exchange rate: value added per employee
  1,309k CZK / personnel costs per employee 592k CZK = 2.21 (MPO/CSU via ŠAVŠ Studie 2019,
  pp. 95-96), times the 2016 labour cost per FTE of EUR 20,196 (Eurostat via ŠAVŠ Studie 2019,
  Tab. 1.8): EUR 44.7k.
- Upper end, Germany 2016: gross value added per person employed in WZ 29, EUR 153.3k
  (Destatis).
"""

from __future__ import annotations

import numpy as np

from sim import codes
from sim.codes import QUARTERS_PER_YEAR
from sim.outputs.columns import COL

#: CZ 2017 C29 value added per employee over personnel costs per employee (both CZK thousand).
CZ_VA_OVER_PERSONNEL_COST = 1309.0 / 592.0
#: CZ 2016 C29 labour cost per FTE, EUR per year (1,683 a month x 12).
CZ_LABOUR_COST_EUR = 20_196.0
#: DE 2016 C29 gross value added per person employed, EUR.
DE_VA_PER_PERSON_EUR = 153_300.0
#: Plausibility band of EU-wide start-year value added per worker, EUR per year.
VA_PER_WORKER_BAND = (CZ_VA_OVER_PERSONNEL_COST * CZ_LABOUR_COST_EUR, DE_VA_PER_PERSON_EUR)

_COLUMNS = {
    "oem": ("jobs_oem", "va_oem"),
    "supplier_ice": ("jobs_supplier_ice", "va_supplier_ice"),
    "supplier_ev": ("jobs_supplier_ev", "va_supplier_ev"),
    "supplier_agnostic": ("jobs_supplier_agnostic", "va_supplier_agnostic"),
    "all": ("jobs_total", "value_added"),
}


def va_per_worker(history_row: np.ndarray) -> dict[str, float]:
    """Value added per worker (EUR a year) by sector from one quarter's regional results
    (`TransitionModel.history[q]`: value added in EUR million per quarter, jobs in persons)."""
    out = {}
    for name, (jobs, va) in _COLUMNS.items():
        workers = float(history_row[:, COL[jobs]].sum())
        va_eur = QUARTERS_PER_YEAR * 1e6 * float(history_row[:, COL[va]].sum())
        out[name] = va_eur / workers if workers else 0.0
    return out


assert tuple(_COLUMNS)[:4] == tuple(codes.SECTOR_NAMES)
