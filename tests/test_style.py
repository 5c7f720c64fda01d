"""The code is ruff-clean (lint and format) with the project's settings. ruff is part of the
`test` extra: without it this test fails rather than passing silently."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _ruff() -> list[str]:
    """The ruff command: the one on PATH, else the installed Python package; fails if none."""
    if shutil.which("ruff"):
        return ["ruff"]
    probe = subprocess.run([sys.executable, "-m", "ruff", "--version"], capture_output=True)
    if probe.returncode == 0:
        return [sys.executable, "-m", "ruff"]
    pytest.fail("ruff is not installed; it is part of the test extra: pip install -e '.[test]'")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_clean(command):
    proc = subprocess.run(
        [*_ruff(), *command, "sim", "tests", "experiments"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
