"""Snapshots of the issue search screen at 80x24 and 120x36, served by a seeded emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from textual import events, work
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from tuiws.app.demo import demo_profile
from tuiws.app.screens.search import IssueSearchScreen
from tuiws.backends.base import Connection
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import ADMIN, MEETINGS
from tuiws.factory import build_connection, connect
from tuiws.services.bundle import Services

SnapCompare = Callable[..., bool]

# The seed places work relative to "today": fix it so estimates never move.
TODAY = date(2025, 3, 12)
NOW = datetime(2025, 3, 12, 9, 30, tzinfo=UTC)


class SearchSnapshotApp(App[None]):
    """Connects to the emulator in a worker, then shows the search screen."""

    def __init__(self, emulator: JiraEmulator) -> None:
        super().__init__()
        self.emulator = emulator
        self.client: Connection | None = None
        self.search: IssueSearchScreen | None = None

    def on_mount(self) -> None:
        self.open_search()

    @work(exit_on_error=True)
    async def open_search(self) -> None:
        profile = demo_profile(self.emulator)
        self.client = build_connection(profile)
        session = await connect(self.client, profile)
        self.search = IssueSearchScreen(
            Services.for_session(session),
            pinned=[MEETINGS, ADMIN],
            recent=["OPS-3", "PLAT-1"],
            debounce=0.05,
        )
        await self.push_screen(self.search)

    async def on_unmount(self) -> None:
        if self.client is not None:
            await self.client.aclose()


@pytest.fixture
def emulator() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud", today=TODAY, clock=lambda: NOW) as emu:
        yield emu


async def wait_until_shown(pilot: Pilot[None], typed: str = "") -> None:
    """Wait for the screen and its rows; type `typed` and wait for its results."""
    app = pilot.app
    assert isinstance(app, SearchSnapshotApp)
    for _ in range(250):
        if app.search is not None and app.search.is_current and not app.search.busy:
            break
        await pilot.pause(0.02)
    screen = app.search
    assert screen is not None and screen.shown_issues
    # A steady cursor: a blink would make the picture depend on timing.
    screen.query_one("#search-input", Input).cursor_blink = False
    if typed:
        for char in typed:
            key = events.Key("space" if char == " " else char, char)
            key.set_sender(app)
            app.post_message(key)
        await pilot.pause()
        for _ in range(250):
            if screen.query_text == typed and not screen.busy:
                break
            await pilot.pause(0.02)
        assert not screen.busy and screen.shown_issues
    await pilot.pause()


def test_search_pinned_and_recent_80x24(emulator: JiraEmulator, snap_compare: SnapCompare) -> None:
    app = SearchSnapshotApp(emulator)
    assert snap_compare(app, terminal_size=(80, 24), run_before=wait_until_shown, press=["down"])


def test_search_jql_results_120x36(emulator: JiraEmulator, snap_compare: SnapCompare) -> None:
    async def type_jql(pilot: Pilot[None]) -> None:
        await wait_until_shown(pilot, "project = OPS ORDER BY key ASC")

    app = SearchSnapshotApp(emulator)
    assert snap_compare(
        app, terminal_size=(120, 36), run_before=type_jql, press=["down", "down", "down"]
    )
