"""One interval notation and one definition for every report: the mean over seeds with its 95%
interval, t-based (mean plus or minus Student's t quantile times the standard error of the
mean), written "mean (low to high)"."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.analysis.compare import interval

LEVEL = 0.95
#: The definition every report states once, near its top.
DEFINITION = (
    "Numbers from several seeds are the mean over the seeds with its 95% interval in brackets, "
    "written mean (low to high): the mean plus or minus Student's t (95%, seeds minus one "
    "degrees of freedom) times the standard error of the mean. It says how well the seeds pin "
    "down the mean, not how far a single run can stray. An interval that contains zero means "
    "the difference cannot be told apart from chance."
)
SHORT = "mean over seeds with its 95% interval"


def stat(values: np.ndarray | list[float]) -> tuple[float, float, float]:
    """Mean and 95% t-interval of the mean (NaN bounds for fewer than two finite values)."""
    return interval(np.asarray(values, dtype=float), LEVEL)


def band(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and 95% t-interval of the mean over axis 0 (seeds) of a (seeds, times) array; the
    bounds equal the mean for one seed."""
    # lazy: scipy takes about a second to import
    from scipy import stats

    values = np.asarray(values, dtype=float)
    mean = values.mean(axis=0)
    n = values.shape[0]
    if n < 2:
        return mean, mean.copy(), mean.copy()
    half = stats.t.ppf(0.5 + LEVEL / 2, n - 1) * values.std(axis=0, ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half


def sign(lo: float, hi: float) -> int:
    """+1 when the interval lies above zero, -1 below it, 0 when it contains zero or is NaN."""
    if np.isfinite(lo) and lo > 0:
        return 1
    if np.isfinite(hi) and hi < 0:
        return -1
    return 0


def count(value: float) -> str:
    """A whole number with thousands separators."""
    return f"{value:,.0f}" if np.isfinite(value) else "n/a"


def text(mean: float, lo: float, hi: float, fmt: Callable[[float], str] = count) -> str:
    """'mean (low to high)'; the mean alone when there is no interval."""
    if not np.isfinite(mean):
        return "-"
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return fmt(mean)
    return f"{fmt(mean)} ({fmt(lo)} to {fmt(hi)})"


def html(mean: float, lo: float, hi: float, fmt: Callable[[float], str] = count) -> str:
    """As `text`, with the interval in a grey span."""
    if not np.isfinite(mean):
        return "-"
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return fmt(mean)
    return f"{fmt(mean)} <span class=range>({fmt(lo)} to {fmt(hi)})</span>"
