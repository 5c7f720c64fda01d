"""End-to-end command line: run on tiny.toml, results on disk, and one-line user errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sim.cli import main
from sim.outputs.columns import CONTRACT_COLUMNS
from sim.outputs.io import ResultsError, read_run
from tests.conftest import ROOT, TINY, write_scenario

CONTRACT = list(CONTRACT_COLUMNS)


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def test_run_tiny_end_to_end(tmp_path):
    out = tmp_path / "res"
    proc = _cli("run", str(TINY), "--seed", "3", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "quarters" in proc.stderr  # the progress bar
    assert "TOTAL" in proc.stdout and "jobs 2025" in proc.stdout
    manifest, table = read_run(out)
    assert set(CONTRACT) <= set(table.column_names)
    years = table.column("year").to_pylist()
    assert min(years) == 2025 and max(years) == 2035
    assert sorted(set(table.column("quarter").to_pylist())) == [1, 2, 3, 4]
    assert len(table) == 44 * 4  # quarters x regions
    assert manifest["seed"] == 3 and manifest["scenario"] == "tiny"
    assert len(manifest["scenario_hash"]) == 64
    files = manifest["scenario_files"]
    assert [Path(p).name for p in files] == ["tiny.toml", "baseline.toml"]
    assert files[str(TINY)] == TINY.read_text()
    assert manifest["agent_counts"]["oem_plants"] > 0
    assert manifest["timings_s"]["steps_s"] > 0
    assert not list(tmp_path.glob(".res.tmp-*"))


def test_existing_folder_is_kept_unless_force(tmp_path, capsys):
    out = tmp_path / "res"
    assert main(["run", str(TINY), "--out", str(out), "--quiet"]) == 0
    before = (out / "manifest.json").read_text()
    assert main(["run", str(TINY), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and err.count("\n") == 1
    assert (out / "manifest.json").read_text() == before
    assert main(["run", str(TINY), "--out", str(out), "--quiet", "--force", "--seed", "9"]) == 0
    assert json.loads((out / "manifest.json").read_text())["seed"] == 9


def test_scale_reports_real_workers(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["run", str(TINY), "--out", str(a), "--quiet"]) == 0
    assert main(["run", str(TINY), "--out", str(b), "--quiet", "--scale", "4"]) == 0
    ja = pq.read_table(a / "regions.parquet").column("jobs_total").to_pylist()
    jb = pq.read_table(b / "regions.parquet").column("jobs_total").to_pylist()
    # the same real jobs per region in the first quarter, whatever the agent scale
    assert jb[:4] == ja[:4]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[labour]\nbogus = 1\n", "labour.bogus"),
        ("[time]\nend_year = 1990\n", "time.end_year"),
        ('[regions]\ninclude = ["ZZ00"]\n', "ZZ00"),
    ],
)
def test_bad_scenarios_exit_2_with_one_line(tmp_path, text, needle):
    path = write_scenario(tmp_path, text)
    proc = _cli("run", str(path), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert needle in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


def test_check_command(tmp_path, capsys):
    assert main(["check", str(TINY), str(ROOT / "scenarios" / "baseline.toml")]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "missing.toml")]) == 2
    assert "not found" in capsys.readouterr().err


def test_bad_scale_and_seed(tmp_path, capsys):
    assert main(["run", str(TINY), "--scale", "0", "--out", str(tmp_path / "x")]) == 2
    assert "--scale" in capsys.readouterr().err
    assert main(["run", str(TINY), "--seed", "-1", "--out", str(tmp_path / "x")]) == 2


def test_read_run_reports_damaged_folders(tmp_path):
    out = tmp_path / "res"
    assert main(["run", str(TINY), "--out", str(out), "--quiet"]) == 0
    with pytest.raises(ResultsError, match="not a results folder"):
        read_run(tmp_path)
    (out / "regions.parquet").write_bytes(b"PAR1 truncated")
    with pytest.raises(ResultsError, match="damaged"):
        read_run(out)
    (out / "manifest.json").write_text("{")
    with pytest.raises(ResultsError, match=r"manifest\.json: damaged"):
        read_run(out)


def test_exit_now_flushes_output_and_keeps_the_exit_code() -> None:
    """The command ends without the interpreter's teardown, after flushing what it printed."""
    code = "from sim.cli import exit_now; print('partial line', end=''); exit_now(3)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (3, "partial line")
