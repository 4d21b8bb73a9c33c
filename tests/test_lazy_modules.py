"""The packages' lazy submodules (`tuiws.lazy_modules`): each loads at its first access, not
when its package is imported, is the real module, and is the one mypy is shown."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tuiws.lazy_modules import lazy_submodules

PACKAGE = Path(__file__).resolve().parent.parent / "tuiws"


def _declared(init: Path) -> tuple[list[str], list[str]] | None:
    """The names a package's `__init__` passes to `lazy_submodules`, and those it imports
    under `if TYPE_CHECKING:` (None: it declares no lazy submodules)."""
    tree = ast.parse(init.read_text(encoding="utf-8"))
    lazy: list[str] | None = None
    typed: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "lazy_submodules":
            names = node.args[1]
            assert isinstance(names, ast.Tuple)
            lazy = [ast.literal_eval(n) for n in names.elts]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typed += [
                a.name
                for n in node.body
                if isinstance(n, ast.ImportFrom)
                for a in n.names
                if a.asname == a.name  # `from pkg import sub as sub`: typed, re-exported
            ]
    return None if lazy is None else (lazy, typed)


def _package_name(init: Path) -> str:
    return ".".join(init.parent.relative_to(PACKAGE.parent).parts)


LAZY_PACKAGES = {
    _package_name(init): declared[0]
    for init in sorted(PACKAGE.rglob("__init__.py"))
    if (declared := _declared(init)) is not None
}


def test_the_packages_that_defer_are_found() -> None:
    assert {"tuiws", "tuiws.app", "tuiws.app.screens", "tuiws.services"} <= set(LAZY_PACKAGES)
    assert "editor" in LAZY_PACKAGES["tuiws.app.screens"]


@pytest.mark.parametrize("package", sorted(LAZY_PACKAGES))
def test_each_lazy_submodule_is_a_real_module_typed_for_mypy(package: str) -> None:
    init = PACKAGE.parent.joinpath(*package.split("."), "__init__.py")
    declared = _declared(init)
    assert declared is not None
    lazy, typed = declared
    assert sorted(lazy) == sorted(typed), "mypy checks each use against the TYPE_CHECKING imports"
    folder = init.parent
    missing = [n for n in lazy if not (folder / f"{n}.py").is_file() and not (folder / n).is_dir()]
    assert missing == []


def test_a_lazy_submodule_loads_at_its_first_access_not_with_its_package() -> None:
    code = f"""
import importlib, json, sys, types
lazy = {LAZY_PACKAGES!r}
packages = {{name: importlib.import_module(name) for name in lazy}}
loaded_early = sorted(f"{{p}}.{{n}}" for p, names in lazy.items() for n in names
                      if f"{{p}}.{{n}}" in sys.modules)
real = []
for package, names in lazy.items():
    for name in names:
        module = getattr(packages[package], name)
        full = f"{{package}}.{{name}}"
        real.append(isinstance(module, types.ModuleType) and sys.modules.get(full) is module
                    and module.__name__ == full and name in dir(packages[package]))
print(json.dumps({{"early": loaded_early, "real": all(real), "count": len(real)}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found = json.loads(out.stdout)
    assert found["early"] == []
    assert found["real"] is True
    assert found["count"] == sum(len(names) for names in LAZY_PACKAGES.values())


def test_a_name_not_declared_is_no_attribute() -> None:
    getattr_, dir_ = lazy_submodules("tuiws.app.screens", ("editor",))
    with pytest.raises(AttributeError, match="'tuiws.app.screens' has no attribute 'nothing'"):
        getattr_("nothing")
    assert "editor" in dir_()
