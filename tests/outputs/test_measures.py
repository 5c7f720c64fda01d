"""Run measures on hand-made tables with known answers."""

from __future__ import annotations

import numpy as np

from sim.outputs import measures as metrics


def _table(jobs_a, jobs_b, spend=0.0, unemployed=0.0):
    """Two regions, two years x 4 quarters; jobs constant within a year."""
    years = np.repeat([2025, 2026], 8)
    quarters = np.tile(np.repeat([1, 2, 3, 4], 2), 2)
    region = np.tile(np.array(["A", "B"], dtype=object), 8)
    jobs = np.where(
        region == "A",
        np.where(years == 2025, 100.0, jobs_a),
        np.where(years == 2025, 200.0, jobs_b),
    )
    return {
        "year": years,
        "quarter": quarters,
        "region": region,
        "jobs_total": jobs,
        "value_added": jobs / 10.0,
        "spend_aid": np.full(16, spend),
        "spend_procurement": np.zeros(16),
        "spend_reskilling": np.zeros(16),
        "spend_benefits": np.zeros(16),
        "unemployed": np.full(16, unemployed),
    }


def test_job_change_disparity_and_left_behind():
    t = _table(80.0, 200.0)
    assert metrics.job_change(t, 2025, 2026) == {"A": -0.2, "B": 0.0}
    assert metrics.left_behind(t, 2025, 2026, 0.1) == ["A"]
    assert metrics.left_behind(t, 2025, 2026, 0.2) == []
    assert np.isclose(metrics.disparity_index(t, 2025, 2026), 0.1 / 0.1)
    assert metrics.disparity_index(_table(50.0, 100.0), 2025, 2026) == 0.0  # both lose half


def test_compare_runs_known_answer():
    base = _table(80.0, 180.0, unemployed=10.0)
    policy = _table(90.0, 190.0, spend=1.0, unemployed=6.0)
    m = metrics.compare_runs(policy, base, 2026)
    assert m["jobs_preserved"] == 20.0  # annual means in 2026
    assert m["job_years_preserved"] == 20.0  # 4 quarters x 20 jobs / 4
    assert m["va_preserved_eur_m"] == 8.0  # (90+190 - 80-180) / 10 per quarter x 4
    assert m["lever_spending_eur_m"] == 16.0 and m["net_public_cost_eur_m"] == 16.0
    assert m["cost_per_job_year_eur"] == 16e6 / 20.0
    assert m["unemployment_years_avoided"] == 8 * 2 * 4.0 / 4.0
    assert np.isnan(metrics.compare_runs(base, base, 2026)["cost_per_job_year_eur"])


def test_compare_runs_reads_pyarrow_tables_too():
    import pyarrow as pa

    base = _table(80.0, 180.0)
    policy = _table(90.0, 190.0, spend=1.0)
    as_arrow = {
        k: pa.table({kk: pa.array(list(v)) for kk, v in t.items()})
        for k, t in (("p", policy), ("b", base))
    }
    m = metrics.compare_runs(as_arrow["p"], as_arrow["b"], 2026)
    assert m["net_public_cost_eur_m"] == 16.0
