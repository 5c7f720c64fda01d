"""NUTS-2 region boundaries (Eurostat GISCO, NUTS 2021, 1:20 million) for the maps.

The GeoJSON shipped in `data/` (see `data/README.md` for its source and terms) is read once and
turned into matplotlib paths in a Lambert azimuthal equal-area projection centred on Europe
(52 N, 10 E, the centre of EPSG:3035, on a sphere), in kilometres. Equal area matters for a
choropleth: a region's share of the picture is its share of the ground.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from matplotlib.path import Path as MplPath

BOUNDARIES = Path(__file__).resolve().parent / "data" / "nuts2_2021.geojson"
#: The notice GISCO requires in the legend of every map drawn from its boundaries.
ATTRIBUTION = "© EuroGeographics for the administrative boundaries"
BOUNDARY_SOURCE = f"Boundaries: Eurostat GISCO, NUTS 2021, 1:20 million; {ATTRIBUTION}."
#: Outermost regions far from the continent, left out of the map frame: Guadeloupe, Martinique,
#: Guyane, La Réunion, Mayotte, the Azores, Madeira and the Canary Islands.
OUTERMOST = frozenset({"FRY1", "FRY2", "FRY3", "FRY4", "FRY5", "PT20", "PT30", "ES70"})
EARTH_RADIUS_KM = 6371.0
CENTRE_LAT, CENTRE_LON = 52.0, 10.0


class BoundaryError(RuntimeError):
    """The shipped boundary file is missing or damaged (an installation problem)."""


@dataclass(frozen=True)
class Boundary:
    """One NUTS-2 region: code, name, country, EU member or not, and its outline as a compound
    path in projected kilometres (outer rings counter-clockwise, holes clockwise)."""

    code: str
    name: str
    country: str
    eu: bool
    path: MplPath
    anchor: tuple[float, float]  # where a label goes: centre of its largest ring

    @property
    def outermost(self) -> bool:
        return self.code in OUTERMOST


def project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lambert azimuthal equal-area coordinates (km) of longitudes and latitudes (degrees)."""
    lam = np.radians(np.asarray(lon, dtype=float) - CENTRE_LON)
    phi = np.radians(np.asarray(lat, dtype=float))
    phi0 = np.radians(CENTRE_LAT)
    cos_c = np.sin(phi0) * np.sin(phi) + np.cos(phi0) * np.cos(phi) * np.cos(lam)
    k = np.sqrt(2.0 / (1.0 + cos_c))
    x = EARTH_RADIUS_KM * k * np.cos(phi) * np.sin(lam)
    y = (
        EARTH_RADIUS_KM
        * k
        * (np.cos(phi0) * np.sin(phi) - np.sin(phi0) * np.cos(phi) * np.cos(lam))
    )
    return x, y


def _signed_area(xy: np.ndarray) -> float:
    x, y = xy[:, 0], xy[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _centroid(xy: np.ndarray) -> tuple[float, float]:
    x, y = xy[:, 0], xy[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2.0
    if abs(area) < 1e-9:
        return float(x.mean()), float(y.mean())
    cx = ((x + np.roll(x, -1)) * cross).sum() / (6.0 * area)
    cy = ((y + np.roll(y, -1)) * cross).sum() / (6.0 * area)
    return float(cx), float(cy)


def _polygons(geometry: dict) -> list:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"geometry type {kind!r}")


def _boundary(feature: dict) -> Boundary:
    props = feature["properties"]
    vertices, codes = [], []
    largest, anchor = 0.0, (0.0, 0.0)
    for polygon in _polygons(feature["geometry"]):
        for i, ring in enumerate(polygon):
            lonlat = np.asarray(ring, dtype=float)[:, :2]
            x, y = project(lonlat[:, 0], lonlat[:, 1])
            xy = np.column_stack([x, y])
            area = _signed_area(xy)
            if (i == 0) != (area > 0):  # outer rings counter-clockwise, holes clockwise
                xy = xy[::-1]
            if i == 0 and abs(area) > largest:
                largest, anchor = abs(area), _centroid(xy)
            vertices.append(xy)
            ring_codes = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            codes.append(ring_codes)
    if not vertices:
        raise ValueError("no rings")
    return Boundary(
        code=str(props["id"]),
        name=str(props.get("name") or ""),
        country=str(props.get("country") or ""),
        eu=bool(props.get("eu", True)),
        path=MplPath(np.concatenate(vertices), np.concatenate(codes)),
        anchor=anchor,
    )


@lru_cache(maxsize=4)
def load_boundaries(path: Path = BOUNDARIES) -> dict[str, Boundary]:
    """The regions of a boundary GeoJSON file by NUTS code (cached); BoundaryError when the file
    is missing or damaged."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = data["features"]
        out = {}
        for feature in features:
            boundary = _boundary(feature)
            out[boundary.code] = boundary
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise BoundaryError(
            f"{path}: region boundaries missing or damaged ({type(exc).__name__}: "
            f"{str(exc)[:100]}); reinstall autoregions"
        ) from None
    return out


def spread_to_nuts2(values: dict[str, float], boundaries: dict[str, Boundary]) -> dict[str, float]:
    """Values of rows coarser than NUTS-2 (a NUTS-1 code such as HU1, for which the data have
    no regional split) given to every NUTS-2 region inside them that has no value of its own;
    all other codes unchanged."""
    out = dict(values)
    for code, value in values.items():
        if code in boundaries or "-" in code or len(code) >= 4:
            continue
        inside = [c for c in boundaries if len(c) == 4 and c.startswith(code) and c not in values]
        if inside:
            del out[code]
            out.update(dict.fromkeys(inside, value))
    return out


@lru_cache(maxsize=4)
def country_borders(path: Path = BOUNDARIES) -> np.ndarray:
    """Projected segments (n x 2 x 2, km) of national borders and coasts: the edges of region
    outlines that no region of the same country shares. The boundary file is topologically
    clean (neighbours share their vertices), so shared edges are found by their end points."""
    try:
        features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise BoundaryError(f"{path}: region boundaries missing or damaged ({exc})") from None
    owners: dict[tuple, list[str]] = {}
    for feature in features:
        country = str(feature["properties"].get("country") or "")
        if feature["properties"].get("id") in OUTERMOST:
            continue
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                points = [tuple(p[:2]) for p in ring]
                for a, b in itertools.pairwise(points):
                    owners.setdefault((min(a, b), max(a, b)), []).append(country)
    edges = [k for k, countries in owners.items() if len(countries) == 1 or len(set(countries)) > 1]
    ends = np.array(edges, dtype=float).reshape(-1, 4)
    x0, y0 = project(ends[:, 0], ends[:, 1])
    x1, y1 = project(ends[:, 2], ends[:, 3])
    return np.stack([np.column_stack([x0, y0]), np.column_stack([x1, y1])], axis=1)


def frame(boundaries: dict[str, Boundary], margin: float = 0.02) -> tuple[float, ...]:
    """(x0, x1, y0, y1) of the EU regions except the outermost ones, with a margin."""
    boxes = np.array(
        [
            [*b.path.vertices.min(axis=0), *b.path.vertices.max(axis=0)]
            for b in boundaries.values()
            if b.eu and not b.outermost
        ]
    )
    x0, y0 = boxes[:, 0].min(), boxes[:, 1].min()
    x1, y1 = boxes[:, 2].max(), boxes[:, 3].max()
    dx, dy = (x1 - x0) * margin, (y1 - y0) * margin
    return float(x0 - dx), float(x1 + dx), float(y0 - dy), float(y1 + dy)
