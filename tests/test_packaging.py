"""Packaging: one version, a licence file, type information, and a test extra that names the
optional extras instead of copying their dependencies."""

from __future__ import annotations

import tomllib

import sim
from tests.conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_version_is_written_once() -> None:
    project = PROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "sim.__version__"}
    assert sim.__version__.count(".") == 2


def test_licence_file_matches_the_declared_licence() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 The autoregions developers" in text
    assert PROJECT["project"]["license"] == {"text": "MIT"}
    assert "License :: OSI Approved :: MIT License" in PROJECT["project"]["classifiers"]


def test_type_information_is_shipped() -> None:
    assert (ROOT / "sim" / "py.typed").is_file()
    assert "py.typed" in PROJECT["tool"]["setuptools"]["package-data"]["sim"]


def test_test_extra_names_the_optional_extras_and_ruff() -> None:
    extras = PROJECT["project"]["optional-dependencies"]
    test = extras["test"]
    assert test[0] == "autoregions[dask,viz]"
    assert {"dask", "viz"} <= set(extras)
    assert any(req.startswith("ruff") for req in test)
    assert not any(req.startswith(("dask", "mesa")) for req in test)  # no copies
