"""Choropleth maps of the change in automotive jobs by NUTS-2 region.

One panel per scenario, all panels on one colour scale centred on 0 % (red: loss, blue: gain).
Regions with a boundary but no results are grey ("not simulated"); results without a boundary
(rest-of-country rows such as DE-REST, or outermost regions outside the frame) are listed in a
note on the figure, with their change when there is a single panel.
"""

from __future__ import annotations

import os
import tempfile
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import colormaps, patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from sim.errors import ResultsError, UserError
from sim.io_safety import as_user_file, check_output_file, written_by_autoregions
from sim.outputs.measures import job_change
from sim.viz.geo import (
    BOUNDARY_SOURCE,
    Boundary,
    country_borders,
    frame,
    load_boundaries,
    spread_to_nuts2,
)
from sim.viz.load import ComparisonData, RunData, folder_kind, load_comparison, load_run
from sim.viz.plots import _finish, source_line

NO_DATA = "#c4c4c4"
OUTSIDE_EU = "#ededed"
CMAP = "RdBu"
MINUS = "\u2212"  # a true minus sign for figures
#: The regions with the largest changes (this many in a single map, half as many in each of
#: several) are labelled with their codes.
MAX_LABELS = 12


@dataclass
class MapPanel:
    """One map: a title and the change in % per region code (NaN: no value)."""

    title: str
    change: dict[str, float]


@dataclass
class MapFigure:
    """The figure and what it could not show: codes of results rows without a boundary in the
    frame, with each panel's change (NaN when unknown)."""

    figure: Figure
    norm: TwoSlopeNorm
    unmapped: dict[str, list[float]] = field(default_factory=dict)


def run_change(run: RunData, start: int, end: int) -> dict[str, float]:
    """A run's change of annual mean jobs per region, `start` to `end`, in % (the definition
    of `sim.outputs.measures.job_change`); NaN for a region without jobs at the start."""
    change = job_change(run.table, start, end)
    return {code: 100.0 * change.get(code, np.nan) for code in run.region_codes}


def mean_change(runs: Sequence[RunData], start: int, end: int) -> dict[str, float]:
    """Per region: the mean over runs (seeds) of each run's change in % (the reports' point
    estimate; their intervals are around this mean)."""
    per_run = [run_change(r, start, end) for r in runs]
    codes = list(dict.fromkeys(c for ch in per_run for c in ch))
    out = {}
    for code in codes:
        values = np.array([ch.get(code, np.nan) for ch in per_run])
        values = values[np.isfinite(values)]
        out[code] = float(np.mean(values)) if len(values) else np.nan
    return out


def symmetric_limit(values: Sequence[float]) -> float:
    """A round limit at or above the largest absolute finite value (at least 1): 1, 1.5, 2,
    2.5, 3, 4, 5, 6, 8, 10, 15, ..."""
    finite = np.abs(np.asarray([v for v in values if np.isfinite(v)], dtype=float))
    top = max(1.0, float(finite.max()) if len(finite) else 1.0)
    scale = 10.0 ** np.floor(np.log10(top))
    for step in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if step * scale >= top - 1e-9:
            return step * scale
    return 10.0 * scale


def fmt_pct(value: float, minus: str = "-") -> str:
    """'-12.3%', '+4.0%' ('minus' for the sign of losses); 'n/a' for NaN."""
    return "n/a" if not np.isfinite(value) else f"{value:+.1f}%".replace("-", minus)


def _patches(regions: Sequence[Boundary]) -> list[PathPatch]:
    return [PathPatch(b.path) for b in regions]


#: Label positions tried in turn, in units of the font size (points) from the region's centre:
#: above, below, right, left, then further out; the first that overlaps no placed label wins.
LABEL_OFFSETS = (
    (0, 1.6), (0, -1.6), (3.0, 0.5), (-3.0, 0.5), (3.0, -0.9), (-3.0, -0.9), (0, 3.0),
    (0, -3.0), (4.0, 2.2), (-4.0, 2.2), (4.0, -2.4), (-4.0, -2.4), (0, 4.4), (0, -4.4),
)  # fmt: skip


def _text_box(text: Any, renderer: Any) -> Any:
    """The display box of an annotation's text alone (without its leader line)."""
    text.update_positions(renderer)
    return Text.get_window_extent(text, renderer)


def _labels(ax: Any, regions: Sequence[Boundary], size: float) -> None:
    """Region codes next to their regions (not on them, so the colour stays visible), each
    joined to its region's centre by a thin line; a label that would overlap one already placed
    (or another labelled centre) tries the next position in LABEL_OFFSETS; a label with no free
    position is left out, so labels never overlap."""
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    renderer = ax.figure.canvas.get_renderer()
    centres = [ax.transData.transform(b.anchor) for b in regions]
    placed: list[Any] = []
    for b in regions:
        text = ax.annotate(
            b.code,
            b.anchor,
            xytext=LABEL_OFFSETS[0],
            textcoords="offset points",
            fontsize=size,
            ha="center",
            va="center",
            path_effects=halo,
            zorder=6,
            arrowprops={"arrowstyle": "-", "color": "#222222", "lw": 0.6, "shrinkA": 1.5,
                        "shrinkB": 0},
        )  # fmt: skip
        for dx, dy in LABEL_OFFSETS:
            text.xyann = (dx * size, dy * size)
            box = _text_box(text, renderer).expanded(1.08, 1.15)
            if not any(box.overlaps(other) for other in placed) and not any(
                box.contains(*c) for c in centres
            ):
                placed.append(_text_box(text, renderer))
                break
        else:  # no free place: leave this region unlabelled rather than overprint another
            text.remove()


def draw_panel(
    ax: Any,
    change: dict[str, float],
    norm: TwoSlopeNorm,
    boundaries: dict[str, Boundary],
) -> PatchCollection:
    """One map on `ax`: neighbours outside the EU in light grey, EU regions without a value in
    grey, regions with a value coloured; returns the coloured collection (for a colour bar).
    Labels come later (`label_regions`), once the figure's layout is final."""
    shown = [b for b in boundaries.values() if not b.outermost]
    outside = [b for b in shown if not b.eu]
    with_value = [b for b in shown if np.isfinite(change.get(b.code, np.nan))]
    without = [b for b in shown if b.eu and not np.isfinite(change.get(b.code, np.nan))]
    ax.add_collection(
        PatchCollection(
            _patches(outside), facecolor=OUTSIDE_EU, edgecolor="white", linewidth=0.3, zorder=1
        )
    )
    ax.add_collection(
        PatchCollection(
            _patches(without), facecolor=NO_DATA, edgecolor="white", linewidth=0.3, zorder=2
        )
    )
    coloured = PatchCollection(
        _patches(with_value), cmap=colormaps[CMAP], norm=norm, edgecolor="#333333",
        linewidth=0.5, zorder=3,
    )  # fmt: skip
    coloured.set_array(np.array([change[b.code] for b in with_value], dtype=float))
    ax.add_collection(coloured)
    ax.add_collection(
        LineCollection(country_borders(), colors="#666666", linewidths=0.45, zorder=4)
    )
    x0, x1, y0, y1 = frame(boundaries)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#bbbbbb")
    return coloured


def label_regions(
    ax: Any,
    change: dict[str, float],
    boundaries: dict[str, Boundary],
    size: float,
    count: int,
    layout: bool = True,
) -> None:
    """Write the codes of the `count` drawn regions with the largest absolute change. Call it
    after everything else is on the figure: it runs the layout first (unless `layout` is false
    because the caller just did) so that labels are kept apart at their final positions."""
    engine = ax.figure.get_layout_engine()
    if layout and engine is not None:
        engine.execute(ax.figure)
    drawn = [
        b for code, b in boundaries.items()
        if not b.outermost and np.isfinite(change.get(code, np.nan))
    ]  # fmt: skip
    ranked = sorted(drawn, key=lambda b: -abs(change[b.code]))[:count]
    if ranked:
        _labels(ax, ranked, size)


def percent_ticks(limit: float) -> FuncFormatter:
    """Colour bar ticks: signed, a true minus sign, one decimal when the scale is small."""
    decimals = 0 if limit >= 3 else 1

    def fmt(v: float, _: Any) -> str:
        return "0" if abs(v) < 1e-9 else f"{v:+.{decimals}f}".replace("-", MINUS)

    return FuncFormatter(fmt)


def grey_legend(ax: Any, fontsize: float) -> None:
    """Legend of the two greys: EU regions without results, and countries outside the EU."""
    handles = [
        Patch(facecolor=NO_DATA, edgecolor="white", label="EU region not simulated (no data)"),
        Patch(facecolor=OUTSIDE_EU, edgecolor="#bbbbbb", label="outside the EU"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=fontsize, framealpha=0.9)


def change_map(
    panels: Sequence[MapPanel],
    start: int,
    end: int,
    title: str,
    source: str,
    what: str = "annual mean jobs",
) -> MapFigure:
    """Small multiples (one panel each, shared colour scale centred on 0) of job change in %;
    the source line gets the GISCO notice and a note on results that are not on the map."""

    boundaries = load_boundaries()
    panels = [MapPanel(p.title, spread_to_nuts2(p.change, boundaries)) for p in panels]
    n = len(panels)
    ncols = 1 if n == 1 else min(3, n) if n != 4 else 2
    nrows = int(np.ceil(n / ncols))
    width = 8.6 if n == 1 else 3.7 * ncols + 1.0
    height = 7.9 if n == 1 else 3.75 * nrows + 1.7
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # labels are placed with the renderer's text sizes
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    lim = symmetric_limit([v for p in panels for v in p.change.values()])
    labels = MAX_LABELS if n == 1 else MAX_LABELS // 2
    norm = TwoSlopeNorm(vmin=-lim, vcenter=0.0, vmax=lim)
    coloured = None
    for ax, panel in zip(axes, panels, strict=False):
        coloured = draw_panel(ax, panel.change, norm, boundaries)
        if n > 1:
            ax.set_title(panel.title, fontsize=10)
    for ax in axes[n:]:
        ax.set_visible(False)
    cbar = fig.colorbar(
        coloured, ax=list(axes[:n]), location="right" if n == 1 else "bottom", shrink=0.7,
        aspect=30 if n == 1 else 40, extend="neither",
    )  # fmt: skip
    cbar.set_label(f"job change {start}→{end}, % ({what})")
    (cbar.ax.yaxis if n == 1 else cbar.ax.xaxis).set_major_formatter(percent_ticks(lim))
    grey_legend(axes[0], 7 if n == 1 else 6)
    missing = unmapped(panels, boundaries)
    note = unmapped_note(missing, single=n == 1)
    if any(sum(np.isfinite(v) for v in p.change.values()) > labels for p in panels):
        where = " in each map" if n > 1 else ""
        note = f"Codes mark up to {labels} regions with the largest changes{where}. {note}"
    text = " ".join(p.rstrip(".") + "." for p in (note, source, BOUNDARY_SOURCE) if p)
    _finish(fig, title, text, chars_per_inch=15.5)
    fig.get_layout_engine().execute(fig)
    for ax, panel in zip(axes, panels, strict=False):
        label_regions(ax, panel.change, boundaries, 7.0 if n == 1 else 5.5, labels, layout=False)
    return MapFigure(fig, norm, missing)


def unmapped(panels: Sequence[MapPanel], boundaries: dict[str, Boundary]) -> dict:
    """Codes of the panels' regions that are not drawn (no boundary, or outermost), with each
    panel's value."""
    codes = dict.fromkeys(c for p in panels for c in p.change)
    return {
        c: [p.change.get(c, np.nan) for p in panels]
        for c in codes
        if c not in boundaries or boundaries[c].outermost
    }


def unmapped_note(unmapped: dict[str, list[float]], single: bool) -> str:
    """A sentence naming the rows not on the map (with their change for a single panel)."""
    if not unmapped:
        return ""
    items = [f"{c} {fmt_pct(v[0], MINUS)}" if single else c for c, v in unmapped.items()]
    return (
        f"Simulated but not on the map ({len(unmapped)}; rest-of-country rows and regions "
        f"without a NUTS-2 boundary in the frame): {', '.join(items)}."
    )


def run_map(run: RunData, start: int, end: int) -> MapFigure:
    """The map of one run."""

    return change_map(
        [MapPanel(run.scenario, run_change(run, start, end))],
        start,
        end,
        f"Change in automotive jobs by region, {start}→{end}",
        source_line(run.scenario, [run.seed]),
    )


def comparison_map(data: ComparisonData, start: int, end: int) -> MapFigure:
    """Small multiples of a comparison folder: one panel per scenario, each region's mean
    change over the seeds."""

    panels = [
        MapPanel(
            f"{name} (base)" if name == data.base else name,
            mean_change(data.runs[name], start, end),
        )
        for name in data.scenarios
    ]
    seeds = data.seeds
    return change_map(
        panels,
        start,
        end,
        f"Change in automotive jobs by region and scenario, {start}→{end}",
        source_line(
            ", ".join(data.scenarios), seeds, f"Each region: mean over {len(seeds)} seeds."
        ).replace("scenario '", "scenarios '"),
        what="mean over seeds, annual mean jobs",
    )


def wrap_note(text: str, width: int = 100) -> str:
    """A long note wrapped for a terminal."""
    return "\n".join(textwrap.wrap(text, width=width))


#: File types `autoregions map --out` can write (matplotlib picks the format from the suffix).
MAP_SUFFIXES = (".png", ".svg", ".pdf")


@dataclass
class MapJob:
    """What `autoregions map` drew: the figure, its years, panel titles and the output file."""

    map: MapFigure
    start: int
    end: int
    titles: list[str]
    out: Path


def _years_text(years: Sequence[int]) -> str:
    years = sorted(years)
    contiguous = years == list(range(years[0], years[-1] + 1))
    if contiguous and len(years) > 2:
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years)


def load_map_results(folder: Path) -> tuple[str, RunData | ComparisonData, list[int]]:
    """The folder's kind ('run' or 'comparison'), its data and the simulated years; a one-line
    ResultsError for anything else."""

    if not folder.exists():
        raise ResultsError(f"{folder}: no such folder (give a folder written by 'autoregions run' "
                           "or 'autoregions compare')")  # fmt: skip
    if not folder.is_dir():
        raise ResultsError(f"{folder}: not a folder (give a folder written by 'autoregions run' "
                           "or 'autoregions compare')")  # fmt: skip
    kind = folder_kind(folder)
    if kind == "sweep":
        raise ResultsError(
            f"{folder}: a sweep folder, which keeps outcomes per run but no regional series to "
            "map (map one run folder, or a comparison folder from 'autoregions compare')"
        )
    if kind == "comparison":
        data: RunData | ComparisonData = load_comparison(folder)
        tables = [r.table for runs in data.runs.values() for r in runs]
    else:
        data = load_run(folder)
        tables = [data.table]
    years = sorted(set.intersection(*(set(t["year"].astype(int).tolist()) for t in tables)))
    if len(years) < 2:
        raise ResultsError(f"{folder}: only one simulated year ({years[0]}), no change to map")
    return kind, data, years


def check_out(out: Path) -> None:
    """A one-line UserError unless `out` is a new or existing file (never a folder) with a
    suffix matplotlib writes, in an existing folder."""

    if out.is_dir():
        raise UserError(f"--out {out}: is a folder, expected a file name such as map.png")
    if out.suffix.lower() not in MAP_SUFFIXES:
        raise UserError(
            f"--out {out}: use a file name ending in {', '.join(MAP_SUFFIXES)} "
            f"(got '{out.suffix or 'no suffix'}')"
        )
    if out.parent.exists() and not out.parent.is_dir():
        raise UserError(f"--out {out}: {out.parent} is a file, not a folder")
    if not out.parent.is_dir():
        raise UserError(f"--out {out}: folder {out.parent} does not exist")


#: Written into every map file's metadata: such a file is replaced without --force.
MAP_MARKER = "autoregions map"


def write_map(
    folder: str | Path,
    year: int | None = None,
    out: str | Path | None = None,
    *,
    force: bool = False,
) -> MapJob:
    """Draw the job-change map of a run or comparison folder, from its first simulated year to
    `year` (default: the last), and write it to `out` (default: job_change_map.png in the
    folder) through a temporary file, so a failed write leaves nothing behind. Raises a
    one-line ResultsError or UserError for a wrong folder, year or output file."""

    folder = Path(folder)
    try:
        kind, data, years = load_map_results(folder)
    except ResultsError as exc:
        raise ResultsError(str(exc).splitlines()[0] if str(exc) else repr(exc)) from None
    target = Path(out) if out is not None else folder / "job_change_map.png"
    check_out(target)
    ours = written_by_autoregions(target, MAP_MARKER.encode())
    check_output_file(target, force=force, ours=ours)
    start = years[0]
    end = years[-1] if year is None else year
    if end not in years or end == start:
        raise UserError(
            f"--year {end}: not a year to map for {folder} (allowed: "
            f"{_years_text(years[1:])}; the change is measured from {start})"
        )
    if kind == "comparison":
        assert isinstance(data, ComparisonData)
        result = comparison_map(data, start, end)
        titles = list(data.scenarios)
    else:
        assert isinstance(data, RunData)
        result = run_map(data, start, end)
        titles = [data.scenario]
    fd, tmp = None, None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix,
                                   dir=target.parent)  # fmt: skip
        with os.fdopen(fd, "wb") as fh:
            fd = None
            fmt = target.suffix.lstrip(".").lower()
            key = "Software" if fmt == "png" else "Creator"
            result.figure.savefig(fh, dpi=130, format=fmt, metadata={key: MAP_MARKER})
        as_user_file(tmp)  # mkstemp makes it private; the map gets the user's umask
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise UserError(f"--out {target}: cannot write it ({exc.strerror or exc})") from None
    finally:
        if fd is not None:
            os.close(fd)
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    return MapJob(result, start, end, titles, target)


def describe(job: MapJob) -> list[str]:
    """Lines for the terminal: where the map went and the rows that are not on it."""
    lines = [f"map of job change {job.start}->{job.end} written to {job.out}"]
    lines.append(
        f"colour scale: {job.map.norm.vmin:+g}% to {job.map.norm.vmax:+g}%, centred on 0%"
        + (" (one scale for all panels)" if len(job.titles) > 1 else "")
    )
    if job.map.unmapped:
        lines.append(
            f"not on the map ({len(job.map.unmapped)} results rows without a NUTS-2 boundary in "
            "the frame), change in %:"
        )
        width = max(len(c) for c in job.map.unmapped)
        if len(job.titles) > 1:
            lines.append("  " + " " * width + "  " + "  ".join(f"{t:>12}" for t in job.titles))
        for code, values in job.map.unmapped.items():
            cells = "  ".join(f"{fmt_pct(v):>12}" for v in values)
            lines.append(f"  {code:<{width}}  {cells}")
    return lines
