"""The report of a sweep folder (`autoregions sweep`): what was varied and how, the outcomes over
the design, Sobol indices (Sobol designs), a heat map over two parameters and the lever ranking
(grids). The analysis is `sim.sweep.analyze(folder, write=False)`, run at report time from the
finished runs, so it is never stale and nothing is written into the sweep folder.
"""

from __future__ import annotations

import html
import tomllib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim import __version__
from sim.viz import intervals, plots
from sim.viz.html import STYLE, FigureBlock, figures_html, table_html
from sim.viz.load import SweepData

COLUMN_WORDS = {
    "jobs_total": "automotive jobs (persons)",
    "unemployed": "unemployed former automotive workers (persons)",
    "value_added": "value added (EUR million)",
    "spend_total": "public spending, all policy lines (EUR million)",
    "suppliers_alive": "active suppliers (establishments)",
}
KIND_WORDS = {
    "uncertainty": "uncertainty (a future we cannot choose)",
    "lever": "lever (a policy we can choose)",
}
DESIGN_WORDS = {
    "grid": "a full grid: every combination of the listed values",
    "lhs": "a Latin hypercube sample: points spread evenly over the ranges",
    "sobol": "a Sobol (Saltelli) sample over the ranges, for Sobol sensitivity indices",
}
#: Above this 95% half-width a Sobol index is too uncertain to rank inputs by.
WIDE_SOBOL = 0.25


def _experiment_spec(data: SweepData) -> dict[str, Any]:
    """The experiment file's text as recorded in the manifest (empty if unreadable)."""
    try:
        spec = tomllib.loads(str(data.manifest.get("experiment_text", "")))
    except tomllib.TOMLDecodeError:
        return {}
    return spec if isinstance(spec, dict) else {}


def _values_text(values: Sequence[Any]) -> str:
    return ", ".join(f"{v:.6g}" if isinstance(v, float) else str(v) for v in values)


def parameter_rows(data: SweepData) -> list[list[str]]:
    """Per parameter: key, kind, what values it takes, the base scenario's value."""
    spec = _experiment_spec(data)
    given = {p.get("key"): p for p in spec.get("parameters", []) if isinstance(p, dict)}
    design = data.design
    base = design.get("base_values", {})
    rows = []
    for key, kind in zip(design["keys"], design["kinds"], strict=True):
        p = given.get(key, {})
        points = [pt.get(key) for pt in design["points"]]
        if "values" in p:
            what = "values " + _values_text(p["values"])
        elif "range" in p and "levels" in p:
            what = f"{p['levels']} evenly spaced values from {p['range'][0]} to {p['range'][1]}"
        elif "range" in p:
            what = f"range {p['range'][0]} to {p['range'][1]}"
        elif design["kind"] == "grid":
            what = "values " + _values_text(list(dict.fromkeys(points)))
        else:
            nums = [float(v) for v in points]
            what = f"sampled from {min(nums):g} to {max(nums):g}"
        rows.append(
            [
                f"<code>{html.escape(key)}</code>",
                html.escape(KIND_WORDS.get(kind, kind)),
                html.escape(what),
                html.escape(str(base.get(key, "-"))),
            ]
        )
    return rows


def window_html(data: SweepData) -> str:
    """The time window of each outcome and the interval definition, stated once at the top."""
    items = []
    for outcome in data.manifest["outcomes"]:
        if outcome.get("year") is not None:
            when = str(outcome["year"])
        elif outcome.get("years"):
            when = f"{outcome['years'][0]} to {outcome['years'][1]}"
        else:
            when = "the whole run"
        items.append(f"<code>{html.escape(str(outcome.get('name', '?')))}</code>: {when}")
    return (
        f'<p class="note"><b>Time window</b> of each outcome: {"; ".join(items)}. '
        f"{html.escape(intervals.DEFINITION)} Here the seeds are the replicates of a design "
        "point.</p>"
    )


def outcome_words(outcome: dict[str, Any]) -> str:
    """An outcome definition in plain words."""
    column = str(outcome.get("column", "?"))
    what = COLUMN_WORDS.get(column, f"column {column}")
    stat = str(outcome.get("stat", "mean"))
    if outcome.get("year") is not None:
        when = f"the quarters of {outcome['year']}"
    elif outcome.get("years"):
        when = f"the quarters of {outcome['years'][0]}-{outcome['years'][1]}"
    else:
        when = "every quarter of the run"
    how = {
        "mean": "mean",
        "sum": "sum",
        "first": "first value",
        "last": "last value",
        "min": "smallest value",
        "max": "largest value",
    }
    text = f"{how.get(stat, stat)} over {when} of {what}, all simulated regions together"
    if outcome.get("relative_to_start"):
        text += ", divided by its value in the first quarter (1 = no change)"
    return text


def what_was_swept(data: SweepData) -> str:
    """Plain words: the experiment, its base, the parameters, the design and how far it ran."""
    spec = _experiment_spec(data)
    m, design = data.manifest, data.design
    n_points = len(design["points"])
    reps = int(m["replicates"])
    done = len(data.runs)
    failed = len(list((data.folder / "failed").glob("*.json")))
    parts = []
    if spec.get("description"):
        parts.append(f"<p>{html.escape(str(spec['description']).rstrip('.'))}.</p>")
    base = Path(str(m.get("base_scenario", "?"))).name
    text = f"The sweep starts from the scenario file <code>{html.escape(base)}</code>"
    overrides = spec.get("overrides") or {}
    if overrides:
        fixed = "; ".join(f"{k} = {v}" for k, v in overrides.items())
        text += f" with these settings fixed for every run: {html.escape(fixed)}"
    scale = int(spec.get("scale", 1))
    text += f". One worker agent stands for {scale} real worker{'s' if scale != 1 else ''}."
    parts.append(f"<p>{text}</p>")
    parts.append(
        "<p>It varies these inputs (the base scenario's value is what a lever is compared "
        "with as 'no lever'):</p>"
        + '<div class="left">'
        + table_html(["Input", "Kind", "Values", "Base value"], parameter_rows(data))
        + "</div>"
    )
    total = int(m["runs_total"])
    status = f"{done} finished" + (f", {failed} failed" if failed else "")
    if done + failed < total:
        status += f", {total - done - failed} not run"
    parts.append(
        f"<p>Design: {html.escape(DESIGN_WORDS.get(design['kind'], design['kind']))}; "
        f"{n_points} design points, each run with {reps} random seed{'s' if reps != 1 else ''} "
        f"(replicates) = {total} runs. {status}.</p>"
    )
    rows = [
        [f"<code>{html.escape(str(o['name']))}</code>", html.escape(outcome_words(o))]
        for o in m["outcomes"]
    ]
    table = table_html(["Outcome", "Meaning"], rows)
    parts.append(f'<p>Each run is reduced to these outcomes:</p><div class="left">{table}</div>')
    return "".join(parts)


def summary_html(data: SweepData, max_points: int = 40) -> str:
    """Outcomes across the design (range of the point means, replicate noise) and, for small
    designs, every point's mean with its 95% interval."""
    summary = data.analysis.summary
    rows = []
    for name in data.outcomes:
        part = summary[summary["outcome"] == name]
        means = part["mean"].to_numpy(dtype=float)
        half = (part["ci_high"] - part["mean"]).to_numpy(dtype=float)
        finite = means[np.isfinite(means)]
        if finite.size == 0:
            rows.append([f"<code>{html.escape(name)}</code>", "no values", "", "", "", ""])
            continue
        noise = np.nanmean(half) if np.isfinite(half).any() else float("nan")
        rows.append(
            [
                f"<code>{html.escape(name)}</code>",
                plots.fmt_value(float(finite.min()), 4),
                plots.fmt_value(float(np.median(finite)), 4),
                plots.fmt_value(float(finite.max()), 4),
                "-" if not np.isfinite(noise) else plots.fmt_value(float(noise), 2),
                str(len(finite)),
            ]
        )
    out = (
        "<p>Each design point's outcome is the mean over its replicates. The table gives the "
        "smallest, median and largest of these means across the design, and the typical "
        "half-width of a point's 95% interval (how far chance alone moves a point's mean: its "
        "interval runs from the mean minus to the mean plus this).</p>"
        + table_html(
            ["Outcome", "Lowest", "Median", "Highest", "Half-width of the 95% interval", "Points"],
            rows,
        )
    )
    keys = list(data.design["keys"])
    n_points = summary["point_id"].nunique()
    if n_points <= max_points:
        # unstack keeps NaN cells (a point with one replicate has no interval); pivot_table
        # would drop the point
        wide = summary.set_index(["point_id", "outcome"])["mean"].unstack()
        high = summary.set_index(["point_id", "outcome"])["ci_high"].unstack()
        params = summary.drop_duplicates("point_id").set_index("point_id")[keys]
        body = []
        for pid, prow in params.iterrows():
            cells = [str(pid), *(html.escape(_values_text([prow[k]])) for k in keys)]
            for name in data.outcomes:
                m = float(wide.loc[pid, name]) if name in wide else float("nan")
                h = float(high.loc[pid, name]) - m if name in high else float("nan")
                cells.append(intervals.html(m, m - h, m + h, fmt=lambda v: plots.fmt_value(v, 4)))
            body.append(cells)
        head = ["Point", *(f"<code>{html.escape(k)}</code>" for k in keys)]
        head += [f"<code>{html.escape(n)}</code>" for n in data.outcomes]
        out += (
            "<h3>Every design point</h3><p>Each cell: the mean over the point's replicates "
            "(seeds) with its 95% interval, as everywhere in these reports.</p>"
        )
        out += f'<div class="wide">{table_html(head, body)}</div>'
    else:
        out += (
            f"<p>The {n_points} design points are not listed here; "
            "<code>autoregions analyze</code> writes them to <code>analysis/summary.csv</code>.</p>"
        )
    return out


def _source(data: SweepData, extra: str = "") -> str:
    m = data.manifest
    text = (
        f"Source: autoregions {__version__} sweep '{data.name}' ({data.design['kind']} design, "
        f"{len(data.design['points'])} points x {m['replicates']} replicates, master seed "
        f"{m.get('master_seed', '?')})"
    )
    return f"{text}. {extra}" if extra else text


def sobol_blocks(data: SweepData) -> tuple[list[FigureBlock], list[str]]:
    """One Sobol bar chart per outcome, and notes (e.g. intervals too wide to rank by)."""
    sobol = data.analysis.sobol
    if sobol is None or sobol.empty:
        return [], []
    blocks, notes = [], []
    for name in dict.fromkeys(sobol["outcome"]):
        part = sobol[sobol["outcome"] == name]
        fig = plots.sobol_bars(
            part["parameter"].tolist(),
            part["S1"].to_numpy(),
            part["S1_conf"].to_numpy(),
            part["ST"].to_numpy(),
            part["ST_conf"].to_numpy(),
            name,
            _source(data, "Indices by SALib on the replicate means."),
        )
        blocks.append(
            FigureBlock(
                f"sobol_{name}",
                f"How much of the spread of '{name}' across the design each input explains: "
                "the first-order index (blue) counts the input alone, the total index (orange) "
                "adds its interactions with the others. Inputs with a total index near zero "
                "hardly matter for this outcome.",
                fig,
            )
        )
        widest = float(np.nanmax(part[["S1_conf", "ST_conf"]].to_numpy()))
        if widest > WIDE_SOBOL:
            notes.append(
                f"The Sobol indices of '{name}' have 95% intervals up to ±{widest:.2g}: too "
                "wide to rank the inputs. Increase the design's samples."
            )
    return blocks, notes


def heatmap_axes(data: SweepData) -> tuple[str, str] | None:
    """(x key, y key) for the heat map: a lever across, an uncertainty (or a second lever)
    up; None when the design has fewer than two inputs."""
    keys, kinds = list(data.design["keys"]), list(data.design["kinds"])
    if len(keys) < 2:
        return None
    levers = [k for k, kind in zip(keys, kinds, strict=True) if kind == "lever"]
    x = levers[0] if levers else keys[0]
    rest = [k for k in keys if k != x]
    uncertain = [k for k in rest if kinds[keys.index(k)] == "uncertainty"]
    return x, (uncertain or rest)[0]


def heatmap_blocks(data: SweepData) -> tuple[list[FigureBlock], list[str]]:
    """Heat maps of the jobs outcome (and the cost outcome, if named) over two inputs of a
    grid, averaged over any other inputs."""
    if data.design["kind"] != "grid":
        return [], []
    axes = heatmap_axes(data)
    if axes is None:
        return [], ["The grid varies one input only, so there is no heat map over two inputs."]
    x, y = axes
    spec = data.manifest.get("analysis") or {}
    names = [spec.get("jobs") or data.outcomes[0]]
    if spec.get("cost") and spec["cost"] not in names:
        names.append(spec["cost"])
    summary = data.analysis.summary
    others = [k for k in data.design["keys"] if k not in (x, y)]
    blocks, notes = [], []
    if others:
        notes.append("The heat maps average over the other inputs (" + ", ".join(others) + ").")
    for name in names:
        part = summary[summary["outcome"] == name]
        grid = part.groupby([y, x])["mean"].mean().unstack(x)
        extra = "Each cell: mean over replicates" + (" and the other inputs" if others else "")
        fig = plots.lever_heatmap(
            x,
            [float(v) for v in grid.columns],
            y,
            [float(v) for v in grid.index],
            grid.to_numpy(dtype=float),
            name,
            _source(data, extra + "."),
        )
        blocks.append(
            FigureBlock(
                f"heatmap_{name}",
                f"'{name}' for every combination of {x} (across) and {y} (up). Compare a row "
                "from left to right to see what the lever does in one future; compare a column "
                "from bottom to top to see how much the future matters.",
                fig,
            )
        )
    return blocks, notes


LEVER_LABELS = {
    "futures": "Futures",
    "extra_jobs": "Extra jobs vs no lever (mean)",
    "share_futures_beats_no_lever": "Futures where it beats no lever",
    "extra_cost_eur_m": "Extra public cost vs no lever (mean)",
    "jobs_per_eur_m": "Extra jobs per unit of extra cost",
    "max_regret_jobs": "Worst regret (jobs)",
    "mean_regret_jobs": "Mean regret (jobs)",
}


def levers_html(data: SweepData) -> str:
    """The lever ranking and the settings that beat no lever in every future."""
    table: pd.DataFrame | None = data.analysis.levers
    if table is None or table.empty:
        return "<p>No lever ranking: it needs a grid design with at least one lever input.</p>"
    spec = data.manifest.get("analysis") or {}
    jobs = spec.get("jobs") or data.outcomes[0]
    levers = [
        k
        for k, kind in zip(data.design["keys"], data.design["kinds"], strict=True)
        if kind == "lever"
    ]
    head, rows = [], []
    columns = [c for c in table.columns]
    for c in columns:
        label = f"<code>{html.escape(c)}</code>" if c in levers else LEVER_LABELS.get(c)
        if c == f"mean_{jobs}":
            label = f"Mean <code>{html.escape(jobs)}</code> across futures"
        head.append(label or html.escape(c.replace("_", " ")))
    for _, r in table.iterrows():
        cells = []
        for c in columns:
            v = r[c]
            if c == "share_futures_beats_no_lever":
                cells.append("-" if pd.isna(v) else f"{100 * float(v):.0f}%")
            elif c in levers or c == "futures":
                cells.append(html.escape(_values_text([v])))
            elif isinstance(v, (int, float, np.number)) and not isinstance(v, bool):
                cells.append(plots.fmt_value(float(v), 4))
            else:
                cells.append(html.escape(str(v)))
        rows.append(cells)
    cost = spec.get("cost")
    cost_text = f" and the cost outcome <code>{html.escape(cost)}</code>" if cost else ""
    out = (
        f"<p>Each lever setting is compared with the no-lever setting (the base scenario's "
        f"value) in every future, on the jobs outcome <code>{html.escape(jobs)}</code>"
        f"{cost_text}. <em>Regret</em> is how many jobs a setting falls short of the best "
        "setting in the same future; a robust choice has a small worst regret. Best first.</p>"
    )
    out += table_html(head, rows)
    if "share_futures_beats_no_lever" in table:
        robust = table[table["share_futures_beats_no_lever"] == 1.0]
        names = [", ".join(f"{k} = {r[k]}" for k in levers) for _, r in robust.iterrows()]
        out += (
            "<p><b>Robust settings</b> (more jobs than no lever in every future): "
            + (html.escape("; ".join(names)) if names else "none")
            + ".</p>"
        )
    return out


def caveats_html(data: SweepData) -> str:
    """What a sweep's numbers rest on."""
    reps = int(data.manifest["replicates"])
    items = [
        "This is a simulation, not a forecast. It shows what follows from the stated "
        "assumptions; the inputs varied here are only some of them.",
        f"Every design point ran with {reps} random seed{'s' if reps != 1 else ''}; its "
        "outcome is the mean over them. With few replicates, small differences between points "
        "can be chance.",
        "Ranges and values of the inputs were chosen in the experiment file; an input left "
        "fixed cannot show up as important.",
        "The regional employment figures are estimates (see <code>scenarios/data/README.md"
        "</code>); behavioural parameters are modelling assumptions (<code>docs/model.md</code>).",
        "This analysis was computed when the report was made, from the runs finished then.",
    ]
    if data.design["kind"] == "sobol":
        items.append(
            "Sobol indices need many samples; their 95% intervals say how far to trust them."
        )
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def build(data: SweepData) -> tuple[str, list[FigureBlock]]:
    """The HTML text of a sweep report and its figures."""

    sobol, sobol_notes = sobol_blocks(data)
    heat, heat_notes = heatmap_blocks(data)
    blocks = sobol + heat
    notes = [*sobol_notes, *heat_notes, *data.analysis.notes]
    if data.design["kind"] == "lhs":
        notes.append(
            "A Latin hypercube design gives no Sobol indices and no lever ranking; see the "
            "outcome tables."
        )
    note_html = "".join(f'<p class="note">{html.escape(n)}</p>' for n in notes)
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    figures = figures_html(blocks) if blocks else "<p>No figures for this design.</p>"
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>autoregions sweep: {html.escape(data.name)}</title>
<style>{STYLE}.wide{{overflow-x:auto}}.left td,.left th{{text-align:left}}</style></head>
<body>
<h1>Automotive regions, sweep '{html.escape(data.name)}'</h1>
<p class="meta">autoregions {__version__} sweep ({html.escape(data.design["kind"])} design);
report made {made} from {html.escape(str(data.folder))}.</p>
{window_html(data)}
<h2>What was swept</h2>
{what_was_swept(data)}
<h2>Outcomes</h2>
{summary_html(data)}
<h2>Figures</h2>
{figures}{note_html}
<h2>Lever ranking and robustness</h2>
{levers_html(data)}
<h2>Caveats: what these numbers rest on</h2>
{caveats_html(data)}
<p class="meta">Experiment hash {html.escape(str(data.manifest.get("experiment_hash", "-")))};
base scenario hash {html.escape(str(data.manifest.get("base_scenario_hash", "-")))}.</p>
</body></html>
"""
    return text, blocks


__all__ = ["build", "heatmap_axes", "outcome_words", "parameter_rows"]
