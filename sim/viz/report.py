"""`autoregions report`: one self-contained HTML file a policy officer can read.

For run folders (one scenario, one or more seeds), the report says what was simulated in plain
words (from the manifest's scenario settings), gives a headline table, the figures (embedded as
PNG data URIs, so it opens without a network), the regions that lose more than 10% and 20% of
their automotive jobs, and the caveats behind the numbers. Comparison folders are reported by
`report_compare`, sweep folders by `report_sweep`.
Everything is computed before anything is written; the file is written atomically.
"""

from __future__ import annotations

import copy
import html
import math
import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from sim import __version__
from sim.errors import UserError
from sim.io_safety import as_user_file, check_output_file, written_by_autoregions
from sim.outputs.io import MANIFEST
from sim.outputs.tables import annual, milestone_years
from sim.scale import describe
from sim.scenario import scenario_from_table
from sim.scenario.loader import PATH_KEYS
from sim.viz import intervals, plots, report_compare, report_sweep
from sim.viz.html import (
    LEFT_BEHIND,
    SORT_SCRIPT,
    STYLE,
    FigureBlock,
    describe_scenario,
    figures_html,
    sortable_table_html,
    table_html,
)
from sim.viz.load import (
    SHIPPED_REGIONS,
    SPEND_COLUMNS,
    RunData,
    fmt_number,
    folder_kind,
    load_comparison,
    load_runs,
    load_sweep,
)
from sim.viz.maps import MAX_LABELS, run_map

#: Worker agents the network rebuild aims at (the network does not depend on the agent scale).
NETWORK_WORKER_AGENTS = 20_000


def _cell(values: Sequence[float], fmt: str = "{:,.0f}") -> str:
    """Mean over seeds with its 95% interval (the value alone for one seed)."""
    mean, lo, hi = intervals.stat(values)
    if math.isnan(mean):
        return "-"
    return intervals.html(mean, lo, hi, fmt=fmt.format)


def headline_rows(runs: Sequence[RunData]) -> tuple[list[str], list[list[str]]]:
    """The headline table over all simulated regions: one row per measure, one column per
    milestone year (mean over seeds with its 95% interval when there are several)."""
    years = milestone_years(runs[0].table["year"])
    rows: list[list[str]] = []

    def per_year(column: str, how: str) -> list[list[float]]:
        out = []
        for y in years:
            vals = []
            for r in runs:
                data = annual(r.table, column, how)
                vals.append(sum(v for (_, yy), v in data.items() if yy == y))
            out.append(vals)
        return out

    jobs = per_year("jobs_total", "mean")
    rows.append(["Automotive jobs (persons, annual mean)", *[_cell(v) for v in jobs]])
    for col, label, _ in plots.SECTORS:
        rows.append([f"&nbsp;&nbsp;{label}", *[_cell(v) for v in per_year(col, "mean")]])
    change = [
        [100.0 * (b - a) / a if a else float("nan") for a, b in zip(jobs[0], v, strict=True)]
        for v in jobs
    ]
    rows.append(["Change in jobs since the first year (%)", *[_cell(v, "{:+.1f}") for v in change]])
    rows.append(
        [
            "Unemployed former automotive workers (persons, annual mean)",
            *[_cell(v) for v in per_year("unemployed", "mean")],
        ]
    )
    rows.append(
        [
            "Value added (EUR million a year)",
            *[_cell(v) for v in per_year("value_added", "sum")],
        ]
    )
    if all(c in runs[0].table for c in ("vehicles_ice", "vehicles_bev")):
        ice, bev = per_year("vehicles_ice", "sum"), per_year("vehicles_bev", "sum")
        share = [
            [100 * b / (a + b) if a + b else float("nan") for a, b in zip(i, v, strict=True)]
            for i, v in zip(ice, bev, strict=True)
        ]
        rows.append(["BEV share of vehicles made (%)", *[_cell(v, "{:.0f}") for v in share]])
    if "suppliers_alive" in runs[0].table:
        rows.append(
            [
                "Suppliers active (establishments, annual mean)",
                *[_cell(v) for v in per_year("suppliers_alive", "mean")],
            ]
        )
    if all(r.has_spending() for r in runs):
        spend = [
            [sum(a) for a in zip(*(per_year(c, "sum")[i] for c in SPEND_COLUMNS), strict=True)]
            for i in range(len(years))
        ]
        rows.append(["Public spending (EUR million a year)", *[_cell(v) for v in spend]])
    return [str(y) for y in years], rows


def window(runs: Sequence[RunData]) -> tuple[int, int]:
    """The report's one time window: the first and last simulated years."""
    years = sorted(set(runs[0].table["year"].tolist()))
    return int(years[0]), int(years[-1])


def region_rows(
    runs: Sequence[RunData],
) -> list[tuple[str, float, float, tuple[float, float, float], int]]:
    """Per region: (code, start jobs, end jobs, change % as mean with its 95% interval, seeds
    in which it loses more than 10%), means over seeds, largest losses first. Start and end
    are the first and last simulated years (annual means)."""
    first, last = window(runs)
    out = []
    tables = [annual(r.table, "jobs_total", "mean") for r in runs]
    for code in runs[0].region_codes:
        a = float(np.mean([t[(code, first)] for t in tables]))
        b = float(np.mean([t[(code, last)] for t in tables]))
        pct = [
            100 * (t[(code, last)] - t[(code, first)]) / t[(code, first)]
            if t[(code, first)] > 0
            else 0.0
            for t in tables
        ]
        behind = sum(1 for p in pct if p < -LEFT_BEHIND[1])
        out.append((code, a, b, intervals.stat(pct), behind))
    return sorted(out, key=lambda r: r[3][0])


# ---------------------------------------------------------------------- figures
def _with_shipped_files(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings with each data file that no longer exists at its recorded path replaced by
    the shipped file of the same name (results copied from another machine)."""

    out = copy.deepcopy(settings)
    for section, key in PATH_KEYS:
        recorded = (out.get(section) or {}).get(key)
        if recorded and not Path(recorded).is_file():
            shipped = SHIPPED_REGIONS.parent / Path(recorded).name
            if shipped.is_file():
                out[section][key] = str(shipped)
    return out


def network_block(run: RunData) -> tuple[FigureBlock | None, str | None]:
    """The supply network at the start, rebuilt from the run's settings and seed (the network
    does not depend on the agent scale, so a coarse scale keeps the rebuild quick); or a note
    saying why it could not be drawn."""
    try:
        # lazy: the model loads mesa and numba, needed only for this one figure
        from sim.model import TransitionModel

        spec = scenario_from_table(_with_shipped_files(run.settings), run.folder / MANIFEST)
        start_jobs = float(run.total("jobs_total")[1][0])
        scale = max(
            int(run.manifest.get("scale", 1)), math.ceil(start_jobs / NETWORK_WORKER_AGENTS)
        )
        model = TransitionModel(scenario=spec, seed=run.seed, scale=scale)
        graph = model.network
    except Exception as exc:  # any failure here only costs the report this one figure
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, f"The supply network could not be rebuilt from this run's settings ({first})."
    fig = plots.network_figure(graph, run.regions, run.scenario, run.seed)
    caption = (
        "The supply network at the start of the run, rebuilt from the scenario settings and seed "
        "with the installed version of the model. Columns are regions, rows are positions in the "
        "chain; the colours of each bar show which kinds of firms are there."
    )
    return FigureBlock("network", caption, fig), None


def _map_block(run: RunData, start: int, end: int) -> FigureBlock:
    """The choropleth of job change, with a caption naming the rows that are not on it."""

    result = run_map(run, start, end)
    drawn = len(run.region_codes) - len(result.unmapped)
    caption = (
        f"Where automotive jobs are lost or gained between {start} and {end}: each NUTS-2 "
        "region is coloured by the change of its jobs (annual means; red: loss, blue: gain, "
        "grey: not simulated). "
        + (
            f"The codes mark up to {MAX_LABELS} regions with the largest changes, where "
            "there is room for a label."
            if drawn > MAX_LABELS
            else "The codes name the simulated regions."
        )
    )
    if result.unmapped:
        caption += (
            f" {len(result.unmapped)} simulated rows have no boundary on the map (rest-of-country "
            "rows and the like); the note below the map gives their change."
        )
    return FigureBlock("job_change_map", caption, result.figure)


def figure_blocks(runs: Sequence[RunData]) -> tuple[list[FigureBlock], list[str]]:
    """The report's figures and notes about figures that could not be made."""
    run = runs[0]
    start, end = window(runs)
    blocks = [
        FigureBlock(
            "jobs_by_sector",
            "Automotive jobs in the largest regions, by kind of employer. The red band "
            "(suppliers of combustion-engine parts) shrinks as electric cars take over; the blue "
            "band (suppliers of battery and electric-drive parts) grows."
            + (" Shown for the first seed." if len(runs) > 1 else ""),
            plots.jobs_by_sector(run),
        ),
        _map_block(run, start, end),
    ]
    notes = []
    if len(runs) > 1:
        blocks.append(
            FigureBlock(
                "jobs_fan",
                f"Results over {len(runs)} random seeds: the line is the mean over the seeds, "
                "the band its 95% interval at each quarter. The axes start at zero.",
                plots.jobs_fan(runs),
            )
        )
    else:
        notes.append(
            "Only one seed was given, so no fan chart of the spread across seeds is shown: pass "
            "several run folders of the same scenario (different --seed) to add one."
        )
    if run.has_spending():
        blocks.append(
            FigureBlock("spending", "Public money spent on each policy line.", plots.spending(run))
        )
    else:
        notes.append(
            "This run has no public-spending columns (spend_aid, spend_procurement, "
            "spend_reskilling, spend_benefits), so no cost figure is shown."
        )
    net, note = network_block(run)
    if net is not None:
        blocks.append(net)
    if note:
        notes.append(note)
    return blocks, notes


# ---------------------------------------------------------------------- HTML
def left_behind_html(runs: Sequence[RunData]) -> str:
    """Regions losing more than 10% and 20% of their jobs in words, then one sortable table of
    every region with its change (mean over seeds with its 95% interval)."""
    rows = region_rows(runs)
    first, last = window(runs)
    label = runs[0].regions.label
    n = len(runs)
    several = n > 1

    def listed(lo: float, hi: float) -> str:
        """Regions whose mean change is below -lo (and not below -hi when hi is given)."""
        hit = [r for r in rows if r[3][0] < -lo and not (hi and r[3][0] < -hi)]
        text = ", ".join(f"{html.escape(label(c))}: {p[0]:+.1f}%" for c, _, _, p, _ in hit)
        return text or "none"

    parts = [
        f"<p>A region is <em>left behind</em> when it loses more than {LEFT_BEHIND[1]:g}% (or "
        f"{LEFT_BEHIND[0]:g}%) of its automotive jobs between {first} and {last} (annual means"
        + (", mean over seeds" if several else "")
        + f"). Losing more than {LEFT_BEHIND[0]:g}%: {listed(LEFT_BEHIND[0], 0)}. Losing "
        f"{LEFT_BEHIND[1]:g}-{LEFT_BEHIND[0]:g}%: {listed(LEFT_BEHIND[1], LEFT_BEHIND[0])}.</p>"
    ]
    head = ["Region", f"Jobs {first}", f"Jobs {last}", "Change"]
    if several:
        head.append(f"Seeds losing >{LEFT_BEHIND[1]:g}%")

    def pct(v: float) -> str:
        return f"{v:+.1f}%"

    body = []
    for c, a, b, (m, lo, hi), k in rows:
        text = intervals.html(m, lo, hi, fmt=pct)
        worst = hi if np.isfinite(hi) else m
        if worst < -LEFT_BEHIND[1]:
            text = f"<span class=bad>{text}</span>"
        cells = [
            (html.escape(label(c)), html.escape(c)),
            (fmt_number(a), f"{a:.6g}"),
            (fmt_number(b), f"{b:.6g}"),
            (text, f"{m:.6g}"),
        ]
        if several:
            cells.append((f"{k} of {n}", str(k)))
        body.append(cells)
    parts.append(
        "<p>Every region, largest losses first"
        + (
            f"; change as {intervals.SHORT}. A change is in red when"
            f" its whole interval lies below -{LEFT_BEHIND[1]:g}%: an interval that reaches "
            "across that line may be noise"
            if several
            else f"; losses of more than {LEFT_BEHIND[1]:g}% in red"
        )
        + ". Click a column header to sort by it.</p>"
    )
    parts.append(sortable_table_html(head, body))
    return "".join(parts)


def in_short_html(runs: Sequence[RunData]) -> str:
    """The opening sentence: all simulated jobs from the first to the last year, the change,
    and how many regions are left behind."""
    first, last = window(runs)
    totals = [annual(r.table, "jobs_total", "mean") for r in runs]

    def total(t: dict, year: int) -> float:
        return sum(v for (_, y), v in t.items() if y == year)

    a = intervals.stat([total(t, first) for t in totals])
    b = intervals.stat([total(t, last) for t in totals])
    change = intervals.stat([100 * (total(t, last) / total(t, first) - 1) for t in totals])
    rows = region_rows(runs)
    behind = sum(1 for r in rows if r[3][0] < -LEFT_BEHIND[1])
    seeds = f" (mean over {len(runs)} seeds, 95% interval in brackets)" if len(runs) > 1 else ""
    return (
        f"<p class=short>Automotive jobs in the {len(rows)} simulated regions go from "
        f"{intervals.text(*a)} in {first} to {intervals.text(*b)} in {last}{seeds}, a change "
        f"of {intervals.text(*change, fmt=lambda v: f'{v:+.1f}%')}. {behind} of the "
        f"{len(rows)} regions lose more than {LEFT_BEHIND[1]:g}% of their automotive jobs.</p>"
    )


def caveats_html(runs: Sequence[RunData]) -> str:
    """What the numbers rest on, in plain words, with pointers to the full documentation."""
    run = runs[0]
    k = int(run.manifest.get("scale", 1))
    items = [
        "This is a simulation, not a forecast. It shows what follows from the stated "
        "assumptions; change an assumption and the numbers change.",
        "Regional employment starts from Eurostat's regional figures for the motor-vehicle "
        "industry (NACE C29) in 2015, rolled forward to each country's latest sourced total, "
        "with documented corrections (confidential regions, French head offices). See "
        "<code>docs/data.md</code> for the source and rule behind every row.",
        "Many behavioural parameters (when suppliers convert to electric products or close, how "
        "fast workers find new jobs) are modelling assumptions, not measured values. Each one is "
        "listed with its unit and source or the label 'assumption' in <code>docs/model.md</code>.",
        "Only the simulated regions are counted: jobs that move to regions or countries outside "
        "the model are counted as lost.",
        "Workers who leave the automotive industry for other sectors or retire are no longer "
        "counted as unemployed.",
    ]
    if k > 1:
        items.append(
            f"Agent {describe(k)}. Firms keep their real sizes at every scale; a coarser scale "
            "only groups workers who then share age, skills and wage (see docs/model.md, 2.9)."
        )
    if len(runs) == 1:
        items.append(
            "Results come from one random seed; other seeds give somewhat different numbers. "
            "Run several seeds to see the spread."
        )
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def build_report(runs: Sequence[RunData]) -> tuple[str, list[FigureBlock]]:
    """The HTML text of the report and its figures (for saving as files)."""

    run = runs[0]
    blocks, notes = figure_blocks(runs)
    years, rows = headline_rows(runs)
    seeds = [r.seed for r in runs]
    seed_text = f"seed {seeds[0]}" if len(seeds) == 1 else f"{len(seeds)} seeds"
    maps = [b for b in blocks if b.key == "job_change_map"]
    figures = figures_html([b for b in blocks if b.key != "job_change_map"])
    note_html = "".join(f'<p class="note">{html.escape(n)}</p>' for n in notes)
    multi = f"<p>Each cell: {intervals.SHORT}.</p>" if len(runs) > 1 else ""
    first, last = window(runs)
    window_text = (
        f'<p class="note"><b>Time window: {first} to {last}.</b> Every number, table, map and '
        f"chart in this report covers these years; changes compare {first} with {last} "
        "(annual means)."
        + (f" {html.escape(intervals.DEFINITION)}" if len(runs) > 1 else "")
        + "</p>"
    )
    folders = ", ".join(html.escape(str(r.folder)) for r in runs)
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>autoregions report: {html.escape(run.scenario)}</title><style>{STYLE}</style></head>
<body>
<h1>Automotive jobs in Europe's regions: scenario '{html.escape(run.scenario)}'</h1>
<p class="meta">autoregions {__version__} simulation, {seed_text}; report made {made}
from {folders}.</p>
{window_text}
<h2>In short</h2>
{in_short_html(runs)}
<h2>What was simulated</h2>
{"".join(f"<p>{html.escape(p)}</p>" for p in describe_scenario(run, seeds))}
<h2>Headline: all simulated regions</h2>
{multi}{table_html(["", *years], rows)}
<h2>Regions left behind</h2>
{figures_html(maps)}
{left_behind_html(runs)}
<h2>Figures</h2>
{figures}{note_html}
<h2>Caveats: what these numbers rest on</h2>
{caveats_html(runs)}
<p class="meta">Scenario hash {html.escape(str(run.manifest.get("scenario_hash", "-")))};
git commit {html.escape(str(run.manifest.get("git_commit", "-")))}.</p>
{SORT_SCRIPT}
</body></html>
"""
    return text, blocks


#: Marks a report autoregions wrote: such a file is replaced without --force.
REPORT_MARKER = '<meta name="generator" content="autoregions">'


def write_report(
    folders: Sequence[str | Path],
    out: str | Path | None = None,
    figures: str | Path | None = None,
    *,
    force: bool = False,
) -> Path:
    """Read a comparison folder, a sweep folder, or run folders (one scenario, one or more
    seeds); write the HTML report (default: `report.html` in the first folder) and, if
    `figures` is given, each figure as PNG and SVG. Raises ResultsError or UserError (one line)
    before writing anything when an input is bad. An existing file is replaced only when it
    is a report autoregions wrote, or with `force`."""

    folders = [Path(f) for f in folders]
    kinds = [folder_kind(f) if f.is_dir() else "run" for f in folders]
    special = [(f, k) for f, k in zip(folders, kinds, strict=True) if k != "run"]
    if special and len(folders) > 1:
        f, k = special[0]
        raise UserError(f"{f}: a {k} folder must be given on its own (got {len(folders)} folders)")
    build: Any
    if kinds[0] == "comparison":
        data: Any = load_comparison(folders[0])
        build, first = report_compare.build, folders[0]
    elif kinds[0] == "sweep":
        data = load_sweep(folders[0])
        build, first = report_sweep.build, folders[0]
    else:
        data = load_runs(list(folders))
        build, first = build_report, data[0].folder
    out = Path(out) if out is not None else first / "report.html"
    if out.is_dir():
        raise UserError(f"--out {out}: is a folder, expected a file name such as report.html")
    if out.parent.exists() and not out.parent.is_dir():
        raise UserError(f"--out {out}: {out.parent} is a file, not a folder")
    if not out.parent.is_dir():
        raise UserError(f"--out {out}: folder {out.parent} does not exist")
    if figures is not None and Path(figures).exists() and not Path(figures).is_dir():
        raise UserError(f"--figures {figures}: exists and is not a folder")
    ours = written_by_autoregions(out, REPORT_MARKER.encode())
    check_output_file(out, force=force, ours=ours)
    if figures is not None:
        check_output_file(Path(figures) / "probe", force=True, flag="--figures")
    text, blocks = build(data)
    text = text.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n{REPORT_MARKER}', 1)
    if figures is not None:
        Path(figures).mkdir(parents=True, exist_ok=True)
        for b in blocks:
            plots.save_figure(b.figure, Path(figures) / b.key)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        as_user_file(tmp)  # mkstemp makes it private; the report gets the user's umask
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
