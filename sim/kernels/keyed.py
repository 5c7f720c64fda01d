"""Keyed random numbers: a uniform number that depends only on a stream key and a few integer
labels (a firm and a quarter, a link and a quarter...), not on how many numbers were drawn
before it.

Decisions drawn this way are common random numbers: two runs with the same seed that differ
in something else (the agent scale, a policy lever) give the same firm the same draw in the
same quarter, so their difference shows the effect of that change rather than a reshuffled
lottery. The mixing function is SplitMix64's finaliser (Steele, Lea and Flood 2014).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


@njit(cache=True)
def _mix(x):
    """SplitMix64 finaliser: a bijection of 64-bit integers with good avalanche."""
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    return x ^ (x >> np.uint64(31))


@njit(cache=True)
def keyed_uniform(key, a, b, c):
    """A uniform number in [0, 1) determined by (key, a, b, c); a, b, c >= 0."""
    x = _mix(np.uint64(key) + _GOLDEN * np.uint64(a + 1))
    x = _mix(x + _GOLDEN * np.uint64(b + 1))
    x = _mix(x + _GOLDEN * np.uint64(c + 1))
    return (x >> np.uint64(11)) * (1.0 / 9007199254740992.0)
