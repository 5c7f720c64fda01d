"""The `sweep` and `analyze` commands end to end on the tiny grid."""

from __future__ import annotations

import pandas as pd

from sim.cli import main
from tests.sweep.helpers import TINY_GRID


def test_sweep_then_analyze(tmp_path, capsys) -> None:
    out = tmp_path / "tiny"
    assert main(["sweep", str(TINY_GRID), "--workers", "1", "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "4 points x 2 replicate(s) = 8 runs on 1 local worker(s)" in text
    assert "8/8 runs done (0 already there, 8 run now), 0 failed, 0 lost" in text
    assert len(pd.read_parquet(out / "runs")) == 8
    assert len(pd.read_parquet(out / "series")) == 8 * 8  # 8 runs x 8 quarters
    assert main(["sweep", str(TINY_GRID), "--out", str(out), "--quiet"]) == 0
    assert "8/8 runs done (8 already there, 0 run now)" in capsys.readouterr().out
    assert main(["analyze", str(out)]) == 0
    report = capsys.readouterr().out
    assert "8 of 8 runs finished" in report and "Lever settings ranked" in report
    for name in ("summary.csv", "levers.csv", "report.txt"):
        assert (out / "analysis" / name).is_file()
    levers = pd.read_csv(out / "analysis" / "levers.csv")
    assert set(levers["suppliers.conversion_probability"]) == {0.05, 0.5}


def test_bad_options_and_folders_are_one_line(tmp_path, capsys) -> None:
    assert main(["sweep", str(TINY_GRID), "--workers", "0"]) == 2
    assert "--workers 0: must be a whole number >= 1" in capsys.readouterr().err
    assert main(["sweep", str(TINY_GRID), "--scheduler", "localhost"]) == 2
    assert "expected an address such as tcp://" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such results folder" in err
