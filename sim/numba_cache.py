"""Where numba keeps compiled kernels when the package folder is read-only.

Every kernel is compiled with ``@njit(cache=True)``; numba stores the result in
``sim/kernels/__pycache__``. Installed where that folder is read-only (a system-wide install, a
container image), and with no writable home cache either, the first run failed with "cannot
cache function ...: no locator available". `configure` runs when `sim` is imported, before
numba is: when the kernels' cache folder is not writable and the user has not set
``NUMBA_CACHE_DIR``, it sets ``NUMBA_CACHE_DIR`` to the first writable folder of
``$XDG_CACHE_HOME/autoregions/numba``, ``~/.cache/autoregions/numba`` and
``<temp>/autoregions-numba-<uid>``. A writable package folder, or a ``NUMBA_CACHE_DIR`` the user
set, is left as it is.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

KERNELS = Path(__file__).resolve().parent / "kernels"
ENV = "NUMBA_CACHE_DIR"


def writable(folder: Path) -> bool:
    """True when files can be created in `folder` (created if missing): probed, because
    os.access ignores read-only file systems."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".autoregions-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
        return True
    except OSError:
        return False


def candidates(env: Mapping[str, str]) -> list[Path]:
    """User cache folders to fall back on, in order of preference."""
    out = []
    if env.get("XDG_CACHE_HOME"):
        out.append(Path(env["XDG_CACHE_HOME"]) / "autoregions" / "numba")
    home = env.get("HOME")
    if home:
        out.append(Path(home) / ".cache" / "autoregions" / "numba")
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    out.append(Path(tempfile.gettempdir()) / f"autoregions-numba-{uid}")
    return out


def choose(
    env: Mapping[str, str],
    kernels: Path | None = None,
    can_write: Callable[[Path], bool] = writable,
) -> Path | None:
    """The cache folder to set, or None to leave numba's default (or the user's choice).
    `kernels`: the folder of the cached kernels (default `KERNELS`)."""
    kernels = KERNELS if kernels is None else kernels
    if env.get(ENV):
        return None
    if can_write(kernels / "__pycache__"):
        return None
    for folder in candidates(env):
        if can_write(folder):
            return folder
    return None


def configure() -> Path | None:
    """Set NUMBA_CACHE_DIR when needed (see the module docstring); returns what was set."""
    folder = choose(os.environ)
    if folder is None:
        return None
    os.environ[ENV] = str(folder)
    if "numba" in sys.modules:  # imported before sim: numba read its configuration already
        # lazy: only when numba was imported before sim (importing it here would be slow)
        from numba.core import config

        config.CACHE_DIR = str(folder)
    return folder


__all__ = ["candidates", "choose", "configure", "writable"]
