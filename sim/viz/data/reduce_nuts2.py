"""Rebuild `nuts2_2021.geojson` (shipped with the package) from the raw GISCO file in `raw/`.

Deterministic: the same raw file always gives the same bytes. Run from the repository root:

    python sim/viz/data/reduce_nuts2.py

What it does: keeps the NUTS-2 regions of the EU-27 and of the neighbouring countries in the
raw file (the neighbours are drawn as grey background, never coloured); keeps three properties
(`id`, `name` in Latin script, `country`) plus `eu` (true for the EU-27); rounds coordinates to
3 decimals (about 100 m, far below what a 1:20 million map shows); drops points that the
rounding makes repeat; writes features sorted by code, one per line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw" / "NUTS_RG_20M_2021_4326_LEVL_2.geojson"
OUT = HERE / "nuts2_2021.geojson"
DECIMALS = 3
#: The 27 member states with their NUTS country codes (Greece is EL).
EU27 = frozenset(
    ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE",
     "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")
)  # fmt: skip
#: Non-EU countries whose regions are kept as background (Turkey is left out: it is mostly
#: outside the map frame and would double the file's size).
NEIGHBOURS = frozenset(("AL", "CH", "IS", "LI", "ME", "MK", "NO", "RS", "UK"))


def _ring(points: list[list[float]]) -> list[list[float]]:
    """A ring rounded to DECIMALS, without repeated consecutive points, closed."""
    out: list[list[float]] = []
    for x, y in points:
        p = [round(float(x), DECIMALS), round(float(y), DECIMALS)]
        if not out or p != out[-1]:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(list(out[0]))
    return out


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    """The geometry as a list of polygons (each a list of rings), degenerate rings dropped."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unexpected geometry type {geometry['type']}")
    out = []
    for polygon in polygons:
        rings = [_ring(r) for r in polygon]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            out.append(rings)
    return out


def reduce(raw: Path = RAW, out: Path = OUT) -> int:
    """Write the reduced file; returns the number of EU-27 regions in it. `raw` may also be a
    Nuts2json `nutsrg_2.json` (properties `id` and `na`)."""
    data = json.loads(raw.read_text(encoding="utf-8"))
    features = []
    for feature in data["features"]:
        props = feature["properties"]
        # GISCO's own files name the code NUTS_ID, Nuts2json's name it id (and the name na)
        code = str(props.get("NUTS_ID") or props["id"])
        country = str(props.get("CNTR_CODE") or code[:2])
        if props.get("LEVL_CODE", 2) != 2 or len(code) != 4 or country not in EU27 | NEIGHBOURS:
            continue
        polygons = _polygons(feature["geometry"])
        geometry = (
            {"type": "Polygon", "coordinates": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "coordinates": polygons}
        )
        properties = {
            "id": code,
            "name": str(props.get("NAME_LATN") or props.get("na") or ""),
            "country": country,
            "eu": country in EU27,
        }
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    features.sort(key=lambda f: f["properties"]["id"])
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    out.write_text(text, encoding="utf-8")
    return sum(f["properties"]["eu"] for f in features)


if __name__ == "__main__":
    import sys

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else RAW
    n = reduce(source)
    print(f"{OUT.name}: {n} EU-27 NUTS-2 regions from {source.name}, {OUT.stat().st_size:,} bytes")
