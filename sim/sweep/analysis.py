"""`autoregions analyze`: summaries over replicates, Sobol indices, and lever rankings.

Sobol indices come from SALib's analyzer (never hand-written estimators) on the replicate means
of each design point, in the order of SALib's own sample. Lever rankings compare every lever
setting with the no-lever setting (the base scenario's values) in each uncertain future.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import ResultsError
from sim.io_safety import as_user_dir
from sim.sweep.integrity import (
    check_sweep_manifest,
    constant_outcomes,
    impossible_indices,
    missing_points,
    read_sweep_runs,
)
from sim.sweep.store import ANALYSIS, FAILED, read_manifest

CONF_LEVEL = 0.95


@dataclass
class Analysis:
    """Tables and notes of one analysis; `text` is what the command prints."""

    summary: pd.DataFrame
    sobol: pd.DataFrame | None = None
    levers: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    text: str = ""


def load_runs(folder: str | Path) -> pd.DataFrame:
    """Every finished run of a sweep (one row each), sorted by point id and replicate."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    check_sweep_manifest(folder, manifest)
    return read_sweep_runs(folder, manifest)  # each shard checked against its name


def point_summary(runs: pd.DataFrame, keys: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Per point and outcome: replicate count, mean, std and a t-interval for the mean."""
    # lazy: scipy and SALib take about a second to import
    from scipy import stats

    rows = []
    for pid, group in runs.groupby("point_id", sort=True):
        base = {"point_id": int(pid), **{k: group[k].iloc[0] for k in keys}}
        for name in outcomes:
            values = group[name].to_numpy(dtype=float)
            values = values[~np.isnan(values)]
            n = len(values)
            mean = float(np.mean(values)) if n else float("nan")
            std = float(np.std(values, ddof=1)) if n > 1 else float("nan")
            half = (
                float(stats.t.ppf(0.5 + CONF_LEVEL / 2, n - 1) * std / np.sqrt(n))
                if n > 1
                else float("nan")
            )
            rows.append(
                {
                    **base,
                    "outcome": name,
                    "n": n,
                    "mean": mean,
                    "std": std,
                    "ci_low": mean - half,
                    "ci_high": mean + half,
                }
            )
    return pd.DataFrame(rows)


def sobol_table(
    problem: dict[str, Any],
    outputs: dict[str, np.ndarray],
    *,
    second_order: bool = False,
    seed: int | None = None,
) -> pd.DataFrame:
    """First-order and total Sobol indices with confidence intervals, by SALib, per outcome.

    `outputs[name]` holds one value per row of SALib's Sobol sample of `problem`, in its order.
    """
    # lazy: scipy and SALib take about a second to import
    from SALib.analyze import sobol

    rows = []
    for name, y in outputs.items():
        res = sobol.analyze(
            problem,
            np.asarray(y, dtype=float),
            calc_second_order=second_order,
            conf_level=CONF_LEVEL,
            seed=seed,
        )
        for i, param in enumerate(problem["names"]):
            rows.append(
                {
                    "outcome": name,
                    "parameter": param,
                    "S1": float(res["S1"][i]),
                    "S1_conf": float(res["S1_conf"][i]),
                    "ST": float(res["ST"][i]),
                    "ST_conf": float(res["ST_conf"][i]),
                }
            )
    return pd.DataFrame(rows)


def lever_table(
    means: pd.DataFrame,
    levers: list[str],
    uncertainties: list[str],
    no_lever: dict[str, Any],
    jobs: str,
    cost: str | None,
) -> tuple[pd.DataFrame, list[str]]:
    """Rank lever settings by jobs kept per EUR million and their robustness across futures.

    `means` has one row per point (parameter columns and outcome means). For each setting:
    the mean jobs outcome over futures; against the no-lever setting in the same future, the
    extra jobs, extra public cost and jobs per EUR million (total extra jobs / total extra
    cost), and the share of futures where it keeps more jobs; and its regret (jobs short of
    the best setting in that future), worst and mean over futures.
    """
    notes: list[str] = []
    settings = [tuple(r) for r in means[levers].itertuples(index=False)]
    futures = (
        [tuple(r) for r in means[uncertainties].itertuples(index=False)]
        if uncertainties
        else [()] * len(means)
    )
    s_ids = {s: i for i, s in enumerate(dict.fromkeys(settings))}
    f_ids = {f: i for i, f in enumerate(dict.fromkeys(futures))}

    def matrix(column: str) -> np.ndarray:
        out = np.full((len(s_ids), len(f_ids)), np.nan)
        for s, f, v in zip(settings, futures, means[column].to_numpy(dtype=float), strict=True):
            out[s_ids[s], f_ids[f]] = v
        return out

    job = matrix(jobs)
    regret = np.nanmax(job, axis=0) - job
    none_key = tuple(no_lever[k] for k in levers)
    has_none = none_key in s_ids
    if not has_none:
        notes.append(
            "the no-lever setting ("
            + ", ".join(f"{k}={no_lever[k]}" for k in levers)
            + ") is not in the grid: no comparison with no policy, ranking by regret only"
        )
    cost_ok = cost is not None and cost in means and bool(means[cost].notna().any())
    if not cost_ok:
        notes.append(
            "cost is not available (no public-spending outcome in these results"
            + ("" if cost is None else f": outcome '{cost}' is empty")
            + "), so jobs per euro cannot be computed; ranking by extra jobs"
        )
    spend = matrix(cost) if cost_ok and cost is not None else None
    rows = []
    for setting, i in s_ids.items():
        row: dict[str, Any] = dict(zip(levers, setting, strict=True))
        row["futures"] = int(np.sum(~np.isnan(job[i])))
        row[f"mean_{jobs}"] = float(np.nanmean(job[i]))
        if has_none:
            extra = job[i] - job[s_ids[none_key]]
            row["extra_jobs"] = float(np.nanmean(extra))
            row["share_futures_beats_no_lever"] = float(np.mean(extra > 0))
            if spend is not None:
                extra_cost = spend[i] - spend[s_ids[none_key]]
                total = float(np.nansum(extra_cost))
                row["extra_cost_eur_m"] = float(np.nanmean(extra_cost))
                row["jobs_per_eur_m"] = (
                    float(np.nansum(extra)) / total if total > 0 else float("nan")
                )
        row["max_regret_jobs"] = float(np.nanmax(regret[i]))
        row["mean_regret_jobs"] = float(np.nanmean(regret[i]))
        rows.append(row)
    table = pd.DataFrame(rows)
    order = (
        ["jobs_per_eur_m", "max_regret_jobs"]
        if "jobs_per_eur_m" in table
        else ["extra_jobs", "max_regret_jobs"]
        if has_none
        else ["max_regret_jobs"]
    )
    ascending = [False, True] if len(order) == 2 else [True]
    table = table.sort_values(order, ascending=ascending, na_position="last")
    return table.reset_index(drop=True), notes


def _fmt_table(frame: pd.DataFrame, limit: int = 20) -> str:
    shown = frame.head(limit)
    text = shown.to_string(index=False, float_format=lambda v: f"{v:.4g}")
    if len(frame) > limit:
        text += f"\n... {len(frame) - limit} more rows in the CSV file"
    return text


def analyze(folder: str | Path, write: bool = True) -> Analysis:
    """Analyse a sweep results folder; write CSV tables and the report under `analysis/`."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    check_sweep_manifest(folder, manifest)
    design = manifest["design"]
    keys: list[str] = design["keys"]
    kinds: list[str] = design["kinds"]
    outcomes = [o["name"] for o in manifest["outcomes"]]
    runs = load_runs(folder)
    total = int(manifest["runs_total"])
    failed = len(list((folder / FAILED).glob("*.json")))
    lines = [
        f"sweep {manifest['experiment']}: {design['kind']} design, {len(design['points'])} "
        f"points x {manifest['replicates']} replicate(s); {len(runs)} of {total} runs "
        f"finished, {failed} failed, {total - len(runs) - failed} not run"
    ]
    if runs.empty:
        raise ResultsError(f"{folder}: no finished runs to analyse (run the sweep first)")
    summary = point_summary(runs, keys, outcomes)
    result = Analysis(summary=summary)
    result.notes += constant_outcomes(runs, outcomes)
    lines += [
        "",
        f"Outcomes per design point (mean over replicates with its {CONF_LEVEL:.0%} interval: "
        "mean (low to high))",
    ]
    # unstack keeps NaN cells and all-NaN outcomes (pivot_table would drop them)
    wide = summary.set_index(["point_id", "outcome"])["mean"].unstack()[outcomes]
    params = summary.drop_duplicates("point_id").set_index("point_id")[keys]
    means = params.join(wide)
    shown = params.copy()
    for name in outcomes:
        rows = summary[summary["outcome"] == name].set_index("point_id")
        half = (rows["ci_high"] - rows["mean"]).reindex(shown.index)
        shown[name] = [
            f"{m:.4g}" + ("" if np.isnan(h) else f" ({m - h:.4g} to {m + h:.4g})")
            for m, h in zip(wide[name].reindex(shown.index), half, strict=True)
        ]
    lines.append(_fmt_table(shown.reset_index()))

    if design["kind"] == "sobol":
        n_points = len(design["points"])
        present = set(means.index)
        missing = n_points - len(present)
        if missing:
            result.notes.append(
                f"Sobol indices need every design point: {missing} of {n_points} points have "
                "no finished run (rerun the sweep, with --retry-failed if they failed)"
            )
        else:
            full = means.reindex(range(n_points))
            ys = {
                name: full[name].to_numpy(dtype=float)
                for name in outcomes
                if full[name].notna().all()
            }
            for name in sorted(set(outcomes) - set(ys)):
                result.notes.append(f"no Sobol indices for '{name}': some values are missing")
            if ys:
                result.sobol = sobol_table(
                    design["problem"],
                    ys,
                    second_order=design["second_order"],
                    seed=int(manifest["master_seed"]) % 2**32,
                )
                lines += [
                    "",
                    f"Sobol indices (SALib; first-order S1, total ST, {CONF_LEVEL:.0%} "
                    "confidence half-widths)",
                    _fmt_table(result.sobol, limit=200),
                ]
                bad = impossible_indices(result.sobol)
                if bad:
                    result.notes.append(
                        f"{len(bad)} Sobol index/indices impossible within their interval "
                        f"({'; '.join(bad[:3])}{'; ...' if len(bad) > 3 else ''}): the design "
                        "is too small for this model's noise; raise design.samples or "
                        "replicates"
                    )
    if design["kind"] == "grid":
        levers = [k for k, kind in zip(keys, kinds, strict=True) if kind == "lever"]
        uncs = [k for k, kind in zip(keys, kinds, strict=True) if kind == "uncertainty"]
        spec = manifest.get("analysis", {})
        jobs = spec.get("jobs") or outcomes[0]
        gaps = missing_points(runs, len(design["points"]))
        if not levers:
            result.notes.append("no lever parameters in this grid: no lever ranking")
        elif gaps:
            result.notes.append(
                f"no lever ranking: {len(gaps)} of {len(design['points'])} design points have "
                "no finished run (rerun the sweep, with --retry-failed if they failed)"
            )
        else:
            table, notes = lever_table(
                means.reset_index(), levers, uncs, design["base_values"], jobs, spec.get("cost")
            )
            result.levers, result.notes = table, result.notes + notes
            futures = len(means[uncs].drop_duplicates()) if uncs else 1
            lines += [
                "",
                f"Lever settings ranked by jobs kept ('{jobs}') across {futures} future(s)",
                _fmt_table(table),
            ]
            if "share_futures_beats_no_lever" in table:
                robust = table[table["share_futures_beats_no_lever"] == 1.0]
                names = [", ".join(f"{k}={r[k]}" for k in levers) for _, r in robust.iterrows()]
                lines.append(
                    "robust (more jobs than no lever in every future): "
                    + ("; ".join(names) if names else "none")
                )
    if result.notes:
        lines += ["", *[f"note: {n}" for n in result.notes]]
    result.text = "\n".join(lines)
    if write:
        _write(folder, result, manifest)
        result.text += f"\n\ntables written to {folder / ANALYSIS}"
    return result


def _write(folder: Path, result: Analysis, manifest: dict[str, Any]) -> None:
    """Write the tables into a fresh folder and swap it in for `analysis/` (all or nothing)."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{ANALYSIS}.tmp-", dir=folder))
    as_user_dir(tmp)  # mkdtemp makes it private; the analysis gets the user's umask
    try:
        result.summary.to_csv(tmp / "summary.csv", index=False)
        if result.sobol is not None:
            result.sobol.to_csv(tmp / "sobol.csv", index=False)
        if result.levers is not None:
            result.levers.to_csv(tmp / "levers.csv", index=False)
        (tmp / "report.txt").write_text(result.text + "\n")
        (tmp / "notes.json").write_text(
            json.dumps({"experiment_hash": manifest["experiment_hash"], "notes": result.notes})
        )
        target = folder / ANALYSIS
        if target.exists():
            old = folder / f".{ANALYSIS}.old"
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
            tmp.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


__all__ = ["Analysis", "analyze", "lever_table", "load_runs", "point_summary", "sobol_table"]
