"""Every figure has a title, axis labels, a legend and a source line; PNG and SVG are written."""

from __future__ import annotations

import numpy as np
import pytest

from sim.viz import plots
from sim.viz.load import load_run, load_runs


def check_figure(fig, *, source_has: tuple[str, ...]) -> None:
    """Title, labelled axes, a legend (or colour bar) and a source line naming the run."""
    assert fig._suptitle is not None and fig._suptitle.get_text()
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
    assert axes
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel(), ax.get_title()
    has_legend = (
        bool(fig.legends)
        or any(ax.get_legend() for ax in fig.axes)
        or any(ax.get_label() == "<colorbar>" and ax.get_ylabel() for ax in fig.axes)
    )
    assert has_legend
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "Source: autoregions" in texts
    for part in source_has:
        assert part in texts, (part, texts)


def test_run_figures(run_folders, tmp_path):
    run = load_run(run_folders[0])
    check_figure(plots.jobs_by_sector(run), source_has=("scenario 'tiny'", "seed 1"))
    paths = plots.save_figure(plots.jobs_by_sector(run), tmp_path / "jobs")
    assert [p.suffix for p in paths] == [".png", ".svg"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in paths[1].read_bytes()[:500]


def test_fan_chart_mean_and_95_interval(run_folders):
    """The fan chart shows the reports' one interval: the mean over seeds and its 95%
    t-interval (clipped at zero), on a y axis that starts at zero."""
    from scipy import stats

    runs = load_runs(run_folders)
    fig = plots.jobs_fan(runs)
    check_figure(fig, source_has=("seeds 1, 2",))
    totals = np.array([r.total("jobs_total")[1] for r in runs])
    line = fig.axes[0].lines[0].get_ydata()
    assert np.allclose(line, totals.mean(axis=0))
    band = fig.axes[0].collections[0].get_paths()[0].vertices[:, 1]
    half = stats.t.ppf(0.975, 1) * totals.std(axis=0, ddof=1) / np.sqrt(2)
    lo, hi = np.maximum(totals.mean(axis=0) - half, 0), totals.mean(axis=0) + half
    assert np.isclose(band.min(), lo.min()) and np.isclose(band.max(), hi.max())
    assert (lo < hi).any()  # two seeds differ, so the band has a width
    assert all(ax.get_ylim()[0] == 0 for ax in fig.axes if ax.get_visible() and ax.lines)


def test_legend_clears_the_source_line(run_folders):
    """A legend below the axes sits above the source line, not on it."""
    runs = load_runs(run_folders)
    fig = plots.jobs_fan(runs)
    fig.draw_without_rendering()
    source = next(t for t in fig.texts if t.get_text().startswith("Source:"))
    assert fig.legends[0].get_window_extent().y0 >= source.get_window_extent().y1


def test_west_to_east_orders_countries_by_longitude():
    from sim.viz.load import RegionInfo

    info = RegionInfo(
        country={"DE11": "DE", "ITC1": "IT", "CZ02": "CZ", "ES30": "ES", "DE21": "DE"},
        lon={"DE11": 9.2, "ITC1": 7.7, "CZ02": 14.5, "ES30": -3.7, "DE21": 11.6},
    )
    order = plots.west_to_east(["CZ02", "DE21", "DE11", "ITC1", "ES30", "XX1"], info)
    assert order == ["ES30", "ITC1", "DE11", "DE21", "CZ02", "XX1"]


def test_change_years(run_folders):
    assert plots.change_years(load_run(run_folders[0])) == (2025, 2028)


def test_network_figure_counts_every_establishment(tiny_spec):
    from sim import TransitionModel
    from sim.viz.load import read_region_info

    model = TransitionModel(scenario=tiny_spec, seed=1)
    info = read_region_info(tiny_spec.model_dump(mode="json"))
    fig = plots.network_figure(model.network, info, "tiny", 1)
    check_figure(fig, source_has=("scenario 'tiny'",))
    n = model.network.number_of_nodes()
    assert f"{n:,} active establishments" in " ".join(t.get_text() for t in fig.texts)


def test_comparison_sobol_and_heatmap_figures():
    source = plots.source_line("compare", [1, 2, 3])
    fig = plots.comparison_bars(
        ["no_policy", "aid"],
        {
            "jobs": ("jobs preserved in 2035 (persons)", [0, 120], [0, 80], [0, 150]),
            "cost": ("public cost (EUR million)", [0, 300], [0, 250], [0, 340]),
            "per_job": ("cost per job preserved (EUR million)", [0, 2.5], [0, 2.0], [0, 3.1]),
        },
        source,
    )
    check_figure(fig, source_has=("seeds 1, 2, 3",))
    fig = plots.sobol_bars(
        ["a", "b", "c"], [0.5, 0.1, 0.0], [0.05] * 3, [0.6, 0.2, 0.05], [0.05] * 3,
        "jobs in 2035", source,
    )  # fmt: skip
    check_figure(fig, source_has=("compare",))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["a", "b", "c"]  # largest total index first
    fig = plots.lever_heatmap(
        "aid rate", [0, 0.2, 0.4], "midpoint year", [2028, 2032], np.arange(6).reshape(2, 3),
        "jobs in 2035 (persons)", source,
    )  # fmt: skip
    check_figure(fig, source_has=("compare",))


@pytest.mark.parametrize("seeds, text", [([], "seed unknown"), ([4], "seed 4"),
                                         (list(range(10)), "10 seeds (0-9)")])  # fmt: skip
def test_source_line_names_seeds(seeds, text):
    assert text in plots.source_line("tiny", seeds)
