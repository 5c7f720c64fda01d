"""Scenario settings in plain words, generated from the schema's field descriptions.

`fund.budget_eur_per_year = 2500000000.0` reads "Just-transition fund — EU budget per year:
EUR 2.5 bn (base: EUR 0)". The label of a setting is the first sentence of its field description in
`sim.scenario.schema` (without source notes); the unit of its value comes from the key and the
description (EUR amounts, shares as percent, years, counts). Settings the schema does not know
(older results, newer models) fall back to their dotted key.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import BaseModel

from sim.scenario.schema import Scenario

#: Plain names of the scenario sections (a section without one is named by its class docstring).
SECTION_NAMES = {
    "time": "Simulated years",
    "regions": "Regions",
    "demand": "Demand for vehicles",
    "electrification": "Electrification path",
    "vehicles": "Vehicle content",
    "suppliers": "Suppliers",
    "oems": "OEM assembly plants",
    "network": "Supply network",
    "labour": "Labour market",
    "localisation": "Localisation of EV parts",
    "procurement": "Clean-vehicle procurement",
    "aid": "Retooling aid",
    "reskilling": "Reskilling",
    "fund": "Just-transition fund",
    "mobility": "Worker mobility",
}


def section_name(section: str) -> str:
    """The plain name of a scenario section ('fund' -> 'Just-transition fund')."""
    return SECTION_NAMES.get(section, section.replace("_", " ").capitalize())


def _field(section: str, key: str) -> Any:
    """The pydantic field of `section.key`, or None when the schema has no such field."""
    sec = Scenario.model_fields.get(section)
    model = getattr(sec, "annotation", None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    return model.model_fields.get(key)


def label(section: str, key: str) -> str:
    """The first sentence of the field's description, without its source note; the key with
    spaces when the field has no description."""
    field = _field(section, key)
    text = (getattr(field, "description", None) or "").strip()
    if not text:
        return key.replace("_", " ")
    text = re.sub(r"^(Logistic|Table|Preset) mode(, optional)?: ", "", text)
    first = re.split(r"(?<=[a-z0-9)])\. (?=[A-Z0-9])", text)[0].rstrip(".").split("; ")[0]
    head = first.split(": ")[0]
    first = head if len(head) >= 10 else first
    first = re.sub(r"\s*\((EUR|0-1|1/yr)\)$", "", first)
    return first[0].lower() + first[1:] if first[1:2].islower() else first


def _is_money(section: str, key: str) -> bool:
    field = _field(section, key)
    desc = getattr(field, "description", None) or ""
    return "eur" in key.split("_") or "(EUR" in desc or key == "budgets"


def _is_share(section: str, key: str, value: Any) -> bool:
    if not isinstance(value, float) or isinstance(value, bool):
        return False
    words = set(key.split("_"))
    if {"share", "shares", "rate", "growth", "probability"} & words:
        return -1.0 <= value <= 1.0
    field = _field(section, key)
    bounds = {type(m).__name__: m for m in getattr(field, "metadata", [])}
    ge, le = getattr(bounds.get("Ge"), "ge", None), getattr(bounds.get("Le"), "le", None)
    return ge == 0.0 and le == 1.0


def money(eur: float) -> str:
    """'EUR 2.5 bn', 'EUR 20 m', 'EUR 2,380'."""
    if not math.isfinite(eur):
        return "n/a"
    sign = "-" if eur < 0 else ""
    a = abs(eur)
    if a >= 1e9:
        return f"{sign}EUR {a / 1e9:.3g} bn"
    if a >= 1e6:
        return f"{sign}EUR {a / 1e6:.3g} m"
    return f"{sign}EUR {a:,.0f}"


def value_text(section: str, key: str, value: Any) -> str:
    """A setting's value with its unit."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        if not value:
            return "none"
        return ", ".join(f"{k} {value_text(section, key, v)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return "none"
        if all(isinstance(v, dict) for v in value):
            return "; ".join(
                "("
                + ", ".join(
                    f"{k.replace('_eur', '').replace('_', ' ')} {value_text(section, k, x)}"
                    for k, x in v.items()
                )
                + ")"
                for v in value
            )
        return ", ".join(value_text(section, key, v) for v in value)
    if isinstance(value, int | float) and _is_money(section, key):
        return money(float(value))
    if _is_share(section, key, value):
        return f"{100 * value:.3g}%"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:.0f}"
    if isinstance(value, int) and not key.endswith("year") and abs(value) >= 1e4:
        return f"{value:,}"
    return str(value)


def setting_text(section: str, key: str, value: Any, before: Any = None, what: str = "") -> str:
    """'EU budget per year: EUR 2.5 bn (base: EUR 0)'; `what` names the comparison
    ('base' or 'default') and is left out when empty."""
    text = f"{label(section, key)}: {value_text(section, key, value)}"
    if what:
        text += f" ({what}: {value_text(section, key, before)})"
    return text


def grouped(changes: list[tuple[str, str, Any, Any]], what: str) -> list[str]:
    """One sentence per section: 'Retooling aid — share of an eligible investment paid by aid
    (0 = no aid): 30% (base: 0%); aid budgets (EUR, for the whole run) by area: EU EUR 20 m
    (base: none)'. `changes` holds
    (section, key, value, value before)."""
    by_section: dict[str, list[str]] = {}
    for section, key, value, before in changes:
        by_section.setdefault(section, []).append(setting_text(section, key, value, before, what))
    return [f"{section_name(s)} — " + "; ".join(items) for s, items in by_section.items()]


def differences(
    base: dict[str, Any], other: dict[str, Any], skip_files: bool = True
) -> list[tuple[str, str, Any, Any]]:
    """(section, key, value in other, value in base) for every setting that differs (name,
    description, seed and file paths left out)."""
    out = []
    for sec in sorted(set(base) | set(other)):
        a, b = base.get(sec), other.get(sec)
        if sec in ("name", "description", "seed") or a == b:
            continue
        if not (isinstance(a, dict) and isinstance(b, dict)):
            out.append((sec, sec, b, a))
            continue
        for key in sorted(set(a) | set(b)):
            if (skip_files and key.endswith("file")) or a.get(key) == b.get(key):
                continue
            out.append((sec, key, b.get(key), a.get(key)))
    return out


__all__ = [
    "SECTION_NAMES",
    "differences",
    "grouped",
    "label",
    "money",
    "section_name",
    "setting_text",
    "value_text",
]
