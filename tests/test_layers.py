"""The layers import one way: nothing below the UI pulls in Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

BELOW_THE_UI = [
    "tuiws.domain.drafts",
    "tuiws.domain.timesheet",
    "tuiws.jira.client",
    "tuiws.services.worklogs",
    "tuiws.services.weeks",
    "tuiws.services.search",
    "tuiws.services.doctor",
    "tuiws.services.team",
    "tuiws.services.sync",
    "tuiws.services.cached_weeks",
    "tuiws.services.export",
    "tuiws.services.setup",
    "tuiws.init_command",
    "tuiws.logfile",
    "tuiws.domain.team",
    "tuiws.store.cache",
    "tuiws.emulator",
    "tuiws.config.loading",
    "tuiws.config.environment",
    "tuiws.cli",
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
        "tuiws.jira.client",
        "tuiws.services.weeks",
        "tuiws.emulator",
        "tuiws.screens.editor",
        "tuiws.cli",
        "tuiws.config.models",
        "tuiws.themes",
        "tuiws.services.setup",
    )
    code = (
        "import sys, tempfile, pathlib, tuiws.entry, tuiws.launch; "
        "app = tuiws.launch.make_demo_app('cloud', data_dir=pathlib.Path(tempfile.mkdtemp())); "
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


QUICK_READERS = [
    "tuiws.config",
    "tuiws.config.peek",
    "tuiws.config.paths",
    "tuiws.config.urls",
    "tuiws.store.cache_peek",
    "tuiws.config.state_peek",
    "tuiws.theme_files",
    "tuiws.config.ui_settings",
    "tuiws.domain.week_view",
    "tuiws.logfile",
]


@pytest.mark.parametrize("module", QUICK_READERS)
def test_the_quick_readers_need_no_pydantic(module: str) -> None:
    """What the first frame reads is read without the validated models (which load after it)."""
    heavy = ("pydantic", "httpx", "tuiws.config.models", "tuiws.store.cache", "tuiws.domain.models")
    assert loaded_with(module, heavy) == []
