"""Named random streams: one per kind of random decision, all derived from the run's seed.

Each stream is a child of the run's root `SeedSequence`, spawned with the stream's pinned
integer id (`STREAM_IDS`). Because a stream depends only on the seed and its own id, two runs
with the same seed draw the same numbers in every stream whose consumer made the same calls,
whatever a lever changed elsewhere (common random numbers: a "jobs preserved" comparison then
shows the lever's effect, not a reshuffled lottery).

Rule for the table: an id, once given, is never reused or renumbered (that would change every
run's draws); a new kind of decision gets a new name with the next unused id; a stream no
longer used keeps its row. `tests/test_rng.py` pins the table.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Stream name -> its pinned spawn id. See the rule in the module docstring.
STREAM_IDS: dict[str, int] = {
    "population": 0,  # building the worker population (ages, skills, wages, employers)
    "network": 1,  # drawing the supply links
    "firms": 2,  # conversion of ICE suppliers (keyed draws)
    "rewire": 3,  # finding new customers for orphaned links (keyed draws)
    "layoffs": 4,  # who is laid off
    "matching": 5,  # who is hired where
    "entrants": 6,  # new entrants to the automotive labour market
    "workers": 7,  # ageing, retirement, leaving for other sectors, retraining outcomes
    "retraining": 8,  # who enrols in reskilling
    "mobility": 9,  # who moves to a neighbouring region
    "policy": 10,  # rounding reskilling places to whole places
    "planned_links": 11,  # the links of planned plants (localisation), drawn after the others
}


def root_sequence(
    seed: int | None, rng: Any, default: int
) -> tuple[np.random.SeedSequence, int | None]:
    """The root SeedSequence of a run, from a seed, a Generator or the scenario's default seed;
    also the integer seed when one was given (None for a Generator or SeedSequence)."""
    if seed is not None and rng is not None:
        raise ValueError("give either seed or rng, not both")
    value = seed if seed is not None else rng
    if value is None:
        value = default
    if isinstance(value, np.random.Generator):
        return np.random.SeedSequence(value.integers(0, 2**63, size=4).tolist()), None
    if isinstance(value, np.random.SeedSequence):
        return value, None
    if isinstance(value, (bool, float)) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"seed must be a non-negative integer or a numpy Generator, got {value!r}")
    return np.random.SeedSequence(int(value)), int(value)


def stream_sequence(root: np.random.SeedSequence, name: str) -> np.random.SeedSequence:
    """The SeedSequence of stream `name` (a KeyError for a name not in STREAM_IDS)."""
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, STREAM_IDS[name]))


def stream_key(root: np.random.SeedSequence, name: str) -> np.uint64:
    """The 64-bit key of stream `name` for keyed draws (sim.kernels.keyed)."""
    return np.uint64(stream_sequence(root, name).generate_state(1, np.uint64)[0])


def make_streams(
    root: np.random.SeedSequence,
) -> tuple[dict[str, np.random.Generator], dict[str, np.uint64]]:
    """A Generator and a key for keyed draws per named stream."""
    streams = {name: np.random.default_rng(stream_sequence(root, name)) for name in STREAM_IDS}
    keys = {name: stream_key(root, name) for name in STREAM_IDS}
    return streams, keys
