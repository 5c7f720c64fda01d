"""Fuzz: every bad scenario and experiment file of the corpus (tests/fuzz/corpus.py) and every
variant hypothesis draws from its classes is refused by the command line with exit code 2 and
one line naming the file: 0 crashes, 0 silent accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from sim.cli import main
from tests.fuzz.corpus import FIXED, STRATEGIES, Case


def refused(case: Case, folder: Path, capsys) -> str:
    """Run the case through the CLI; return the one-line message, failing on anything else."""
    path = folder / ("s.toml" if case.kind == "scenario" else "exp.toml")
    path.write_text(case.text, encoding="utf-8")
    command = (
        ["check", str(path)]
        if case.kind == "scenario"
        else ["sweep", str(path), "--out", str(folder / "out"), "--quiet"]
    )
    code = main(command)  # any exception here is a crash and fails the test
    captured = capsys.readouterr()
    assert code != 0, f"silently accepted: {case.label}: {captured.out}"
    assert code == 2, f"{case.label}: exit {code}"
    err = captured.err
    assert err.count("\n") == 1 and err.startswith(f"autoregions: error: {path}"), (case.label, err)
    assert case.expect in err, (case.label, err)
    assert not (folder / "out").exists()
    return err


@pytest.mark.parametrize("case", FIXED, ids=[c.label for c in FIXED])
def test_fixed_corpus_is_refused(case, tmp_path, capsys):
    message = refused(case, tmp_path, capsys)
    if case.kind == "scenario":  # `run` refuses exactly what `check` refuses, before any work
        out = tmp_path / "run-out"
        assert main(["run", str(tmp_path / "s.toml"), "--out", str(out), "--quiet"]) == 2
        assert capsys.readouterr().err == message
        assert not out.exists()


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_generated_variants_are_refused(name, tmp_path_factory, capsys):
    counter = iter(range(10**6))

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(case=STRATEGIES[name])
    def check(case: Case) -> None:
        folder = tmp_path_factory.mktemp(f"fuzz{next(counter)}")
        refused(case, folder, capsys)

    check()
