"""Runner: identical results on any executor and in any order; runs equal direct runs;
interrupted, damaged and failed sweeps resume correctly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import sim
from sim.outputs.io import ResultsError
from sim.sweep.analysis import load_runs
from sim.sweep.runner import execute_tasks, plan, run_sweep
from sim.sweep.store import SweepStore
from sim.sweep.worker import execute
from tests.sweep.conftest import comparable
from tests.sweep.helpers import GRID_BODY, TINY_GRID, break_point_one, write_experiment

ROOT = Path(__file__).resolve().parents[2]


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (folder / "runs").glob("*.parquet")}


def test_local_process_pool_gives_the_reference_results(reference, tmp_path) -> None:
    _, ref = reference
    report = run_sweep(TINY_GRID, tmp_path / "pool", workers=2)
    assert report.complete and report.lost == 0
    assert comparable(load_runs(tmp_path / "pool")).equals(ref)


def test_dask_local_cluster_gives_the_reference_results(reference, tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    _, ref = reference
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        report = run_sweep(TINY_GRID, tmp_path / "dask", executor=client.get_executor(pure=False))
    assert report.complete
    assert comparable(load_runs(tmp_path / "dask")).equals(ref)


def test_order_of_execution_does_not_matter(reference, tmp_path) -> None:
    _, ref = reference
    p = plan(TINY_GRID)
    store = SweepStore.open(tmp_path / "rev", p.manifest, keep_series=True)
    report = run_sweep.__globals__["SweepReport"](tmp_path / "rev", total=8, already_done=0)
    with ThreadPoolExecutor(1) as pool:
        execute_tasks(list(reversed(p.tasks.values())), store, pool, report)
    store.close()
    assert comparable(load_runs(tmp_path / "rev")).equals(ref)


def test_a_run_equals_a_direct_run_with_its_seed(reference) -> None:
    _, ref = reference
    p = plan(TINY_GRID)
    row = ref[(ref["point_id"] == 2) & (ref["replicate"] == 1)]
    seed, jobs_2026 = int(row["seed"].iloc[0]), float(row["jobs_2026"].iloc[0])
    task = p.tasks[(2, 1)]
    assert task.seed == seed
    spec = sim.load_scenario(task.base, {**task.overrides, **task.params})
    table = sim.run(spec, seed).table
    jobs = table["jobs_total"][table["year"] == 2026].reshape(4, -1).sum(axis=1).mean()
    assert jobs_2026 == jobs
    assert execute(task)["outcomes"]["jobs_2026"] == jobs_2026
    assert ref["seed"].nunique() == len(ref)


def test_resume_after_a_real_kill(reference, tmp_path) -> None:
    exp = write_experiment(
        tmp_path,
        GRID_BODY.replace('"time.end_year" = 2026', '"time.end_year" = 2035').replace(
            "replicates = 2", "replicates = 6"
        ),
    )
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "sim", "sweep", str(exp), "--workers", "1", "--out", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--quiet"],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "runs").glob("*.parquet"))) < 3:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the sweep and its worker, mid-run
    proc.wait()
    before = _mtimes(out)
    assert 3 <= len(before) < 24, "the sweep must be killed part-way"
    rerun = subprocess.run([*cmd, "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"24/24 runs done ({len(before)} already there, {24 - len(before)} run now)" in (
        rerun.stdout
    )
    after = _mtimes(out)
    assert {k: after[k] for k in before} == before  # done runs were not run again
    runs = comparable(load_runs(out))
    assert len(runs) == 24 and not runs.duplicated(["point_id", "replicate"]).any()
    with ThreadPoolExecutor(2) as pool:
        run_sweep(exp, tmp_path / "whole", executor=pool)
    assert runs.equals(comparable(load_runs(tmp_path / "whole")))


def test_truncated_shard_is_reported_and_rerun(reference, tmp_path) -> None:
    import shutil

    src, ref = reference
    out = tmp_path / "copy"
    shutil.copytree(src, out)
    victim = out / "runs" / "p000002-r001.parquet"
    victim.write_bytes(victim.read_bytes()[:100])
    before = _mtimes(out)
    messages: list[str] = []
    with ThreadPoolExecutor(1) as pool:
        report = run_sweep(TINY_GRID, out, executor=pool, log=messages.append)
    assert report.ran == 1 and report.damaged == 1
    assert len(messages) == 1 and "\n" not in messages[0]
    assert "1 damaged shard(s)" in messages[0] and "runs/p000002-r001.parquet" in messages[0]
    after = _mtimes(out)
    assert after[victim.name] != before[victim.name]
    assert {k: v for k, v in after.items() if k != victim.name} == {
        k: v for k, v in before.items() if k != victim.name
    }
    assert comparable(load_runs(out)).equals(ref)


def test_failed_runs_are_recorded_and_retried_on_request(reference, tmp_path) -> None:
    _, ref = reference
    out = tmp_path / "fail"
    with ThreadPoolExecutor(2) as pool:
        first = run_sweep(TINY_GRID, out, executor=pool, task_fn=break_point_one)
        assert first.failed == 2 and first.ran == 6 and not first.complete
        records = sorted((out / "failed").glob("*.json"))
        assert [p.stem for p in records] == ["p000001-r000", "p000001-r001"]
        assert "outside_job_rate" in records[0].read_text()
        again = run_sweep(TINY_GRID, out, executor=pool)
        assert again.ran == 0 and again.skipped_failed == 2
        retried = run_sweep(TINY_GRID, out, executor=pool, retry_failed=True)
    assert retried.ran == 2 and retried.complete
    assert not list((out / "failed").glob("*.json"))
    assert comparable(load_runs(out)).equals(ref)


def test_changed_experiment_file_is_refused(tmp_path) -> None:
    exp = write_experiment(tmp_path, GRID_BODY)
    with ThreadPoolExecutor(2) as pool:
        run_sweep(exp, tmp_path / "out", executor=pool)
        exp.write_text(exp.read_text().replace("seed = 7", "seed = 8"))
        with pytest.raises(ResultsError, match="different version of the experiment file"):
            run_sweep(exp, tmp_path / "out", executor=pool)


def test_foreign_or_damaged_folder_is_refused(tmp_path) -> None:
    exp = write_experiment(tmp_path, GRID_BODY)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(ResultsError, match="not a sweep results folder"):
        run_sweep(exp, tmp_path / "other", executor=ThreadPoolExecutor(1))
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "manifest.json").write_text("{trunc")
    with pytest.raises(ResultsError, match=r"manifest.json: damaged"):
        run_sweep(exp, tmp_path / "bad", executor=ThreadPoolExecutor(1))
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"
