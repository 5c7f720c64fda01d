"""The numba cache falls back to a user cache folder only when the package folder is
read-only and the user set none (sim/numba_cache.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sim import numba_cache
from tests.conftest import ROOT


def test_writable_package_keeps_numbas_default(tmp_path):
    assert numba_cache.choose({"HOME": str(tmp_path)}, kernels=tmp_path / "k") is None


def test_user_choice_is_kept(tmp_path):
    env = {"NUMBA_CACHE_DIR": str(tmp_path / "mine"), "HOME": str(tmp_path)}
    assert numba_cache.choose(env, can_write=lambda p: False) is None


def test_read_only_package_falls_back_in_order(tmp_path):
    kernels = tmp_path / "site" / "sim" / "kernels"
    read_only = {kernels / "__pycache__"}

    def can_write(p: Path) -> bool:
        return p not in read_only

    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    got = numba_cache.choose(env, kernels=kernels, can_write=can_write)
    assert got == tmp_path / "xdg" / "autoregions" / "numba"
    read_only.add(got)
    got = numba_cache.choose(env, kernels=kernels, can_write=can_write)
    assert got == tmp_path / "home" / ".cache" / "autoregions" / "numba"
    read_only.add(got)
    got = numba_cache.choose(env, kernels=kernels, can_write=can_write)
    assert got is not None and got.name.startswith("autoregions-numba-")


def test_probe_detects_a_file_where_a_folder_should_be(tmp_path):
    (tmp_path / "blocked").write_text("x")
    assert not numba_cache.writable(tmp_path / "blocked" / "cache")
    assert numba_cache.writable(tmp_path / "fine")


def test_set_before_numba_is_imported(tmp_path):
    """In a fresh process with an unwritable kernels folder, `import sim` sets NUMBA_CACHE_DIR
    and numba reads it."""
    script = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
import sim.numba_cache as nc
nc.KERNELS = Path({str(tmp_path / "blocked" / "kernels")!r})
nc.configure()
import os, numba
from numba.core import config
print(os.environ["NUMBA_CACHE_DIR"], config.CACHE_DIR)
"""
    (tmp_path / "blocked").write_text("a file, so nothing can be created under it")
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    expected = str(tmp_path / "xdg" / "autoregions" / "numba")
    assert proc.stdout.split() == [expected, expected]
