"""Matplotlib figures of results: jobs by sector, fan charts across seeds, the supply network,
scenario comparison bars, Sobol indices and a lever heat map (maps of job change: `maps`).

Every function returns a `matplotlib.figure.Figure` (no pyplot state, so figures can be made from
threads such as the dashboard's) with a title, axis labels with units, a legend and a source
line naming the scenario and seed(s). `save_figure` writes it as PNG and SVG.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from sim import __version__, codes
from sim.viz import intervals
from sim.viz.load import SPEND_COLUMNS, RegionInfo, RunData

#: Sector columns, labels and colours (Okabe-Ito palette: readable with colour blindness).
SECTORS = (
    ("jobs_oem", "OEM assembly", "#555555"),
    ("jobs_supplier_ice", "Suppliers: ICE-specific", "#D55E00"),
    ("jobs_supplier_ev", "Suppliers: EV-specific", "#0072B2"),
    ("jobs_supplier_agnostic", "Suppliers: drivetrain-agnostic", "#009E73"),
)
SPEND_LABELS = {
    "spend_aid": ("Retooling aid", "#E69F00"),
    "spend_procurement": ("Public procurement", "#56B4E9"),
    "spend_reskilling": ("Reskilling", "#009E73"),
    "spend_benefits": ("Unemployment benefits", "#CC79A7"),
}
GROUP_COLOURS = {"vehicles": "#555555", "ice": "#D55E00", "ev": "#0072B2", "agnostic": "#009E73"}


def source_line(scenario: str, seeds: Sequence[Any], extra: str = "") -> str:
    """'Source: autoregions 0.1.0, scenario 'tiny', seed 1' (seeds listed, or a range)."""

    seeds = [s for s in seeds if s is not None]
    if not seeds:
        seed_text = "seed unknown"
    elif len(seeds) == 1:
        seed_text = f"seed {seeds[0]}"
    elif len(seeds) <= 6 and all(abs(int(s)) < 10**6 for s in seeds):
        seed_text = "seeds " + ", ".join(str(s) for s in seeds)
    elif all(abs(int(s)) < 10**6 for s in seeds):
        seed_text = f"{len(seeds)} seeds ({min(seeds)}-{max(seeds)})"
    else:
        seed_text = f"{len(seeds)} seeds (listed in the results manifest)"
    text = f"Source: autoregions {__version__} simulation, scenario '{scenario}', {seed_text}"
    return f"{text}. {extra}" if extra else text


def _finish(fig: Figure, title: str, source: str, chars_per_inch: float = 17) -> Figure:
    """Add the title and the source line (wrapped to the figure width, never inside a code
    such as DE-REST, with room kept for it below the axes and legends)."""
    width_in, height_in = fig.get_size_inches()
    lines = textwrap.wrap(
        source, width=max(40, int(width_in * chars_per_inch)), break_on_hyphens=False
    )
    top = 1 - (0.42 + 0.24 * title.count("\n")) / height_in
    fig.suptitle(
        title, fontsize=13, fontweight="bold", x=0.01, y=1 - 0.08 / height_in, ha="left", va="top"
    )
    fig.text(0.01, 0.004, "\n".join(lines), fontsize=7.5, color="#444444", ha="left", va="bottom")
    bottom = (len(lines) * 9.5 + 6) / 72 / height_in
    engine = fig.get_layout_engine()
    below = [lg for lg in fig.legends if getattr(lg, "_outside_loc", None) == "lower"]
    if below:
        # constrained layout puts an "outside lower" legend at the very bottom of the figure,
        # on top of the source line: pin it just above the source line instead and keep the
        # axes above both
        fig.draw_without_rendering()
        legend_h = max(lg.get_window_extent().height for lg in below) / fig.bbox.height
        for lg in below:
            lg._outside_loc = None
            lg.set_loc("lower center")
            lg.set_bbox_to_anchor((0, bottom, 1, 0.1), transform=fig.transFigure)
        bottom += legend_h + 0.01
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, bottom, 1, top - bottom))
    return fig


def _thousands(ax: Any, axis: str = "y") -> None:
    fmt = FuncFormatter(lambda v, _: f"{v:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def fmt_value(value: float, digits: int = 3) -> str:
    """A number with thousands separators and about `digits` significant digits
    (4,845; 0.999; -12.5); '-' for NaN."""
    if not np.isfinite(value):
        return "-"
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - int(np.floor(np.log10(abs(value)))))
    return f"{value:,.{decimals}f}"


def _readable_ticks(ax: Any, axis: str = "y") -> None:
    """Tick labels with thousands separators and just enough decimals for the tick step."""

    target = ax.yaxis if axis == "y" else ax.xaxis

    def fmt(v: float, _: Any) -> str:
        locs = target.get_majorticklocs()
        step = float(np.min(np.diff(locs))) if len(locs) > 1 else abs(v) or 1.0
        # the fewest decimals that write the tick step exactly (2.5 -> 1, 0.25 -> 2)
        decimals = next(
            (d for d in range(7) if abs(step * 10**d - round(step * 10**d)) < 1e-6 * 10**d), 6
        )
        text = f"{v:,.{decimals}f}"
        return "0" if text.lstrip("-").strip("0.,") == "" else text

    target.set_major_formatter(FuncFormatter(fmt))


def save_figure(fig: Figure, stem: str | Path, dpi: int = 110) -> list[Path]:
    """Write `stem`.png and `stem`.svg; returns the two paths."""
    stem = Path(stem)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    fig.savefig(paths[0], dpi=dpi)
    fig.savefig(paths[1])
    return paths


def _top_regions(run: RunData, n: int) -> list[str]:
    """Region codes with the most jobs in the first quarter, largest first."""
    _, jobs = run.series("jobs_total")
    return sorted(jobs, key=lambda c: -jobs[c][0])[:n]


def jobs_by_sector(run: RunData, top: int = 8) -> Figure:
    """Small multiples: stacked automotive jobs by sector over time, one panel per region (the
    `top` largest; the rest summed in one panel)."""
    codes = _top_regions(run, top)
    rest = [c for c in run.region_codes if c not in codes]
    panels: list[tuple[str, list[str]]] = [(run.regions.label(c), [c]) for c in codes]
    if rest:
        panels.append((f"{len(rest)} other regions", rest))
    ncols = min(3, len(panels))
    nrows = int(np.ceil(len(panels) / ncols))
    fig = Figure(figsize=(4.2 * ncols, 2.9 * nrows + 1.1), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    series = {col: run.series(col) for col, _, _ in SECTORS}
    for ax, (label, members) in zip(axes.flat, panels, strict=False):
        times = series[SECTORS[0][0]][0]
        stacks = [sum(series[col][1][c] for c in members) for col, _, _ in SECTORS]
        ax.stackplot(times, stacks, colors=[c for _, _, c in SECTORS], linewidth=0)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("year")
        ax.set_ylabel("jobs (persons)")
        ax.margins(x=0)
        _thousands(ax)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(panels) :]:
        ax.set_visible(False)
    handles = [Patch(color=c, label=label) for _, label, c in SECTORS]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False)
    return _finish(
        fig,
        "Automotive jobs by region and sector (quarterly)",
        source_line(run.scenario, [run.seed]),
    )


def _band(
    values: np.ndarray, non_negative: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and its 95% interval over axis 0 (seeds): the reports' one interval definition;
    clipped at zero for quantities that cannot be negative (people, value, money)."""
    mean, lo, hi = intervals.band(values)
    if non_negative:
        lo = np.maximum(lo, 0.0)
    return mean, lo, hi


def from_zero(ax: Any) -> None:
    """Start the y axis at zero (or end it there for negative data), so that small changes are
    not blown up by a truncated axis."""
    lo, hi = ax.get_ylim()
    data_lo, data_hi = ax.dataLim.y0, ax.dataLim.y1
    if data_lo >= 0:
        ax.set_ylim(0, hi)
    elif data_hi <= 0:
        ax.set_ylim(lo, 0)


def jobs_fan(runs: Sequence[RunData]) -> Figure:
    """Fan charts across seeds: mean and its 95% interval of jobs in each sector, all jobs and
    the unemployed former automotive workers, summed over the simulated regions; the y axes
    start at zero."""
    panels = [("jobs_total", "All automotive jobs", "#000000"), *SECTORS]
    panels.append(("unemployed", "Unemployed former automotive workers", "#CC79A7"))
    fig = Figure(figsize=(12.5, 7.2), layout="constrained")
    axes = fig.subplots(2, 3, squeeze=False)
    for ax, (col, label, colour) in zip(axes.flat, panels, strict=True):
        times = runs[0].total(col)[0]
        values = np.array([r.total(col)[1] for r in runs])
        mid, lo, hi = _band(values)
        ax.fill_between(times, lo, hi, color=colour, alpha=0.25, linewidth=0)
        ax.plot(times, mid, color=colour, linewidth=1.8)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("year")
        ax.set_ylabel("persons")
        ax.margins(x=0)
        from_zero(ax)
        _thousands(ax)
        ax.grid(alpha=0.3)
    handles = [
        Line2D([], [], color="#333333", linewidth=1.8, label="mean over seeds"),
        Patch(color="#333333", alpha=0.25, label="95% interval of the mean"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
    return _finish(
        fig,
        f"Jobs across {len(runs)} seeds, all simulated regions (quarterly)",
        source_line(runs[0].scenario, [r.seed for r in runs]),
    )


def scenario_fans(groups: dict[str, Sequence[RunData]], source: str) -> Figure:
    """Fan charts of several scenarios on one set of axes per measure: for each scenario the
    mean over its seeds and its 95% interval, summed over the simulated regions (quarterly;
    y axes from zero).
    Panels: automotive jobs, unemployed former automotive workers, value added and, when every
    run has them, public spending."""
    runs = [r for g in groups.values() for r in g]
    panels = [
        ("jobs_total", "All automotive jobs", "persons"),
        ("unemployed", "Unemployed former automotive workers", "persons"),
        ("value_added", "Value added", "EUR million per quarter"),
    ]
    if all(r.has_spending() for r in runs):
        panels.append(
            ("spend_total", "Public spending (all policy lines)", "EUR million per quarter")
        )
    ncols = 2
    nrows = int(np.ceil(len(panels) / ncols))
    fig = Figure(figsize=(12.0, 3.6 * nrows + 1.3), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax, (col, label, unit) in zip(axes.flat, panels, strict=False):
        for i, members in enumerate(groups.values()):
            times = members[0].total("jobs_total")[0]
            if col == "spend_total":
                values = np.array([sum(r.total(c)[1] for c in SPEND_COLUMNS) for r in members])
            else:
                values = np.array([r.total(col)[1] for r in members])
            mid, lo, hi = _band(values)
            ax.fill_between(times, lo, hi, color=f"C{i}", alpha=0.2, linewidth=0)
            ax.plot(times, mid, color=f"C{i}", linewidth=1.8)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("year")
        ax.set_ylabel(unit)
        ax.margins(x=0)
        from_zero(ax)
        _readable_ticks(ax)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(panels) :]:
        ax.set_visible(False)
    handles: list[Any] = [
        Line2D([], [], color=f"C{i}", linewidth=1.8, label=name) for i, name in enumerate(groups)
    ]
    handles.append(
        Patch(color="#777777", alpha=0.3, label="95% interval of the mean over seeds (line: mean)")
    )
    fig.legend(
        handles=handles, loc="outside lower center", ncols=min(len(handles), 4), frameon=False
    )
    n = len(next(iter(groups.values())))
    return _finish(fig, f"Scenarios over time, {n} seeds each, all simulated regions", source)


def change_years(run: RunData) -> tuple[int, int]:
    """2025 -> 2035 when both are simulated, else the first and last simulated years."""
    years = set(run.table["year"].tolist())
    first, last = min(years), max(years)
    start = 2025 if 2025 in years else first
    end = 2035 if 2035 in years and start < 2035 else last
    return start, end


def spending(run: RunData) -> Figure:
    """Public spending by line over time (EUR million per quarter), all simulated regions."""
    fig = Figure(figsize=(9, 4.8), layout="constrained")
    ax = fig.subplots()
    times = run.total(SPEND_COLUMNS[0])[0]
    stacks = [run.total(c)[1] for c in SPEND_COLUMNS]
    ax.stackplot(
        times,
        stacks,
        labels=[SPEND_LABELS[c][0] for c in SPEND_COLUMNS],
        colors=[SPEND_LABELS[c][1] for c in SPEND_COLUMNS],
    )
    ax.set_xlabel("year")
    ax.set_ylabel("public spending (EUR million per quarter)")
    ax.legend(loc="upper left", frameon=False)
    ax.margins(x=0)
    ax.grid(alpha=0.3)
    return _finish(fig, "Public spending by policy line", source_line(run.scenario, [run.seed]))


def _group_class(group: str) -> str:
    if group == "vehicles":
        return "vehicles"
    index = codes.PRODUCT_GROUPS.index(group)
    return {1: "ice", 2: "ev", 3: "agnostic"}[codes.GROUP_SECTOR[index]]


def west_to_east(codes: Any, regions: RegionInfo) -> list[str]:
    """Region codes grouped by country, the countries ordered by the mean longitude of their
    regions and the regions within a country by their own longitude (from the regions table);
    a region without coordinates takes its country's mean, countries without any go last."""
    codes = sorted(codes)
    country = {c: regions.country.get(c) or c[:2] for c in codes}
    by_country: dict[str, list[float]] = {}
    for c in codes:
        if c in regions.lon:
            by_country.setdefault(country[c], []).append(regions.lon[c])
    mean = {k: float(np.mean(v)) for k, v in by_country.items()}
    far = float("inf")

    def key(c: str) -> tuple[float, str, float, str]:
        k = country[c]
        return (mean.get(k, far), k, regions.lon.get(c, mean.get(k, far)), c)

    return sorted(codes, key=key)


def network_figure(
    graph: Any, regions: RegionInfo, scenario: str, seed: Any, max_edges: int = 400
) -> Figure:
    """The supply network aggregated by region (columns, grouped by country) and tier (rows:
    OEM plants on top, tier-3 suppliers at the bottom).

    Each (region, tier) block is a stacked bar of its establishments by product class; a line
    joins two blocks when suppliers of one deliver to customers of the other, with a width
    growing with the number of links. Only the `max_edges` busiest block pairs are drawn.
    """
    counts: dict[tuple[str, int], dict[str, int]] = {}
    block_of = {}
    for node, attrs in graph.nodes(data=True):
        if not attrs.get("alive", True):
            continue
        key = (attrs["region"], int(attrs["tier"]))
        block_of[node] = key
        cls = _group_class(attrs["group"])
        counts.setdefault(key, {}).setdefault(cls, 0)
        counts[key][cls] += 1
    edges: dict[tuple[tuple[str, int], tuple[str, int]], int] = {}
    for a, b in graph.edges():
        if a in block_of and b in block_of:
            pair = (block_of[a], block_of[b])
            edges[pair] = edges.get(pair, 0) + 1
    region_codes = west_to_east({k[0] for k in counts}, regions)
    x_of = {c: i for i, c in enumerate(region_codes)}
    n = len(region_codes)
    fig = Figure(figsize=(max(9.0, 0.32 * n + 3), 7.2), layout="constrained")
    ax = fig.subplots()
    busiest = sorted(edges.items(), key=lambda kv: -kv[1])[:max_edges]
    top = max((v for _, v in busiest), default=1)
    for ((ra, ta), (rb, tb)), v in busiest:
        same = ra == rb
        ax.plot(
            [x_of[ra], x_of[rb]],
            [-ta, -tb],
            color="#1f4e79" if same else "#888888",
            alpha=0.55 if same else 0.25,
            linewidth=0.4 + 3.2 * np.sqrt(v / top),
            zorder=1,
        )
    largest = max(sum(v.values()) for v in counts.values())
    height = 0.7
    for (code, tier), by_class in counts.items():
        total = sum(by_class.values())
        width = 0.15 + 0.6 * np.sqrt(total / largest)
        y0 = -tier - height / 2
        for cls in ("vehicles", "ice", "ev", "agnostic"):
            share = by_class.get(cls, 0) / total
            if share:
                ax.bar(
                    x_of[code],
                    share * height,
                    width=width,
                    bottom=y0,
                    color=GROUP_COLOURS[cls],
                    edgecolor="white",
                    linewidth=0.3,
                    zorder=2,
                )
                y0 += share * height
    ax.set_yticks([0, -1, -2, -3], ["OEM plants", "tier 1", "tier 2", "tier 3"])
    ax.set_xticks(range(n), region_codes, rotation=90, fontsize=7 if n > 20 else 9)
    ax.set_xlim(-0.8, n - 0.2)
    ax.set_ylim(-3.6, 0.6)
    ax.set_xlabel(
        "region (grouped by country; countries and the regions within each ordered west to "
        "east by longitude)"
    )
    ax.set_ylabel("position in the supply chain (tier)")
    handles = [
        Patch(color=GROUP_COLOURS["vehicles"], label="OEM assembly plants"),
        Patch(color=GROUP_COLOURS["ice"], label="ICE-specific suppliers"),
        Patch(color=GROUP_COLOURS["ev"], label="EV-specific suppliers"),
        Patch(color=GROUP_COLOURS["agnostic"], label="drivetrain-agnostic suppliers"),
        Line2D([], [], color="#1f4e79", linewidth=2, label="links within a region"),
        Line2D([], [], color="#888888", linewidth=2, label="links between regions"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=8)
    n_nodes = sum(sum(v.values()) for v in counts.values())
    note = (
        f"{n_nodes:,} active establishments and {graph.number_of_edges():,} links; bar width "
        f"grows with the number of establishments; the {len(busiest)} busiest of "
        f"{len(edges)} block pairs are drawn."
    )
    return _finish(
        fig,
        "Supply network by region and tier (bar colours: share of establishments)",
        source_line(scenario, [seed], note),
    )


def comparison_bars(
    scenarios: Sequence[str],
    metrics: dict[str, tuple[str, Sequence[float], Sequence[float], Sequence[float]]],
    source: str,
    missing: dict[str, str] | None = None,
    title: str = "Scenarios compared with the same seeds",
) -> Figure:
    """One bar panel per metric: `metrics[key] = (axis label with unit, means, lows, highs)`,
    with one value per scenario and the interval drawn as an error bar. A NaN mean draws no
    bar but the text `missing[key]` (e.g. "no significant effect") at its place; a NaN
    interval draws no error bar."""
    missing = missing or {}
    n = len(metrics)
    longest = max((len(s) for s in scenarios), default=4)
    fig = Figure(
        figsize=(max(3.4, 0.75 * len(scenarios) + 1.6) * n + 0.6, 4.4 + 0.06 * longest),
        layout="constrained",
    )
    axes = fig.subplots(1, n, squeeze=False)[0]
    colours = [f"C{i}" for i in range(len(scenarios))]
    x = np.arange(len(scenarios))
    for ax, (key, (label, mean, low, high)) in zip(axes, metrics.items(), strict=True):
        mean, low, high = (np.asarray(v, dtype=float) for v in (mean, low, high))
        ok = np.isfinite(mean)
        ax.bar(x[ok], mean[ok], color=[c for c, k in zip(colours, ok, strict=True) if k])
        err = ok & np.isfinite(low) & np.isfinite(high)
        if err.any():
            ax.errorbar(
                x[err],
                mean[err],
                yerr=[mean[err] - low[err], high[err] - mean[err]],
                fmt="none",
                ecolor="black",
                capsize=4,
            )
        for i in np.flatnonzero(~ok):
            ax.text(
                x[i],
                0.5,
                "\n".join(textwrap.wrap(missing.get(key, "no value"), 12)),
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="center",
                fontsize=9,
                color="#444444",
                bbox={"facecolor": "#f3f3f3", "edgecolor": "#bbbbbb", "boxstyle": "round"},
            )
        ax.set_xticks(
            x, scenarios, rotation=20 if longest > 8 else 0, ha="right" if longest > 8 else "center"
        )
        ax.set_xlim(-0.6, len(scenarios) - 0.4)
        ax.set_ylabel("\n".join(textwrap.wrap(label, 42)))
        ax.set_xlabel("scenario")
        ax.axhline(0, color="black", linewidth=0.6)
        if ok.any():
            _readable_ticks(ax)
        else:
            ax.set_ylim(-1, 1)
            ax.set_yticks([0])
        ax.grid(axis="y", alpha=0.3)
    handles = [Patch(color=c, label=s) for c, s in zip(colours, scenarios, strict=True)]
    handles.append(
        Line2D([], [], color="black", marker="_", markersize=8, label="95% interval across seeds")
    )
    fig.legend(
        handles=handles, loc="outside lower center", ncols=min(len(handles), 4), frameon=False
    )
    return _finish(fig, title, source)


def _two_lines(key: str, width: int = 24) -> str:
    """A long dotted key split after its last dot ('electrification.\nmidpoint_year')."""
    if len(key) <= width or "." not in key:
        return key
    head, tail = key.rsplit(".", 1)
    return f"{head}.\n{tail}"


def sobol_bars(
    names: Sequence[str],
    first: Sequence[float],
    first_conf: Sequence[float],
    total: Sequence[float],
    total_conf: Sequence[float],
    outcome: str,
    source: str,
) -> Figure:
    """First-order and total Sobol indices per input with their confidence intervals, largest
    total index first. The axis spans -0.2 to 1.2 at most: error bars that reach past it (too
    few samples) end in an arrow at the edge."""
    first, first_conf, total, total_conf = (
        np.asarray(v, dtype=float) for v in (first, first_conf, total, total_conf)
    )
    order = np.argsort(-np.nan_to_num(total, nan=-np.inf), kind="stable")
    y = np.arange(len(names))
    labels = [_two_lines(str(names[i])) for i in order]
    fig = Figure(figsize=(8.8, 1.9 + 0.62 * len(names)), layout="constrained")
    ax = fig.subplots()
    values = np.concatenate(
        [first - first_conf, first + first_conf, total - total_conf, total + total_conf, [0.0, 1.0]]
    )
    values = values[np.isfinite(values)]
    lo, hi = max(-0.2, float(values.min()) - 0.05), min(1.2, float(values.max()) + 0.05)
    h = 0.38
    clipped = False
    for offset, value, conf, colour, label in (
        (-h / 2, first, first_conf, "#0072B2", "first-order index S1 (this input alone)"),
        (h / 2, total, total_conf, "#E69F00", "total index ST (with its interactions)"),
    ):
        v, c = value[order], conf[order]
        ax.barh(y + offset, v, h, color=colour, label=label)
        left, right, mid = np.clip(v - c, lo, hi), np.clip(v + c, lo, hi), np.clip(v, lo, hi)
        ax.errorbar(
            mid,
            y + offset,
            xerr=[np.maximum(mid - left, 0), np.maximum(right - mid, 0)],
            fmt="none",
            ecolor="black",
            capsize=3,
            linewidth=1,
        )
        for yy, vv, cc in zip(y + offset, v, c, strict=True):
            if vv + cc > hi:
                ax.annotate("", (hi, yy), (hi - 0.06, yy), arrowprops={"arrowstyle": "->"})
                clipped = True
            if vv - cc < lo:
                ax.annotate("", (lo, yy), (lo + 0.06, yy), arrowprops={"arrowstyle": "->"})
                clipped = True
    ax.set_xlim(lo, hi)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_yticks(y, labels, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(f"share of the variance of {outcome} (0-1)")
    ax.set_ylabel("input")
    ax.grid(axis="x", alpha=0.3)
    handles, texts = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color="black", marker="_", markersize=8))
    texts.append("95% interval" + (" (arrow: runs past the axis)" if clipped else ""))
    fig.legend(handles, texts, loc="outside lower center", ncols=3, frameon=False, fontsize=8.5)
    return _finish(fig, f"Sensitivity of {outcome} (Sobol indices)", source)


def lever_heatmap(
    x_label: str,
    x_values: Sequence[float],
    y_label: str,
    y_values: Sequence[float],
    grid: np.ndarray,
    outcome: str,
    source: str,
) -> Figure:
    """An outcome (rows: y values, columns: x values) as a heat map with the values written in;
    NaN cells (no finished run) are grey and marked 'no runs'."""
    grid = np.asarray(grid, dtype=float)
    nx, ny = len(x_values), len(y_values)
    fig = Figure(
        figsize=(max(7.0, 1.0 * nx + 4.2), max(4.6, 0.55 * ny + 3.0)), layout="constrained"
    )
    ax = fig.subplots()
    finite = grid[np.isfinite(grid)]
    vmin, vmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if vmin == vmax:
        vmin, vmax = vmin - 0.5, vmax + 0.5
    masked = np.ma.masked_invalid(grid)

    cmap = colormaps["viridis"].with_extremes(bad="#dddddd")
    im = ax.imshow(masked, origin="lower", aspect="auto", cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks(range(nx), [f"{float(v):.6g}" for v in x_values])
    ax.set_yticks(range(ny), [f"{float(v):.6g}" for v in y_values])
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    digits = 4 if finite.size and np.ptp(finite) < 1e-3 * max(abs(finite).max(), 1e-12) else 3
    for (i, j), v in np.ndenumerate(grid):
        dark = np.isfinite(v) and (v - vmin) / (vmax - vmin) < 0.55
        ax.text(
            j,
            i,
            fmt_value(v, max(digits, 4)) if np.isfinite(v) else "no runs",
            ha="center",
            va="center",
            fontsize=9 if nx <= 8 else 7,
            color="white" if dark else "black",
        )
    cbar = fig.colorbar(im, ax=ax)
    cbar.set_label("\n".join(textwrap.wrap(outcome, 40)))
    _readable_ticks(cbar.ax)
    title = f"{outcome} by {x_label.split(' (')[0]} and {y_label.split(' (')[0]}"
    return _finish(fig, "\n".join(textwrap.wrap(title, 70)), source)
