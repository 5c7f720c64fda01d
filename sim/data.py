"""Read the shipped regional data (scenarios/data/*.csv) into plain arrays, with clear errors."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.errors import ScenarioError

REGION_COLUMNS = (
    "code",
    "name",
    "country",
    "lat",
    "lon",
    "jobs_assembly",
    "jobs_parts",
    "assembly_plants",
    "ice_share_parts",
    "ice_share_basis",
    "estimate",
    "year",
    "source",
)
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class RegionTable:
    """The regions of a run, one entry per region (index = region id in the kernels)."""

    code: list[str]
    name: list[str]
    country: list[str]
    lat: np.ndarray
    lon: np.ndarray
    jobs_assembly: np.ndarray  # persons employed, NACE C29.1
    jobs_parts: np.ndarray  # persons employed, NACE C29.3
    assembly_plants: np.ndarray
    ice_share_parts: np.ndarray  # share of parts jobs in ICE-specific powertrain work
    #: simulated share of the whole table's assembly jobs (after include and job_scale); the
    #: simulated plants serve this share of the demand
    demand_share: float = 1.0

    def __len__(self) -> int:
        return len(self.code)

    @property
    def country_index(self) -> np.ndarray:
        """Integer country id per region (order of first appearance)."""
        ids: dict[str, int] = {}
        return np.array([ids.setdefault(c, len(ids)) for c in self.country], dtype=np.int32)

    def distance_km(self) -> np.ndarray:
        """Great-circle distances between region representative points (km); worked out once
        per table and shared (read-only)."""
        cached = self.__dict__.get("_distance_km")
        if cached is None:
            cached = self._distances()
            cached.flags.writeable = False
            object.__setattr__(self, "_distance_km", cached)  # frozen: a cache, not a field
        return cached

    def _distances(self) -> np.ndarray:
        lat = np.radians(self.lat)[:, None]
        lon = np.radians(self.lon)[:, None]
        dlat = lat - lat.T
        dlon = lon - lon.T
        a = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(lat.T) * np.sin(dlon / 2) ** 2
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))

    def neighbours(self, within_km: float = 300.0) -> list[list[str]]:
        """Codes of the regions whose representative points lie within `within_km`."""
        return [[self.code[j] for j in near] for near in self.neighbour_indices(within_km)]

    def neighbour_indices(self, within_km: float = 300.0) -> list[np.ndarray]:
        """Per region, the ids of the other regions within `within_km`, nearest first (as
        `neighbours`, as int64 arrays)."""
        d = self.distance_km()
        orders = np.argsort(d, axis=1)  # row by row, as np.argsort(d[i])
        out = []
        for i, order in enumerate(orders):
            out.append(order[(order != i) & (d[i, order] <= within_km)].astype(np.int64))
        return out


def _number(path: Path, line: int, row: dict[str, str], key: str, lo: float, hi: float) -> float:
    text = (row.get(key) or "").strip()
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(
            f"{path}: line {line}: column '{key}' = {text!r}: must be a number"
        ) from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ScenarioError(
            f"{path}: line {line}: column '{key}' = {text!r}: must be between {lo:g} and {hi:g}"
        )
    return value


def read_regions(
    path: str | Path, include: list[str] | tuple[str, ...] = (), job_scale: float = 1.0
) -> RegionTable:
    """Read the regions table, keep the `include` codes (all if empty), scale job counts."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REGION_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ScenarioError(f"{path}: missing column(s) {', '.join(missing)}")
            rows = [(i + 2, r) for i, r in enumerate(reader)]
    except FileNotFoundError:
        raise ScenarioError(f"{path}: regions file not found") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ScenarioError(f"{path}: cannot read regions file ({exc})") from None
    codes = [r["code"].strip() for _, r in rows]
    seen: set[str] = set()
    for (line, _), code in zip(rows, codes, strict=True):
        if not code:
            raise ScenarioError(f"{path}: line {line}: column 'code' is empty")
        if code in seen:
            raise ScenarioError(f"{path}: line {line}: region code {code!r} appears twice")
        seen.add(code)
    all_assembly = sum(_number(path, line, r, "jobs_assembly", 0, 5e6) for line, r in rows)
    if include:
        unknown = [c for c in include if c not in seen]
        if unknown:
            raise ScenarioError(
                f"regions.include: unknown region code(s) {', '.join(unknown)} "
                f"(not in {path.name}; known codes include {', '.join(codes[:5])}, ...)"
            )
        wanted = set(include)
        rows = [(line, r) for line, r in rows if r["code"].strip() in wanted]
    if not rows:
        raise ScenarioError(f"{path}: no regions to simulate")
    lat, lon, assembly, parts, plants, ice = [], [], [], [], [], []
    for line, r in rows:
        lat.append(_number(path, line, r, "lat", -90, 90))
        lon.append(_number(path, line, r, "lon", -180, 180))
        assembly.append(_number(path, line, r, "jobs_assembly", 0, 5e6) * job_scale)
        parts.append(_number(path, line, r, "jobs_parts", 0, 5e6) * job_scale)
        plants.append(_number(path, line, r, "assembly_plants", 0, 1000))
        ice.append(_number(path, line, r, "ice_share_parts", 0, 1))
    kept_assembly = sum(_number(path, line, r, "jobs_assembly", 0, 5e6) for line, r in rows)
    return RegionTable(
        demand_share=job_scale * kept_assembly / all_assembly if all_assembly > 0 else 0.0,
        code=[r["code"].strip() for _, r in rows],
        name=[r["name"].strip() for _, r in rows],
        country=[r["country"].strip() for _, r in rows],
        lat=np.array(lat),
        lon=np.array(lon),
        jobs_assembly=np.round(np.array(assembly)),
        jobs_parts=np.round(np.array(parts)),
        assembly_plants=np.array(plants, dtype=np.int64),
        ice_share_parts=np.array(ice),
    )


def read_drivetrain_history(path: str | Path, area: str) -> dict[int, tuple[float, float, float]]:
    """Observed (BEV, PHEV, full-hybrid) shares of new cars by year for one area (e.g. 'EU27')."""
    path = Path(path)
    out: dict[int, tuple[float, float, float]] = {}
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            for col in ("area", "year", "bev", "phev", "hev"):
                if col not in (reader.fieldnames or []):
                    raise ScenarioError(f"{path}: missing column '{col}'")
            for i, row in enumerate(reader):
                if row["area"].strip() == area:
                    year = int(_number(path, i + 2, row, "year", 1990, 2100))
                    out[year] = (
                        _number(path, i + 2, row, "bev", 0, 1),
                        _number(path, i + 2, row, "phev", 0, 1),
                        _number(path, i + 2, row, "hev", 0, 1),
                    )
    except FileNotFoundError:
        raise ScenarioError(f"{path}: drivetrain history file not found") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ScenarioError(f"{path}: cannot read drivetrain history ({exc})") from None
    return out
