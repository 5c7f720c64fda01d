"""The code is ruff-clean (lint and format) with the project's settings."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(
    shutil.which("ruff") is None, reason="ruff is not installed (pip install .[test])"
)
@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_clean(command):
    proc = subprocess.run(
        ["ruff", *command, "sim", "tests", "experiments"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
