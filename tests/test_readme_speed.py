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
