"""The dashboard: lever sliders, the model they rebuild, and the live page in headless Chromium
(press Step, a chart changes)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from sim.cli import main
from sim.scale import MAX_CHECKED_SCALE
from sim.viz import dashboard
from tests.conftest import ROOT, TINY
from tests.viz.browser import browser_page, free_port, require_chromium


def test_levers_present_in_schema_become_sliders():
    params = dashboard.model_params(TINY, scale=1, seed=None)
    names = {lever.name for lever in dashboard.available_levers()}
    assert names == {k for k in params if k not in ("scenario", "scale", "seed")}
    assert "midpoint_year" in names
    assert params["midpoint_year"].value == 2030.0
    missing = {lever.name for lever in dashboard.missing_levers()}
    assert names | missing == {lever.name for lever in dashboard.LEVERS}
    assert not names & missing


def test_unknown_schema_key_is_left_out():
    assert dashboard.schema_has("electrification.midpoint_year")
    assert not dashboard.schema_has("electrification.no_such_key")
    assert not dashboard.schema_has("no_such_section.rate")


def test_slider_values_rebuild_the_scenario():
    """An earlier BEV midpoint leaves fewer ICE-specific supplier jobs after a few years."""

    def ice_jobs(**levers) -> float:
        model = dashboard.DashboardModel(scenario=TINY, seed=1, scale=1, **levers)
        for _ in range(24):
            model.step()
        return float(model.history[model.quarter_index - 1, :, 2].sum())

    assert ice_jobs(midpoint_year=2026.0) < ice_jobs(midpoint_year=2040.0)
    with pytest.raises(ValueError, match="unknown lever"):
        dashboard.DashboardModel(scenario=TINY, seed=1, no_such_lever=1.0)


def test_charts_draw_before_and_after_steps():
    model = dashboard.DashboardModel(scenario=TINY, seed=1, scale=1)
    for make in dashboard.CHARTS:
        assert "press Step" in " ".join(t.get_text() for t in make(model).axes[0].texts)
    model.step()
    for make in dashboard.CHARTS:
        ax = make(model).axes[0]
        assert "2025 Q1" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_map_chart_before_and_after_steps():
    from matplotlib.collections import PatchCollection

    model = dashboard.DashboardModel(scenario=TINY, seed=1, scale=1)
    ax = dashboard.job_change_map_figure(model).axes[0]
    assert "press Step" in " ".join(t.get_text() for t in ax.texts)
    for _ in range(4):
        model.step()
    fig = dashboard.job_change_map_figure(model)
    ax = fig.axes[0]
    assert "since 2025 Q1 (up to 2025 Q4)" in ax.get_title()
    (coloured,) = [c for c in ax.collections if isinstance(c, PatchCollection)
                   and c.get_array() is not None]  # fmt: skip
    assert len(coloured.get_array()) == len(model.regions.code)
    assert coloured.norm.vcenter == 0 and coloured.norm.vmin == -coloured.norm.vmax
    assert "EuroGeographics" in " ".join(t.get_text() for t in fig.texts)


def test_auto_scale_keeps_agents_few():
    from sim import load_scenario

    assert dashboard.auto_scale(load_scenario(TINY)) == 1
    # the EU set needs the coarsest checked scale (sim.scale.MAX_CHECKED_SCALE)
    eu = load_scenario(ROOT / "scenarios" / "baseline.toml")
    assert dashboard.auto_scale(eu) == MAX_CHECKED_SCALE


def test_bad_scenario_one_line(tmp_path, capsys):
    assert main(["dashboard", str(tmp_path / "nope.toml"), "--no-open"]) == 2
    err = capsys.readouterr().err
    assert "scenario file not found" in err and err.count("\n") == 1


def _assets_or_skip() -> None:
    from sim.viz.assets import CACHE, fetch_assets, have_assets

    if have_assets(CACHE):
        return
    try:
        fetch_assets(CACHE)
    except Exception as exc:
        pytest.skip(f"Solara's page assets are not available offline ({exc}); run "
                    "python sim/viz/assets.py with npm installed")  # fmt: skip


def test_dashboard_step_updates_charts(tmp_path):
    require_chromium()
    _assets_or_skip()
    port = free_port()
    log = (tmp_path / "server.log").open("w")  # a file, so a chatty server never blocks
    server = subprocess.Popen(
        [sys.executable, "-m", "sim", "dashboard", str(TINY), "--port", str(port), "--no-open"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"},
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        end = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > end:
                    log.flush()
                    text = (tmp_path / "server.log").read_text()[-2000:]
                    raise AssertionError(f"dashboard did not start: {text}") from None
                time.sleep(0.3)
        with browser_page() as page:
            page.call("Page.navigate", url=url)
            step_button = (
                "[...document.querySelectorAll('button')]"
                ".find(b => b.textContent.trim() === 'Step')"
            )
            page.wait_for(f"document.images.length >= 4 && !!{step_button}", timeout=90)
            labels = page.js("document.body.innerText")
            assert "BEV midpoint year" in labels and "Step: 0" in labels
            before = page.js("[...document.images].map(i => i.src)")
            page.js(f"{step_button}.click()")
            page.wait_for("document.body.innerText.includes('Step: 1')", timeout=30)
            changed = page.wait_for(
                "[...document.images].map(i => i.src)"
                f".filter((s, k) => s !== {before!r}[k]).length",
                timeout=30,
            )
            assert changed >= 1
            # every chart redraws after a step, the map last: wait until all have loaded
            page.wait_for(
                "[...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=30
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_settings_line_shows_every_slider_value():
    """The slider values of the run on screen are written out (the sliders hide them)."""
    model = dashboard.DashboardModel(scenario=TINY, seed=3, scale=1, midpoint_year=2027.5)
    text = dashboard.settings_text(model)
    assert text.startswith("This run: seed 3; ")
    assert "BEV midpoint year: 2027.5" in text
    for lever in dashboard.available_levers():
        assert f"{lever.label}: " in text


def test_legends_do_not_cover_the_lines():
    """Every chart's legend sits beside its axes, not on them."""
    model = dashboard.DashboardModel(scenario=TINY, seed=1, scale=1)
    for _ in range(6):
        model.step()
    for make in dashboard.CHARTS:
        fig = make(model)
        fig.draw_without_rendering()
        ax = fig.axes[0]
        assert ax.get_legend() is None and fig.legends, make.__name__
        box, legend = ax.get_window_extent(), fig.legends[0].get_window_extent()
        assert legend.x0 >= box.x1, make.__name__


def test_charts_start_at_zero():
    """No truncated y axis: small changes are not blown up."""
    model = dashboard.DashboardModel(scenario=TINY, seed=1, scale=1)
    for _ in range(6):
        model.step()
    for make in dashboard.CHARTS:
        assert make(model).axes[0].get_ylim()[0] == 0, make.__name__
