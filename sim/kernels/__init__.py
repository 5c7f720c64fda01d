"""Numba kernels: module-level @njit(cache=True) functions on arrays and numpy Generators only."""
