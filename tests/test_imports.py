"""The import graph of `sim`: no cycles (imports inside functions count too), and every import
inside a function says why it is lazy. Imports under `if TYPE_CHECKING:` never run and are left
out (they only name types for annotations)."""

from __future__ import annotations

import ast
from pathlib import Path

SIM = Path(__file__).resolve().parents[1] / "sim"


def _modules() -> dict[str, Path]:
    mods = {}
    for f in SIM.rglob("*.py"):
        parts = list(f.relative_to(SIM.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = f
    return mods


def _imported(node: ast.AST, module: str, is_package: bool, mods: dict[str, Path]) -> list[str]:
    """The `sim` modules an import statement loads (a name imported from a package counts as
    the submodule when there is one, else as the package)."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            pkg = module.split(".") if is_package else module.split(".")[:-1]
            pkg = pkg[: len(pkg) - node.level + 1]
            base = ".".join(pkg + ([base] if base else []))
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
    else:
        return []
    out = []
    for name in names:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        if name and name != module:
            out.append(name)
    return out


def import_graph() -> dict[str, set[str]]:
    """Module -> the `sim` modules it imports anywhere in its body."""
    mods = _modules()
    graph = {}
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
                node.body = [ast.Pass()]  # type-only imports never run
        deps: set[str] = set()
        for node in ast.walk(tree):
            deps.update(_imported(node, name, path.name == "__init__.py", mods))
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    assert "sim.model" in graph["sim"]  # imported inside sim.__getattr__
    assert "sim.errors" in graph["sim.cli"]


def test_no_import_cycles_in_sim() -> None:
    assert cycles(import_graph()) == []


def test_library_code_never_imports_the_command_line() -> None:
    graph = import_graph()
    users = sorted(m for m, deps in graph.items() if "sim.cli" in deps and m != "sim.__main__")
    assert users == []


def test_every_import_inside_a_function_says_why_it_is_lazy() -> None:
    """An import inside a function must follow a `# lazy: why` comment (a run of imports
    shares one comment): only optional or slow-to-load modules are imported late."""
    missing = []
    for name, path in _modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if not isinstance(node, (ast.Import, ast.ImportFrom)):
                    continue
                k = node.lineno - 2
                while k >= 0 and (
                    lines[k].strip().startswith(("import ", "from ")) or not lines[k].strip()
                ):
                    k -= 1
                if k < 0 or not lines[k].strip().startswith("# lazy:"):
                    missing.append(f"{name}:{node.lineno}")
    assert missing == []
