"""The report of a comparison folder (`autoregions compare`): scenarios measured against a base
on the same seeds, with 95% intervals across seeds.

Cost per job-year preserved is shown only where the job-years preserved are significantly above
zero (lower end of the 95% interval > 0), as `autoregions compare` prints it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from sim import __version__
from sim.analysis.compare import interval
from sim.outputs import measures as metrics
from sim.scale import describe
from sim.viz import plots
from sim.viz.html import (
    CORE_SECTIONS,
    LEFT_BEHIND,
    STYLE,
    FigureBlock,
    changed_settings,
    describe_scenario,
    figures_html,
    table_html,
)
from sim.viz.load import ComparisonData, RunData
from sim.viz.maps import comparison_map

NO_EFFECT = "no significant effect"


def _fmt_interval(values: np.ndarray, digits: int = 3) -> str:
    """'mean <range>(low to high)</range>' across seeds; the mean alone for one seed."""
    mean, lo, hi = interval(values)
    if not np.isfinite(mean):
        return "-"
    text = plots.fmt_value(mean, digits) if abs(mean) < 1000 else f"{mean:,.0f}"
    if not (np.isfinite(lo) and np.isfinite(hi)) or lo == hi:
        return text

    def f(v: float) -> str:
        return plots.fmt_value(v, digits) if abs(v) < 1000 else f"{v:,.0f}"

    return f"{text} <span class=range>({f(lo)} to {f(hi)})</span>"


def cost_per_job_year(data: ComparisonData, scenario: str) -> tuple[float, float, float] | None:
    """Net public cost per job-year preserved (EUR): mean cost / mean job-years, with a range
    from the two 95% intervals (cost interval over job-years interval, the widest combination);
    None when the job-years preserved are not significantly above zero."""
    jy, jy_lo, jy_hi = interval(data.values(scenario, "job_years_preserved"))
    if not (np.isfinite(jy_lo) and jy_lo > 0):
        return None
    cost, c_lo, c_hi = interval(data.values(scenario, "net_public_cost_eur_m"))
    if not np.isfinite(c_lo):
        c_lo = c_hi = cost
    ratios = [c * 1e6 / j for c in (c_lo, c_hi) for j in (jy_lo, jy_hi)]
    return cost * 1e6 / jy, min(ratios), max(ratios)


def settings_differences(base: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """'section.key = value (base: value)' for every setting in which `other` differs from
    `base` (name, description, seed and file paths left out)."""
    out = []
    for sec in sorted(set(base) | set(other)):
        a, b = base.get(sec), other.get(sec)
        if sec in ("name", "description", "seed") or a == b:
            continue
        if not (isinstance(a, dict) and isinstance(b, dict)):
            out.append(f"{sec} = {b} (base: {a})")
            continue
        for key in sorted(set(a) | set(b)):
            if key.endswith("file") or a.get(key) == b.get(key):
                continue
            out.append(f"{sec}.{key} = {b.get(key, '-')} (base: {a.get(key, '-')})")
    return out


def what_was_compared(data: ComparisonData) -> str:
    """Plain words: the scenarios, what each changes against the base, the shared setup."""
    base_run = data.runs[data.base][0]
    n = len(data.seeds)
    parts = [
        f"<p>{len(data.scenarios)} scenarios were run on the same {n} random seed"
        f"{'s' if n != 1 else ''}, so that the differences between them come from the "
        "scenarios and not from chance. Each scenario is measured against the base scenario "
        f"<b>{html.escape(data.base)}</b>: <em>preserved</em> means more than in the base on "
        "the same seed.</p><ul>"
    ]
    for name in data.scenarios:
        run = data.runs[name][0]
        desc = run.settings.get("description") or "no description given"
        text = f"<li><b>{html.escape(name)}</b>: {html.escape(str(desc).rstrip('.'))}."
        if name == data.base:
            levers = [k for k in run.settings if k not in CORE_SECTIONS]
            policy = changed_settings(run.settings, levers)
            text += " This is the base. " + (
                "Policy settings switched on: " + html.escape("; ".join(policy)) + "."
                if policy
                else "No policy lever is switched on."
            )
        else:
            diff = settings_differences(base_run.settings, run.settings)
            text += (
                " Differs from the base in: " + html.escape("; ".join(diff)) + "."
                if diff
                else " Its settings equal the base's (only the name differs)."
            )
        parts.append(text + "</li>")
    parts.append("</ul><p>What every scenario shares (described for the base):</p>")
    common = [
        p
        for p in describe_scenario(base_run)
        if not p.startswith(("Scenario '", "Random seed", "Policy settings", "No policy"))
    ]
    parts += [f"<p>{html.escape(p)}</p>" for p in common]
    k = int(data.manifest.get("scale", 1))
    parts.append(
        f"<p>One worker agent stands for {k} real worker{'s' if k != 1 else ''}. Seeds: "
        f"{', '.join(str(s) for s in data.seeds)} (derived from the base scenario's seed).</p>"
    )
    return "".join(parts)


#: Headline rows: column, label, whether the base scenario has a value of its own.
HEADLINE = (
    ("jobs_start", "Automotive jobs in {start} (persons)", True),
    ("jobs_milestone", "Automotive jobs in {milestone} (persons)", True),
    ("jobs_end", "Automotive jobs in {end} (persons)", True),
    ("jobs_preserved", "Jobs preserved in {milestone} (persons)", False),
    ("va_preserved_eur_m", "Value added preserved in {milestone} (EUR million a year)", False),
    ("job_years_preserved", "Job-years preserved, {start}-{end}", False),
    ("unemployment_years_avoided", "Unemployment-years avoided, {start}-{end}", False),
    ("lever_spending_eur_m", "Spending on policy levers, {start}-{end} (EUR million)", True),
    ("net_public_cost_eur_m", "Net public cost, {start}-{end} (EUR million)", False),
    ("cost_per_job_year", "Net public cost per job-year preserved (EUR)", False),
    ("disparity_cv", "Disparity of job change across regions, {start}-{milestone} (CV)", True),
)


def _years(data: ComparisonData) -> dict[str, int]:
    years = sorted(set(data.runs[data.base][0].table["year"].tolist()))
    return {"start": years[0], "end": years[-1], "milestone": data.milestone}


def headline_html(data: ComparisonData) -> str:
    """Measures (rows) per scenario (columns): mean and 95% interval across seeds."""
    years = _years(data)
    rows = []
    for column, label, base_has in HEADLINE:
        if column == "jobs_end" and years["end"] == years["milestone"]:
            continue
        cells = [label.format(**years)]
        for name in data.scenarios:
            if name == data.base and not base_has:
                cells.append("<span class=range>base</span>")
            elif column == "cost_per_job_year":
                cpj = cost_per_job_year(data, name)
                if cpj is None:
                    cells.append(f"<em>{NO_EFFECT}</em>")
                else:
                    mid, lo, hi = cpj
                    cells.append(
                        f"{mid:,.0f} <span class=range>({lo:,.0f} to {hi:,.0f})</span>"
                        if lo != hi
                        else f"{mid:,.0f}"
                    )
            else:
                digits = 2 if column == "disparity_cv" else 3
                cells.append(_fmt_interval(data.values(name, column), digits))
        rows.append(cells)
    return table_html(["", *(html.escape(s) for s in data.scenarios)], rows)


def left_behind_html(data: ComparisonData) -> str:
    """Per scenario, the regions losing more than 20% and 10% of their jobs between the start
    and the milestone year, with the number of seeds in which they do."""
    years = _years(data)
    label = data.runs[data.base][0].regions.label
    n = len(data.seeds)
    parts = [
        f"<p>A region is <em>left behind</em> when it loses more than 10% (or 20%) of its "
        f"automotive jobs between {years['start']} and {years['milestone']} (annual means). "
        f"Each region is listed with the number of the {n} seeds in which it does.</p>"
    ]
    for name in data.scenarios:
        rows = data.rows(name)
        items = []
        for limit, column in (
            (LEFT_BEHIND[0], "left_behind_20"),
            (LEFT_BEHIND[1], "left_behind_10"),
        ):
            counts: dict[str, int] = {}
            for cell in data.table[column][rows]:
                for code in filter(None, str(cell).split(",")):
                    counts[code] = counts.get(code, 0) + 1
            if limit == LEFT_BEHIND[1]:  # the 10% list includes the 20% one
                for code in list(counts):
                    twenty = [c for c in data.table["left_behind_20"][rows] if code in c.split(",")]
                    counts[code] -= len(twenty)
                    if counts[code] <= 0:
                        del counts[code]
                title = f"losing {LEFT_BEHIND[1]:g}-{LEFT_BEHIND[0]:g}%"
            else:
                title = f"losing more than {limit:g}%"
            listed = ", ".join(
                f"{html.escape(label(c))} ({k} of {n} seeds)"
                for c, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            items.append(f"{title}: {listed or 'none'}")
        parts.append(
            f"<h3>{html.escape(name)}</h3><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        )
    return "".join(parts)


def region_change_html(data: ComparisonData) -> str:
    """Median change in jobs per region (start to milestone, annual means) per scenario."""
    years = _years(data)
    label = data.runs[data.base][0].regions.label
    changes = {
        name: [
            metrics.job_change(r.table, years["start"], years["milestone"]) for r in data.runs[name]
        ]
        for name in data.scenarios
    }
    codes = data.runs[data.base][0].region_codes
    median = {
        name: {c: 100 * float(np.median([ch.get(c, np.nan) for ch in chs])) for c in codes}
        for name, chs in changes.items()
    }
    codes.sort(key=lambda c: median[data.base][c])

    def cell(v: float) -> str:
        return f"<span class=bad>{v:+.1f}%</span>" if v < -LEFT_BEHIND[1] else f"{v:+.1f}%"

    rows = [[html.escape(label(c)), *(cell(median[s][c]) for s in data.scenarios)] for c in codes]
    return (
        f"<p>Change in automotive jobs from {years['start']} to {years['milestone']} (annual "
        f"means, median across seeds), largest losses in the base first; losses of more than "
        f"{LEFT_BEHIND[1]:g}% in red.</p>"
        + table_html(["Region", *(html.escape(s) for s in data.scenarios)], rows)
    )


def figure_blocks(data: ComparisonData) -> list[FigureBlock]:
    """Bars of what each scenario preserves and costs, and fan charts of every scenario."""
    years = _years(data)
    others = [s for s in data.scenarios if s != data.base]
    source = plots.source_line(
        ", ".join(data.scenarios), data.seeds, f"Each scenario against '{data.base}'."
    ).replace("scenario '", "scenarios '")
    blocks = []
    if others:
        start, end, milestone = years["start"], years["end"], years["milestone"]
        metric_defs = {
            "jobs": ("jobs_preserved", f"jobs preserved in {milestone} (persons)"),
            "va": ("va_preserved_eur_m", f"value added preserved in {milestone} (EUR m/yr)"),
            "cost": ("net_public_cost_eur_m", f"net public cost {start}-{end} (EUR m)"),
        }
        bars: dict[str, tuple[str, list[float], list[float], list[float]]] = {}
        for key, (column, label) in metric_defs.items():
            stats = [interval(data.values(s, column)) for s in others]
            bars[key] = (label, *(list(v) for v in zip(*stats, strict=True)))  # type: ignore[assignment]
        cpj = [cost_per_job_year(data, s) for s in others]
        bars["cpj"] = (
            "net public cost per job-year preserved (EUR)",
            *([float("nan") if c is None else c[i] for c in cpj] for i in range(3)),
        )  # type: ignore[assignment]
        blocks.append(
            FigureBlock(
                "comparison_bars",
                f"What each scenario preserves against '{data.base}' on the same seeds, and what "
                "it costs the public purse (lever spending plus the change in unemployment "
                "benefits). Bars are means across seeds, black lines 95% intervals: a bar whose "
                "interval crosses zero cannot be told apart from the base. Cost per job-year is "
                "shown only where the job-years preserved are significantly above zero; its "
                "range combines the intervals of cost and job-years.",
                plots.comparison_bars(
                    others,
                    bars,
                    source,
                    missing={"cpj": NO_EFFECT},
                    title=f"Scenarios against '{data.base}' on the same seeds",
                ),
            )
        )
    blocks.append(
        FigureBlock(
            "scenario_fans",
            "Every scenario over time, summed over the simulated regions: the line is the median "
            "across seeds, the band holds 90% of the seeds' paths. Where bands overlap, the "
            "scenarios are hard to tell apart.",
            plots.scenario_fans({s: data.runs[s] for s in data.scenarios}, source),
        )
    )
    blocks.append(_map_block(data, years["start"], years["end"]))
    return blocks


def _map_block(data: ComparisonData, start: int, end: int) -> FigureBlock:
    """Small multiples of the job change per region, one map per scenario."""

    result = comparison_map(data, start, end)
    caption = (
        f"Change in automotive jobs per region from {start} to {end}, one map per scenario "
        f"(each region: the median over the {len(data.seeds)} seeds), on one colour scale "
        "centred on no change: red for losses, blue for gains."
    )
    if result.unmapped:
        caption += (
            f" {len(result.unmapped)} simulated rows have no place on the map (rest-of-country "
            "rows and outermost regions); the figure's note names them."
        )
    return FigureBlock("job_change_maps", caption, result.figure)


def caveats_html(data: ComparisonData) -> str:
    """What the comparison's numbers rest on."""
    n = len(data.seeds)
    items = [
        "This is a simulation, not a forecast. It shows what follows from the stated "
        "assumptions; change an assumption and the numbers change.",
        f"Intervals are 95% t-intervals of the mean across the {n} seeds. With few seeds they "
        "are wide; an interval that contains zero means this comparison cannot tell the "
        "scenario apart from the base. Run more seeds (--seeds) to narrow them.",
        "Jobs and value added preserved are differences in the milestone year; job-years, "
        "unemployment-years and costs are summed over the whole run.",
        "Net public cost counts lever spending and the change in unemployment benefits; it "
        "does not count taxes or social contributions that kept jobs pay back.",
        "Regional employment starts from Eurostat's regional C29 figures for 2015, rolled "
        "forward to national totals, with documented corrections (see "
        "<code>docs/data.md</code>). Behavioural parameters are modelling assumptions, listed "
        "in <code>docs/model.md</code>.",
        "Only the simulated regions are counted: jobs that move elsewhere count as lost.",
    ]
    k = int(data.manifest.get("scale", 1))
    if k > 1:
        items.append(f"Agent {describe(k)}.")
    if n < 2:
        items.append("With one seed there are no intervals and no test of significance.")
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def build(data: ComparisonData) -> tuple[str, list[FigureBlock]]:
    """The HTML text of a comparison report and its figures."""

    blocks = figure_blocks(data)
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    others = [s for s in data.scenarios if s != data.base]
    title = f"{', '.join(others) or data.base} against {data.base}"
    base_run: RunData = data.runs[data.base][0]
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>autoregions comparison: {html.escape(title)}</title><style>{STYLE}</style></head>
<body>
<h1>Automotive regions, scenarios compared: {html.escape(title)}</h1>
<p class="meta">autoregions {__version__} comparison of {len(data.scenarios)} scenarios on
{len(data.seeds)} seeds; report made {made} from {html.escape(str(data.folder))}.</p>
<h2>What was compared</h2>
{what_was_compared(data)}
<h2>Headline: each scenario against {html.escape(data.base)}</h2>
<p>Mean across seeds, with the 95% interval in brackets. Cost per job-year preserved is given
only where the job-years preserved are significantly above zero; otherwise it says
"{NO_EFFECT}".</p>
{headline_html(data)}
<h2>Regions left behind</h2>
{left_behind_html(data)}
<h2>Figures</h2>
{figures_html(blocks)}
<h2>Every region</h2>
{region_change_html(data)}
<h2>Caveats: what these numbers rest on</h2>
{caveats_html(data)}
<p class="meta">Base scenario hash {html.escape(str(base_run.manifest.get("scenario_hash", "-")))};
git commit {html.escape(str(base_run.manifest.get("git_commit", "-")))}.</p>
</body></html>
"""
    return text, blocks


__all__: Sequence[str] = ["build", "cost_per_job_year", "settings_differences"]
