"""Named random streams: the pinned id table, and common random numbers between scenarios."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import TransitionModel
from sim.rng import STREAM_IDS, make_streams, root_sequence, stream_key, stream_sequence
from sim.scenario import load_scenario

TINY = "scenarios/tiny.toml"


def test_stream_ids_are_pinned() -> None:
    """Changing an id changes every run's draws: ids are never reused or renumbered, and a new
    stream gets the next unused id (sim/rng.py). Extend this table; never edit a row."""
    assert STREAM_IDS == {
        "population": 0,
        "network": 1,
        "firms": 2,
        "rewire": 3,
        "layoffs": 4,
        "matching": 5,
        "entrants": 6,
        "workers": 7,
        "retraining": 8,
        "mobility": 9,
        "policy": 10,
        "planned_links": 11,
    }


def test_ids_are_distinct() -> None:
    assert len(set(STREAM_IDS.values())) == len(STREAM_IDS)


def test_a_stream_is_the_root_spawned_with_its_id() -> None:
    root, seed = root_sequence(7, None, 1)
    assert seed == 7
    child = np.random.SeedSequence(7, spawn_key=(STREAM_IDS["matching"],))
    streams, keys = make_streams(root)
    expected = np.random.default_rng(child).random(5)
    assert np.array_equal(streams["matching"].random(5), expected)
    assert keys["firms"] == np.uint64(
        np.random.SeedSequence(7, spawn_key=(2,)).generate_state(1, np.uint64)[0]
    )
    assert stream_key(root, "firms") == keys["firms"]
    assert stream_sequence(root, "layoffs").spawn_key == (4,)


def test_streams_differ_from_each_other_and_between_seeds() -> None:
    a, _ = make_streams(root_sequence(1, None, 0)[0])
    b, _ = make_streams(root_sequence(2, None, 0)[0])
    draws = {name: g.random() for name, g in a.items()}
    assert len(set(draws.values())) == len(draws)
    assert a["layoffs"].random() != b["layoffs"].random()


def test_unknown_stream_is_refused() -> None:
    with pytest.raises(KeyError):
        stream_sequence(np.random.SeedSequence(1), "no_such_stream")


def _state(model: TransitionModel) -> dict[str, dict]:
    return {name: g.bit_generator.state for name, g in model.streams.items()}


def test_common_random_numbers_between_scenarios_differing_in_one_lever() -> None:
    """Two scenarios that differ only in reskilling places: the population and the network are
    built from the same draws, and after a quarter every stream the lever does not use
    (layoffs, matching, entrants, workers...) has made exactly the same draws; only the
    streams the reskilling phase uses have moved on differently."""
    base = load_scenario(TINY)
    lever = load_scenario(
        TINY,
        {
            "reskilling.places_per_quarter": {"ALL": 50},
            "reskilling.start_year": 2019,
            "reskilling.preventive_share": 0.5,
        },
    )
    a = TransitionModel(scenario=base, seed=3)
    b = TransitionModel(scenario=lever, seed=3)
    for name in ("region", "employer", "status", "age_q", "ev_skill", "ice_skill", "wage"):
        assert np.array_equal(getattr(a.pop.workers, name), getattr(b.pop.workers, name)), name
    assert np.array_equal(a.links.supplier, b.links.supplier)
    assert np.array_equal(a.links.customer, b.links.customer)
    assert np.array_equal(a.links.weight, b.links.weight)
    assert _state(a) == _state(b) and a.keys == b.keys
    a.step()
    b.step()
    assert b.scratch.enrolled.sum() > 0 and a.scratch.enrolled.sum() == 0  # the lever acted
    sa, sb = _state(a), _state(b)
    moved = sorted(name for name in STREAM_IDS if sa[name] != sb[name])
    assert moved == ["policy", "retraining"]
