"""Outputs checked before any simulation, never a user's files deleted, and files created with
the user's umask (sim/io_safety.py); issue 14's 'writing outputs' reproductions."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main
from sim.io_safety import (
    OutputError,
    check_output_file,
    check_output_folder,
    is_autoregions_folder,
    region_table_problem,
)
from tests.conftest import ROOT, TINY
from tests.sweep.helpers import TINY_GRID

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("autoregions: error: "), err
    return err


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "tiny"
    assert main(["run", str(TINY), "--out", str(out), "--quiet"]) == 0
    return out


def test_force_never_deletes_a_users_folder(tmp_path, capsys, monkeypatch):
    user = tmp_path / "userdir"
    user.mkdir()
    (user / "thesis.txt").write_text("three years of work")
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(TINY), "--out", "userdir", "--force", "--quiet"]) == 2
    assert "was not written by autoregions" in _one_line(capsys)
    assert (user / "thesis.txt").read_text() == "three years of work"
    # a folder that looks like ours but holds a user's file is not ours either
    (user / "manifest.json").write_text(json.dumps({"package_version": "0.1.0"}))
    assert not is_autoregions_folder(user)


def test_force_replaces_a_folder_autoregions_wrote(run_folder, tmp_path):
    manifest = json.loads((run_folder / "manifest.json").read_text())
    assert manifest["written_by"] == "autoregions"
    assert is_autoregions_folder(run_folder)
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("manifest.json", "regions.parquet"):
        (copy / name).write_bytes((run_folder / name).read_bytes())
    assert main(["run", str(TINY), "--out", str(copy), "--force", "--quiet", "--seed", "5"]) == 0
    assert json.loads((copy / "manifest.json").read_text())["seed"] == 5


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        ("afile/sub", "afile is a file, not a folder"),
        (".", "is the current folder or contains it"),
        ("..", "is the current folder or contains it"),
        ("afile", "exists and is not a folder"),
    ],
)
def test_unwritable_out_is_refused_before_simulating(out, expected, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x")
    for command in (
        ["run", str(TINY), "--out", out, "--force", "--quiet"],
        ["compare", str(TINY), str(TINY), "--out", out, "--force"],
        ["calibrate", str(TINY), "--out", out, "--force"],
    ):
        assert main(command) == 2, command
        err = _one_line(capsys)
        # compare refuses two scenarios of one name first; either way nothing ran
        assert expected in err or "names must differ" in err, (command, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_compare_checks_its_folder_before_running(tmp_path, capsys):
    other = tmp_path / "other.toml"
    other.write_text(f'extends = "{TINY.as_posix()}"\nname = "other"\n')
    (tmp_path / "afile").write_text("x")
    out = tmp_path / "afile" / "sub"
    assert main(["compare", str(TINY), str(other), "--out", str(out), "--seeds", "1"]) == 2
    err = _one_line(capsys)
    assert "afile is a file, not a folder" in err
    assert "running" not in err  # no run started


@pytest.mark.skipif(ROOT_USER, reason="root writes into read-only folders")
def test_read_only_folder_is_refused_before_simulating(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert main(["run", str(TINY), "--out", str(locked / "res"), "--quiet"]) == 2
        assert "cannot write in" in _one_line(capsys)
    finally:
        locked.chmod(0o755)


def test_probe_reports_a_place_that_cannot_be_written():
    with pytest.raises(OutputError, match="cannot write in /proc"):
        check_output_folder("/proc/autoregions-results", force=False)


def test_report_does_not_overwrite_a_users_file(run_folder, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    assert main(["report", str(run_folder), "--out", str(notes)]) == 2
    assert "file already exists (use --force" in _one_line(capsys)
    assert notes.read_text() == "my notes"
    report = tmp_path / "r.html"
    assert main(["report", str(run_folder), "--out", str(report)]) == 0
    assert main(["report", str(run_folder), "--out", str(report)]) == 0  # ours: replaced
    assert '<meta name="generator" content="autoregions">' in report.read_text()
    assert main(["report", str(run_folder), "--out", str(notes), "--force"]) == 0
    assert "autoregions" in notes.read_text()


def test_map_does_not_overwrite_a_users_file(run_folder, tmp_path, capsys):
    for suffix in (".png", ".svg", ".pdf"):
        target = tmp_path / f"figure{suffix}"
        target.write_bytes(b"a figure of mine")
        assert main(["map", str(run_folder), "--out", str(target)]) == 2
        assert "file already exists" in _one_line(capsys)
        target.unlink()
        assert main(["map", str(run_folder), "--out", str(target)]) == 0
        assert main(["map", str(run_folder), "--out", str(target)]) == 0  # ours: replaced
        capsys.readouterr()


def test_outputs_follow_the_umask(tmp_path):
    """Run folders, reports, maps and sweep shards get 0755/0644 under umask 022 (they were
    0700/0600, made private by tempfile)."""
    script = f"""
import os, sys
os.umask(0o022)
sys.path.insert(0, {str(ROOT)!r})
from sim.cli import main
out = {str(tmp_path / "res")!r}
assert main(["run", {str(TINY)!r}, "--out", out, "--quiet"]) == 0
assert main(["report", out]) == 0
assert main(["map", out]) == 0
sweep = {str(tmp_path / "sweep")!r}
assert main(["sweep", {str(TINY_GRID)!r}, "--out", sweep, "--workers", "1", "--quiet"]) == 0
assert main(["analyze", sweep]) == 0
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    res = tmp_path / "res"
    assert stat.S_IMODE(res.stat().st_mode) == 0o755
    for name in ("manifest.json", "regions.parquet", "report.html", "job_change_map.png"):
        assert stat.S_IMODE((res / name).stat().st_mode) == 0o644, name
    sweep = tmp_path / "sweep"
    for folder in (sweep, sweep / "runs", sweep / "analysis"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755, folder
    files = [sweep / "manifest.json", *sweep.glob("runs/*.parquet"), *sweep.glob("series/*")]
    files += list(sweep.glob("analysis/*"))
    assert len(files) > 10
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_check_output_file_refuses_folders_and_existing_files(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        check_output_file(tmp_path, force=True)
    (tmp_path / "x.html").write_text("x")
    with pytest.raises(OutputError, match="already exists"):
        check_output_file(tmp_path / "x.html", force=False)
    assert check_output_file(tmp_path / "x.html", force=False, ours=True)


def test_region_table_problems():
    import numpy as np

    good = {
        "year": np.array([2025, 2025], dtype=np.int32),
        "quarter": np.array([1, 1], dtype=np.int8),
        "region": np.array(["A", "B"], dtype=object),
    }
    assert region_table_problem(good) is None
    dup = {**good, "region": np.array(["A", "A"], dtype=object)}
    assert "more than one row for 2025 Q1" in region_table_problem(dup)
    text = {**good, "year": np.array(["2025", "2025"], dtype=object)}
    assert "column 'year'" in region_table_problem(text)
    bad_q = {**good, "quarter": np.array([0, 5], dtype=np.int8)}
    assert "outside 1-4" in region_table_problem(bad_q)
