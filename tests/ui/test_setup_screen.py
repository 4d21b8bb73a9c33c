"""The first-run setup screen, driven by a Pilot against the emulator: typed as a person would,
ending with a `config.toml` that `tuiws doctor` accepts; and `tuiws` with no configuration
opening it before the timesheet."""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tuiws.app.app import TuiwsApp
from tuiws.app.screens.setup import SetupApp, SetupScreen
from tuiws.cli import main as cli_main
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.entry import main as entry_main
from tuiws.factory import build_connection
from tuiws.services.setup import FirstRunSetup, Written

pytestmark = pytest.mark.slow


def token_of(flavor: str) -> str:
    return DEMO.api_token if flavor == "cloud" else DEMO.pat


def login_of(flavor: str) -> str:
    return DEMO.email if flavor == "cloud" else DEMO.username


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def status_of(app: SetupApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def settle(app: SetupApp, pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_answers(app: SetupApp, pilot: Pilot[Any], url: str, login: str, token: str) -> None:
    """URL, enter; the login; the token source "a file tuiws writes"; the token, enter."""
    await pilot.press(*url, "enter")
    await settle(app, pilot)
    assert app.focused is not None and app.focused.id == "login"
    await pilot.press(*login)
    await pilot.press("tab", "down", "enter")  # the source list: the second choice, the file
    await pilot.press("tab")
    assert app.focused is not None and app.focused.id == "token"
    # Pasted, as people enter a token copied from Atlassian's page (typing its 100-odd
    # characters one key at a time took most of this test's time).
    field = app.screen.query_one("#token", Input)
    field.post_message(events.Paste(token))
    await pilot.pause()
    assert field.value == token
    await pilot.press("enter")
    await settle(app, pilot)


async def test_typing_the_answers_writes_a_config_doctor_accepts(
    emulator: JiraEmulator,
    flavor: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "config" / "config.toml"
    app = SetupApp(FirstRunSetup(path, {}, build_connection))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await type_answers(app, pilot, emulator.url, login_of(flavor), token_of(flavor))
        kind = "Cloud" if flavor == "cloud" else "Server/Data Center"
        assert f"Found Jira {kind}" in str(app.screen.query_one("#site", Static).render())
        assert "Signed in as Dana Reyes" in status_of(app)
        token_input = app.screen.query_one("#token", Input)
        assert token_input.password and token_input.value == ""
        assert app.focused is not None and app.focused.id == "done"
        await pilot.press("enter")
        await pilot.pause()
    token_file = path.parent / "default.token"
    assert app.return_value == Written(path, token_file)
    assert mode(path) == 0o600 and mode(token_file) == 0o600
    assert token_file.read_text().strip() == token_of(flavor)
    assert token_of(flavor) not in path.read_text()

    for name in list(os.environ):
        if name.startswith("TUIWS_") and name != "TUIWS_LOG_DIR":
            monkeypatch.delenv(name)
    monkeypatch.setenv("TUIWS_CONFIG_DIR", str(path.parent))
    monkeypatch.setenv("TUIWS_DATA_DIR", str(tmp_path / "data"))
    capsys.readouterr()
    assert await asyncio.to_thread(cli_main, ["doctor"]) == 0  # its own event loop
    assert "All good." in capsys.readouterr().out


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_a_wrong_token_is_shown_and_nothing_is_written(
    emulator: JiraEmulator, tmp_path: Path
) -> None:
    path = tmp_path / "config" / "config.toml"
    app = SetupApp(FirstRunSetup(path, {}, build_connection))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_answers(app, pilot, emulator.url, DEMO.email, "not-the-token")
        assert "did not accept the token" in status_of(app)
        assert "Nothing was written." in status_of(app)
        assert "not-the-token" not in status_of(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is None
    assert not path.parent.exists()


@pytest.mark.parametrize("flavor", ["server"])
async def test_an_environment_variable_as_the_source(
    emulator: JiraEmulator, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    app = SetupApp(FirstRunSetup(path, {"PAT_FOR_JIRA": DEMO.pat}, build_connection))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*emulator.url, "enter")
        await settle(app, pilot)
        await pilot.press(*DEMO.username, "tab", "tab")  # past the source list: the variable
        assert app.focused is not None and app.focused.id == "token-env"
        await pilot.press("ctrl+u", *"PAT_FOR_JIRA", "enter")
        await settle(app, pilot)
        assert "Signed in as Dana Reyes" in status_of(app)
    assert 'token_env = "PAT_FOR_JIRA"' in path.read_text()
    assert not (tmp_path / "default.token").exists()


# -- `tuiws` with no configuration ---------------------------------------------------------------


@pytest.fixture
def first_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A machine tuiws has never run on."""
    for name in list(os.environ):
        if name.startswith("TUIWS_") and name != "TUIWS_LOG_DIR":
            monkeypatch.delenv(name)
    monkeypatch.setenv("TUIWS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TUIWS_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "config" / "config.toml"


def in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # The stdout the test body sees (capture replaces it after the fixtures run).
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)


def test_tuiws_with_no_configuration_sets_up_then_opens_the_timesheet(
    first_run: Path, emulator: JiraEmulator, flavor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[str, str | None]] = []

    def run_setup(app: SetupApp, *args: object, **kwargs: object) -> Written | None:
        async def drive() -> Written | None:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                await type_answers(app, pilot, emulator.url, login_of(flavor), token_of(flavor))
                await pilot.press("enter")
                await pilot.pause()
            return app.return_value

        return asyncio.run(drive())

    def run_timesheet(app: TuiwsApp, *args: object, **kwargs: object) -> None:
        started.append((app.profile_name, app.site))

    monkeypatch.setattr(SetupApp, "run", run_setup)
    monkeypatch.setattr(TuiwsApp, "run", run_timesheet)
    in_a_terminal(monkeypatch)
    assert entry_main([]) == 0
    assert first_run.exists() and mode(first_run) == 0o600
    assert started == [("default", emulator.url)]


@pytest.mark.parametrize("flavor", ["cloud"])
def test_leaving_the_setup_writes_nothing_and_says_what_else_there_is(
    first_run: Path,
    emulator: JiraEmulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def run_setup(app: SetupApp, *args: object, **kwargs: object) -> Written | None:
        async def drive() -> Written | None:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()
            return app.return_value

        return asyncio.run(drive())

    def run_timesheet(app: TuiwsApp, *args: object, **kwargs: object) -> None:
        raise AssertionError("the timesheet opened without a configuration")

    monkeypatch.setattr(SetupApp, "run", run_setup)
    monkeypatch.setattr(TuiwsApp, "run", run_timesheet)
    in_a_terminal(monkeypatch)
    assert entry_main([]) == 0
    assert not first_run.parent.exists()
    err = capsys.readouterr().err
    assert "tuiws init" in err and "tuiws --demo" in err
