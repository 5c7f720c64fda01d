"""The HTML report: content a policy officer needs, renders in Chromium with every image, and
bad input fails in one line, exit code 2, writing nothing."""

from __future__ import annotations

import re
import shutil

import pytest

from sim.cli import main
from sim.viz.load import load_runs
from sim.viz.report import LEFT_BEHIND, region_rows, write_report
from tests.viz.browser import dump_dom


@pytest.fixture(scope="module")
def report(run_folders, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", *map(str, run_folders), "--out", str(out)]) == 0
    return out


def test_report_contents(report, run_folders):
    text = report.read_text()
    for heading in ("What was simulated", "Headline", "Regions left behind", "Figures",
                    "Caveats"):  # fmt: skip
        assert heading in text
    assert "Stuttgart (DE11)" in text and "Time window: 2025 to 2028" in text
    # two seeds are reported as two seeds, not as the first one's
    assert "2 random seeds (1, 2)" in text and "Random seed 1" not in text
    # it opens with a sentence on all jobs, before the details
    short = re.search(
        r"<p class=short>Automotive jobs in the 4 simulated regions go from (.*?)</p>", text
    )
    assert short and text.index("<p class=short>") < text.index("What was simulated")
    assert "docs/model.md" in text and "docs/data.md" in text
    assert "shrunk to 2% of its real size" in text  # tiny's job_scale in plain words
    # self-contained: figures are data URIs, nothing is fetched from elsewhere
    srcs = re.findall(r'<img src="([^"]+)"', text)
    assert len(srcs) >= 4 and all(s.startswith("data:image/png;base64,") for s in srcs)
    assert not re.search(r'(src|href)="https?://', text)


def test_left_behind_lists_match_region_changes(report, run_folders):
    text = report.read_text()
    rows = region_rows(load_runs(run_folders))
    for code, _, _, (pct, _, _), _ in rows:
        name_pos = text.find(f"({code}): {pct:+.1f}%")
        assert (name_pos >= 0) == (pct < -LEFT_BEHIND[1]), (code, pct)


def test_region_table_is_sortable_with_intervals(report, run_folders):
    """Every region is one row of one sortable table; its change carries the 95% interval over
    the seeds and the number of seeds in which it loses more than 10%."""
    text = report.read_text()
    assert text.count('<table class="sortable">') == 1 and "<script>" in text
    for code, _, _, (pct, lo, hi), _ in region_rows(load_runs(run_folders)):
        assert lo <= pct <= hi
        cell = f"{pct:+.1f}% <span class=range>({lo:+.1f}% to {hi:+.1f}%)</span>"
        assert cell in text, (code, cell)
        assert f'<td data-v="{code}">' in text
    assert " of 2</td>" in text


def test_report_renders_in_chromium_with_every_image(report, tmp_path):
    probe = tmp_path / "probe.html"
    script = (
        "<script>addEventListener('load', () => { const imgs = [...document.images]; "
        "document.title = 'broken=' + imgs.filter(i => !i.complete || i.naturalWidth === 0)"
        ".length + ' total=' + imgs.length; });</script></body>"
    )
    probe.write_text(report.read_text().replace("</body>", script))
    dom = dump_dom(probe.as_uri())
    title = re.search(r"<title>(.*?)</title>", dom).group(1)
    found = re.fullmatch(r"broken=(\d+) total=(\d+)", title)
    assert found, title
    assert int(found.group(1)) == 0 and int(found.group(2)) >= 4


def _fails_one_line(capsys, argv) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_not_a_results_folder(tmp_path, capsys):
    out = tmp_path / "r.html"
    err = _fails_one_line(capsys, ["report", str(tmp_path), "--out", str(out)])
    assert "not a results folder (manifest.json is missing)" in err
    assert not out.exists()


def test_damaged_results_write_nothing(run_folders, tmp_path, capsys):
    folder = tmp_path / "broken"
    shutil.copytree(run_folders[0], folder)
    data = (folder / "regions.parquet").read_bytes()
    (folder / "regions.parquet").write_bytes(data[: len(data) // 2])
    before = sorted(p.name for p in folder.iterdir())
    err = _fails_one_line(capsys, ["report", str(folder)])
    assert "regions.parquet: damaged" in err
    assert sorted(p.name for p in folder.iterdir()) == before


def test_bad_out_path(run_folders, tmp_path, capsys):
    err = _fails_one_line(
        capsys, ["report", str(run_folders[0]), "--out", str(tmp_path / "no" / "r.html")]
    )
    assert "does not exist" in err


def test_figures_folder_gets_png_and_svg(run_folders, tmp_path):
    out = write_report([run_folders[0]], tmp_path / "r.html", tmp_path / "figs")
    assert out.is_file()
    names = {p.name for p in (tmp_path / "figs").iterdir()}
    for key in ("jobs_by_sector", "job_change_map", "network"):
        assert {f"{key}.png", f"{key}.svg"} <= names


def test_policy_settings_in_plain_words(tmp_path):
    from sim import load_scenario, run
    from sim.outputs.io import write_run
    from sim.viz.load import load_run
    from sim.viz.report import describe_scenario
    from tests.conftest import TINY

    spec = load_scenario(
        TINY,
        overrides={"time.end_year": 2026, "aid.subsidy_rate": 0.3, "aid.budgets": {"EU": 1e6}},
    )
    text = " ".join(describe_scenario(load_run(write_run(run(spec, 1), tmp_path / "r"))))
    assert "Retooling aid — share of an eligible investment paid by aid" in text
    assert ": 30% (default: 0%)" in text and "EU EUR 1 m (default: none)" in text
    assert "Reskilling" not in text  # levers left at their defaults are not listed
    assert "Simulated years — last simulated year (ends after its Q4): 2026 (default: 2050)" in text
    assert "aid.subsidy_rate" not in text  # no raw dumps
