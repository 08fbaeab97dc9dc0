"""The package's shape: no import cycles, DuckDB and SQL only in the store layer, modules and functions of a readable size.

The import graph is built with `ast` from the source (imports at module level and inside functions alike),
so a cycle hidden by a function-level import fails here too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "workbench"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80

def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imported(name: str, path: Path, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The workbench modules an import statement loads, parent packages included (Python runs their
    `__init__` first), except the importer's own packages (already being loaded when it runs)."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        if node.level:
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{node.module}" if node.module else package
        else:
            base = node.module or ""
        targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
    found: set[str] = set()
    for target in targets:
        parts = target.split(".")
        for end in range(1, len(parts) + 1):
            prefix = ".".join(parts[:end])
            if prefix in known and not name.startswith(prefix + ".") and prefix != "workbench":
                found.add(prefix)
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the workbench modules it imports (anywhere in its source)."""
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges |= _imported(name, path, node, known)
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_sees_a_cycle_through_a_function_level_import() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_relative_imports_resolve_to_modules_and_their_packages() -> None:
    known = {"workbench.store", "workbench.store.actors", "workbench.access", "workbench.app", "workbench.app.state"}
    node = ast.parse("from ..access import authorize").body[0]
    assert _imported("workbench.store.actors", PACKAGE / "store" / "actors.py", node, known) == {"workbench.access"}
    node = ast.parse("from workbench.store import actors").body[0]
    assert _imported("workbench.app.state", PACKAGE / "app" / "state.py", node, known) == {
        "workbench.store", "workbench.store.actors"}


def test_no_import_cycles_among_workbench_modules() -> None:
    assert cycles(import_graph()) == []


def test_only_the_store_layer_imports_duckdb() -> None:
    offenders = []
    for name, path in _modules().items():
        if name == "workbench.store" or name.startswith("workbench.store."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "duckdb" for a in node.names):
                offenders.append(name)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "duckdb" and not node.level:
                offenders.append(name)
    assert offenders == []


def test_modules_and_functions_stay_readable_in_size() -> None:
    too_long = []
    for name, path in _modules().items():
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}.{node.name}: {length} lines")
    assert too_long == []


_SQL_CALLS = {"execute", "executemany", "sql", "fetchall", "fetchone", "fetchmany"}
_SQL_HELPERS = {"query", "query_one", "scalar", "execute_with", "insert_columns"}


def test_only_the_store_layer_runs_sql() -> None:
    """Outside `store/` nothing runs a statement on a connection nor imports the store's SQL helpers: a query is a
    named function of the store module of its tables."""
    offenders = []
    for name, path in _modules().items():
        if name == "workbench.store" or name.startswith("workbench.store."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SQL_CALLS:
                offenders.append(f"{name}:{node.lineno} .{node.func.attr}()")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("store.connection"):
                offenders += [f"{name}:{node.lineno} imports {a.name}" for a in node.names if a.name in _SQL_HELPERS]
    assert offenders == []
