"""Reports of comparison and sweep folders: content from the real files, figures that render in
Chromium with every image, and damaged folders failing in one line, exit code 2, writing nothing.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from sim.analysis.compare import interval
from sim.cli import main
from sim.viz import plots
from sim.viz.load import ComparisonData, load_comparison, load_sweep
from sim.viz.report_compare import NO_EFFECT, cost_per_job_year
from tests.viz.browser import dump_dom


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _report(folder: Path, out: Path, *extra: str) -> str:
    assert main(["report", str(folder), "--out", str(out), *extra]) == 0
    return out.read_text()


def _images(text: str) -> list[str]:
    srcs = re.findall(r'<img src="([^"]+)"', text)
    assert all(s.startswith("data:image/png;base64,") for s in srcs)
    assert not re.search(r'(src|href)="https?://', text)
    return srcs


def _check_renders(report: Path, tmp_path: Path, min_images: int) -> None:
    """Open the report in headless Chromium; every image must have loaded."""
    probe = tmp_path / f"probe-{report.name}"
    script = (
        "<script>addEventListener('load', () => { const imgs = [...document.images]; "
        "document.title = 'broken=' + imgs.filter(i => !i.complete || i.naturalWidth === 0)"
        ".length + ' total=' + imgs.length; });</script></body>"
    )
    probe.write_text(report.read_text().replace("</body>", script))
    title = re.search(r"<title>(.*?)</title>", dump_dom(probe.as_uri())).group(1)
    found = re.fullmatch(r"broken=(\d+) total=(\d+)", title)
    assert found, title
    assert int(found.group(1)) == 0 and int(found.group(2)) >= min_images


# ---------------------------------------------------------------------- comparison
@pytest.fixture(scope="module")
def comparison_report(comparison_folder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("creport") / "compare.html"
    _report(comparison_folder, out, "--figures", str(out.parent / "figs"))
    return out


def test_comparison_report_contents(comparison_report, comparison_folder):
    text = comparison_report.read_text()
    for heading in ("In short", "What was compared", "Budget and spending",
                    "Headline: each scenario against tiny", "Regions left behind", "Figures",
                    "Caveats"):  # fmt: skip
        assert heading in text
    # one window, stated before anything else
    assert text.index("Time window: 2025 to 2028.") < text.index("<h2>In short</h2>")
    # names and descriptions from the run manifests, and what each changes against the base,
    # in words generated from the schema (no raw dumps)
    assert "tiny plus retooling aid" in text and "tiny with demand growing 8% a year" in text
    assert "Retooling aid — " in text and "paid by aid (0 = no aid): 30% (base: 0%)" in text
    assert "by area: EU EUR 20 m (base: none)" in text
    assert (
        "Demand for vehicles — annual growth of the EU new-car market" in text
        and "8% (base: 0%)" in text
    )
    assert "aid.subsidy_rate" not in text and "growth_per_year" not in text
    assert "Its settings equal the base's" in text  # tiny_same
    assert "Stuttgart (DE11)" in text
    assert len(_images(text)) == 3  # bars, fans and the maps per scenario
    figs = {p.name for p in (comparison_report.parent / "figs").iterdir()}
    assert {"comparison_bars.png", "comparison_bars.svg", "scenario_fans.png"} <= figs


def test_comparison_headline_numbers_come_from_the_table(comparison_report, comparison_folder):
    data = load_comparison(comparison_folder)
    text = comparison_report.read_text()
    for name in ("tiny_aid", "tiny_growth"):
        for column in ("jobs_preserved", "net_public_cost_eur_m", "job_years_preserved"):
            mean = interval(data.values(name, column))[0]
            shown = plots.fmt_value(mean) if abs(mean) < 1000 else f"{mean:,.0f}"
            assert shown in text, (name, column, shown)


def test_cost_per_job_year_only_where_significant(comparison_report, comparison_folder):
    """The growth variant keeps jobs in every seed (a cost per job-year is shown); tiny under
    another name cannot be told apart from the base (the cell says so instead)."""
    data = load_comparison(comparison_folder)
    text = comparison_report.read_text()
    row = re.search(r"Net public cost per job-year preserved \(EUR\)</td>(.*?)</tr>", text)
    cells = re.findall(r"<td>(.*?)</td>", row.group(1))
    assert cells[0] == "<span class=range>base</span>"
    for name, cell in zip(data.scenarios[1:], cells[1:], strict=True):
        _, lo, _ = interval(data.values(name, "job_years_preserved"))
        if lo > 0:
            cost, _, _ = interval(data.values(name, "net_public_cost_eur_m"))
            jy, _, _ = interval(data.values(name, "job_years_preserved"))
            assert cell.startswith(f"{cost * 1e6 / jy:,.0f}"), (name, cell)
        else:
            assert NO_EFFECT in cell, (name, cell)
    by_name = dict(zip(data.scenarios[1:], cells[1:], strict=True))
    assert NO_EFFECT in by_name["tiny_same"]
    assert NO_EFFECT not in by_name["tiny_growth"]


def test_cost_per_job_year_rule():
    def data(job_years: list[float], cost: list[float]) -> ComparisonData:
        table = {
            "scenario": np.array(["x"] * len(job_years), dtype=object),
            "job_years_preserved": np.array(job_years),
            "net_public_cost_eur_m": np.array(cost),
        }
        return ComparisonData(Path("."), {}, table, {})

    assert cost_per_job_year(data([100, -50, 30], [2, 2, 2]), "x") is None
    mid, lo, hi = cost_per_job_year(data([100, 110, 90], [2, 2, 2]), "x")
    assert mid == pytest.approx(2e6 / 100) and lo <= mid <= hi


def test_comparison_left_behind_counts_seeds(comparison_report, comparison_folder):
    """The one region table gives, per scenario, the seeds in which a region loses >10%; the
    counts agree with the comparison table's lists."""
    data = load_comparison(comparison_folder)
    text = comparison_report.read_text()
    assert text.count('<table class="sortable">') == 1
    for name in data.scenarios:
        rows = data.rows(name)
        col = data.scenarios.index(name)
        for code in data.runs[name][0].region_codes:
            k = sum(code in cell.split(",") for cell in data.table["left_behind_10"][rows])
            row = re.search(rf'<tr><td data-v="{code}">.*?</tr>', text).group(0)
            counts = re.findall(r">(\d) of 2</td>", row)
            assert int(counts[col]) == k, (name, code, counts)


def test_comparison_opens_with_a_headline_per_scenario(comparison_report, comparison_folder):
    """'In short' has one sentence per scenario: the growth variant saves jobs at a cost per
    job-year; tiny under another name shows no effect distinguishable from chance."""
    text = comparison_report.read_text()
    short = text[text.index("<h2>In short</h2>") : text.index("<h2>What was compared</h2>")]
    growth = re.search(r"<b>tiny_growth</b>: (.*?)</li>", short).group(1)
    assert growth.startswith("saves about ") and " jobs in 2028 (" in growth
    same = re.search(r"<b>tiny_same</b>: (.*?)</li>", short).group(1)
    assert same.startswith("no effect on jobs in 2028 distinguishable from chance with 2 seeds")
    assert "costs no public money" in same
    assert re.search(r"<b>tiny_aid</b>: ", short)


def test_budget_against_spending(comparison_report, comparison_folder):
    """The aid variant's pool, its spending and the net cost, in words; the net cost is the
    lever spending above the base's plus the change in benefits, seed by seed."""
    data = load_comparison(comparison_folder)
    text = comparison_report.read_text()
    budget = text[text.index("<h2>Budget and spending</h2>") : text.index("<h2>Headline")]
    aid = re.search(r"<li><b>tiny_aid</b>: (.*?)</li>", budget).group(1)
    assert aid.startswith("available retooling-aid budgets EUR 20 m (for the whole run: EU")
    assert "Spent on policy levers: EUR" in aid and "of the money available" in aid
    assert "Net public cost" in aid and "plus the change in unemployment benefits" in aid
    lines = ("spend_aid", "spend_procurement", "spend_reskilling", "spend_benefits")
    for run, base in zip(data.runs["tiny_aid"], data.runs["tiny"], strict=True):
        net = sum(run.table[c].sum() - base.table[c].sum() for c in lines)
        row = (data.table["scenario"] == "tiny_aid") & (data.table["seed"] == run.seed)
        assert np.isclose(net, data.table["net_public_cost_eur_m"][row][0])


def test_comparison_report_renders_in_chromium(comparison_report, tmp_path):
    _check_renders(comparison_report, tmp_path, 2)


# ---------------------------------------------------------------------- sweeps
@pytest.fixture(scope="module")
def grid_report(grid_sweep_folder, tmp_path_factory) -> tuple[Path, list[str]]:
    before = _files(grid_sweep_folder)
    out = tmp_path_factory.mktemp("greport") / "grid.html"
    _report(grid_sweep_folder, out)
    return out, before


def test_grid_report_contents(grid_report, grid_sweep_folder):
    out, before = grid_report
    text = out.read_text()
    for heading in ("What was swept", "Outcomes", "Figures", "Lever ranking and robustness",
                    "Caveats"):  # fmt: skip
        assert heading in text
    assert "labour.outside_job_rate" in text and "uncertainty (a future" in text
    assert "suppliers.conversion_probability" in text and "lever (a policy" in text
    assert "values 0.05, 0.5" in text and "a full grid" in text and "2 random seeds" in text
    assert "Robust settings" in text and "Every design point" in text
    assert len(_images(text)) == 2  # heat maps of the jobs and the cost outcome
    # analysed in memory: the sweep folder is unchanged (no analysis/ written)
    assert _files(grid_sweep_folder) == before


def test_grid_heatmap_shows_the_point_means(grid_sweep_folder):
    from sim.viz.report_sweep import heatmap_blocks

    data = load_sweep(grid_sweep_folder)
    blocks, _ = heatmap_blocks(data)
    shown = np.asarray(blocks[0].figure.axes[0].images[0].get_array())
    summary = data.analysis.summary
    part = summary[summary["outcome"] == "jobs_2026"]
    x, y = "suppliers.conversion_probability", "labour.outside_job_rate"
    expected = part.pivot_table(index=y, columns=x, values="mean").to_numpy()
    assert np.allclose(shown, expected)


def test_sobol_report(sobol_sweep_folder, tmp_path):
    out = tmp_path / "sobol.html"
    text = _report(sobol_sweep_folder, out, "--figures", str(tmp_path / "figs"))
    assert "Sobol (Saltelli) sample" in text and "range 2027.0 to 2036.0" in text
    assert "first-order index" in text
    assert "sobol_jobs_2026.png" in {p.name for p in (tmp_path / "figs").iterdir()}
    assert "No lever ranking" in text
    _check_renders(out, tmp_path, 1)


def test_sobol_bars_keep_wide_intervals_on_the_axis():
    fig = plots.sobol_bars(
        ["a.b", "c"], [0.3, -0.4], [9.0, 0.1], [0.5, 0.1], [0.2, 3.0], "jobs", "Source: x"
    )
    lo, hi = fig.axes[0].get_xlim()
    assert lo >= -0.2 and hi <= 1.2
    assert "arrow" in " ".join(t.get_text() for t in fig.legends[0].get_texts())


def test_comparison_bars_mark_missing_values():
    fig = plots.comparison_bars(
        ["a", "b"],
        {"cpj": ("EUR per job-year", [float("nan"), 5e4], [float("nan"), 4e4], [np.nan, 6e4])},
        "Source: autoregions",
        missing={"cpj": "no significant effect"},
    )
    texts = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
    assert texts == ["no significant effect"]
    assert len(fig.axes[0].patches) == 1


# ---------------------------------------------------------------------- bad folders
def _fails_one_line(capsys, folder: Path) -> str:
    before = _files(folder)
    assert main(["report", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _files(folder) == before  # nothing written
    return err


def _edit_manifest(folder: Path, drop: str) -> None:
    path = folder / "manifest.json"
    data = json.loads(path.read_text())
    del data[drop]
    path.write_text(json.dumps(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:200])


COMPARISON_DAMAGE = {
    "no comparison table": (lambda f: (f / "comparison.parquet").unlink(),
                            "comparison.parquet is missing"),
    "truncated table": (lambda f: _truncate(f / "comparison.parquet"),
                        "comparison.parquet: damaged"),
    "manifest without seeds": (lambda f: _edit_manifest(f, "seeds"), "key 'seeds' is missing"),
    "a run folder gone": (lambda f: shutil.rmtree(next((f / "runs").iterdir())),
                          "damaged comparison (run folder"),
    "a run damaged": (lambda f: _truncate(next((f / "runs").iterdir()) / "regions.parquet"),
                      "regions.parquet: damaged"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(COMPARISON_DAMAGE))
def test_damaged_comparison(case, comparison_folder, tmp_path, capsys):
    folder = tmp_path / "c"
    shutil.copytree(comparison_folder, folder)
    damage, message = COMPARISON_DAMAGE[case]
    damage(folder)
    assert message in _fails_one_line(capsys, folder)


SWEEP_DAMAGE = {
    "no runs": (lambda f: [p.unlink() for p in (f / "runs").glob("*.parquet")],
                "no finished runs"),
    "broken manifest": (lambda f: (f / "manifest.json").write_text('{"design": '),
                        "manifest.json: damaged"),
    "manifest without outcomes": (lambda f: _edit_manifest(f, "outcomes"),
                                  "key 'outcomes' is missing"),
    "truncated shard": (lambda f: _truncate(next((f / "runs").glob("*.parquet"))),
                        "is damaged (not a readable Parquet file)"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(SWEEP_DAMAGE))
def test_damaged_sweep(case, grid_sweep_folder, tmp_path, capsys):
    folder = tmp_path / "s"
    shutil.copytree(grid_sweep_folder, folder)
    damage, message = SWEEP_DAMAGE[case]
    damage(folder)
    assert message in _fails_one_line(capsys, folder)


def test_comparison_folder_must_be_alone(comparison_folder, run_folders, capsys):
    assert main(["report", str(comparison_folder), str(run_folders[0])]) == 2
    assert "must be given on its own" in capsys.readouterr().err
    assert not (comparison_folder / "report.html").exists()


def test_pools_count_the_money_available_in_the_window():
    from sim.viz.report_compare import pools

    settings = {
        "aid": {"budgets": {"EU": 2e7, "DE": 1e7}},
        "fund": {"budget_eur_per_year": 2.5e9, "start_year": 2026, "end_year": 2040},
        "procurement": {
            "programmes": [{"area": "EU", "budget_eur_per_year": 1e8, "start_year": 2030,
                            "end_year": 2031}]
        },
    }  # fmt: skip
    got = {what: amount for what, amount, _ in pools(settings, 2025, 2035)}
    assert got == {
        "retooling-aid budgets": 3e7,  # for the whole run
        "just-transition fund": 2.5e9 * 10,  # 2026-2035 of 2026-2040
        "clean-vehicle procurement": 2e8,
    }
    assert pools({}, 2025, 2035) == []
