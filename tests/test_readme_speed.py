"""README's speed table quotes docs/checks/benchmark.json, the --json output of the run of
experiments/benchmark.py it names: a new benchmark run that changes the figures makes this test
fail until the README quotes them."""

from __future__ import annotations

import json

from tests.conftest import ROOT

#: README row label -> benchmark model label.
ROWS = {"100k": "100k", "1M": "1M", "full EU": "full EU", "full EU, `--scale 10`": "EU s10"}


def _bench() -> dict:
    return json.loads((ROOT / "docs" / "checks" / "benchmark.json").read_text())


def _row(model: dict) -> str:
    return (
        f"| {model['worker_rows']:,} | {model['build_s']:.2f} s | {model['step_s']:.2f} s "
        f"| {model['quarter_ms']:.2f} | {model['worker_steps_per_s']:.1e} "
        f"| {model['rss_peak_mb']:.0f} MiB |"
    ).replace("e+0", "e")


def test_readme_speed_table_matches_the_stored_benchmark():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    models = {m["label"]: m for m in _bench()["models"]}
    for label, key in ROWS.items():
        assert f"| {label} {_row(models[key])}" in readme, label


def test_readme_speed_figures_match_the_stored_benchmark():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    bench = _bench()
    eu = next(m for m in bench["models"] if m["label"] == "full EU")
    assert bench["command"] in readme
    assert (
        "`autoregions run` end to end (imports, build, 104 quarters, writing results) "
        f"{bench['end_to_end_s']:.2f} s" in readme
    )
    assert f"Stepping is {eu['floor_ratio']:.1f} times a single-pass floor kernel" in readme
    assert f"build plus stepping {eu['build_s'] + eu['step_s']:.2f} s" in readme
    assert (
        "A cold first run of `tiny` (empty numba cache, so every kernel compiles) took "
        f"{bench['cold_tiny_s']:.1f} s" in readme
    )


def _sweep_rows(name: str) -> dict[int, list[str]]:
    """The table rows of a stored sweep_benchmark.py output, by number of workers."""
    text = (ROOT / "docs" / "checks" / name).read_text()
    rows: dict[int, list[str]] = {}
    for line in text.splitlines():
        cells = line.split()
        if len(cells) > 7 and cells[0].isdigit() and cells[6].endswith("%"):
            rows[int(cells[0])] = cells
    return rows


def test_readme_sweep_figures_match_the_stored_sweep_benchmarks():
    """README's sweep rates and overheads are those of docs/checks/sweep_benchmark*.txt."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    regional = _sweep_rows("sweep_benchmark.txt")
    one, two = regional[1], regional[2]
    scaling = float(two[3]) / float(one[3])
    assert f"it gave {one[3]} runs per minute with 1 worker and {two[3]} with 2" in readme
    assert f"a scaling of {scaling:.2f}" in readme
    assert f"The overhead per run was {one[6]} with 1 worker and {two[6]} with 2" in readme
    eu = _sweep_rows("sweep_benchmark_eu.txt")[2]
    assert f"ran at {eu[3]} runs per minute on 2 workers" in readme


def test_readme_scale10_sentence_matches_the_stored_benchmark():
    """The rows and speed ratios of scale 10 against scale 1, and the merge phase's share."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    models = {m["label"]: m for m in _bench()["models"]}
    eu, s10 = models["full EU"], models["EU s10"]
    rows = eu["worker_rows"] / s10["worker_rows"]
    faster = eu["step_s"] / s10["step_s"]
    merge = 100 * s10["profile_s"]["merge_agents"] / s10["profile_step_s"]
    assert (
        f"builds the full EU in {rows:.1f} times fewer worker rows, but it steps only "
        f"{faster:.1f} times faster" in readme
    )
    assert f"merging small agents takes {merge:.0f}% of a quarter" in readme
