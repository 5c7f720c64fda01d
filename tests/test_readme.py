"""README's and docs/model.md 2.9's scale-check figures are those printed by
experiments/checks/scale_invariance.py, as stored in docs/checks/scale_invariance.txt: a rerun
that changes them makes this test fail until the docs quote the new output."""

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


def test_model_md_scale_table_matches_the_scale_check_output():
    """docs/model.md 2.9 quotes the same stored run of the scale check, row by row."""
    record = parse_checks((ROOT / "docs" / "checks" / "scale_invariance.txt").read_text())
    checks = record["checks"]

    def v(start: str) -> str:
        found = [value for name, value in checks.items() if name.startswith(start)]
        assert len(found) == 1, (start, found)
        return found[0]

    def pair(scale: int, what: str, unit: str) -> str:
        """Seeds 1 and 2: "-1.72%, -1.72%" for a percentage, "0.50, 0.39 points" otherwise."""
        each = "%" if unit == "%" else ""
        cells = ", ".join(f"{v(f'null, scale {scale}, seed {s}: {what}')}{each}" for s in (1, 2))
        return cells if each else cells + unit

    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    rows = {
        "mean of 20 seeds (regions of 5,000 jobs or more)": (
            "largest gap in a region's",
            " points",
        ),
        "| mean of those gaps": ("mean gap in the regions'", " points"),
        "| largest gap in EU jobs in any year": ("largest gap in EU jobs", "%"),
    }
    for label, (what, unit) in rows.items():
        cells = " | ".join(f"{v(f'scale {k} vs 1 (20 seeds): {what}')}{unit}" for k in (10, 20))
        assert f"{label} | {cells} |" in text, label
    null_rows = {
        "null scenario, seeds 1 and 2: EU jobs 2025-2050": ("EU jobs change", "%"),
        "null scenario: largest gap of a region (5,000 jobs or more) to the EU change": (
            "largest gap of a region",
            " points",
        ),
        "null scenario: suppliers alive 2025-2050": ("suppliers alive change", "%"),
    }
    for label, (what, unit) in null_rows.items():
        assert f"| {label} | {pair(10, what, unit)} | {pair(20, what, unit)} |" in text, label
    scale1 = (
        f"At scale 1 the null scenario gives {v('null, scale 1, seed 1: EU jobs')}% and "
        f"{v('null, scale 1, seed 2: EU jobs')}% EU jobs"
    )
    assert scale1 in " ".join(text.split()), scale1
