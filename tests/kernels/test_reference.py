"""Every kernel against its own plain-Python version (`.py_func`): the compiled and the Python
runs of a kernel, on copies of the same inputs, must leave the same arrays and return the same
values. Inputs of the kernels the model calls are recorded from real runs of the tiny scenario
(scale 1, and scale 5 for the merging of agents); the helpers the kernels share get small
hand-made inputs. `tests/test_kernels_without_jit.py` runs all kernel tests with numba off."""

from __future__ import annotations

import copy
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import numba
import numpy as np
import pytest

import sim.initialise.network as initialise_network
import sim.initialise.oem_labour as initialise_oem_labour
import sim.initialise.population as initialise_population
import sim.kernels
import sim.productivity as productivity
import sim.rules.conversion as conversion
import sim.schedule as schedule
from sim.kernels.accounting import cents
from sim.kernels.csr import by_group_tier
from sim.kernels.keyed import keyed_uniform
from sim.kernels.labour import rows_with_status, split_off
from sim.kernels.sampling import (
    pick_total,
    weighted_pick,
    weighted_pick_at,
    weighted_pick_given_total,
)
from sim.model import TransitionModel
from sim.scenario import load_scenario
from sim.state import WorkerArrays
from tests.conftest import TINY
from tests.kernels.helpers import python_version

JIT = not numba.config.DISABLE_JIT
pytestmark = pytest.mark.skipif(not JIT, reason="compares compiled kernels with Python ones")

#: Kernels the model calls from Python (recorded from runs); the rest are helpers of kernels.
RECORDED = (
    "tally_workers",
    "jobs_by_region",
    "value_added_by_region",
    "merge_small_agents",
    "supplier_accounts",
    "adjust_capacity",
    "convert_and_exit",
    "rewire",
    "rescale_links",
    "alive_by_region",
    "lay_off",
    "match",
    "add_entrants",
    "enrol_retraining",
    "age_and_move",
    "relocate",
    "route_orders",
    "produce_vehicles",
    "retool_plants",
    "sample_links",
    "oem_line_needs",
    "scale_rows",
    "balance_links",
    "firm_sizes",
    "worker_rows",
)
#: Overrides of the tiny scenario for the recorded run: reskilling places, worker mobility and
#: productivity growth.
LEVERS = {
    "reskilling.places_per_quarter": {"ALL": 40},
    "reskilling.start_year": 2019,
    "reskilling.preventive_share": 0.3,
    "mobility.migration_rate": 0.05,
    # productivity growth (0 by default) so that scale_rows runs
    "productivity.oem": 0.0127,
    "productivity.supplier_ice": 0.019,
}
#: Public helpers called only inside kernels, each with a hand-made case below.
HELPERS = (
    "cents",
    "by_group_tier",
    "rows_with_status",
    "keyed_uniform",
    "split_off",
    "weighted_pick",
    "weighted_pick_at",
    "pick_total",
    "weighted_pick_given_total",
)


def kernel_functions() -> dict[str, Any]:
    """Every public function of the sim.kernels modules (kernels are numba functions only)."""
    found = {}
    for info in pkgutil.iter_modules(sim.kernels.__path__):
        module = importlib.import_module(f"sim.kernels.{info.name}")
        for name, obj in vars(module).items():
            own = getattr(obj, "__module__", None) == module.__name__
            if own and not name.startswith("_") and callable(obj) and not inspect.isclass(obj):
                found[name] = obj
    return found


def test_every_public_kernel_is_compiled_and_covered_here() -> None:
    kernels = kernel_functions()
    assert all(hasattr(k, "py_func") for k in kernels.values())
    assert sorted(kernels) == sorted(RECORDED + HELPERS)


def _record(model_calls: Callable[[], None]) -> dict[str, tuple]:
    """The arguments of the last call of each recorded kernel during `model_calls()`."""
    calls: dict[str, tuple] = {}
    patched = []
    for module in (
        schedule,
        initialise_network,
        initialise_oem_labour,
        initialise_population,
        productivity,
        conversion,
    ):
        for name in RECORDED:
            kernel = getattr(module, name, None)
            if kernel is None:
                continue

            def wrapper(*args: Any, _k: Any = kernel, _n: str = name) -> Any:
                calls[_n] = copy.deepcopy(args)
                return _k(*args)

            patched.append((module, name, kernel))
            setattr(module, name, wrapper)
    try:
        model_calls()
    finally:
        for module, name, kernel in patched:
            setattr(module, name, kernel)
    return calls


@pytest.fixture(scope="module")
def recorded() -> dict[str, tuple]:
    def scale_1() -> None:
        # levers on, so that reskilling and moves between regions are called too
        spec = load_scenario(TINY, LEVERS)
        model = TransitionModel(scenario=spec, seed=2)
        while model.running:
            model.step()

    def scale_5() -> None:
        model = TransitionModel(scenario=TINY, seed=2, scale=5)
        for _ in range(6):
            model.step()

    calls = _record(scale_1)
    calls["merge_small_agents"] = _record(scale_5)["merge_small_agents"]
    return calls


def _same(a: Any, b: Any, where: str) -> None:
    if isinstance(a, np.ndarray) and a.dtype == np.float32:
        # float32 + float64 parameter: numba computes in float64 and rounds once on storing,
        # numpy 2 keeps a Python float "weak" and computes in float32: equal to float32 precision
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7, err_msg=where)
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=where)
    elif isinstance(a, tuple):  # results and named tuples of arrays
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{getattr(a, '_fields', range(len(a)))[i]}]")
    elif isinstance(a, np.random.Generator):
        assert a.bit_generator.state == b.bit_generator.state, where  # same draws made
    else:
        assert a == b or (a != a and b != b), where  # NaN equals NaN here


def compare_with_python(kernel: Any, args: tuple, name: str) -> None:
    """Run the compiled kernel and its Python version on copies of args; all must agree."""
    compiled_args, python_args = copy.deepcopy(args), copy.deepcopy(args)
    out_compiled = kernel(*compiled_args)
    out_python = python_version(kernel)(*python_args)
    _same(out_compiled, out_python, f"{name} result")
    for i, (a, b) in enumerate(zip(compiled_args, python_args, strict=True)):
        _same(a, b, f"{name} argument {i}")


@pytest.mark.parametrize("name", RECORDED)
def test_kernel_matches_its_python_version_on_a_model_run(recorded, name) -> None:
    assert name in recorded, f"{name} was not called by the recorded runs"
    compare_with_python(kernel_functions()[name], recorded[name], name)


def test_recorded_inputs_are_not_trivial(recorded) -> None:
    """The recorded calls exercise the interesting paths (not only empty quarters)."""
    rewire_args = recorded["rewire"]
    assert rewire_args[2].any() or rewire_args[3].any()  # conversions or exits to re-source
    status = recorded["match"][0].status
    assert (status == 1).any()  # unemployed workers to match


def _workers(n: int, rng: np.random.Generator) -> WorkerArrays:
    status = rng.integers(-1, 3, n).astype(np.int8)
    return WorkerArrays(
        region=rng.integers(0, 3, n).astype(np.int16),
        employer=np.where(status == 0, rng.integers(0, 5, n), -1).astype(np.int32),
        status=status,
        last_sector=rng.integers(0, 4, n).astype(np.int8),
        ice_skill=rng.random(n).astype(np.float32),
        ev_skill=rng.random(n).astype(np.float32),
        age_q=rng.integers(64, 260, n).astype(np.int16),
        quarters_unemployed=rng.integers(0, 9, n).astype(np.int16),
        wage=rng.random(n).astype(np.float32) * 1e4,
        training_left=np.zeros(n, dtype=np.int8),
        weight=np.where(status >= 0, rng.integers(1, 6, n), 0).astype(np.int16),
    )


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # keyed: mod 2**64
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_helpers_match_their_python_versions(seed) -> None:
    rng = np.random.default_rng(seed)
    n = 40
    group = rng.integers(0, 4, n).astype(np.int8)
    tier = rng.integers(1, 4, n).astype(np.int8)
    alive = (rng.random(n) < 0.8).astype(np.int8)
    compare_with_python(by_group_tier, (group, tier, alive, 4), "by_group_tier")
    for wage in rng.uniform(0, 3e4, 5).astype(np.float32):
        compare_with_python(cents, (wage,), "cents")
    for a in range(3):
        compare_with_python(keyed_uniform, (np.uint64(seed + 17), a, 2 * a, 7), "keyed_uniform")
    wk = _workers(n, rng)
    donor = int(np.flatnonzero(wk.weight >= 2)[0])
    compare_with_python(split_off, (wk, donor, 1, np.array([seed])), "split_off")
    for code in (-1, 0, 1, 5):
        compare_with_python(rows_with_status, (wk.status, code), "rows_with_status")
    order = rng.permutation(n).astype(np.int64)
    size = rng.random(n) * (rng.random(n) < 0.7)
    node_region = rng.integers(0, 3, n).astype(np.int64)
    weights = rng.random((3, 3))
    skip = rng.random(n) < 0.2
    for lo, hi, same in ((0, n, False), (5, 25, True), (10, 10, False)):
        common = (order, lo, hi, size, node_region, 1, weights, skip, same)
        compare_with_python(weighted_pick, (*common, np.random.default_rng(seed)), "pick")
        compare_with_python(weighted_pick_at, (*common, float(rng.random())), "pick_at")
        compare_with_python(pick_total, common, "pick_total")
        total = pick_total(*common)
        u = float(rng.random())
        compare_with_python(weighted_pick_given_total, (*common, total, u), "pick_given_total")
        assert weighted_pick_given_total(*common, total, u) == weighted_pick_at(*common, u)
