"""The package's shape: no import cycles (a module's top-level imports form a DAG), no module
over 400 lines, and no import inside a function beyond the few listed here (a deferred module
is declared once, in its package's `__init__`: `tuiws.lazy_modules`).

Imports are read from the source (ast), not by importing, so a cycle Python happens to
tolerate today (an attribute used only inside a function) still fails here before it becomes
an ImportError in a different import order. Imports under `if TYPE_CHECKING:` are left out:
they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tuiws"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _top_level_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If | ast.Try) and _runs(node):
            yield from (n for n in node.body if isinstance(n, ast.Import | ast.ImportFrom))


def _runs(node: ast.If | ast.Try) -> bool:
    """A guarded block whose imports run at import time (a `try:`, an `if` not for typing)."""
    if isinstance(node, ast.Try):
        return True
    return isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test)


def _targets(node: ast.Import | ast.ImportFrom, package: str) -> set[str]:
    """The package modules an import statement loads (a name may be a submodule)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in MODULES}
    base = package.split(".")
    if node.level:
        base = base[: len(base) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    found: set[str] = set()
    for alias in node.names:
        if f"{module}.{alias.name}" in MODULES:
            found.add(f"{module}.{alias.name}")
        elif module in MODULES:
            found.add(module)
    return found


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            edges |= _targets(node, package)
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_graph_sees_relative_and_submodule_imports() -> None:
    graph = import_graph()
    # `from tuiws.backends.jira import jql, people` names two submodules, not the package.
    assert {"tuiws.backends.jira.jql", "tuiws.backends.jira.people"} <= graph[
        "tuiws.backends.jira.directory"
    ]
    # `from .calls import Reply` in the emulator's add-on table is relative.
    assert "tuiws.emulator.calls" in graph["tuiws.emulator.addons"]


def test_no_module_is_over_400_lines() -> None:
    """Small modules with one job: a module that grows past 400 lines is split by job."""
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


# Imports inside function bodies, by module, each with why it cannot be at the top or behind a
# package's lazy submodules (`tuiws.lazy_modules`). Adding one means adding it here, with a reason.
FUNCTION_IMPORTS_ALLOWED: dict[str, tuple[int, str]] = {}


def _imports_in_functions(node: ast.AST, inside: bool = False) -> int:
    """The import statements under `node` that run when a function is called."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        return 1 if inside else 0
    inside = inside or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    return sum(_imports_in_functions(child, inside) for child in ast.iter_child_nodes(node))


def function_imports() -> dict[str, int]:
    counts = {
        name: _imports_in_functions(ast.parse(path.read_text(encoding="utf-8")))
        for name, path in MODULES.items()
    }
    return {name: n for name, n in counts.items() if n}


def test_the_function_import_counter_counts_nested_and_method_imports() -> None:
    source = (
        "import os\n"
        "if os:\n    import sys\n"
        "def f():\n    import json\n    def g():\n        from x import y\n"
        "class C:\n    import re\n    async def m(self):\n        if self:\n            import io\n"
    )
    assert _imports_in_functions(ast.parse(source)) == 3


def test_imports_inside_functions_are_only_the_listed_ones() -> None:
    """A deferred import is declared in its package (`tuiws.lazy_modules`), an ordinary one at
    the top of its module; the few left in function bodies are listed with their reason."""
    found = function_imports()
    allowed = {name: count for name, (count, _) in FUNCTION_IMPORTS_ALLOWED.items()}
    assert found == allowed
    assert sum(allowed.values()) < 25
