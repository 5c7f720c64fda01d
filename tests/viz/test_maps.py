"""NUTS-2 boundaries, the choropleth of job change and the `autoregions map` command."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import PatchCollection

from sim.cli import main
from sim.outputs.measures import job_change
from sim.viz import geo, maps
from sim.viz.load import load_comparison, load_run
from tests.conftest import ROOT

PNG = b"\x89PNG\r\n\x1a\n"
EU27 = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip


def test_boundaries_parsed():
    regions = geo.load_boundaries()
    eu = {code: b for code, b in regions.items() if b.eu}
    assert len(eu) == 242  # NUTS 2021: 242 NUTS-2 regions in the EU-27
    assert {b.country for b in eu.values()} == EU27
    assert all(code[:2] == b.country for code, b in eu.items())
    assert regions["DE11"].name == "Stuttgart" and regions["DE11"].eu
    assert not regions["CH01"].eu  # neighbours are background only
    assert set(eu) >= geo.OUTERMOST
    # Prague (CZ01) is a hole in Stredni Cechy (CZ02): the hole's ring turns the other way
    path = regions["CZ02"].path
    rings = path.to_polygons(closed_only=False)
    areas = sorted(float(np.sum(r[:-1, 0] * r[1:, 1] - r[1:, 0] * r[:-1, 1])) for r in rings)
    assert areas[0] < 0 < areas[-1]


def _reduce_module():
    import importlib.util

    script = ROOT / "sim" / "viz" / "data" / "reduce_nuts2.py"
    spec = importlib.util.spec_from_file_location("reduce_nuts2", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_file_is_the_reduction_of_the_raw_file(tmp_path):
    assert _reduce_module().reduce(out=tmp_path / "n.geojson") == 242
    assert (tmp_path / "n.geojson").read_bytes() == geo.BOUNDARIES.read_bytes()


def test_reduction_reads_nuts2json_properties(tmp_path):
    square = [[9.0, 48.5], [10.0, 48.5], [10.0001, 49.0], [10.0, 49.0], [9.0, 49.0], [9.0, 48.5]]
    features = [
        {"type": "Feature", "properties": {"id": code, "na": name},
         "geometry": {"type": "Polygon", "coordinates": [square]}}
        for code, name in (("DE11", "Stuttgart"), ("TR10", "Istanbul"), ("CH01", "Region"))
    ]  # fmt: skip
    raw = tmp_path / "nutsrg_2.json"
    raw.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    assert _reduce_module().reduce(raw, tmp_path / "n.geojson") == 1
    out = json.loads((tmp_path / "n.geojson").read_text())["features"]
    assert [f["properties"] for f in out] == [
        {"id": "CH01", "name": "Region", "country": "CH", "eu": False},
        {"id": "DE11", "name": "Stuttgart", "country": "DE", "eu": True},
    ]
    ring = out[1]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and [10.0, 49.0] in ring and len(ring) == 5  # rounding merged two


def test_every_nuts2_row_of_the_shipped_regions_has_a_boundary():
    with (ROOT / "scenarios" / "data" / "regions.csv").open(encoding="utf-8") as fh:
        codes = [row["code"] for row in csv.DictReader(fh)]
    nuts2 = [c for c in codes if "-" not in c]  # rest-of-country rows such as DE-REST have none
    assert nuts2
    boundaries = geo.load_boundaries()
    # NUTS-1 rows (no regional split in the data) are drawn over their NUTS-2 regions
    drawn = geo.spread_to_nuts2(dict.fromkeys(nuts2, 1.0), boundaries)
    assert [c for c in drawn if c not in boundaries] == []
    assert all(c in drawn for c in nuts2 if len(c) == 4)


def test_nuts1_rows_colour_their_nuts2_regions():
    boundaries = geo.load_boundaries()
    drawn = geo.spread_to_nuts2({"HU1": -5.0, "DE11": 2.0, "DE-REST": 1.0}, boundaries)
    assert drawn["HU11"] == drawn["HU12"] == -5.0 and "HU1" not in drawn
    assert drawn["DE11"] == 2.0 and drawn["DE-REST"] == 1.0


def test_projection_is_centred_and_equal_area():
    x, y = geo.project(np.array([10.0]), np.array([52.0]))
    assert abs(x[0]) < 1e-9 and abs(y[0]) < 1e-9

    def cell_area(lon: float, lat: float) -> float:
        lons = np.array([lon, lon + 1, lon + 1, lon])
        lats = np.array([lat, lat, lat + 1, lat + 1])
        px, py = geo.project(lons, lats)
        return 0.5 * abs(np.dot(px, np.roll(py, -1)) - np.dot(py, np.roll(px, -1)))

    # a 1x1 degree cell has the same area on the map wherever it is at the same latitude
    assert cell_area(-8.0, 40.0) == pytest.approx(cell_area(25.0, 40.0), rel=2e-3)


def _coloured(fig) -> list[PatchCollection]:
    return [
        c for ax in fig.axes for c in ax.collections if isinstance(c, PatchCollection)
        and c.get_array() is not None
    ]  # fmt: skip


def test_run_map_colours_follow_job_change_on_a_scale_centred_at_zero(run_folders):
    run = load_run(run_folders[0])
    result = maps.run_map(run, 2025, 2028)
    assert result.norm.vcenter == 0
    assert result.norm.vmin == -result.norm.vmax
    (coloured,) = _coloured(result.figure)
    assert coloured.norm is result.norm
    expected = {c: 100 * v for c, v in job_change(run.table, 2025, 2028).items()}
    assert np.allclose(sorted(coloured.get_array()), sorted(expected.values()))
    assert max(abs(v) for v in expected.values()) <= result.norm.vmax
    texts = " ".join(" ".join(t.get_text() for t in result.figure.texts).split())
    assert "© EuroGeographics for the administrative boundaries" in texts
    assert "scenario 'tiny'" in texts
    cbar = [ax for ax in result.figure.axes if ax.get_label() == "<colorbar>"]
    assert "job change 2025→2028, %" in cbar[0].get_ylabel()


def test_rows_without_a_boundary_are_named_and_regions_without_results_are_grey():
    change = {"DE11": -12.0, "ITC1": 4.0, "DE-REST": -3.5, "ES70": 1.0}
    result = maps.change_map([maps.MapPanel("x", change)], 2025, 2030, "t", "Source: x")
    assert list(result.unmapped) == ["DE-REST", "ES70"]
    texts = " ".join(" ".join(t.get_text() for t in result.figure.texts).split())
    assert "DE-REST \u22123.5%" in texts and "ES70 +1.0%" in texts
    grey = [
        c for c in result.figure.axes[0].collections
        if isinstance(c, PatchCollection) and c.get_array() is None
    ]  # fmt: skip
    counts = sorted(len(c.get_paths()) for c in grey)
    eu_drawn = 242 - len(geo.OUTERMOST)
    assert eu_drawn - 2 in counts  # every EU region except the two with values
    assert result.norm.vmax == 15 and result.norm.vcenter == 0


@pytest.mark.parametrize(
    "values, limit", [([0.2], 1), ([-3.1, 2], 4), ([10.02], 15), ([-97.0, 50], 100), ([], 1)]
)
def test_symmetric_limit(values, limit):
    assert maps.symmetric_limit(values) == limit


def test_map_command_writes_a_png_for_a_run_folder(run_folders, tmp_path, capsys):
    out = tmp_path / "map.png"
    assert main(["map", str(run_folders[0]), "--year", "2027", "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == PNG
    text = capsys.readouterr().out
    assert f"2025->2027 written to {out}" in text
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]  # no temporary file left


def test_map_command_default_file_and_svg(run_folders, tmp_path):
    folder = shutil.copytree(run_folders[0], tmp_path / "run")
    assert main(["map", str(folder)]) == 0
    assert (folder / "job_change_map.png").read_bytes()[:8] == PNG
    assert main(["map", str(folder), "--out", str(tmp_path / "m.svg")]) == 0
    assert b"<svg" in (tmp_path / "m.svg").read_bytes()[:500]


def test_map_command_small_multiples_for_a_comparison_folder(comparison_folder, tmp_path):
    out = tmp_path / "compare.png"
    assert main(["map", str(comparison_folder), "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == PNG
    data = load_comparison(comparison_folder)
    result = maps.comparison_map(data, 2025, 2028)
    coloured = _coloured(result.figure)
    assert len(coloured) == len(data.scenarios) == 4
    assert all(c.norm is result.norm for c in coloured)  # one colour scale for all panels
    assert result.norm.vcenter == 0
    titles = [ax.get_title() for ax in result.figure.axes if ax.get_title()]
    assert titles == ["tiny (base)", "tiny_aid", "tiny_growth", "tiny_same"]
    # each panel shows the mean over seeds of each run's change
    runs = data.runs["tiny_growth"]
    per_run = [job_change(r.table, 2025, 2028) for r in runs]
    expected = {c: 100 * float(np.mean([ch[c] for ch in per_run])) for c in per_run[0]}
    assert np.allclose(sorted(coloured[2].get_array()), sorted(expected.values()))


def _fails_one_line(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("autoregions: error: ")
    return captured.err


def test_bad_folders(run_folders, tmp_path, capsys):
    out = tmp_path / "out" / "m.png"
    out.parent.mkdir()
    cases = {
        "no such folder": str(tmp_path / "missing"),
        "not a folder": str(run_folders[0] / "manifest.json"),
        "manifest.json is missing": str(tmp_path / "out"),
    }
    for expected, folder in cases.items():
        err = _fails_one_line(capsys, ["map", folder, "--out", str(out)])
        assert expected in err and folder in err
    damaged = shutil.copytree(run_folders[0], tmp_path / "damaged")
    (damaged / "manifest.json").write_text("{not json")
    err = _fails_one_line(capsys, ["map", str(damaged), "--out", str(out)])
    assert f"{damaged / 'manifest.json'}: damaged" in err
    foreign = shutil.copytree(run_folders[0], tmp_path / "foreign")
    (foreign / "regions.parquet").write_bytes(b"PAR1 not parquet")
    err = _fails_one_line(capsys, ["map", str(foreign), "--out", str(out)])
    assert "regions.parquet: damaged" in err
    assert list(out.parent.iterdir()) == []


def test_sweep_folder_is_refused(grid_sweep_folder, tmp_path, capsys):
    out = tmp_path / "m.png"
    err = _fails_one_line(capsys, ["map", str(grid_sweep_folder), "--out", str(out)])
    assert "a sweep folder" in err and "comparison folder" in err
    assert not out.exists()


@pytest.mark.parametrize(
    "extra, expected",
    [
        (["--year", "2025"], "--year 2025: not a year to map"),
        (["--year", "2031"], "allowed: 2026-2028"),
        (["--year", "soon"], "--year soon: must be a whole year"),
        (["--out", "{tmp}/m.jpg"], "use a file name ending in .png, .svg, .pdf"),
        (["--out", "{tmp}"], "is a folder"),
        (["--out", "{tmp}/no/m.png"], "does not exist"),
        (["--out", "/proc/autoregions-map.png"], "cannot write in /proc"),
    ],
)
def test_bad_year_or_out(run_folders, tmp_path, capsys, extra, expected):
    args = [a.replace("{tmp}", str(tmp_path)) for a in extra]
    err = _fails_one_line(capsys, ["map", str(run_folders[0]), *args])
    assert expected in err
    assert list(tmp_path.iterdir()) == []
    assert not (run_folders[0] / "job_change_map.png").exists()


def test_damaged_boundary_file_is_one_line(tmp_path):
    bad = tmp_path / "b.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [{"properties": {}}]}))
    with pytest.raises(geo.BoundaryError, match="damaged") as info:
        geo.load_boundaries(Path(bad))
    assert "\n" not in str(info.value)
