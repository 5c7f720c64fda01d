"""docs/model.md quotes what the experiment scripts print: a model change that moves a quoted
figure makes these tests fail until the page quotes the new output."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys

from tests.conftest import ROOT

NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+\.\d+")


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "experiments" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _printed(name: str) -> str:
    """What experiments/<name>.py prints with its defaults."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = str(ROOT / "experiments" / f"{name}.py")
    run = subprocess.run([sys.executable, script], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)  # fmt: skip
    return run.stdout


def _section(start: str, end: str) -> str:
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    first = text.index(start)
    return text[first : text.index(end, first)]


def test_derived_values_of_section_5_10_are_those_the_script_prints(capsys, monkeypatch):
    """Every figure experiments/derived_values.py prints for the baseline is in 5.10."""
    monkeypatch.setattr("sys.argv", ["derived_values.py"])
    _script("derived_values").main()
    printed = NUMBER.findall(capsys.readouterr().out)
    assert len(printed) >= 10, printed
    quoted = _section("experiments/derived_values.py` prints", "\n---")
    missing = [n for n in printed if n not in quoted]
    assert not missing, f"docs/model.md 5.10 does not quote {missing}"


def test_displaced_worker_table_of_section_7_13_is_what_the_script_prints():
    """The 7.13 table is the model/study table experiments/displaced_workers.py prints."""
    out = _printed("displaced_workers")
    rows = re.findall(r"^(\S.*?)\s{2,}(\d+\.\d%)\s+(\d+\.\d%|-)$", out, flags=re.M)
    assert len(rows) >= 8, out
    quoted = _section("python experiments/displaced_workers.py` runs these", "The study's 30%")
    for measure, model, study in rows:
        assert f"| {measure} | {model} | {study} |" in quoted, (measure, model, study)
    overall = re.search(r"give 69% overall: (\d+\.\d%)", out)
    assert overall is not None
    section_9 = _section("## 9. Known limitations", "## Appendix")
    assert f"overall would need {overall.group(1)}" in section_9


def test_aftermarket_shares_of_section_9_are_what_market_check_prints():
    """Section 9 quotes the aftermarket's share of ICE-specific and agnostic start-year orders."""
    out = _printed("market_check")
    share = dict(re.findall(r"(supplier_\w+) (\d+\.\d%)", out))
    section_9 = " ".join(_section("## 9. Known limitations", "## Appendix").split())
    quoted = (
        f"It is {share['supplier_ice']} of ICE-specific and {share['supplier_agnostic']} of "
        "agnostic suppliers' start-year orders"
    )
    assert quoted in section_9, quoted


def test_country_value_added_limit_quotes_the_stored_check():
    """Section 9's figures on value added and vehicles per assembly job by country are those
    of docs/checks/regional_value_added.txt (experiments/regional_value_added.py)."""
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    start = text.index("**Value added per worker does not differ by country")
    bullet = text[start : text.index("\n- **", start)]
    stored = (ROOT / "docs" / "checks" / "regional_value_added.txt").read_text(encoding="utf-8")
    assert "highest / lowest: model 1.25, wages 12.90" in stored
    for row in (
        "DE         3,330,000  2022    6.6   10.9",
        "CZ         1,190,000  2022   23.1   10.8",
    ):
        assert row in stored
    for number in ("1.25", "12.90", "57.2k", "7.7k", "4.4k", "6.6", "23.1", "35.4", "10.9", "10.8"):
        assert number in bullet
    section2 = stored[stored.index("2. Per country") : stored.index("3. Vehicles")]
    for line in section2.splitlines():
        if line.strip().startswith(("DE ", "RO ", "BG ")):
            assert f"{line.split()[4]}k" in bullet
