"""The report of a comparison folder (`autoregions compare`): scenarios measured against a base
on the same seeds, with 95% intervals across seeds.

It opens with one plain sentence per scenario (jobs saved in the milestone year and the cost per
job-year, or that no effect can be told apart from chance), states its one time window (the
first year to the milestone year) and one interval definition, then explains budgets against
spending and the settings in words. Cost per job-year preserved is shown only where the
job-years preserved are significantly above zero (lower end of the 95% interval > 0).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from sim import __version__
from sim.analysis.compare import cost_per_job_year_range, headline, until
from sim.outputs import measures as metrics
from sim.scale import describe
from sim.scenario import Scenario
from sim.viz import intervals, plots, wording
from sim.viz.html import (
    CORE_SECTIONS,
    LEFT_BEHIND,
    SORT_SCRIPT,
    STYLE,
    FigureBlock,
    describe_scenario,
    figures_html,
    sortable_table_html,
    table_html,
)
from sim.viz.load import SPEND_COLUMNS, ComparisonData, RunData
from sim.viz.maps import comparison_map

NO_EFFECT = "no significant effect"


def _fmt_interval(values: np.ndarray, digits: int = 3) -> str:
    """'mean <range>(low to high)</range>' across seeds; the mean alone for one seed."""

    def f(v: float) -> str:
        return plots.fmt_value(v, digits) if abs(v) < 1000 else f"{v:,.0f}"

    return intervals.html(*intervals.stat(values), fmt=f)


def cost_per_job_year(data: ComparisonData, scenario: str) -> tuple[float, float, float] | None:
    """Net public cost per job-year preserved (EUR): mean cost / mean job-years, with a range
    from the two 95% intervals (cost interval over job-years interval, the widest combination);
    None when the job-years preserved are not significantly above zero."""
    return cost_per_job_year_range(
        data.values(scenario, "net_public_cost_eur_m"), data.values(scenario, "job_years_preserved")
    )


def settings_differences(base: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """Plain words, one item per section, for every setting in which `other` differs from
    `base` (name, description, seed and file paths left out)."""
    return wording.grouped(wording.differences(base, other), "base")


def _policy_in_words(settings: dict[str, Any]) -> list[str]:
    """The policy settings that differ from the schema defaults, in words."""
    try:
        defaults = Scenario().model_dump(mode="json")
    except Exception:  # the schema may need files; then there is nothing to compare with
        return []
    levers = {k: v for k, v in settings.items() if k not in CORE_SECTIONS}
    return wording.grouped(
        wording.differences({k: defaults.get(k, {}) for k in levers}, levers), "default"
    )


def _items(texts: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in texts) + "</ul>"


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
            policy = _policy_in_words(run.settings)
            text += " This is the base. " + (
                "Policy settings switched on:" + _items(policy)
                if policy
                else "No policy lever is switched on."
            )
        else:
            diff = settings_differences(base_run.settings, run.settings)
            text += (
                " Differs from the base in:" + _items(diff)
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
    agents = (
        "One worker agent per real worker"
        if k == 1
        else f"One worker agent stands for up to {k} real workers"
    )
    parts.append(
        f"<p>{agents}. The "
        f"{n} seed{'s' if n != 1 else ''} ({', '.join(str(s) for s in data.seeds)}) are derived "
        "from the base scenario's seed.</p>"
    )
    return "".join(parts)


def in_short_html(data: ComparisonData) -> str:
    """The opening: one plain sentence per scenario against the base."""
    start, milestone = _window(data)
    base_rows = data.rows(data.base)
    j0 = intervals.stat(data.table["jobs_start"][base_rows].astype(float))
    j1 = intervals.stat(data.table["jobs_milestone"][base_rows].astype(float))
    items = [
        f"<b>{html.escape(data.base)}</b> (the base): automotive jobs go from "
        f"{intervals.text(*j0)} in {start} to {intervals.text(*j1)} in {milestone}."
    ]
    for name in data.scenarios:
        if name == data.base:
            continue
        sentence = headline(data.table, data.rows(name), start, milestone)
        items.append(f"<b>{html.escape(name)}</b>: {html.escape(sentence)}")
    return "<ul class=short>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _window(data: ComparisonData) -> tuple[int, int]:
    """The report's one time window: the first simulated year to the milestone year."""
    years = sorted(set(data.runs[data.base][0].table["year"].tolist()))
    return int(years[0]), data.milestone


def _window_sum(run: RunData, column: str, start: int, end: int) -> float:
    """A flow column (EUR million a quarter) summed over the regions and years start..end."""
    year = run.table["year"]
    rows = (year >= start) & (year <= end)
    return float(np.asarray(run.table[column], dtype=float)[rows].sum())


def pools(settings: dict[str, Any], start: int, end: int) -> list[tuple[str, float, str]]:
    """The money the policy settings make available (EUR) in start..end: (what, amount, how it
    is counted). Aid budgets are for the whole run; yearly budgets count their years in the
    window."""

    def years(a: Any, b: Any) -> int:
        try:
            return max(0, min(int(b), end) - max(int(a), start) + 1)
        except (TypeError, ValueError):
            return 0

    out = []
    aid = settings.get("aid") or {}
    budgets = aid.get("budgets") or {}
    if isinstance(budgets, dict) and any(float(v) > 0 for v in budgets.values()):
        out.append(
            (
                "retooling-aid budgets",
                float(sum(float(v) for v in budgets.values())),
                "for the whole run: "
                + ", ".join(f"{k} {wording.money(float(v))}" for k, v in budgets.items()),
            )
        )
    fund = settings.get("fund") or {}
    per_year = float(fund.get("budget_eur_per_year", 0) or 0)
    n = years(fund.get("start_year"), fund.get("end_year"))
    if per_year > 0 and n:
        out.append(
            (
                "just-transition fund",
                per_year * n,
                f"{wording.money(per_year)} a year for {n} year{'s' if n != 1 else ''}",
            )
        )
    programmes = (settings.get("procurement") or {}).get("programmes") or []
    total, texts = 0.0, []
    for prog in programmes if isinstance(programmes, list) else []:
        k = years(prog.get("start_year"), prog.get("end_year"))
        amount = float(prog.get("budget_eur_per_year", 0) or 0) * k
        if amount > 0:
            total += amount
            texts.append(f"{prog.get('area', '?')} {wording.money(amount)} over {k} years")
    if total > 0:
        out.append(("clean-vehicle procurement", total, ", ".join(texts)))
    return out


def budget_html(data: ComparisonData) -> str:
    """Per scenario, in words: the money made available, what was spent on each line, and how
    the net public cost follows from them."""
    start, milestone = _window(data)
    lines = [c for c in SPEND_COLUMNS if c != "spend_benefits"]
    parts = [
        f"<p>All sums cover {start} to {milestone}. <em>Available</em> is what the policy "
        "settings make available; <em>spent</em> is what the simulated firms and workers "
        "drew (money not drawn is not spent and costs nothing). <em>Net public cost</em> is the "
        "scenario's lever spending minus the base's, plus the change in unemployment benefits "
        "against the base on the same seed (negative when fewer people are out of work).</p>"
    ]
    base_runs = data.runs[data.base]
    items = []
    for name in data.scenarios:
        runs = data.runs[name]
        if not all(r.has_spending() for r in runs + base_runs):
            continue
        available = pools(runs[0].settings, start, milestone)
        spent = {c: [_window_sum(r, c, start, milestone) for r in runs] for c in lines}
        lever = [sum(v) for v in zip(*spent.values(), strict=True)]
        if not available and not any(lever):
            continue
        pool_total = sum(a for _, a, _ in available)
        text = f"<b>{html.escape(name)}</b>: "
        if available:
            text += "available " + "; ".join(
                f"{html.escape(w)} {wording.money(a)} ({html.escape(h)})" for w, a, h in available
            )
        else:
            text += "no fixed budget (reskilling places are paid per participant)"
        m, lo, hi = intervals.stat(lever)
        text += f". Spent on policy levers: {_eur_m(m, lo, hi)}"
        by_line = [
            f"{plots.SPEND_LABELS[c][0].lower()} {_eur_m(*intervals.stat(v))}"
            for c, v in spent.items()
            if any(v)
        ]
        if by_line:
            text += " (" + "; ".join(by_line) + ")"
        if pool_total > 0:
            text += f", {100 * m * 1e6 / pool_total:.0f}% of the money available"
        text += "."
        if name != data.base:
            base_lever = [
                sum(_window_sum(r, c, start, milestone) for c in lines) for r in base_runs
            ]
            benefits = [
                _window_sum(r, "spend_benefits", start, milestone)
                - _window_sum(b, "spend_benefits", start, milestone)
                for r, b in zip(runs, base_runs, strict=True)
            ]
            net = data.values(name, "net_public_cost_eur_m")
            text += (
                f" Net public cost {_eur_m(*intervals.stat(net))} = lever spending "
                f"{wording.money(m * 1e6)} minus the base's "
                f"{wording.money(float(np.mean(base_lever)) * 1e6)}, plus the change in "
                f"unemployment benefits {_eur_m(*intervals.stat(benefits), signed=True)}."
            )
        items.append(text)
    if not items:
        return parts[0] + "<p>No scenario spends public money on a policy lever.</p>"
    return parts[0] + "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _eur_m(mean: float, lo: float, hi: float, signed: bool = False) -> str:
    """An amount given in EUR million as 'EUR 3.3 m (2.1 to 4.5)'."""

    def f(v: float) -> str:
        text = wording.money(v * 1e6)
        return ("+" + text) if signed and v > 0 else text

    if not (np.isfinite(lo) and np.isfinite(hi)):
        return f(mean)
    return f"{f(mean)} <span class=range>({f(lo)} to {f(hi)})</span>"


#: Headline rows: column, label, whether the base scenario has a value of its own.
HEADLINE = (
    ("jobs_start", "Automotive jobs in {start} (persons)", True),
    ("jobs_milestone", "Automotive jobs in {milestone} (persons)", True),
    ("jobs_preserved", "Jobs preserved in {milestone} (persons)", False),
    ("va_preserved_eur_m", "Value added preserved in {milestone} (EUR million a year)", False),
    ("job_years_preserved", "Job-years preserved, {start}-{milestone}", False),
    ("unemployment_years_avoided", "Unemployment-years avoided, {start}-{milestone}", False),
    ("lever_spending_eur_m", "Spending on policy levers, {start}-{milestone} (EUR million)", True),
    ("net_public_cost_eur_m", "Net public cost, {start}-{milestone} (EUR million)", False),
    ("cost_per_job_year", "Net public cost per job-year preserved (EUR)", False),
    ("disparity_cv", "Disparity of job change across regions, {start}-{milestone} (CV)", True),
)


def _years(data: ComparisonData) -> dict[str, int]:
    start, milestone = _window(data)
    return {"start": start, "milestone": milestone}


def headline_html(data: ComparisonData) -> str:
    """Measures (rows) per scenario (columns): mean and 95% interval across seeds."""
    years = _years(data)
    rows = []
    for column, label, base_has in HEADLINE:
        cells = [label.format(**years)]
        for name in data.scenarios:
            if name == data.base and not base_has:
                cells.append("<span class=range>base</span>")
            elif column == "cost_per_job_year":
                cpj = cost_per_job_year(data, name)
                if cpj is None:
                    cells.append(f"<em>{NO_EFFECT}</em>")
                else:
                    cells.append(intervals.html(*cpj))
            else:
                digits = 2 if column == "disparity_cv" else 3
                cells.append(_fmt_interval(data.values(name, column), digits))
        rows.append(cells)
    return table_html(["", *(html.escape(s) for s in data.scenarios)], rows)


def region_table_html(data: ComparisonData) -> str:
    """One sortable table of every region: its jobs in the start year (base) and, per
    scenario, its change in jobs over the window (mean over seeds with the 95% interval) and
    in how many seeds it loses more than 10% (left behind)."""
    start, milestone = _window(data)
    label = data.runs[data.base][0].regions.label
    n = len(data.seeds)
    codes = data.runs[data.base][0].region_codes
    change: dict[str, dict[str, tuple[float, float, float]]] = {}
    behind: dict[str, dict[str, int]] = {}
    for name in data.scenarios:
        per_seed = [metrics.job_change(r.table, start, milestone) for r in data.runs[name]]
        change[name] = {
            c: tuple(100 * v for v in intervals.stat([ch.get(c, np.nan) for ch in per_seed]))
            for c in codes
        }  # type: ignore[misc]
        behind[name] = {
            c: sum(1 for ch in per_seed if ch.get(c, 0.0) < -LEFT_BEHIND[1] / 100) for c in codes
        }
    start_jobs = {
        c: float(np.mean([metrics.by_region_year(r.table, "jobs_total", start).get(c, np.nan)
                          for r in data.runs[data.base]]))
        for c in codes
    }  # fmt: skip
    codes = sorted(codes, key=lambda c: change[data.base][c][0])

    def pct(v: float) -> str:
        return f"{v:+.1f}%"

    rows = []
    for c in codes:
        cells: list[tuple[str, str]] = [
            (html.escape(label(c)), html.escape(c)),
            (f"{start_jobs[c]:,.0f}", f"{start_jobs[c]:.6g}"),
        ]
        for name in data.scenarios:
            mean, lo, hi = change[name][c]
            text = intervals.html(mean, lo, hi, fmt=pct)
            if intervals.sign(lo, hi) < 0 and hi < -LEFT_BEHIND[1]:
                text = f"<span class=bad>{text}</span>"
            cells.append((text, f"{mean:.6g}"))
            k = behind[name][c]
            cells.append((f"{k} of {n}", str(k)))
        rows.append(cells)
    head = ["Region", f"Jobs {start} (base)"]
    for name in data.scenarios:
        head += [f"{html.escape(name)}: change", f"{html.escape(name)}: seeds losing >10%"]
    total = {name: sum(1 for c in codes if behind[name][c] * 2 > n) for name in data.scenarios}
    summary = "; ".join(
        f"{html.escape(name)} {total[name]} of {len(codes)}" for name in data.scenarios
    )
    return (
        f"<p>A region is <em>left behind</em> when it loses more than {LEFT_BEHIND[1]:g}% of "
        f"its automotive jobs between {start} and {milestone} (annual means). Regions left "
        f"behind in most seeds: {summary}. The table lists every region with its change in "
        f"jobs ({intervals.SHORT}) and the number of the {n} seeds in which it loses more than "
        f"{LEFT_BEHIND[1]:g}%; largest losses in the base first. A change is in red only when "
        f"its whole interval lies below -{LEFT_BEHIND[1]:g}%: an interval that reaches across "
        "that line may be noise. Click a column header to sort by it.</p>"
        + sortable_table_html(head, rows)
    )


def _windowed(data: ComparisonData) -> dict[str, list[RunData]]:
    """Every scenario's runs cut to the report's time window."""
    _, milestone = _window(data)
    return {
        name: [
            RunData(r.folder, r.manifest, until(r.table, milestone), r.regions)
            for r in data.runs[name]
        ]
        for name in data.scenarios
    }


def figure_blocks(data: ComparisonData) -> list[FigureBlock]:
    """Bars of what each scenario preserves and costs, fan charts of every scenario and the
    maps of the change in jobs, all over the report's window."""
    years = _years(data)
    others = [s for s in data.scenarios if s != data.base]
    source = plots.source_line(
        ", ".join(data.scenarios), data.seeds, f"Each scenario against '{data.base}'."
    ).replace("scenario '", "scenarios '")
    blocks = []
    start, milestone = years["start"], years["milestone"]
    if others:
        metric_defs = {
            "jobs": ("jobs_preserved", f"jobs preserved in {milestone} (persons)"),
            "va": ("va_preserved_eur_m", f"value added preserved in {milestone} (EUR m/yr)"),
            "cost": ("net_public_cost_eur_m", f"net public cost {start}-{milestone} (EUR m)"),
        }
        bars: dict[str, tuple[str, list[float], list[float], list[float]]] = {}
        for key, (column, label) in metric_defs.items():
            stats = [intervals.stat(data.values(s, column)) for s in others]
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
                f"benefits), {start}-{milestone}. Bars are means over seeds, black lines 95% "
                "intervals: a bar whose interval crosses zero cannot be told apart from the "
                "base. Cost per job-year is shown only where the job-years preserved are "
                "significantly above zero; its range combines the intervals of cost and "
                "job-years.",
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
            f"Every scenario over time, {start}-{milestone}, summed over the simulated regions: "
            "the line is the mean over seeds, the band its 95% interval. Where bands overlap, "
            "the scenarios are hard to tell apart. The axes start at zero.",
            plots.scenario_fans(_windowed(data), source),
        )
    )
    blocks.append(_map_block(data, start, milestone))
    return blocks


def _map_block(data: ComparisonData, start: int, end: int) -> FigureBlock:
    """Small multiples of the job change per region, one map per scenario."""

    result = comparison_map(data, start, end)
    caption = (
        f"Change in automotive jobs per region from {start} to {end}, one map per scenario "
        f"(each region: the mean over the {len(data.seeds)} seeds), on one colour scale "
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
    start, milestone = _window(data)
    items = [
        "This is a simulation, not a forecast. It shows what follows from the stated "
        "assumptions; change an assumption and the numbers change.",
        f"Intervals are 95% t-intervals of the mean over the {n} seeds. With few seeds they "
        "are wide; an interval that contains zero means this comparison cannot tell the "
        "scenario apart from the base. Run more seeds (--seeds) to narrow them.",
        f"Jobs and value added preserved are differences in {milestone}; job-years, "
        f"unemployment-years and costs are summed over {start}-{milestone}.",
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


def window_html(data: ComparisonData) -> str:
    """The report's time window and interval definition, stated once at the top."""
    start, milestone = _window(data)
    years = sorted(set(data.runs[data.base][0].table["year"].tolist()))
    later = (
        f" The runs go on to {years[-1]}; this report does not use the later years."
        if years[-1] > milestone
        else ""
    )
    return (
        f'<p class="note"><b>Time window: {start} to {milestone}.</b> Every number, table, '
        f"map and chart in this report covers these years: levels and changes compare "
        f"{start} with {milestone} (annual means), job-years and money are summed over "
        f"{start}-{milestone}.{later} {html.escape(intervals.DEFINITION)}</p>"
    )


def build(data: ComparisonData) -> tuple[str, list[FigureBlock]]:
    """The HTML text of a comparison report and its figures."""

    blocks = figure_blocks(data)
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    others = [s for s in data.scenarios if s != data.base]
    title = f"{', '.join(others) or data.base} against {data.base}"
    base_run: RunData = data.runs[data.base][0]
    maps = [b for b in blocks if b.key == "job_change_maps"]
    rest = [b for b in blocks if b.key != "job_change_maps"]
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>autoregions comparison: {html.escape(title)}</title><style>{STYLE}</style></head>
<body>
<h1>Automotive regions, scenarios compared: {html.escape(title)}</h1>
<p class="meta">autoregions {__version__} comparison of {len(data.scenarios)} scenarios on
{len(data.seeds)} seeds; report made {made} from {html.escape(str(data.folder))}.</p>
{window_html(data)}
<h2>In short</h2>
{in_short_html(data)}
<h2>What was compared</h2>
{what_was_compared(data)}
<h2>Budget and spending</h2>
{budget_html(data)}
<h2>Headline: each scenario against {html.escape(data.base)}</h2>
<p>Each cell: {intervals.SHORT}. Cost per job-year preserved is given only where the
job-years preserved are significantly above zero; otherwise it says "{NO_EFFECT}".</p>
{headline_html(data)}
<h2>Regions left behind</h2>
{figures_html(maps)}
{region_table_html(data)}
<h2>Figures</h2>
{figures_html(rest)}
<h2>Caveats: what these numbers rest on</h2>
{caveats_html(data)}
<p class="meta">Base scenario hash {html.escape(str(base_run.manifest.get("scenario_hash", "-")))};
git commit {html.escape(str(base_run.manifest.get("git_commit", "-")))}.</p>
{SORT_SCRIPT}
</body></html>
"""
    return text, blocks


__all__: Sequence[str] = ["build", "cost_per_job_year", "pools", "settings_differences"]
