"""README's "Layout" section matches the tree of sim/: every module and package is listed, every
listed one exists, and each listed package names all of its modules."""

from __future__ import annotations

import re

from tests.conftest import ROOT

SIM = ROOT / "sim"


def _layout() -> dict[str, str]:
    """Entry of sim/ ('model.py', 'kernels/') -> its description (continuation lines joined)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Layout") :]
    block = section[section.index("```\n") + 4 :]
    block = block[: block.index("```")]
    entries: dict[str, str] = {}
    current = None
    for line in block.splitlines():
        if line.startswith("sim/"):
            continue
        match = re.match(r"^  (\S+)\s+(.*)$", line)
        if match:
            current = match.group(1)
            entries[current] = match.group(2)
        elif line.startswith("   ") and current is not None:
            entries[current] += " " + line.strip()
        elif line.strip():
            current = None  # a top-level folder (scenarios/, tests/...): not part of sim/
    return entries


def test_every_entry_of_sim_is_listed_and_exists() -> None:
    listed = set(_layout())
    on_disk = {p.name for p in SIM.glob("*.py")}
    on_disk |= {p.name + "/" for p in SIM.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert listed == on_disk


def test_listed_packages_name_their_modules() -> None:
    for entry, description in _layout().items():
        if not entry.endswith("/") or entry == "databuild/":  # databuild: one line for all
            continue
        words = set(re.findall(r"[a-z_0-9]+", description))
        modules = {p.stem for p in (SIM / entry).glob("*.py") if p.stem != "__init__"}
        assert modules <= words, (entry, sorted(modules - words))
