"""README's scale-check figures are those printed by experiments/checks/scale_invariance.py,
as stored in docs/checks/scale_invariance.txt: a rerun that changes them makes this test fail
until the README quotes the new output."""

from __future__ import annotations

import re

from sim.analysis.scale_check import parse_checks
from tests.conftest import ROOT

MARK = re.compile(r"<!-- num:(?P<name>[a-z0-9_]+) -->(?P<value>.*?)<!-- /num -->")
#: README marker -> (part of the record, start of the check's printed name).
SOURCES = {
    "scale10_max_gap": ("checks", "scale 10 vs 1 (20 seeds): largest gap in a region's change"),
    "scale20_max_gap": ("checks", "scale 20 vs 1 (20 seeds): largest gap in a region's change"),
    "scale10_mean_gap": ("checks", "scale 10 vs 1 (20 seeds): mean gap in the regions' change"),
    "scale20_mean_gap": ("checks", "scale 20 vs 1 (20 seeds): mean gap in the regions' change"),
    "scale20_eu_gap": ("checks", "scale 20 vs 1 (20 seeds): largest gap in EU jobs"),
    "seed_band_widest": ("model_noise", "scale 1, 20 seeds: widest 90% band"),
}


def _printed(part: str, start: str) -> str:
    record = parse_checks((ROOT / "docs" / "checks" / "scale_invariance.txt").read_text())
    found = [v for name, v in record[part].items() if name.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def test_readme_scale_figures_match_the_scale_check_output():
    marks = {m.group("name"): m.group("value") for m in MARK.finditer(
        (ROOT / "README.md").read_text(encoding="utf-8"))}  # fmt: skip
    assert set(marks) == set(SOURCES)
    for name, (part, start) in SOURCES.items():
        assert marks[name] == _printed(part, start), name


def test_the_printed_table_reads_back():
    """parse_checks reads what format_checks prints (the record the --json option writes)."""
    from sim.analysis.scale_check import Check, checks_record, format_checks

    checks = [Check("a vs b (2 seeds): largest gap (points)", 1.234, "at most 2", True)]
    lines: list[str] = []
    format_checks(checks, lines.append)
    spread = Check("scale 1, 2 seeds: widest 90% band of a region (points)", 7.266, "5", False)
    lines.append(f"{spread.name}: {spread.value:.2f}, target {spread.limit}: not met")
    assert parse_checks("\n".join(lines)) == checks_record(checks, spread)
