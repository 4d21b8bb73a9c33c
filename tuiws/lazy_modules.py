"""Submodules a package loads on first use, declared once in the package's `__init__`.

The PEP 562 way `textual.widgets` loads its widgets, in the spirit of PEP 810's `lazy import`.
A package names the submodules that wait for their first use::

    if TYPE_CHECKING:
        from tuiws.app.screens import editor as editor
    else:
        __getattr__, __dir__ = lazy_submodules(__name__, ("editor",))

and a module that needs the editor only when a key is pressed imports the package at its top
(`from tuiws.app import screens`) and writes `screens.editor.WorklogEditorScreen(...)` where
it is used: the first access imports `tuiws.app.screens.editor`, which binds it on the package
for every later one. mypy reads the `TYPE_CHECKING` imports, so each use is typed, and sees no
`__getattr__` to excuse a misspelt name.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable
from types import ModuleType


def lazy_submodules(
    package: str, names: Iterable[str]
) -> tuple[Callable[[str], ModuleType], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`, whose submodules `names` load on first
    access."""
    lazy = frozenset(names)

    def __getattr__(name: str) -> ModuleType:
        if name not in lazy:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return importlib.import_module(f"{package}.{name}")

    def __dir__() -> list[str]:
        return sorted(lazy | set(vars(sys.modules[package])))

    return __getattr__, __dir__
