"""HTML pieces shared by the three report kinds (runs, comparisons, sweeps): the page style,
tables, embedded figures and the plain-words description of a scenario's settings."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from sim.scale import describe
from sim.scenario import Scenario
from sim.viz import wording
from sim.viz.load import RunData

#: Thresholds of job loss (percent of start-year automotive jobs) that mark a region as left
#: behind, as in the policy-levers issue.
LEFT_BEHIND = (20.0, 10.0)
CORE_SECTIONS = (
    "name", "description", "seed", "time", "regions", "demand", "electrification", "vehicles",
    "suppliers", "oems", "network", "labour",
)  # fmt: skip


@dataclass
class FigureBlock:
    """A figure for the report: a key (file stem), caption and the figure itself."""

    key: str
    caption: str
    figure: Figure


# ---------------------------------------------------------------------- plain words
def _year_text(value: float) -> str:
    return f"{value:g}"


def describe_scenario(run: RunData, seeds: Sequence[Any] | None = None) -> list[str]:
    """Sentences that say what was simulated, from the manifest's scenario settings; `seeds`
    lists every seed shown (default: the run's own)."""
    s = run.settings
    out = []
    if s.get("description"):
        out.append(f"Scenario '{run.scenario}': {s['description']}.")
    time = s.get("time", {})
    years = sorted(set(run.table["year"].tolist()))
    out.append(
        f"The model steps quarter by quarter from {time.get('start_year', years[0])} to "
        f"{time.get('end_year', years[-1])} ({len(np.unique(run.time))} quarters)."
    )
    regions = s.get("regions", {})
    codes = run.region_codes
    names = ", ".join(run.regions.label(c) for c in codes[:8])
    more = f" and {len(codes) - 8} more" if len(codes) > 8 else ""
    out.append(f"It simulates {len(codes)} regions: {names}{more}.")
    scale = float(regions.get("job_scale", 1.0))
    if scale < 1.0:
        out.append(
            f"Every regional job count was shrunk to {100 * scale:g}% of its real size "
            "(a teaching and test setting): the job numbers below are not real regional totals."
        )
    elec = s.get("electrification", {})
    if elec.get("mode") == "table":
        pairs = ", ".join(
            f"{y}: {100 * b:.0f}%"
            for y, b in zip(elec.get("years", []), elec.get("bev_shares", []), strict=False)
        )
        out.append(f"The battery-electric (BEV) share of new vehicles follows a table ({pairs}).")
    elif elec:
        out.append(
            "The battery-electric (BEV) share of new vehicles follows an S-curve that reaches "
            f"half of its long-run level ({100 * float(elec.get('ceiling', 1.0)):.0f}%) in "
            f"{_year_text(float(elec.get('midpoint_year', 0)))}, growing "
            f"{float(elec.get('steepness', 0)):g} per year on the logistic scale; observed "
            "shares replace the curve in the years they exist."
        )
    demand = s.get("demand", {})
    if demand:
        out.append(
            f"Demand for vehicles from the simulated plants starts at "
            f"{float(demand.get('base_units_per_year', 0)):,.0f} a year for the whole regions "
            f"table and changes by {100 * float(demand.get('growth_per_year', 0)):+g}% a year."
        )
    levers = [k for k in s if k not in CORE_SECTIONS]
    policy = changed_settings(s, levers)
    if policy:
        out.append("Policy settings switched on or changed: " + " | ".join(policy) + ".")
    elif levers:
        out.append("No policy lever is used: every policy setting is at its default (off).")
    else:
        out.append("No policy levers are part of this run (this model version has none).")
    changed = changed_settings(s, CORE_SECTIONS)
    if changed:
        out.append("Model settings changed from the defaults: " + " | ".join(changed) + ".")
    k = run.manifest.get("scale", 1)
    seeds = [run.seed] if seeds is None else list(seeds)
    if len(seeds) == 1:
        out.append(f"Random seed {seeds[0]}; {describe(int(k))}.")
    else:
        listed = ", ".join(str(s) for s in seeds)
        out.append(f"{len(seeds)} random seeds ({listed}); {describe(int(k))}.")
    return out


def changed_settings(settings: dict[str, Any], sections: Sequence[str]) -> list[str]:
    """In words, one item per section: the settings of `sections` that differ from the schema
    default (file paths, region list, name, description and seed left out)."""
    try:
        defaults = Scenario().model_dump(mode="json")
    except Exception:  # the schema may need files; then there is nothing to compare with
        return []
    changes = []
    for sec in sections:
        given, base = settings.get(sec), defaults.get(sec)
        if not isinstance(given, dict):
            continue
        base = base if isinstance(base, dict) else {}
        for key, value in given.items():
            if key.endswith("file") or (sec == "regions" and key == "include"):
                continue
            if key in base and base[key] == value:
                continue
            changes.append((sec, key, value, base.get(key)))
    return wording.grouped(changes, "default")


# ---------------------------------------------------------------------- numbers
def png_data_uri(fig: Figure, dpi: int = 100) -> str:
    """The figure as a base64 PNG data URI."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62rem;
margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.8rem 0;font-size:.92rem}
th,td{padding:.3rem .6rem;border-bottom:1px solid #e2e2e2;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#f3f3f3}
.range{color:#666;font-size:.85em}.meta{color:#555;font-size:.9rem}
figure{margin:1.5rem 0}img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.92rem;color:#333}.note{background:#fff8e1;padding:.5rem .8rem;
border-left:4px solid #f0b400}.bad{color:#b00020;font-weight:600}
ul.short li,p.short{margin:.35rem 0;font-size:1.05rem}table.sortable th{white-space:nowrap}
"""


def figures_html(blocks: Sequence[FigureBlock]) -> str:
    """Each figure as an embedded PNG with its caption."""
    return "".join(
        f'<figure><img src="{png_data_uri(b.figure)}" alt="{html.escape(b.caption)}">'
        f"<figcaption>{html.escape(b.caption)}</figcaption></figure>"
        for b in blocks
    )


def table_html(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table with a header row; cells are inserted as given (already escaped)."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def sortable_table_html(head: Sequence[str], rows: Sequence[Sequence[tuple[str, str]]]) -> str:
    """A table whose columns sort on a click of their header (needs SORT_SCRIPT on the page).
    Each cell is (HTML as given, sort key): numeric keys sort as numbers, others as text."""
    th = "".join(f'<th title="click to sort">{h}</th>' for h in head)
    body = "".join(
        "<tr>"
        + "".join(f'<td data-v="{html.escape(key, quote=True)}">{cell}</td>' for cell, key in r)
        + "</tr>"
        for r in rows
    )
    return f'<table class="sortable"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


#: A few lines of plain JavaScript that sort `sortable` tables by the clicked column (numbers
#: as numbers, the rest as text; a second click reverses). The report works without it.
SORT_SCRIPT = """<script>
document.querySelectorAll("table.sortable th").forEach(function (th, i) {
  th.style.cursor = "pointer";
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0], up = th.dataset.dir !== "up";
    th.dataset.dir = up ? "up" : "down";
    var key = function (r) { return r.cells[i].dataset.v; };
    Array.from(body.rows).sort(function (a, b) {
      var x = parseFloat(key(a)), y = parseFloat(key(b));
      var d = (isNaN(x) || isNaN(y)) ? key(a).localeCompare(key(b)) : x - y;
      return up ? d : -d;
    }).forEach(function (r) { body.appendChild(r); });
  });
});
</script>"""
