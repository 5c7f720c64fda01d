"""Regenerate every result quoted in docs/tutorial.md by running the tutorial's own commands.

    python experiments/tutorial_numbers.py            # run, then rewrite the tutorial
    python experiments/tutorial_numbers.py --keep W   # keep the working folder W
    python experiments/tutorial_numbers.py --fill-only  # only put the stored values in

The tutorial marks each quoted result: inline values as `<!-- num:NAME -->value<!-- /num -->`
and printed output as a `<!-- block:NAME -->` fenced text block `<!-- /block -->`. This script
runs the commands of sections 2-7 in a fresh working folder (the scenario files `my_aid.toml`
and `tiny_sweep.toml` are read from the tutorial itself), writes every value to
docs/tutorial_numbers.json and puts it into the tutorial between its markers. It also copies the
report's figures to docs/img/tutorial_*.png. tests/docs/test_tutorial.py fails when the
tutorial and the JSON file disagree, or when a number in the quoted sections is neither
generated here nor a declared input (INPUTS). About 3-6 minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TUTORIAL = ROOT / "docs" / "tutorial.md"
NUMBERS = ROOT / "docs" / "tutorial_numbers.json"
IMAGES = ROOT / "docs" / "img"

#: An inline generated value and a generated block of printed output.
MARK = re.compile(r"<!-- num:(?P<name>[a-z0-9_]+) -->(?P<value>.*?)<!-- /num -->", re.S)
BLOCK = re.compile(
    r"<!-- block:(?P<name>[a-z0-9_]+) -->\n```text\n(?P<value>.*?)```\n<!-- /block -->", re.S
)
#: Sections whose every number is generated or a declared input (tests/docs/test_tutorial.py).
CHECKED_SECTIONS = ("## 2.", "## 3.", "## 5.", "## 7.")
#: Numbers the checked sections may state without generating them: the tutorial's inputs
#: (what the reader types or sets), with where each comes from.
INPUTS = {
    "1": "one agent per real worker (scale 1)",
    "2": "two seeds per design point (tiny_sweep.toml replicates); 2% job_scale of tiny",
    "3": "--seeds 3 in the compare command",
    "10": "left-behind threshold (sim.viz.html.LEFT_BEHIND); --scale 10; --seeds 10",
    "20": "left-behind threshold (sim.viz.html.LEFT_BEHIND); the EUR 20 million aid pool",
    "30": "the aid rate of my_aid.toml, 0.3",
    "44": "quarters from 2025 to 2035 (tiny's [time])",
    "95": "the reports' 95% interval",
    "228": "regions of the EU baseline (scenarios/data/regions.csv rows)",
    "2025": "tiny's first year",
    "2027": "a midpoint year of tiny_sweep.toml",
    "2033": "a midpoint year of tiny_sweep.toml",
    "2035": "tiny's last year and the milestone year",
    "2050": "the EU baseline's last year",
    "0.3": "the aid rate of my_aid.toml",
    "8": "2 futures x 2 aid rates x 2 seeds runs in the sweep",
}


def saved_file(text: str, filename: str) -> str:
    """The TOML block the tutorial asks the reader to save as `filename`."""
    said = re.search(rf"Save this as\s+`{re.escape(filename)}`", text)
    found = re.compile(r"```toml\n(.*?)```", re.S).search(text, said.end()) if said else None
    if found is None:
        raise SystemExit(f"{TUTORIAL}: no toml block after 'Save this as `{filename}`'")
    return found.group(1)


def cli(args: list[str], cwd: Path, ok: bool = True) -> subprocess.CompletedProcess:
    """`autoregions ARGS` as the reader runs it, in `cwd`; stops on an unexpected exit code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
    done = subprocess.run(
        [sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True, env=env
    )
    if ok and done.returncode != 0:
        raise SystemExit(f"autoregions {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    print(f"  autoregions {' '.join(args)}: exit {done.returncode}", file=sys.stderr)
    return done


def count(v: float) -> str:
    return f"{v:,.0f}"


def pct(v: float) -> str:
    return f"{v:+.1f}%"


def section_2_3(work: Path, values: dict[str, str], blocks: dict[str, str]) -> None:
    """Run tiny, read its summary and report, copy the figures."""
    from sim.outputs.tables import annual
    from sim.viz.load import load_runs
    from sim.viz.report import region_rows

    done = cli(["run", "scenarios/tiny.toml"], work)
    first = done.stderr.strip().splitlines()[0]
    values["run_scale_line"] = f"`{first}`"
    out = done.stdout
    blocks["run_summary"] = out[out.index("Automotive jobs") :].rstrip("\n") + "\n"
    folder = work / "results" / "tiny-seed1"
    cli(["report", "results/tiny-seed1", "--figures", "results/tiny-seed1/figures"], work)
    for key, name in (
        ("jobs_by_sector", "tutorial_jobs_by_sector.png"),
        ("job_change_map", "tutorial_job_change_map.png"),
        ("network", "tutorial_network.png"),
    ):
        shutil.copyfile(folder / "figures" / f"{key}.png", IMAGES / name)
    run = load_runs([folder])[0]
    years = sorted(set(run.table["year"].tolist()))
    first_year, last_year = years[0], years[-1]

    def total(column: str, year: int, how: str = "mean") -> float:
        return sum(v for (_, y), v in annual(run.table, column, how).items() if y == year)

    for column, key in (
        ("jobs_oem", "oem"),
        ("jobs_supplier_ice", "ice"),
        ("jobs_supplier_ev", "ev"),
        ("jobs_supplier_agnostic", "agnostic"),
    ):
        values[f"{key}_jobs_start"] = count(total(column, first_year))
        values[f"{key}_jobs_end"] = count(total(column, last_year))
    for year, key in ((first_year, "start"), (last_year, "end")):
        ice, bev = total("vehicles_ice", year, "sum"), total("vehicles_bev", year, "sum")
        values[f"bev_share_{key}"] = f"{100 * bev / (ice + bev):.0f}%"
    rows = region_rows([run])
    label = run.regions.name
    over20 = [f"{label[c]} ({pct(p[0])})" for c, _, _, p, _ in rows if p[0] < -20]
    over10 = [f"{label[c]} ({pct(p[0])})" for c, _, _, p, _ in rows if -20 <= p[0] < -10]
    values["left_behind_20"] = ", ".join(over20) or "none"
    values["left_behind_10"] = ", ".join(over10) or "none"
    values["largest_loss"] = f"{label[rows[0][0]]} ({rows[0][0]})"
    values["second_loss"] = f"{label[rows[1][0]]} ({rows[1][0]})"


def section_4(work: Path, text: str, values: dict[str, str]) -> None:
    """Save my_aid.toml from the tutorial, check, run and report it."""
    from sim.viz.html import describe_scenario
    from sim.viz.load import load_run

    (work / "my_aid.toml").write_text(saved_file(text, "my_aid.toml"))
    cli(["check", "my_aid.toml"], work)
    cli(["run", "my_aid.toml"], work)
    cli(["report", "results/my_aid-seed1"], work)
    run = load_run(work / "results" / "my_aid-seed1")
    policy = [p for p in describe_scenario(run) if p.startswith("Policy settings")]
    values["my_aid_policy_words"] = f"“{policy[0].split(': ', 1)[1].rstrip('.')}”"


def _comparison_values(folder: Path, prefix: str, values: dict[str, str]) -> None:
    from sim.analysis.compare import headline, interval
    from sim.viz.load import load_comparison
    from sim.viz.report_compare import pools

    data = load_comparison(folder)
    name = next(s for s in data.scenarios if s != data.base)
    rows = data.rows(name)
    start = int(min(data.runs[data.base][0].table["year"]))

    def iv(column: str, fmt: Any = count) -> tuple[str, str, str]:
        m, lo, hi = interval(data.values(name, column))
        return fmt(m), fmt(lo), fmt(hi)

    for column, key in (
        ("jobs_preserved", "jobs"),
        ("job_years_preserved", "job_years"),
        ("net_public_cost_eur_m", "cost"),
    ):
        fmt = (lambda v: f"{v:,.1f}") if key == "cost" else count
        m, lo, hi = iv(column, fmt)
        values[f"{prefix}_{key}"] = m
        values[f"{prefix}_{key}_interval"] = f"{lo} to {hi}"
    spent = interval(data.values(name, "lever_spending_eur_m"))[0]
    values[f"{prefix}_spent"] = f"EUR {spent:,.1f} million"
    pool = sum(a for _, a, _ in pools(data.runs[name][0].settings, start, data.milestone))
    values[f"{prefix}_pool"] = f"EUR {pool / 1e6:,.0f} million"
    sentence = headline(data.table, rows, start, data.milestone).rstrip(".")
    values[f"{prefix}_headline"] = f"“{name}: {sentence}”"
    _, jy_lo, jy_hi = interval(data.values(name, "job_years_preserved"))
    values[f"{prefix}_job_years_verdict"] = (
        "above zero" if jy_lo > 0 else "below zero" if jy_hi < 0 else "not different from zero"
    )


def section_5(work: Path, text: str, values: dict[str, str], blocks: dict[str, str]) -> None:
    """Compare tiny with my_aid on three seeds, then again with include_oems."""
    done = cli(["compare", "scenarios/tiny.toml", "my_aid.toml", "--seeds", "3"], work)
    out = done.stdout
    block = out[out.index("\nmy_aid\n") + 1 : out.index("results written")]
    blocks["compare_my_aid"] = block.rstrip("\n") + "\n"
    _comparison_values(work / "results" / "compare-tiny-my_aid", "aid", values)
    cli(["report", "results/compare-tiny-my_aid"], work)
    again = cli(["compare", "scenarios/tiny.toml", "my_aid.toml", "--seeds", "3"], work, ok=False)
    if again.returncode != 2:
        raise SystemExit("compare into an existing folder did not stop with exit code 2")
    message = again.stderr.strip().splitlines()[-1]
    values["compare_exists_error"] = f"`{message.split(': ', 2)[-1]}`"
    toml = (work / "my_aid.toml").read_text()
    (work / "my_aid.toml").write_text(toml.replace("[aid]\n", "[aid]\ninclude_oems = true\n", 1))
    cli(
        [
            "compare",
            "scenarios/tiny.toml",
            "my_aid.toml",
            "--seeds",
            "3",
            "--out",
            "results/compare-my_aid-oems",
        ],
        work,
    )
    _comparison_values(work / "results" / "compare-my_aid-oems", "oems", values)


def section_7(work: Path, text: str, values: dict[str, str], blocks: dict[str, str]) -> None:
    """The small sweep and its analysis."""
    from sim.sweep.analysis import analyze

    (work / "tiny_sweep.toml").write_text(saved_file(text, "tiny_sweep.toml"))
    cli(["sweep", "tiny_sweep.toml"], work)
    done = cli(["analyze", "results/tiny_sweep"], work)
    out = done.stdout
    start = out.index("Outcomes per design point")
    end = out.find("\n\n", start)
    blocks["sweep_outcomes"] = out[start : end if end > 0 else None].rstrip("\n") + "\n"
    robust = [line for line in out.splitlines() if line.startswith("robust")]
    values["sweep_robust"] = f"`{robust[0]}`" if robust else "no robustness line"
    summary = analyze(work / "results" / "tiny_sweep", write=False).summary
    jobs = summary[summary["outcome"] == "jobs_2035"]
    cost = summary[summary["outcome"] == "public_spending"]
    mid, aid = "electrification.midpoint_year", "aid.subsidy_rate"
    for year in (2027.0, 2033.0):
        part = jobs[jobs[mid] == year]["mean"].to_numpy(dtype=float)
        values[f"sweep_jobs_{int(year)}"] = f"{count(part.min())}-{count(part.max())}"
        c = cost[cost[mid] == year]["mean"].to_numpy(dtype=float)
        values[f"sweep_cost_{int(year)}"] = f"{c.min():,.0f}-{c.max():,.0f}"
    by_future = jobs.groupby(mid)["mean"].mean()
    values["sweep_future_gap"] = count(abs(by_future[2033.0] - by_future[2027.0]))
    aid_effect = [
        abs(float(g[g[aid] == 0.3]["mean"].iloc[0]) - float(g[g[aid] == 0.0]["mean"].iloc[0]))
        for _, g in jobs.groupby(mid)
    ]
    values["sweep_aid_effect"] = count(max(aid_effect))
    half = (jobs["ci_high"] - jobs["mean"]).to_numpy(dtype=float)
    values["sweep_half_widths"] = f"{count(np.nanmin(half))} to {count(np.nanmax(half))}"
    widest = float(np.nanmax(half))
    effects = max(max(aid_effect), abs(by_future[2033.0] - by_future[2027.0]))
    values["sweep_noise_verdict"] = (
        "wider than either effect" if widest > effects else "narrower than the larger effect"
    )
    values["sweep_bigger"] = (
        "more" if abs(by_future[2033.0] - by_future[2027.0]) > max(aid_effect) else "less"
    )


def generate(work: Path) -> dict[str, Any]:
    """Run the tutorial's commands in `work`; every generated value and block."""
    text = TUTORIAL.read_text(encoding="utf-8")
    (work / "scenarios").symlink_to(ROOT / "scenarios")
    values: dict[str, str] = {}
    blocks: dict[str, str] = {}
    print("section 2-3: run and report tiny", file=sys.stderr)
    section_2_3(work, values, blocks)
    print("section 4: my_aid", file=sys.stderr)
    section_4(work, text, values)
    print("section 5: compare", file=sys.stderr)
    section_5(work, text, values, blocks)
    print("section 7: sweep", file=sys.stderr)
    section_7(work, text, values, blocks)
    return {
        "generated_by": "experiments/tutorial_numbers.py",
        "git_commit": _git_commit(),
        "values": dict(sorted(values.items())),
        "blocks": dict(sorted(blocks.items())),
        "inputs": INPUTS,
    }


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def fill(text: str, numbers: dict[str, Any]) -> str:
    """The tutorial with every marker's content replaced by its generated value; SystemExit
    naming a marker that has no value."""
    values, blocks = numbers["values"], numbers["blocks"]

    def value(m: re.Match) -> str:
        name = m.group("name")
        if name not in values:
            raise SystemExit(f"{TUTORIAL}: marker num:{name} has no generated value")
        return f"<!-- num:{name} -->{values[name]}<!-- /num -->"

    def block(m: re.Match) -> str:
        name = m.group("name")
        if name not in blocks:
            raise SystemExit(f"{TUTORIAL}: marker block:{name} has no generated block")
        return f"<!-- block:{name} -->\n```text\n{blocks[name]}```\n<!-- /block -->"

    return MARK.sub(value, BLOCK.sub(block, text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, default=None, help="working folder to keep")
    parser.add_argument(
        "--fill-only",
        action="store_true",
        help=f"run nothing: put the values of {NUMBERS.name} into the tutorial's markers",
    )
    args = parser.parse_args(argv)
    if args.fill_only:
        numbers = json.loads(NUMBERS.read_text(encoding="utf-8"))
        TUTORIAL.write_text(fill(TUTORIAL.read_text(encoding="utf-8"), numbers), encoding="utf-8")
        return 0
    if args.keep is not None:
        if args.keep.exists():
            raise SystemExit(f"--keep {args.keep}: exists already")
        args.keep.mkdir(parents=True)
        numbers = generate(args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="tutorial-") as tmp:
            numbers = generate(Path(tmp))
    NUMBERS.write_text(json.dumps(numbers, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    TUTORIAL.write_text(fill(TUTORIAL.read_text(encoding="utf-8"), numbers), encoding="utf-8")
    print(f"wrote {NUMBERS.relative_to(ROOT)} and {TUTORIAL.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
