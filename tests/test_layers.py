"""The layers import one way: nothing below the UI pulls in Textual; the UI and the services
see the backend contract, never an adapter; httpx stays in the backends (and the emulator);
the domain is plain Python with no pydantic and no wire format."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import tuiws

PACKAGE = Path(tuiws.__file__).resolve().parent
ADAPTERS = sorted(p.name for p in (PACKAGE / "backends").iterdir() if (p / "__init__.py").is_file())

BELOW_THE_UI = [
    "tuiws.domain.drafts",
    "tuiws.domain.timesheet",
    "tuiws.domain.draft_input",
    "tuiws.backends.base",
    "tuiws.backends.registry",
    "tuiws.backends.jira.client",
    "tuiws.backends.jira.connection",
    "tuiws.services.worklogs",
    "tuiws.services.weeks",
    "tuiws.services.search",
    "tuiws.services.doctor",
    "tuiws.services.team",
    "tuiws.services.sync",
    "tuiws.services.cached_weeks",
    "tuiws.services.export",
    "tuiws.services.setup",
    "tuiws.cli.init_command",
    "tuiws.logfile",
    "tuiws.domain.team",
    "tuiws.store.cache",
    "tuiws.emulator",
    "tuiws.config.loading",
    "tuiws.config.environment",
    "tuiws.cli",
    "tuiws.app.demo_in_process",
]


def loaded_with(module: str, packages: tuple[str, ...]) -> list[str]:
    """Which of `packages` (or their submodules) a fresh interpreter has loaded after
    importing `module`."""
    code = (
        f"import sys, {module}; "
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {packages!r} "
        f"or m in {packages!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


@pytest.mark.parametrize("module", BELOW_THE_UI)
def test_no_textual_below_the_ui(module: str) -> None:
    assert loaded_with(module, ("textual",)) == []


def test_domain_does_no_io() -> None:
    code = (
        "import sys, tuiws.domain.drafts, tuiws.domain.timesheet; "
        "print(','.join(m for m in ('httpx', 'sqlite3', 'textual') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_apps_first_frame_needs_no_services() -> None:
    """`tuiws --demo` draws its first frame before httpx, pydantic, the services or the emulator
    are imported (they load in the connect worker); the benchmark depends on it."""
    heavy = (
        "httpx",
        "pydantic",
        "tuiws.backends.jira.client",
        "tuiws.services.weeks",
        "tuiws.emulator",
        "tuiws.app.screens.editor",
        "tuiws.cli",
        "tuiws.config.models",
        "tuiws.app.themes",
        "tuiws.services.setup",
    )
    code = (
        "import sys, tempfile, pathlib, tuiws.entry, tuiws.app.demo_launch; "
        "folder = pathlib.Path(tempfile.mkdtemp()); "
        "app = tuiws.app.demo_launch.make_demo_app('cloud', data_dir=folder); "
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_tuiws_first_frame_loads_neither_the_demo_nor_the_draft_rules() -> None:
    """`tuiws` on a profile imports what its first frame draws: the demo's process handling,
    the drafts' validation (the timer needs only the issue-key rule) and the resolved profile
    (the first frame reads the recorded facts) load later, if ever."""
    later = (
        "tuiws.app.demo_server",
        "tuiws.app.demo_launch",
        "tuiws.domain.drafts",
        "tuiws.config.profile",
        "tuiws.config.secrets",
    )
    assert loaded_with("tuiws.app.launch", later) == []


FIRST_FRAME_READERS = [
    "tuiws.config",
    "tuiws.config.start_facts",
    "tuiws.config.app_state",
    "tuiws.config.profile",
    "tuiws.config.paths",
    "tuiws.config.urls",
    "tuiws.store.cache",
    "tuiws.services.cached_weeks",
    "tuiws.app.theme_files",
    "tuiws.app.config_check",
    "tuiws.app.demo_server",
    "tuiws.config.ui_settings",
    "tuiws.domain.week_view",
    "tuiws.logfile",
]


@pytest.mark.parametrize("module", FIRST_FRAME_READERS)
def test_what_the_first_frame_reads_needs_no_pydantic_or_httpx(module: str) -> None:
    """The first frame is drawn from the cache's own reader, the state file's and the facts of
    the last validated start: none of them loads the validating or the HTTP libraries (which
    load after it)."""
    heavy = ("pydantic", "httpx", "tuiws.config.models", "tuiws.config.environment")
    assert loaded_with(module, heavy) == []


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (functions and TYPE_CHECKING blocks too)."""
    names: set[str] = set()
    package = module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def sources(*where: str) -> list[Path]:
    out: list[Path] = []
    for name in where:
        target = PACKAGE / name
        out.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return out


UI = ("app/app.py", "app/screens", "app/widgets", "app/messages.py", "app/launch.py")
SERVICES = ("services",)


def test_the_adapters_are_found() -> None:
    assert "jira" in ADAPTERS


def reaches_adapter(names: set[str]) -> list[str]:
    return sorted(
        n
        for n in names
        for a in ADAPTERS
        if n == f"tuiws.backends.{a}" or n.startswith(f"tuiws.backends.{a}.")
    )


@pytest.mark.parametrize("path", sources(*UI, *SERVICES), ids=module_name)
def test_the_ui_and_services_never_import_an_adapter(path: Path) -> None:
    assert reaches_adapter(imported(path)) == []


@pytest.mark.parametrize("path", sources("app/screens", "app/widgets"), ids=module_name)
def test_screens_read_the_journal_through_the_services_not_its_file_format(path: Path) -> None:
    assert "tuiws.store.journal_codec" not in imported(path)


def test_the_ui_and_services_do_not_load_an_adapter_through_anything_else() -> None:
    modules = [module_name(p) for p in sources("app/screens", "app/widgets", *SERVICES)]
    modules += ["tuiws.app.app", "tuiws.app.messages"]
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}]; "
        "print(','.join(sorted(m for m in sys.modules if m.startswith('tuiws.backends.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {m for m in out.stdout.strip().split(",") if m}
    assert reaches_adapter(loaded) == [], "a module they import pulls an adapter in"


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.relative_to(PACKAGE).parts[0] not in ("backends", "emulator")
    ],
    ids=module_name,
)
def test_only_the_backends_and_the_emulator_import_httpx(path: Path) -> None:
    names = imported(path)
    assert not any(n == "httpx" or n.startswith("httpx.") for n in names)


WIRE_FORMATS = ("pydantic", "httpx", "tuiws.backends", "tuiws.emulator", "tuiws.config")


@pytest.mark.parametrize("path", sources("domain"), ids=module_name)
def test_the_domain_imports_no_pydantic_nor_wire_format(path: Path) -> None:
    bad = sorted(n for n in imported(path) for w in WIRE_FORMATS if n == w or n.startswith(w + "."))
    assert bad == []


def test_the_domain_loads_no_pydantic() -> None:
    modules = [module_name(p) for p in sources("domain")]
    assert all(loaded_with(m, ("pydantic", "httpx")) == [] for m in modules)


def test_a_profile_loads_only_the_adapter_it_uses() -> None:
    """The registry imports an adapter when a profile asks for it: loading all of them cost the
    app's start a third of its time (`bench/startup.py`)."""
    code = (
        "import sys; from tuiws.backends.registry import ADAPTERS; ADAPTERS['jira']; "
        "print(','.join(sorted({m.split('.')[2] for m in sys.modules "
        "if m.startswith('tuiws.backends.') and m.count('.') > 2})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "jira"
