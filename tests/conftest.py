"""Shared fixtures: small scenarios that run in well under a second once numba is compiled."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TINY = SCENARIOS / "tiny.toml"


@pytest.fixture(scope="session")
def tiny_path() -> Path:
    return TINY


@pytest.fixture(scope="session")
def tiny_spec():
    """The tiny scenario cut to 2025-2028 (16 quarters)."""
    return load_scenario(TINY, overrides={"time.end_year": 2028})


def write_scenario(folder: Path, text: str, name: str = "s.toml") -> Path:
    """A scenario file in `folder` that extends the shipped tiny scenario."""
    path = folder / name
    path.write_text(f'extends = "{TINY.as_posix()}"\n' + text)
    return path
