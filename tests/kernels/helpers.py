"""Helpers for the kernel tests."""

from __future__ import annotations

from typing import Any


def python_version(kernel: Any) -> Any:
    """The plain-Python version of a numba kernel (the kernel itself when numba is switched
    off with NUMBA_DISABLE_JIT=1, where kernels are plain functions)."""
    return getattr(kernel, "py_func", kernel)
