"""The `tuiws.config` package: its lazy exports, a profile held without pydantic, its modules
each importable first and small, and no import cycle through any of them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import tuiws.config
from tuiws.config import ResolvedProfile, resolve_profile
from tuiws.config.profile import ResolvedProfile as ResolvedProfileItself

PACKAGE_DIR = Path(tuiws.config.__file__).parent
TUIWS_DIR = PACKAGE_DIR.parent
CONFIG_MODULES = sorted(
    "tuiws.config" if path.stem == "__init__" else f"tuiws.config.{path.stem}"
    for path in PACKAGE_DIR.glob("*.py")
)


def fresh(code: str) -> str:
    """What `code` prints in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def loaded_after(statement: str, watched: tuple[str, ...]) -> list[str]:
    printed = fresh(
        f"import sys\n{statement}\nprint(','.join(m for m in {watched!r} if m in sys.modules))"
    )
    return [m for m in printed.split(",") if m]


def test_the_package_loads_a_name_on_first_use() -> None:
    validating = "from tuiws.config import resolve_profile"
    assert loaded_after(validating, ("pydantic", "tuiws.config.environment")) == [
        "pydantic",
        "tuiws.config.environment",
    ]
    # A cheap name loads only its own module.
    cheap = "from tuiws.config import ConfigError, ENV_TOKEN, normalise_url"
    assert loaded_after(cheap, ("pydantic", "tuiws.config.models")) == []


def test_every_exported_name_is_its_modules_own() -> None:
    homes = tuiws.config._HOMES
    assert sorted(homes) == sorted(tuiws.config.__all__)
    for name, home in homes.items():
        module = sys.modules.get(f"tuiws.config.{home}") or __import__(
            f"tuiws.config.{home}", fromlist=[name]
        )
        assert getattr(tuiws.config, name) is getattr(module, name), name
    assert ResolvedProfile is ResolvedProfileItself
    assert resolve_profile.__module__ == "tuiws.config.environment"
    assert set(tuiws.config.__all__) <= set(dir(tuiws.config))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="'tuiws.config' has no attribute 'ResolvedProfil'"):
        _ = tuiws.config.ResolvedProfil  # type: ignore[attr-defined]
    with pytest.raises(ImportError):
        exec("from tuiws.config import load_configuration", {})


def test_a_profile_is_held_without_the_configs_models() -> None:
    """The app and the demo build and pass `ResolvedProfile`s before (or without) validating a
    config file: holding one loads no pydantic."""
    statement = "from tuiws.config import ResolvedProfile, Secret, VendorEndpoint"
    watched = ("pydantic", "tuiws.config.models", "tuiws.config.environment")
    assert loaded_after(statement, watched) == []


@pytest.mark.parametrize("module", CONFIG_MODULES)
def test_each_config_module_imports_first(module: str) -> None:
    """Imported first in a fresh interpreter, as whatever imports it first would: a cycle that
    only holds for one import order fails here."""
    assert fresh(f"import {module}; print('ok')") == "ok"


@pytest.mark.parametrize("module", CONFIG_MODULES)
def test_each_config_module_is_small(module: str) -> None:
    path = TUIWS_DIR.parent / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = path.with_suffix("") / "__init__.py"
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400


def module_name(path: Path) -> str:
    parts = path.relative_to(TUIWS_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The tuiws modules `path` imports anywhere (in functions and `TYPE_CHECKING` too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if submodule in known:
                    found.add(submodule)
                elif node.module == "tuiws.config" and alias.name in tuiws.config._HOMES:
                    found.add(f"tuiws.config.{tuiws.config._HOMES[alias.name]}")
                else:
                    found.add(node.module)
    return found & known


def test_no_import_cycle_runs_through_the_config_package() -> None:
    paths = {module_name(path): path for path in TUIWS_DIR.rglob("*.py")}
    graph = {name: imports_of(path, set(paths)) for name, path in paths.items()}

    def reaches(start: str, goal: str) -> bool:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            current = todo.pop()
            if current == goal:
                return True
            if current not in seen:
                seen.add(current)
                todo.extend(graph[current])
        return False

    assert [m for m in CONFIG_MODULES if reaches(m, m)] == []
