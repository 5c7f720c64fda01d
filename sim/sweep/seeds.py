"""Seeds: every run's seed derives from the experiment's master seed with SeedSequence.spawn.

The master SeedSequence spawns two children: child 0 drives the design's random sampling (LHS,
scrambled Sobol), child 1 the runs. Child 1 spawns one sequence per point and each of those one
per replicate, so a run's seed depends only on (master, point id, replicate): never on the
order runs execute in, the number of points, or the operating system.
"""

from __future__ import annotations

import numpy as np

DESIGN_CHILD, RUNS_CHILD = 0, 1


def design_seed(master: int) -> int:
    """A 63-bit integer seed for the design's sampler (LHS, scrambled Sobol)."""
    child = np.random.SeedSequence(master).spawn(2)[DESIGN_CHILD]
    return _as_int(child)


def _as_int(seq: np.random.SeedSequence) -> int:
    """A non-negative 63-bit integer from a SeedSequence, usable as `autoregions run --seed`."""
    return int(seq.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def run_seeds(master: int, n_points: int, replicates: int) -> np.ndarray:
    """Seeds of every run as an int64 array [point id, replicate]; all distinct (checked)."""
    runs = np.random.SeedSequence(master).spawn(2)[RUNS_CHILD]
    out = np.empty((n_points, replicates), dtype=np.int64)
    for p, point_seq in enumerate(runs.spawn(n_points)):
        for r, seq in enumerate(point_seq.spawn(replicates)):
            out[p, r] = _as_int(seq)
    if len(np.unique(out)) != out.size:  # 63-bit values: a collision is astronomically rare
        raise RuntimeError(f"master seed {master}: two runs drew the same seed; change it")
    return out


__all__ = ["design_seed", "run_seeds"]
