"""Third-party modules a model run never uses, loaded on first use instead of at import.

`import mesa` imports every part of mesa (spaces, experimental features, the batch runner) and
with them scipy and networkx: most of a second of a run's start-up, for a model that
uses only `mesa.Model` and `mesa.DataCollector.collect`. `scipy.linalg` is deferred too, for
the whole process: numba imports `scipy.linalg.cython_blas` when it loads its first kernel,
only to look for a BLAS, and `scipy/linalg/__init__.py` costs 0.2-0.4 s of that (scipy.linalg
and numba's BLAS functions still work: they load on first use). `defer_mesa_extras` installs
an import finder that hands out those modules as deferred modules the first time they are
imported: the module object exists at once, with the attributes the import system sets (`__name__`,
`__file__`, `__spec__`, `__path__`, ...), and its code runs on the first access to any other
attribute, so code that uses them works unchanged. (`importlib.util.LazyLoader` runs the code
on any attribute access, and mesa's logger set-up reads `__file__` of every loaded module.)
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

#: Parts of mesa that mesa/__init__.py imports as modules but a model run does not use. (Not
#: mesa.batchrunner, whose function mesa/__init__.py imports by name, so it runs at once; nor
#: pandas, which pyarrow imports anyway when a run's tables are written.) And scipy.linalg:
#: numba imports scipy.linalg.cython_blas the first time it loads or compiles a kernel, only
#: to learn that a BLAS is there, and scipy/linalg/__init__.py then loads most of scipy's
#: array-API layer and numpy.f2py (0.2-0.4 s of the first kernel call); deferred, the import
#: takes about 0.01 s and numba's BLAS functions still work.
DEFERRED = ("mesa.discrete_space", "mesa.experimental", "mesa.space", "scipy.linalg")


class DeferredModule(ModuleType):
    """A module whose code has not run yet: it runs on the first access to a missing name."""

    def __getattr__(self, name: str) -> object:
        spec = self.__spec__
        self.__class__ = ModuleType  # from here on an ordinary module (also if exec fails)
        spec.loader.exec_module(self)
        return getattr(self, name)


class DeferredLoader(importlib.abc.Loader):
    """Wraps a module's own loader: `exec_module` only marks the module as deferred."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__.loader = self.loader  # what DeferredModule runs, later
        module.__loader__ = self.loader
        module.__class__ = DeferredModule


class LazyFinder(importlib.abc.MetaPathFinder):
    """Finds the modules of `names` as the path finder does, with a deferred loader."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = frozenset(names)

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None  # not found here, or not plain Python source: import as usual
        spec.loader = DeferredLoader(spec.loader)
        return spec


def defer_mesa_extras() -> None:
    """Make the modules of DEFERRED (the parts of mesa a run does not use, and scipy.linalg)
    load on first use; nothing to do once mesa is imported or when the finder is installed
    already."""
    if "mesa" in sys.modules or any(isinstance(f, LazyFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, LazyFinder([n for n in DEFERRED if n not in sys.modules]))
