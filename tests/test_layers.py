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
    "tuiws.domain.team",
    "tuiws.store.cache",
    "tuiws.emulator",
    "tuiws.config",
    "tuiws.cli",
]


@pytest.mark.parametrize("module", BELOW_THE_UI)
def test_no_textual_below_the_ui(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imports {out.stdout.strip()}"


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
    heavy = ("httpx", "pydantic", "tuiws.jira.client", "tuiws.services.weeks", "tuiws.emulator",
             "tuiws.screens.editor", "tuiws.cli", "tuiws.config", "tuiws.themes")
    code = (
        "import sys, tempfile, pathlib, tuiws.entry, tuiws.launch; "
        "app = tuiws.launch.make_demo_app('cloud', data_dir=pathlib.Path(tempfile.mkdtemp())); "
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


QUICK_READERS = [
    "tuiws.config_peek",
    "tuiws.store.cache_peek",
    "tuiws.state_peek",
    "tuiws.theme_files",
    "tuiws.ui_settings",
    "tuiws.domain.week_view",
]


@pytest.mark.parametrize("module", QUICK_READERS)
def test_the_quick_readers_need_no_pydantic(module: str) -> None:
    """What the first frame reads is read without the validated models (which load after it)."""
    code = (
        f"import sys, {module}; "
        "print(','.join(m for m in ('pydantic', 'httpx', 'tuiws.config', "
        "'tuiws.store.cache', 'tuiws.domain.models') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imports {out.stdout.strip()}"
