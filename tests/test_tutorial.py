"""docs/tutorial.md quotes only generated results: every marked value and printed block equals
docs/tutorial_numbers.json (written by experiments/tutorial_numbers.py), and every other number
in the quoted sections is a declared input of the tutorial."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location(
    "tutorial_numbers", ROOT / "experiments" / "tutorial_numbers.py"
)
assert _spec is not None and _spec.loader is not None
tn = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tn)

NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


@pytest.fixture(scope="module")
def text() -> str:
    return tn.TUTORIAL.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def numbers() -> dict:
    return json.loads(tn.NUMBERS.read_text(encoding="utf-8"))


def test_markers_hold_the_generated_values(text, numbers):
    """Each marker's content is the stored value; re-filling the page changes nothing."""
    marks = {m.group("name"): m.group("value") for m in tn.MARK.finditer(text)}
    blocks = {m.group("name"): m.group("value") for m in tn.BLOCK.finditer(text)}
    assert marks and blocks
    for name, value in marks.items():
        assert name in numbers["values"], f"num:{name} is not in {tn.NUMBERS.name}"
        assert value == numbers["values"][name], (name, value, numbers["values"][name])
    for name, value in blocks.items():
        assert name in numbers["blocks"], f"block:{name} is not in {tn.NUMBERS.name}"
        assert value == numbers["blocks"][name], name
    assert tn.fill(text, numbers) == text


def test_every_generated_value_is_quoted(text, numbers):
    """No stale entry: each stored value and block has its marker in the tutorial."""
    marks = {m.group("name") for m in tn.MARK.finditer(text)}
    blocks = {m.group("name") for m in tn.BLOCK.finditer(text)}
    assert set(numbers["values"]) == marks
    assert set(numbers["blocks"]) == blocks


def _checked_prose(text: str) -> str:
    """The checked sections without markers, generated blocks and code the reader types."""
    parts = re.split(r"(?m)^(?=## )", text)
    chosen = [p for p in parts if p.startswith(tn.CHECKED_SECTIONS)]
    assert len(chosen) == len(tn.CHECKED_SECTIONS)
    prose = "\n".join(chosen)
    prose = tn.BLOCK.sub(" ", prose)
    prose = tn.MARK.sub(" ", prose)
    prose = re.sub(r"```.*?```", " ", prose, flags=re.S)  # commands and scenario files
    prose = re.sub(r"`[^`]*`", " ", prose)  # file names, keys and options in backticks
    prose = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", prose)  # image links
    prose = re.sub(r"sections?\s+\d+(?:\s+and\s+\d+)?", " ", prose)  # references to sections
    return re.sub(r"(?m)^## \d+\.", " ", prose)  # section numbers


def test_numbers_in_quoted_sections_are_generated_or_inputs(text, numbers):
    """A number in the prose of sections 2, 3, 5 and 7 that is not inside a marker must be a
    declared input (what the reader types or sets), never a result written by hand."""
    found = NUMBER.findall(_checked_prose(text))
    stray = sorted({n.strip("+") for n in found} - set(numbers["inputs"]))
    assert not stray, f"numbers in docs/tutorial.md that no script printed: {stray}"


def test_the_check_catches_a_hand_written_number(text, numbers):
    """The rule above is not vacuous: a result typed into the prose is caught."""
    doctored = text.replace("## 5. Compare", "## 5. Compare 4,321 jobs", 1)
    found = NUMBER.findall(_checked_prose(doctored))
    assert "4,321" in set(found) - set(numbers["inputs"])


def test_saved_files_are_read_from_the_tutorial(text):
    """The script runs the very scenario files the tutorial shows."""
    assert 'name = "my_aid"' in tn.saved_file(text, "my_aid.toml")
    assert 'name = "tiny_sweep"' in tn.saved_file(text, "tiny_sweep.toml")


def test_tutorial_images_exist():
    for name in ("tutorial_jobs_by_sector", "tutorial_job_change_map", "tutorial_network"):
        assert (ROOT / "docs" / "img" / f"{name}.png").is_file()
