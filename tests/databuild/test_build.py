"""The shipped regional CSVs are exactly what `autoregions data build` derives from the raw
inputs, and the command handles user mistakes in one line."""

from __future__ import annotations

import shutil

import pytest

from sim.cli import main
from sim.databuild import OUTPUTS, build
from tests.conftest import SCENARIOS

DATA = SCENARIOS / "data"
RAW = DATA / "raw"


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    return build(RAW, DATA)


def test_shipped_csvs_equal_the_build_output_byte_for_byte(built):
    for name in OUTPUTS:
        assert (DATA / name).read_bytes() == built[name].encode("utf-8"), name


def test_build_is_deterministic(built):
    assert build(RAW, DATA) == built


def test_a_changed_raw_figure_changes_the_output(tmp_path, built):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "sbs_r_nuts06_r2_2015_v2023.csv"
    text = path.read_text(encoding="utf-8")
    assert "C29,DE11,160445\n" in text
    path.write_text(text.replace("C29,DE11,160445\n", "C29,DE11,100445\n"), encoding="utf-8")
    assert build(raw, DATA)["regions.csv"] != built["regions.csv"]


def test_data_build_writes_to_out_and_matches_shipped(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["data", "build", "--out", str(out)]) == 0
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (DATA / name).read_bytes()
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)  # no temporary folder left


def test_bad_out_is_one_line_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "a_file"
    target.write_text("x")
    assert main(["data", "build", "--out", str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a_file" in err[0] and "not a folder" in err[0]
    assert target.read_text() == "x"
    missing_parent = tmp_path / "no" / "such"
    assert main(["data", "build", "--out", str(missing_parent)]) == 2
    assert not (tmp_path / "no").exists()


def test_missing_raw_file_is_one_line_naming_the_file(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "nama_10r_2gdp_2014.csv").unlink()
    out = tmp_path / "out"
    assert main(["data", "build", "--raw", str(raw), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nama_10r_2gdp_2014.csv" in err[0] and "Traceback" not in err[0]
    assert not out.exists()


def test_bad_cell_names_file_key_and_value(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "sbs_r_nuts06_r2_2015_v2023.csv"
    path.write_text(path.read_text().replace("C29,DE11,160445", "C29,DE11,lots"))
    assert main(["data", "build", "--raw", str(raw), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "value_2015" in err and "'lots'" in err and "sbs_r_nuts06_r2_2015_v2023.csv" in err
