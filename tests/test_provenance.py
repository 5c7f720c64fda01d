"""Manifests say what produced them (command line, dependencies, dirty tree); run tables carry
scenario, seed and scale columns and their units (sim/provenance.py, docs/outputs.md 2.1)."""

from __future__ import annotations

import json
import re

import pyarrow.parquet as pq
import pytest

from sim.cli import main
from sim.outputs.columns import REGION_COLUMNS
from sim.provenance import DEPENDENCIES, RUN_COLUMNS, UNITS
from tests.conftest import ROOT, TINY


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("prov") / "tiny"
    assert main(["run", str(TINY), "--out", str(out), "--quiet", "--seed", "7"]) == 0
    return out


def test_manifest_records_command_line_dependencies_and_dirty_flag(run_folder):
    manifest = json.loads((run_folder / "manifest.json").read_text())
    assert manifest["command_line"] == [
        "autoregions", "run", str(TINY), "--out", str(run_folder), "--quiet", "--seed", "7",
    ]  # fmt: skip
    assert set(manifest["dependencies"]) == set(DEPENDENCIES)
    assert manifest["dependencies"]["numpy"]  # installed, so a version string
    assert manifest["git_dirty"] in (True, False, None)
    assert manifest["columns"][-3:] == list(RUN_COLUMNS)


def test_run_table_has_scenario_seed_scale_and_units(run_folder):
    table = pq.read_table(run_folder / "regions.parquet")
    assert table.column_names == ["year", "quarter", "region", *REGION_COLUMNS, *RUN_COLUMNS]
    assert set(table.column("scenario").to_pylist()) == {"tiny"}
    assert set(table.column("seed").to_pylist()) == {7}
    assert set(table.column("scale").to_pylist()) == {1}
    for field in table.schema:
        assert field.metadata == {b"unit": UNITS[field.name].encode()}, field.name


def test_units_match_the_documented_table():
    """docs/outputs.md section 2.1 and sim.provenance.UNITS give every column the same unit."""
    text = (ROOT / "docs" / "outputs.md").read_text()
    section = text.split("### 2.1 `regions.parquet`")[1].split("**Units and scale.**")[0]
    documented = dict(re.findall(r"^\| `(\w+)` \| \w+ \| ([^|]+?) \|", section, re.MULTILINE))
    assert documented == UNITS


def test_version_and_descriptions(capsys):
    import argparse

    from sim import __version__
    from sim.cli import _parser

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"autoregions {__version__}"

    def walk(parser, prefix=""):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield f"{prefix}{name}", sub
                    yield from walk(sub, f"{prefix}{name} ")

    commands = dict(walk(_parser()))
    assert {"run", "check", "compare", "sweep", "analyze", "report", "map", "data build"} <= set(
        commands
    )
    for name, sub in commands.items():
        assert sub.description and len(sub.description) > 40, name
