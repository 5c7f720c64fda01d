"""The interactive dashboard: Mesa's SolaraViz with lever sliders and live charts.

`autoregions dashboard [SCENARIO]` runs `serve`, which starts `solara run sim.viz.app` with the
scenario, scale and seed in environment variables; `sim.viz.app` builds the page with
`make_page`. The sliders come from `LEVERS`: a lever whose scenario key the installed schema does
not have (the policy levers are still to come) is simply left out, and its label is listed under
the charts.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure

from sim.data import read_regions
from sim.model import TransitionModel
from sim.outputs.columns import REGION_COLUMNS
from sim.outputs.tables import decimal_time
from sim.scale import MAX_CHECKED_SCALE, describe
from sim.scenario import Scenario, load_scenario
from sim.viz import maps, plots
from sim.viz.assets import CACHE, have_assets
from sim.viz.geo import BOUNDARY_SOURCE, load_boundaries
from sim.viz.plots import SECTORS

#: Aim for at most this many worker agents, so that a step takes well under a second.
DASHBOARD_WORKER_AGENTS = 20_000
ENV_SCENARIO, ENV_SCALE, ENV_SEED = "AUTOREGIONS_SCENARIO", "AUTOREGIONS_SCALE", "AUTOREGIONS_SEED"
TINY = Path(__file__).resolve().parents[2] / "scenarios" / "tiny.toml"


@dataclass(frozen=True)
class Lever:
    """A slider: its keyword name, the scenario key it needs (dotted), label, range, and how a
    slider value becomes scenario overrides."""

    name: str
    key: str
    label: str
    low: float
    high: float
    step: float
    integer: bool = False

    def current(self, spec: Scenario) -> float:
        """The scenario's own value of this lever (where the slider starts)."""
        value = _get(spec, self.key)
        if self.name == "procurement_budget":
            return 0.0  # the slider adds a programme on top of the scenario's own
        if self.name == "reskilling_capacity":
            return float(value.get("ALL", 0)) if isinstance(value, dict) else 0.0
        return float(value)

    def overrides(self, value: float, spec: Scenario) -> dict[str, Any]:
        """Scenario overrides for a slider value; none when it equals the scenario's value."""
        if value == self.current(spec):
            return {}
        if self.name == "midpoint_year":
            return {"electrification.mode": "logistic", self.key: float(value)}
        if self.name == "procurement_budget":
            extra = {
                "area": "EU",
                "budget_eur_per_year": float(value) * 1e6,
                "start_year": spec.time.start_year,
                "end_year": spec.time.end_year,
            }
            own = [p.model_dump(mode="json") for p in spec.procurement.programmes]
            return {self.key: [*own, extra]}
        if self.name == "aid_rate":
            out: dict[str, Any] = {self.key: float(value)}
            if not spec.aid.budgets:
                out["aid.budgets"] = {"EU": AID_POOL_EUR}
            return out
        if self.name == "reskilling_capacity":
            return {self.key: {"ALL": int(value)}}
        return {self.key: int(value) if self.integer else float(value)}


#: EU aid pool set by the aid slider when the scenario has no aid budget: large enough never to
#: bind in a dashboard run (the slider is about the rate, not the budget).
AID_POOL_EUR = 1e12

#: Slider candidates, each shown only when the installed scenario schema has its key.
LEVERS: tuple[Lever, ...] = (
    Lever(
        "midpoint_year",
        "electrification.midpoint_year",
        "BEV midpoint year",
        2026.0,
        2045.0,
        0.5,
    ),
    Lever(
        "procurement_budget",
        "procurement.programmes",
        "Procurement EUR m/yr",
        0.0,
        5000.0,
        100.0,
    ),
    Lever(
        "aid_rate",
        "aid.subsidy_rate",
        "Aid rate (share)",
        0.0,
        1.0,
        0.05,
    ),
    Lever(
        "reskilling_capacity",
        "reskilling.places_per_quarter",
        "Reskilling places",
        0.0,
        500.0,
        5.0,
        integer=True,
    ),
)


def schema_has(key: str) -> bool:
    """Whether a dotted scenario key exists in the installed scenario schema."""
    model: Any = Scenario
    for part in key.split("."):
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return False
        model = fields[part].annotation
    return True


def available_levers() -> list[Lever]:
    """The levers whose scenario keys exist in this version."""
    return [lever for lever in LEVERS if schema_has(lever.key)]


def missing_levers() -> list[Lever]:
    """The levers left out because their scenario keys do not exist yet."""
    return [lever for lever in LEVERS if not schema_has(lever.key)]


def _get(spec: Scenario, key: str) -> Any:
    value: Any = spec
    for part in key.split("."):
        value = getattr(value, part)
    return value


def auto_scale(spec: Scenario) -> int:
    """The scale for the dashboard: about DASHBOARD_WORKER_AGENTS workers per agent-group,
    but never coarser than the largest scale checked for accuracy (sim.scale). Every firm
    keeps at least 20 agents, so the EU set still has about 570,000 agents."""

    r = spec.regions
    table = read_regions(r.file, r.include, r.job_scale)
    jobs = float(np.sum(table.jobs_assembly) + np.sum(table.jobs_parts))
    return min(MAX_CHECKED_SCALE, max(1, math.ceil(jobs / DASHBOARD_WORKER_AGENTS)))


class DashboardModel(TransitionModel):
    """A TransitionModel built from a scenario file plus lever values (keyword arguments named
    after `LEVERS`), so that SolaraViz can rebuild it from its sliders."""

    def __init__(
        self,
        *,
        scenario: str | Path = TINY,
        seed: int | None = None,
        scale: int = 1,
        **kwargs: float,
    ) -> None:
        by_name = {lever.name: lever for lever in LEVERS}
        # SolaraViz only passes extra keyword arguments to a parameter named `kwargs`
        levers = kwargs
        unknown = [n for n in levers if n not in by_name]
        if unknown:
            raise ValueError(f"unknown lever(s) {', '.join(unknown)}")
        spec = base = load_scenario(scenario)
        overrides: dict[str, Any] = {}
        for n, v in levers.items():
            overrides.update(by_name[n].overrides(v, spec))
        if overrides:
            spec = load_scenario(scenario, overrides=overrides)
        #: every available slider's value in this run (the scenario's own where not given)
        self.lever_values: dict[str, float] = {
            lever.name: float(levers.get(lever.name, lever.current(base)))
            for lever in available_levers()
        }
        self.dashboard_seed = base.seed if seed is None else seed
        super().__init__(scenario=spec, seed=seed, scale=scale)


def model_params(scenario: str | Path, scale: int, seed: int | None) -> dict[str, Any]:
    """SolaraViz `model_params`: fixed scenario and scale, a seed slider and a slider per
    available lever, starting at the scenario's own value."""
    # lazy: solara and mesa's visualisation are an optional extra (viz)
    from mesa.visualization import Slider

    spec = load_scenario(scenario)
    start_seed = spec.seed if seed is None else seed
    params: dict[str, Any] = {
        "scenario": str(scenario),
        "scale": scale,
        "seed": Slider("Random seed", value=start_seed, min=0, max=max(99, start_seed), step=1),
    }
    for lever in available_levers():
        value = lever.current(spec)
        params[lever.name] = Slider(
            lever.label,
            value=int(value) if lever.integer else value,
            min=min(lever.low, value),
            max=max(lever.high, value),
            step=lever.step,
            dtype=int if lever.integer else float,
        )
    return params


# ---------------------------------------------------------------------- live charts
def _time_axis(model: TransitionModel) -> np.ndarray:
    done = model.quarter_index
    return decimal_time(model.years[:done], model.quarters[:done])


def _empty(ax: Any, model: TransitionModel) -> None:
    ax.text(0.5, 0.5, "press Step or Play", ha="center", va="center", transform=ax.transAxes)


def _figure(title: str, model: TransitionModel) -> tuple[Figure, Any]:
    fig = Figure(figsize=(6.2, 3.6), layout="constrained")
    ax = fig.subplots()
    done = model.quarter_index
    when = f"{int(model.years[done - 1])} Q{int(model.quarters[done - 1])}" if done else "start"
    ax.set_title(f"{title} (up to {when})", fontsize=10)
    ax.set_xlabel("year")
    ax.set_xlim(float(model.years[0]), float(model.years[-1]) + 1)
    ax.grid(alpha=0.3)
    return fig, ax


def _legend(fig: Figure, ax: Any) -> None:
    """The legend beside the axes, never on the lines; the y axis from zero."""
    plots.from_zero(ax)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside right upper", fontsize=7, frameon=False)


def settings_text(model: DashboardModel) -> str:
    """The settings of the run on screen, in words: the seed and every slider's value (the
    sliders themselves show a value only while dragged)."""
    by_name = {lever.name: lever for lever in LEVERS}
    parts = [f"seed {model.dashboard_seed}"]
    for name, value in model.lever_values.items():
        lever = by_name[name]
        if name == "aid_rate":
            shown = f"{100 * value:.0f}%"
        elif name == "midpoint_year":
            shown = f"{value:g}"
        elif lever.integer or float(value).is_integer():
            shown = f"{value:,.0f}"
        else:
            shown = f"{value:g}"
        parts.append(f"{lever.label}: {shown}")
    return "This run: " + "; ".join(parts) + " (move a slider, then press Reset to apply it)."


def _column(model: TransitionModel, name: str) -> np.ndarray:
    """Quarters done x regions of one results column."""
    return model.history[: model.quarter_index, :, REGION_COLUMNS.index(name)]


def jobs_by_region_figure(model: TransitionModel, top: int = 8) -> Figure:
    """Automotive jobs of the largest regions over the quarters simulated so far."""
    fig, ax = _figure("Automotive jobs by region", model)
    ax.set_ylabel("jobs (persons)")
    if model.quarter_index == 0:
        _empty(ax, model)
        return fig
    jobs = _column(model, "jobs_total")
    order = np.argsort(-jobs[0])[:top]
    t = _time_axis(model)
    for i in order:
        ax.plot(
            t,
            jobs[:, i],
            marker="o" if len(t) < 3 else None,
            label=f"{model.regions.name[i]} ({model.regions.code[i]})",
        )
    _legend(fig, ax)
    return fig


def jobs_by_sector_figure(model: TransitionModel) -> Figure:
    """Jobs of all simulated regions by sector, stacked."""
    fig, ax = _figure("Jobs by sector, all regions", model)
    ax.set_ylabel("jobs (persons)")
    if model.quarter_index == 0:
        _empty(ax, model)
        return fig
    t = _time_axis(model)
    stacks = [_column(model, col).sum(axis=1) for col, _, _ in SECTORS]
    ax.stackplot(
        t, stacks, labels=[label for _, label, _ in SECTORS], colors=[c for _, _, c in SECTORS]
    )
    _legend(fig, ax)
    return fig


def unemployment_figure(model: TransitionModel) -> Figure:
    """Unemployed former automotive workers and people in retraining."""
    fig, ax = _figure("Former automotive workers out of work", model)
    ax.set_ylabel("persons")
    if model.quarter_index == 0:
        _empty(ax, model)
        return fig
    t = _time_axis(model)
    ax.plot(t, _column(model, "unemployed").sum(axis=1), color="#CC79A7", label="unemployed")
    ax.plot(t, _column(model, "retraining").sum(axis=1), color="#009E73", label="in retraining")
    _legend(fig, ax)
    return fig


def value_added_figure(model: TransitionModel) -> Figure:
    """Value added of all simulated regions, by sector (EUR million per quarter)."""
    fig, ax = _figure("Value added, all regions", model)
    ax.set_ylabel("EUR million per quarter")
    if model.quarter_index == 0:
        _empty(ax, model)
        return fig
    t = _time_axis(model)
    columns = ("va_oem", "va_supplier_ice", "va_supplier_ev", "va_supplier_agnostic")
    stacks = [_column(model, c).sum(axis=1) for c in columns]
    ax.stackplot(
        t, stacks, labels=[label for _, label, _ in SECTORS], colors=[c for _, _, c in SECTORS]
    )
    _legend(fig, ax)
    return fig


def job_change_map_figure(model: TransitionModel) -> Figure:
    """Each region's change in jobs from the first quarter to the latest one simulated, on the
    NUTS-2 map (red: loss, blue: gain, on a scale centred on 0)."""

    fig = Figure(figsize=(6.2, 5.4), layout="constrained")
    FigureCanvasAgg(fig)  # the map places its labels with the renderer's text sizes
    ax = fig.subplots()
    done = model.quarter_index
    first = f"{int(model.years[0])} Q{int(model.quarters[0])}"
    when = f"{int(model.years[done - 1])} Q{int(model.quarters[done - 1])}" if done else "start"
    ax.set_title(f"Job change by region since {first} (up to {when})", fontsize=10)
    codes = [str(c) for c in model.regions.code]
    change = dict.fromkeys(codes, float("nan"))
    if done:
        jobs = _column(model, "jobs_total")
        for i, code in enumerate(codes):
            if jobs[0, i] > 0:
                change[code] = 100.0 * (jobs[-1, i] - jobs[0, i]) / jobs[0, i]
    lim = maps.symmetric_limit(list(change.values()))
    norm = TwoSlopeNorm(vmin=-lim, vcenter=0.0, vmax=lim)
    boundaries = load_boundaries()
    coloured = maps.draw_panel(ax, change, norm, boundaries)
    cbar = fig.colorbar(coloured, ax=ax, shrink=0.75)
    cbar.set_label(f"job change since {first}, %")
    cbar.ax.yaxis.set_major_formatter(maps.percent_ticks(lim))
    maps.grey_legend(ax, 6)
    if not done:
        ax.text(
            0.5, 0.5, "press Step or Play", ha="center", va="center", transform=ax.transAxes,
            bbox={"facecolor": "white", "edgecolor": "#999999"}, zorder=7,
        )  # fmt: skip
    missing = maps.unmapped([maps.MapPanel("", change)], boundaries)
    note = maps.unmapped_note(missing, single=True) if done else ""
    fig.text(
        0.01, 0.005, maps.wrap_note(f"{note} {BOUNDARY_SOURCE}".strip(), 110), fontsize=6.5,
        color="#444444", ha="left", va="bottom",
    )  # fmt: skip
    fig.get_layout_engine().set(rect=(0, 0.05 + 0.02 * note.count(","), 1, 0.95))
    maps.label_regions(ax, change, boundaries, 6.0, maps.MAX_LABELS)
    return fig


LEVER_HELP = """
**Sliders** (press Reset to start a new run with them): *BEV midpoint year*: the year in which
half of new cars are battery-electric (S-curve). *Procurement EUR m/yr*: an extra EU-wide
clean-vehicle purchase programme over the whole run. *Aid rate*: share of firms' EV retooling
investment paid by public aid (from an EU pool). *Reskilling places*: training places per region
and quarter. Charts: all simulated regions unless named.
"""

CHARTS = (jobs_by_region_figure, jobs_by_sector_figure, unemployment_figure, value_added_figure)


def make_page(scenario: str | Path, scale: int | None = None, seed: int | None = None) -> Any:
    """The SolaraViz page for a scenario (a fresh model for each browser session).

    SolaraViz draws the controls (play, step, reset, sliders); the charts are drawn here in a
    grid below it rather than through its `components` tabs, which need the ipyvuetify 1 API
    (`TabsItems`) that ipyvuetify 3 no longer has. They redraw on Mesa's update counter, which
    the controls advance after each step.
    """
    # lazy: solara and mesa's visualisation are an optional extra (viz)
    import solara
    from mesa.visualization import SolaraViz
    from mesa.visualization.utils import update_counter

    spec = load_scenario(scenario)
    scale = auto_scale(spec) if scale is None else scale
    params = model_params(scenario, scale, seed)
    start = {k: (v.value if hasattr(v, "value") else v) for k, v in params.items()}
    missing = ", ".join(lever.label for lever in missing_levers())
    title = f"autoregions: {spec.name} (one agent: up to {scale} worker{'s' if scale > 1 else ''})"

    @solara.component
    def Charts(model: solara.Reactive[TransitionModel]) -> None:  # noqa: N802 (Solara naming)
        update_counter.get()  # redraw after every step and reset
        solara.Markdown(settings_text(model.value))
        with solara.ColumnsResponsive(12, large=6):
            for make in (*CHARTS, job_change_map_figure):
                solara.FigureMatplotlib(make(model.value), format="png", dpi=90)

    @solara.component
    def Page() -> None:  # noqa: N802 (Solara looks for a component named Page)
        model = solara.use_reactive(solara.use_memo(lambda: DashboardModel(**start), []))
        SolaraViz(model, components=[], model_params=params, name=title, play_interval=150)
        Charts(model)
        solara.Markdown(LEVER_HELP)
        if missing:
            solara.Info(f"Sliders not available in this version of the model: {missing}.")

    return Page


def serve(
    scenario: str | Path,
    *,
    scale: int | None = None,
    seed: int | None = None,
    host: str = "127.0.0.1",
    port: int = 8765,
    open_browser: bool = True,
) -> int:
    """Check the scenario, then run the Solara server until interrupted; returns its exit code."""
    spec = load_scenario(scenario)  # a bad scenario fails here, in one line
    scale = auto_scale(spec) if scale is None else scale
    env = dict(os.environ)
    env[ENV_SCENARIO] = str(Path(scenario).resolve())
    env[ENV_SCALE] = str(scale)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")

    if have_assets(CACHE):  # serve Solara's page assets from the local cache, not a CDN
        env.setdefault("SOLARA_ASSETS_PROXY_CACHE_DIR", str(CACHE))
    if seed is not None:
        env[ENV_SEED] = str(seed)
    cmd = [
        sys.executable, "-m", "solara", "run", "sim.viz.app",
        "--host", host, "--port", str(port), "--open" if open_browser else "--no-open",
    ]  # fmt: skip
    print(f"dashboard for {spec.name} at http://{host}:{port} ({describe(scale)}); "
          "Ctrl-C stops it")  # fmt: skip
    sys.stdout.flush()
    # the server replaces this process, so signals (Ctrl-C, a test's terminate) reach it directly
    os.execve(sys.executable, cmd, env)
    return 0  # not reached
