"""`autoregions compare` end to end on the tiny scenario."""

from __future__ import annotations

import json
import re

import numpy as np
import pyarrow.parquet as pq

from sim.analysis.compare import interval, seeds_for
from sim.cli import main
from tests.conftest import write_scenario


def test_compare_tiny_end_to_end(tmp_path, capsys):
    policy = write_scenario(
        tmp_path,
        'name = "push"\n[[procurement.programmes]]\narea = "EU"\n'
        "budget_eur_per_year = 3.0e7\nlocal_content_share = 0.5\n",
        "push.toml",
    )
    base = write_scenario(tmp_path, 'name = "base"\n[time]\nend_year = 2035\n', "base.toml")
    out = tmp_path / "cmp"
    code = main(
        ["compare", str(base), str(policy), "--seeds", "2", "--workers", "1", "--out", str(out)]
    )
    assert code == 0
    captured = capsys.readouterr()
    printed = captured.out
    assert "job-years preserved" in printed and "push" in printed
    # one progress line per finished run, with its time
    done = [line for line in captured.err.splitlines() if " done: " in line]
    assert [line.split(" done:")[0].strip() for line in done] == [
        f"run {i}/4" for i in (1, 2, 3, 4)
    ]
    assert all(re.search(r"seed \d+, in \d+\.\d s \(\d+ s since the start\)", ln) for ln in done)
    # the headline sentence opens the scenario's block, before the table of measures
    first = printed.split("\npush\n")[1].splitlines()[0].strip()
    assert first.startswith(("saves about", "loses about", "no effect on jobs in 2035"))
    table = pq.read_table(out / "comparison.parquet").to_pydict()
    assert sorted(set(table["scenario"])) == ["base", "push"]
    assert len(table["seed"]) == 4
    base_rows = [i for i, s in enumerate(table["scenario"]) if s == "base"]
    assert all(table["jobs_preserved"][i] == 0 for i in base_rows)
    push_rows = [i for i, s in enumerate(table["scenario"]) if s == "push"]
    assert all(table["net_public_cost_eur_m"][i] > 0 for i in push_rows)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seeds"] == seeds_for(1, 2)
    for seed in manifest["seeds"]:
        assert (out / "runs" / f"push-seed{seed}" / "regions.parquet").is_file()


def test_compare_refuses_a_single_scenario(tmp_path, capsys):
    base = write_scenario(tmp_path, 'name = "base"\n', "base.toml")
    assert main(["compare", str(base), "--out", str(tmp_path / "x")]) == 2
    assert "at least one other" in capsys.readouterr().err


def test_interval_and_seeds():
    mean, lo, hi = interval(np.array([1.0, 2.0, 3.0]))
    assert mean == 2.0 and lo < 2.0 < hi
    assert len(set(seeds_for(1, 50))) == 50 and seeds_for(1, 3) == seeds_for(1, 3)


def _table(jobs: list[float], job_years: list[float], cost: list[float]) -> dict:
    n = len(jobs)
    return {
        "scenario": np.array(["x"] * n, dtype=object),
        "jobs_preserved": np.array(jobs, dtype=float),
        "job_years_preserved": np.array(job_years, dtype=float),
        "net_public_cost_eur_m": np.array(cost, dtype=float),
    }


def test_headline_sentences():
    """The plain sentence: jobs saved with their interval and the cost per job-year when the
    job-years are significant; 'no effect distinguishable from chance' otherwise."""
    from sim.analysis.compare import headline

    saves = _table([100, 110, 120], [500, 520, 540], [5, 5, 5])
    text = headline(saves, np.ones(3, bool), 2025, 2035)
    assert text.startswith("saves about 110 jobs in 2035 (85 to 135); costs EUR 9,620 per job-year")
    loses = _table([-100, -110, -120], [-500, -520, -540], [5, 5, 5])
    text = headline(loses, np.ones(3, bool), 2025, 2035)
    assert text.startswith("loses about 110 jobs in 2035 (85 to 135)")
    assert "net public cost EUR 5 m" in text and "per job-year" not in text
    noise = _table([50, -40, 10], [10, -20, 5], [0, 0, 0])
    text = headline(noise, np.ones(3, bool), 2025, 2035)
    assert text.startswith("no effect on jobs in 2035 distinguishable from chance with 3 seeds")
    assert text.endswith("costs no public money.")
    one = headline(_table([30], [60], [1]), np.ones(1, bool), 2025, 2035)
    assert "with one seed an effect cannot be told apart from chance" in one


def test_measures_cover_the_window_only(tmp_path):
    """Job-years and costs are summed from the start to the milestone, not over later years."""
    from sim.analysis.compare import until

    table = {"year": np.array([2034, 2035, 2036]), "jobs_total": np.array([1.0, 2.0, 3.0])}
    cut = until(table, 2035)
    assert cut["year"].tolist() == [2034, 2035] and cut["jobs_total"].tolist() == [1.0, 2.0]


def test_comparison_window_ends_at_the_milestone():
    """For a run past 2035, job-years and costs are summed over 2025-2035 only."""
    from sim import load_scenario
    from sim.analysis.compare import comparison_table, run_all
    from sim.outputs import measures
    from tests.conftest import TINY

    base = load_scenario(TINY, overrides={"time.end_year": 2037})
    aid = load_scenario(
        TINY,
        overrides={"time.end_year": 2037, "name": "aid", "aid.subsidy_rate": 0.3,
                   "aid.budgets": {"EU": 2e7}},
    )  # fmt: skip
    runs = run_all([base, aid], [5], 1)
    table = comparison_table(runs, [base, aid], [5])
    row = list(table["scenario"]).index("aid")
    assert table["milestone_year"][row] == 2035
    policy, counter = runs[("aid", 5)][0], runs[(base.name, 5)][0]
    within = (policy["year"] <= 2035), (counter["year"] <= 2035)
    jobs = [
        measures.quarterly_total({k: v[w] for k, v in t.items()}, "jobs_total")
        for t, w in zip((policy, counter), within, strict=True)
    ]
    assert np.isclose(table["job_years_preserved"][row], (jobs[0] - jobs[1]).sum() / 4)
