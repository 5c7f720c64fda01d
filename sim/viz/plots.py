"""Matplotlib figures of results: jobs by sector, fan charts across seeds, a map of job change,
the supply network, scenario comparison bars, Sobol indices and a lever heat map.

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
from matplotlib import patheffects
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.summary import annual
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
    from sim import __version__

    seeds = [s for s in seeds if s is not None]
    if not seeds:
        seed_text = "seed unknown"
    elif len(seeds) == 1:
        seed_text = f"seed {seeds[0]}"
    elif len(seeds) <= 6:
        seed_text = "seeds " + ", ".join(str(s) for s in seeds)
    else:
        seed_text = f"{len(seeds)} seeds ({min(seeds)}-{max(seeds)})"
    text = f"Source: autoregions {__version__} simulation, scenario '{scenario}', {seed_text}"
    return f"{text}. {extra}" if extra else text


def _finish(fig: Figure, title: str, source: str) -> Figure:
    """Add the title and the source line (wrapped to the figure width, with room kept for it
    below the axes and legends)."""
    width_in, height_in = fig.get_size_inches()
    lines = textwrap.wrap(source, width=max(40, int(width_in * 17)))
    top = 1 - 0.42 / height_in
    fig.suptitle(
        title, fontsize=13, fontweight="bold", x=0.01, y=1 - 0.08 / height_in, ha="left", va="top"
    )
    fig.text(0.01, 0.004, "\n".join(lines), fontsize=7.5, color="#444444", ha="left", va="bottom")
    bottom = (len(lines) * 9.5 + 6) / 72 / height_in
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, bottom, 1, top - bottom))
    return fig


def _thousands(ax: Any, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _: f"{v:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


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


def _band(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median and the 5th-95th percentile band over axis 0 (seeds)."""
    return (
        np.median(values, axis=0),
        np.percentile(values, 5, axis=0),
        np.percentile(values, 95, axis=0),
    )


def jobs_fan(runs: Sequence[RunData]) -> Figure:
    """Fan charts across seeds: median and 90% band of jobs in each sector, all jobs and the
    unemployed former automotive workers, summed over the simulated regions."""
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
        _thousands(ax)
        ax.grid(alpha=0.3)
    handles = [
        Line2D([], [], color="#333333", linewidth=1.8, label="median across seeds"),
        Patch(color="#333333", alpha=0.25, label="90% band (5th-95th percentile)"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
    return _finish(
        fig,
        f"Jobs across {len(runs)} seeds, all simulated regions (quarterly)",
        source_line(runs[0].scenario, [r.seed for r in runs]),
    )


def region_change(run: RunData, start: int, end: int) -> dict[str, tuple[float, float]]:
    """Per region: (annual mean jobs in `start`, change to `end` in %)."""
    jobs = annual(run.table, "jobs_total", "mean")
    out = {}
    for code in run.region_codes:
        a, b = jobs.get((code, start)), jobs.get((code, end))
        if a is None or b is None:
            continue
        out[code] = (a, 100.0 * (b - a) / a if a > 0 else 0.0)
    return out


def change_years(run: RunData) -> tuple[int, int]:
    """2025 -> 2035 when both are simulated, else the first and last simulated years."""
    years = set(run.table["year"].tolist())
    first, last = min(years), max(years)
    start = 2025 if 2025 in years else first
    end = 2035 if 2035 in years and start < 2035 else last
    return start, end


def job_change_map(run: RunData) -> Figure:
    """Regions placed at their coordinates (longitude, latitude), sized by start-year jobs and
    coloured by the change in jobs between two years (2025 -> 2035 when simulated)."""
    start, end = change_years(run)
    change = region_change(run, start, end)
    info: RegionInfo = run.regions
    codes = [c for c in change if c in info.lat and c in info.lon]
    fig = Figure(figsize=(9.5, 7.6), layout="constrained")
    ax = fig.subplots()
    if not codes:
        ax.text(0.5, 0.5, "no region coordinates available", ha="center", transform=ax.transAxes)
    else:
        lon = np.array([info.lon[c] for c in codes])
        lat = np.array([info.lat[c] for c in codes])
        pct = np.array([change[c][1] for c in codes])
        jobs = np.array([change[c][0] for c in codes])
        lim = max(5.0, float(np.abs(pct).max()))
        norm = TwoSlopeNorm(vmin=-lim, vcenter=0.0, vmax=lim)
        size = 40 + 900 * np.sqrt(jobs / jobs.max())
        sc = ax.scatter(
            lon, lat, s=size, c=pct, cmap="RdBu", norm=norm, edgecolor="#333333", linewidth=0.6
        )
        halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
        for c, x, y, area in zip(codes, lon, lat, size, strict=True):
            ax.annotate(
                c,
                (x, y),
                path_effects=halo,
                xytext=(0, -np.sqrt(area) / 2 - 1),
                textcoords="offset points",
                fontsize=7,
                ha="center",
                va="top",
            )
        cbar = fig.colorbar(sc, ax=ax, shrink=0.8)
        cbar.set_label(f"change in automotive jobs {start} to {end} (%)")
        ax.set_aspect(1.0 / np.cos(np.radians(float(np.mean(lat)))))
        ax.margins(0.08)
        sizes = [jobs.max() / 16, jobs.max() / 4, jobs.max()]
        handles = [
            ax.scatter(
                [],
                [],
                s=40 + 900 * np.sqrt(v / jobs.max()),
                color="#bbbbbb",
                edgecolor="#333333",
                label=f"{v:,.0f} jobs in {start}",
            )
            for v in sizes
        ]
        ax.legend(
            handles=handles,
            loc="upper left",
            labelspacing=2.2,
            borderpad=1.2,
            handletextpad=1.6,
            title="circle area",
            fontsize=8,
            title_fontsize=8,
            framealpha=0.8,
        )
    ax.set_xlabel("longitude (degrees east)")
    ax.set_ylabel("latitude (degrees north)")
    ax.grid(alpha=0.3)
    return _finish(
        fig,
        f"Change in automotive jobs by region, {start} to {end} (annual means)",
        source_line(run.scenario, [run.seed], "Positions are region centres; no map background."),
    )


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
    from sim import codes

    if group == "vehicles":
        return "vehicles"
    index = codes.PRODUCT_GROUPS.index(group)
    return {1: "ice", 2: "ev", 3: "agnostic"}[codes.GROUP_SECTOR[index]]


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
    region_codes = sorted(
        {k[0] for k in counts},
        key=lambda c: (regions.country.get(c, c[:2]), regions.lon.get(c, 0.0), c),
    )
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
    ax.set_xlabel("region (grouped by country, west to east)")
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
) -> Figure:
    """One bar panel per metric: `metrics[key] = (axis label with unit, means, lows, highs)`,
    with one value per scenario and the interval drawn as an error bar."""
    n = len(metrics)
    fig = Figure(figsize=(4.0 * n + 1, 4.6), layout="constrained")
    axes = fig.subplots(1, n, squeeze=False)[0]
    colours = [f"C{i}" for i in range(len(scenarios))]
    for ax, (_key, (label, mean, low, high)) in zip(axes, metrics.items(), strict=True):
        mean, low, high = (np.asarray(v, dtype=float) for v in (mean, low, high))
        x = np.arange(len(scenarios))
        ax.bar(x, mean, color=colours)
        ax.errorbar(x, mean, yerr=[mean - low, high - mean], fmt="none", ecolor="black", capsize=4)
        ax.set_xticks(x, scenarios, rotation=20, ha="right")
        ax.set_ylabel(label)
        ax.set_xlabel("scenario")
        ax.axhline(0, color="black", linewidth=0.6)
        _thousands(ax)
        ax.grid(axis="y", alpha=0.3)
    handles = [Patch(color=c, label=s) for c, s in zip(colours, scenarios, strict=True)]
    handles.append(Line2D([], [], color="black", marker="|", label="95% interval across seeds"))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)
    return _finish(fig, "Scenarios compared with the same seeds", source)


def sobol_bars(
    names: Sequence[str],
    first: Sequence[float],
    first_conf: Sequence[float],
    total: Sequence[float],
    total_conf: Sequence[float],
    outcome: str,
    source: str,
) -> Figure:
    """First-order and total Sobol indices per input with their confidence intervals."""
    order = np.argsort(-np.asarray(total, dtype=float))
    y = np.arange(len(names))
    fig = Figure(figsize=(8.5, 1.2 + 0.45 * len(names)), layout="constrained")
    ax = fig.subplots()
    h = 0.38
    ax.barh(
        y - h / 2,
        np.asarray(first)[order],
        h,
        xerr=np.asarray(first_conf)[order],
        color="#0072B2",
        label="first-order index S1",
        capsize=3,
    )
    ax.barh(
        y + h / 2,
        np.asarray(total)[order],
        h,
        xerr=np.asarray(total_conf)[order],
        color="#E69F00",
        label="total index ST",
        capsize=3,
    )
    ax.set_yticks(y, [names[i] for i in order])
    ax.invert_yaxis()
    ax.set_xlabel(f"share of the variance of {outcome} (0-1)")
    ax.set_ylabel("input")
    ax.legend(loc="lower right", frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return _finish(fig, f"Sensitivity of {outcome} (Sobol indices, 95% intervals)", source)


def lever_heatmap(
    x_label: str,
    x_values: Sequence[float],
    y_label: str,
    y_values: Sequence[float],
    grid: np.ndarray,
    outcome: str,
    source: str,
) -> Figure:
    """An outcome (rows: y values, columns: x values) as a heat map with the values written in."""
    grid = np.asarray(grid, dtype=float)
    fig = Figure(
        figsize=(1.2 + 0.9 * len(x_values) + 2, 1.2 + 0.6 * len(y_values) + 1), layout="constrained"
    )
    ax = fig.subplots()
    im = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(len(x_values)), [f"{v:g}" for v in x_values])
    ax.set_yticks(range(len(y_values)), [f"{v:g}" for v in y_values])
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    mid = np.nanmean(grid)
    for (i, j), v in np.ndenumerate(grid):
        ax.text(
            j,
            i,
            f"{v:,.0f}",
            ha="center",
            va="center",
            fontsize=8,
            color="white" if v < mid else "black",
        )
    fig.colorbar(im, ax=ax).set_label(outcome)
    return _finish(fig, f"{outcome} over two levers", source)
