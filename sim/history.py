"""Observed history of the car market: EU production, registrations and fleet, by year.

The file (`demand.history_file`, e.g. `scenarios/data/production_history.csv`) has the columns
`area, year, production, registrations, fleet, source`: one row per area (`EU27` or an ISO
country code) and year, an empty cell where no figure was found. Every row names its source.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from sim.scenario import ScenarioError

COLUMNS = ("area", "year", "production", "registrations", "fleet", "source")


@dataclass
class MarketHistory:
    """Observed figures by area and year (vehicles per year; fleet in cars on the road)."""

    production: dict[str, dict[int, float]] = field(default_factory=dict)
    registrations: dict[str, dict[int, float]] = field(default_factory=dict)
    fleet: dict[str, dict[int, float]] = field(default_factory=dict)

    def areas(self) -> list[str]:
        """Areas with at least one production figure."""
        return sorted(a for a, v in self.production.items() if v)


def _cell(path: Path, line: int, row: dict[str, str], key: str) -> float | None:
    text = (row.get(key) or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(
            f"{path}: line {line}: column '{key}' = {text!r} is not a number (leave it empty "
            "where no figure was found)"
        ) from None
    if not 0.0 <= value <= 1e10:
        raise ScenarioError(
            f"{path}: line {line}: column '{key}' = {text!r} must be between 0 and 1e10"
        )
    return value


def read_market_history(path: str | Path) -> MarketHistory:
    """Read the market history file; a clear one-line error for a bad file or cell."""
    path = Path(path)
    out = MarketHistory()
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ScenarioError(f"{path}: missing column(s) {', '.join(missing)}")
            for i, row in enumerate(reader):
                line = i + 2
                area = (row["area"] or "").strip()
                if not area:
                    raise ScenarioError(f"{path}: line {line}: column 'area' is empty")
                year_text = (row["year"] or "").strip()
                if not year_text.isdigit() or not 1990 <= int(year_text) <= 2100:
                    raise ScenarioError(
                        f"{path}: line {line}: column 'year' = {year_text!r} must be a year "
                        "from 1990 to 2100"
                    )
                year = int(year_text)
                if not (row["source"] or "").strip():
                    raise ScenarioError(f"{path}: line {line}: column 'source' is empty")
                for key, table in (
                    ("production", out.production),
                    ("registrations", out.registrations),
                    ("fleet", out.fleet),
                ):
                    value = _cell(path, line, row, key)
                    if value is not None:
                        by_year = table.setdefault(area, {})
                        if year in by_year:
                            raise ScenarioError(
                                f"{path}: line {line}: {key} of {area} in {year} appears twice"
                            )
                        by_year[year] = value
    except FileNotFoundError:
        raise ScenarioError(f"{path}: market history file not found") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ScenarioError(f"{path}: cannot read market history ({exc})") from None
    return out
