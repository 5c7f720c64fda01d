"""Compare the shipped regional data with Eurostat 2015, per row, and the issue-10 criteria.

The start-year jobs of a row are read from the shipped regions.csv (assembly + parts); Eurostat
2015 and the roll-forward factor come from the build's derivation. Matched rows: an observed
Eurostat figure of at least MIN_JOBS persons employed, France aside (its regional figures are
allocated to head offices). The criteria: the share of matched rows whose ratio data / Eurostat
lies in [LOW, HIGH], and the correlation of the logarithms.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from sim.databuild import derive
from sim.errors import ScenarioError

MIN_JOBS = 2000
LOW, HIGH = 0.6, 1.7
EXCLUDED_COUNTRIES = ("FR",)


@dataclass
class Line:
    code: str
    country: str
    eurostat: float | None
    data: int
    factor: float
    matched: bool
    basis: str
    ice: str = ""
    year: str = ""  # reference year of the national total the row was rolled to

    @property
    def ratio(self) -> float | None:
        return self.data / self.eurostat if self.eurostat else None


def shipped_jobs(path: Path) -> dict[str, int]:
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise ScenarioError(f"{path}: regions file not found") from None
    try:
        return {r["code"]: int(r["jobs_assembly"]) + int(r["jobs_parts"]) for r in rows}
    except (KeyError, ValueError) as exc:
        raise ScenarioError(f"{path}: bad jobs_assembly/jobs_parts ({exc})") from None


def compare(raw_dir: Path, data_dir: Path) -> list[Line]:
    d = derive(raw_dir, data_dir)
    derived = d["rows"]
    raw_year = d["raw"].countries["EU27"]["c29_year"]
    shipped = shipped_jobs(data_dir / "regions.csv")
    out = []
    for r in derived:
        if r.code not in shipped:
            raise ScenarioError(
                f"{data_dir / 'regions.csv'}: no row {r.code} (run autoregions data build)"
            )
        corrected = any("France" in b for b in r.basis)
        if r.kind == "rest":
            basis = "rest (derived)"
        elif corrected:
            basis = "observed + France correction (derived)"
        elif r.eurostat is not None:
            basis = "observed"
        elif any("Lower Saxony" in b for b in r.basis):
            basis = "Lower Saxony rule (derived)"
        else:
            basis = "confidential: residual (derived)"
        if r.kind == "split":
            basis += ", NUTS-1"
        matched = (
            r.eurostat is not None
            and r.eurostat >= MIN_JOBS
            and r.country not in EXCLUDED_COUNTRIES
        )
        ice = "plants (observed-based)" if r.ice_basis == "plants" else f"{r.ice_basis} (uniform)"
        out.append(
            Line(
                r.code,
                r.country,
                r.eurostat,
                shipped[r.code],
                r.factor,
                matched,
                basis,
                ice,
                r.year or raw_year,
            )
        )
    return out


def criteria(lines: list[Line]) -> dict[str, float]:
    matched = [x for x in lines if x.matched]
    within = [x for x in matched if LOW <= x.ratio <= HIGH]
    la = [math.log(x.data) for x in matched]
    lb = [math.log(x.eurostat) for x in matched]
    n = len(matched)
    ma, mb = sum(la) / n, sum(lb) / n
    cov = sum((a - ma) * (b - mb) for a, b in zip(la, lb, strict=True))
    var = math.sqrt(sum((a - ma) ** 2 for a in la) * sum((b - mb) ** 2 for b in lb))
    nuts2 = [x for x in lines if len(x.code) == 4]
    return {
        "rows": len(lines),
        "nuts2_rows": len(nuts2),
        "matched": n,
        "within": len(within),
        "share_within": len(within) / n,
        "log_correlation": cov / var,
    }


def format_table(lines: list[Line], markdown: bool = False) -> str:
    head = (
        "region",
        "country",
        "eurostat_2015",
        "data",
        "ratio",
        "factor",
        "year",
        "matched",
        "C29 total",
        "ICE share",
    )
    rows = []
    for x in lines:
        rows.append(
            (
                x.code,
                x.country,
                "" if x.eurostat is None else f"{x.eurostat:,.0f}",
                f"{x.data:,}",
                "" if x.ratio is None else f"{x.ratio:.2f}",
                f"{x.factor:.4f}",
                x.year,
                "yes" if x.matched else "no",
                x.basis,
                x.ice,
            )
        )
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(r) + " |" for r in rows]
    else:
        fmt = "{:<8} {:<7} {:>13} {:>9} {:>6} {:>7} {:>5} {:>7}  {:<40} {}"
        out = [fmt.format(*head)] + [fmt.format(*r) for r in rows]
    return "\n".join(out)


def format_criteria(c: dict[str, float]) -> str:
    return (
        f"rows {c['rows']} (NUTS-2 rows {c['nuts2_rows']}); matched rows (Eurostat 2015 >= "
        f"{MIN_JOBS:,}, France aside) {c['matched']}; within {LOW}-{HIGH}x: {c['within']} "
        f"({100 * c['share_within']:.1f}%); log correlation {c['log_correlation']:.4f}"
    )


def format_factors(lines: list[Line]) -> str:
    """The roll-forward factor of each country (2015 rows -> its national total and year)."""
    by: dict[str, tuple[float, int, str]] = {}
    for x in lines:
        if x.country != "EU":
            by[x.country] = (x.factor, by.get(x.country, (0.0, 0, ""))[1] + x.data, x.year)
    parts = [f"{c} {f:.4f} ({n:,}, {y})" for c, (f, n, y) in sorted(by.items())]
    return "roll-forward factor 2015 -> start year (start-year jobs, year): " + "; ".join(parts)


def format_coverage(lines: list[Line], plant_list: list[dict[str, str]] | None = None) -> str:
    """How many rows have a plant-based ICE share (and, given the plant list, its size), and
    France's head-office region share."""
    plants = sum(1 for x in lines if x.ice.startswith("plants"))
    fr = [x for x in lines if x.country == "FR"]
    hq = next((x for x in fr if x.code == "FR10"), None)
    listed = ""
    if plant_list is not None:
        counted = sum(1 for p in plant_list if p["counted"] == "yes")
        listed = f" ({len(plant_list)} plants listed, {counted} counted)"
    text = (
        f"ICE share: {plants} rows from the plant list{listed} (observed-based), "
        f"{len(lines) - plants} uniform (country or EU value)"
    )
    if hq is not None and fr:
        published = sum(x.eurostat or 0 for x in fr)
        text += (
            f"; France: FR10 holds {100 * hq.data / sum(x.data for x in fr):.1f}% of French "
            f"C29 jobs after the plant-location correction (Eurostat 2015: "
            f"{100 * (hq.eurostat or 0) / published:.1f}% of the published French regional figures)"
        )
    return text
