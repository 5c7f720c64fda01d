"""Read the raw inputs of the regional data build (comment lines start with '#')."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sim.errors import ScenarioError

EU27 = tuple(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
SBS_V2017 = "sbs_r_nuts06_r2_v2017.csv"
SBS_V2023 = "sbs_r_nuts06_r2_2015_v2023.csv"
GDP = "nama_10r_2gdp_2014.csv"
CORRESPONDENCE = "nuts_2013_to_2021.csv"
PLANTS = "assembly_plants.csv"
FR_SITES = "fr_plant_workforce.csv"
COUNTRY_PARAMS = "country_params.csv"
POWERTRAIN = "powertrain_plants.csv"
RECENT = "national_c29_recent.csv"
POINTS = "region_points.csv"
RAW_FILES = (
    SBS_V2017,
    SBS_V2023,
    GDP,
    CORRESPONDENCE,
    PLANTS,
    FR_SITES,
    COUNTRY_PARAMS,
    POWERTRAIN,
    RECENT,
    POINTS,
)


@dataclass
class Raw:
    """The raw inputs, parsed."""

    #: (nace, geo, year) -> (value or None, flag); nace C or C29, persons employed
    sbs: dict[tuple[str, str, int], tuple[float | None, str]]
    #: geo -> C29 persons employed 2015, later vintage (None = blank)
    sbs2015: dict[str, float | None]
    #: (unit, geo) -> value 2014 (EUR_HAB, PPS_HAB, MIO_EUR)
    gdp: dict[tuple[str, str], float | None]
    correspondence: list[dict[str, str]]
    plants: list[dict[str, str]]
    fr_sites: list[dict[str, str]]
    params: dict[str, dict[str, str]]
    #: powertrain plants, in file order
    powertrain: list[dict[str, str]]
    #: country -> latest used national total after 2017 (national_c29_recent.csv)
    recent: dict[str, dict[str, str]]
    points: dict[str, dict[str, str]]
    countries: dict[str, dict[str, str]]
    notes: dict[str, str] = field(default_factory=dict)


def read_table(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a CSV whose leading '#' lines are comments; one-line errors naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{path}: raw input file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot read ({exc})") from None
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(body))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise ScenarioError(f"{path}: missing column(s) {', '.join(missing)}")
    return list(reader)


def number(path: Path, row: dict[str, str], key: str) -> float | None:
    """A numeric cell (None when empty); a bad value is a one-line error naming file and key."""
    text = (row.get(key) or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ScenarioError(f"{path}: column '{key}' = {text!r}: must be a number") from None


def load(raw_dir: Path, data_dir: Path) -> Raw:
    """Read every raw input; ScenarioError (one line) for a missing file or a bad cell."""
    if not raw_dir.is_dir():
        raise ScenarioError(f"{raw_dir}: raw data folder not found")
    p = raw_dir / SBS_V2017
    sbs = {}
    for r in read_table(p, ("nace_r2", "geo", "year", "value", "flag")):
        sbs[(r["nace_r2"], r["geo"], int(r["year"]))] = (number(p, r, "value"), r["flag"])
    p = raw_dir / SBS_V2023
    sbs2015 = {r["geo"]: number(p, r, "value_2015") for r in read_table(p, ("geo", "value_2015"))}
    p = raw_dir / GDP
    gdp = {(r["unit"], r["geo"]): number(p, r, "value") for r in read_table(p, ("unit", "geo"))}
    params = {
        r["country"]: r
        for r in read_table(
            raw_dir / COUNTRY_PARAMS, ("country", "assembly_share", "ice_share", "ice_basis")
        )
    }
    if "EU" not in params:
        raise ScenarioError(f"{raw_dir / COUNTRY_PARAMS}: needs a row for country 'EU'")
    countries = {
        r["country"]: r
        for r in read_table(data_dir / "countries.csv", ("country", "c29_jobs", "c29_year"))
    }
    if "EU27" not in countries or not countries["EU27"]["c29_jobs"].strip():
        raise ScenarioError(f"{data_dir / 'countries.csv'}: needs c29_jobs for country 'EU27'")
    return Raw(
        sbs=sbs,
        sbs2015=sbs2015,
        gdp=gdp,
        correspondence=read_table(raw_dir / CORRESPONDENCE, ("nuts2013", "nuts2021", "kind")),
        plants=read_table(raw_dir / PLANTS, ("plant", "company", "nuts2021")),
        fr_sites=read_table(raw_dir / FR_SITES, ("site", "nuts2021", "persons", "year", "source")),
        params=params,
        powertrain=_plants(raw_dir / POWERTRAIN),
        recent=_recent(raw_dir / RECENT),
        points={
            r["code"]: r
            for r in read_table(raw_dir / POINTS, ("code", "name", "lat", "lon", "basis"))
        },
        countries=countries,
    )


PRODUCTS = ("engine", "transmission", "battery", "e-motor")
ICE_PRODUCTS = ("engine", "transmission")


def _plants(path: Path) -> list[dict[str, str]]:
    """Powertrain plants; checks product names, numbers and the `counted` rule."""
    cols = ("plant", "company", "product", "nuts2021", "employees", "employees_year")
    rows = read_table(path, (*cols, "ev_employees", "counted", "source"))
    for r in rows:
        products = r["product"].split("+")
        bad = [p for p in products if p not in PRODUCTS]
        if bad:
            raise ScenarioError(
                f"{path}: {r['plant']}: product {bad[0]!r} is not one of {PRODUCTS}"
            )
        employees = number(path, r, "employees")
        ev = number(path, r, "ev_employees") or 0.0
        year = number(path, r, "employees_year")
        if employees is not None and (year is None or not 1990 <= year <= 2030):
            raise ScenarioError(
                f"{path}: {r['plant']}: employees_year = {r['employees_year']!r}: a published "
                "workforce needs the year of the figure (1990-2030)"
            )
        if r["counted"] not in ("yes", "no"):
            raise ScenarioError(f"{path}: {r['plant']}: counted must be yes or no")
        if r["counted"] == "yes" and (
            employees is None or not set(products) & set(ICE_PRODUCTS) or ev > employees
        ):
            raise ScenarioError(
                f"{path}: {r['plant']}: counted = yes needs an engine or transmission product and "
                "a published workforce of at least ev_employees"
            )
        if not r["source"].startswith("http"):
            raise ScenarioError(f"{path}: {r['plant']}: source must be an address")
    return rows


def _recent(path: Path) -> dict[str, dict[str, str]]:
    """The latest row with used = yes of each country."""
    out: dict[str, dict[str, str]] = {}
    for r in read_table(path, ("country", "year", "jobs", "used", "definition", "source")):
        if number(path, r, "jobs") is None or number(path, r, "year") is None:
            raise ScenarioError(f"{path}: {r['country']}: year and jobs are required")
        if r["used"] == "yes" and int(r["year"]) > int(out.get(r["country"], {}).get("year", 0)):
            out[r["country"]] = r
    return out
