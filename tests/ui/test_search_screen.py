"""The issue search screen over real HTTP against the emulator: type, pick, JQL, errors."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static
from textual.worker import WorkerState

from tests.conftest import Harness
from tuiws.app.screens.search import IssueSearchScreen
from tuiws.domain.models import Issue
from tuiws.emulator.seed import ADMIN, MEETINGS
from tuiws.services.bundle import Services
from tuiws.services.session import Session

SIZE = (80, 24)


class Host(App[None]):
    """Pushes the search screen at start and records what it was dismissed with."""

    def __init__(self, screen: IssueSearchScreen) -> None:
        super().__init__()
        self.search = screen
        self.dismissed: list[Issue | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.search, self.dismissed.append)


def make_host(
    session: Session,
    *,
    pinned: Sequence[str] = (),
    recent: Sequence[str] = (),
    debounce: float = 0.05,
) -> Host:
    services = Services.for_session(session)
    return Host(IssueSearchScreen(services, pinned=pinned, recent=recent, debounce=debounce))


async def until(
    pilot: Pilot[None], predicate: Callable[[], bool], timeout: float = 5.0, step: float = 0.02
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() >= deadline:
            raise AssertionError("timed out waiting for the search screen")
        await asyncio.sleep(step)


async def settled(pilot: Pilot[None], screen: IssueSearchScreen) -> None:
    """Wait until the screen is shown and nothing is pending (debounce or request)."""
    await until(pilot, lambda: screen.is_current and not screen.busy)
    await pilot.pause()


async def type_keys(pilot: Pilot[None], *keys: str, gap: float = 0.005) -> None:
    """Type like a fast typist: key events `gap` seconds apart, much closer than the debounce.

    `pilot.press` waits for the app to go idle after every key (about 40 ms each), which is
    slower than the 50 ms test debounce and would not show what debouncing saves.

    Each key waits until the one before it has reached the input. Textual inserts a character
    in the Input's own queue but runs a bound key (backspace, ctrl+u) only after that key has
    bubbled up to the app, so under load a character sent right behind a backspace could land
    before it: `Meetings`, eight backspaces and `Admin` once searched for `Mdmin`.
    """
    field = pilot.app.screen.query_one("#search-input", Input)
    for key in keys:
        expected = _typed(field.value, key)
        char = key if len(key) == 1 else None
        name = "space" if key == " " else key
        event = events.Key(name, char)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)
        await asyncio.sleep(gap)
        if expected is not None:
            await until(pilot, _value_is(field, expected), timeout=5.0, step=0.001)


def _value_is(field: Input, expected: str) -> Callable[[], bool]:
    return lambda: field.value == expected


def _typed(value: str, key: str) -> str | None:
    """The input's value after `key` with the cursor at the end (None: not worth waiting)."""
    if len(key) == 1:
        return value + key
    if key == "backspace":
        return value[:-1]
    if key == "ctrl+u":
        return ""
    return None


def searching(app: App[None]) -> bool:
    return any(w.group == "issue-search" and w.state is WorkerState.RUNNING for w in app.workers)


def keys(screen: IssueSearchScreen) -> list[str]:
    return [issue.key for issue in screen.shown_issues]


def label_text(screen: IssueSearchScreen, selector: str) -> str:
    return str(screen.query_one(selector, Label).content)


def searches(harness: Harness) -> list[str]:
    """The JQL of every issue search the emulator answered (either flavor)."""
    return [
        r.query.get("jql", [""])[0]
        for r in harness.emulator.requests
        if r.path.rstrip("/").endswith(("/search", "/search/jql"))
    ]


async def test_empty_input_lists_pinned_then_recent(session: Session, harness: Harness) -> None:
    app = make_host(session, pinned=[MEETINGS, ADMIN], recent=["OPS-3", MEETINGS, "NOPE-404"])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.search
        await settled(pilot, screen)
        assert label_text(screen, "#search-title") == "Pinned & recent"
        # Pinned first; a recent key that is also pinned appears once; a missing one is skipped.
        assert keys(screen) == [MEETINGS, ADMIN, "OPS-3"]
        table = screen.query_one("#search-results", DataTable)
        first_cells = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        assert first_cells == ["Pinned", MEETINGS, ADMIN, "Recent", "OPS-3"]
        assert screen.highlighted is not None and screen.highlighted.key == MEETINGS
        await pilot.press("down", "down")  # steps over the "Recent" title row
        assert screen.highlighted is not None and screen.highlighted.key == "OPS-3"
        await pilot.press("up")
        assert screen.highlighted is not None and screen.highlighted.key == ADMIN
        assert searches(harness) == []  # pinned and recent come by key, not by search


async def test_typing_finds_meetings_and_enter_picks_it(session: Session) -> None:
    app = make_host(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.search
        await settled(pilot, screen)
        await type_keys(pilot, *"Meetings")
        await settled(pilot, screen)
        assert label_text(screen, "#search-mode").startswith("text")
        assert keys(screen)[0] == MEETINGS
        assert screen.query_one("#search-input").has_focus  # typing never left the input
        await pilot.press("enter")
        await pilot.pause()
        assert [i.key if i else None for i in app.dismissed] == [MEETINGS]
        assert app.dismissed[0] is not None and app.dismissed[0].summary == "Meetings"


async def test_jql_is_recognised_and_can_be_forced(session: Session, harness: Harness) -> None:
    app = make_host(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.search
        await settled(pilot, screen)
        await type_keys(pilot, *"project = INT")
        await settled(pilot, screen)
        assert label_text(screen, "#search-mode") == "JQL · auto"
        assert keys(screen) and all(key.startswith("INT-") for key in keys(screen))
        assert {MEETINGS, ADMIN} <= set(keys(screen))
        assert searches(harness)[-1] == "project = INT"

        await pilot.press("ctrl+j")
        assert label_text(screen, "#search-mode") == "JQL · forced"
        await pilot.press("ctrl+j")
        assert label_text(screen, "#search-mode") == "text · forced"
        await settled(pilot, screen)
        assert searches(harness)[-1].startswith('text ~ "project = INT"')
        await pilot.press("ctrl+j")
        assert label_text(screen, "#search-mode") == "JQL · auto"


async def test_rapid_typing_sends_few_searches_for_the_final_text(
    session: Session, harness: Harness
) -> None:
    app = make_host(session, pinned=[MEETINGS])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.search
        await settled(pilot, screen)
        harness.emulator.clear_log()
        # Slow answers: a search for "Meetings" is still travelling when the text changes.
        harness.emulator.latency_ms = 150
        typed = [*"Meetings"]
        await type_keys(pilot, *typed)
        await until(pilot, lambda: searching(app))  # the "Meetings" request is on its way
        retyped = ["backspace"] * len("Meetings") + [*"Admin"]
        await type_keys(pilot, *retyped)
        await settled(pilot, screen)
        harness.emulator.latency_ms = 0
        await pilot.pause(0.2)  # a late answer for an older text would land by now

        sent = searches(harness)
        assert 1 <= len(sent) <= (len(typed) + len(retyped)) // 4, sent
        assert '"Admin"' in sent[-1]
        assert screen.query_text == "Admin"
        assert keys(screen) == [ADMIN]
        assert label_text(screen, "#search-title") == "Results"


async def test_bad_jql_shows_the_error_and_keeps_the_results(session: Session) -> None:
    app = make_host(session)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.search
        search_input = screen.query_one("#search-input", Input)
        await settled(pilot, screen)
        await type_keys(pilot, *"project = INT")
        await settled(pilot, screen)
        before = keys(screen)
        assert before

        search_input.value = "nosuchfield = 1"  # as if pasted: one change, one search
        await pilot.pause()
        await settled(pilot, screen)
        assert "nosuchfield" in screen.error_text
        assert "does not exist" in str(screen.query_one("#search-error", Static).content)
        assert screen.query_one("#search-error").display
        assert keys(screen) == before  # the earlier results stay
        assert label_text(screen, "#search-status") == "search failed: showing the earlier results"
        assert app.is_running and app.dismissed == []

        # A good query clears the error.
        await type_keys(pilot, "end", "ctrl+u", *"project = INT")
        await settled(pilot, screen)
        assert screen.error_text == ""
        assert not screen.query_one("#search-error").display
        assert keys(screen) == before


@pytest.mark.parametrize("query", ["", "Admin"])
async def test_escape_returns_none(session: Session, query: str) -> None:
    app = make_host(session, pinned=[ADMIN])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.search
        await settled(pilot, screen)
        await type_keys(pilot, *query)
        await settled(pilot, screen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.dismissed == [None]
        assert not screen.is_attached


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_unfinished_jql_is_not_sent_and_what_is_missing_is_said(
    session: Session, harness: Harness
) -> None:
    # A debounce longer than any pause a loaded machine puts between typed keys: the test is
    # about which queries are sent, and `worklogAuthor = currentUser()` alone would parse.
    app = make_host(session, debounce=0.5)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.search
        await settled(pilot, screen)
        harness.emulator.clear_log()
        await type_keys(pilot, *"worklogAuthor =")
        await settled(pilot, screen)
        assert searches(harness) == []
        assert "a value after '='" in screen.error_text
        await type_keys(pilot, *" currentUser() AND proj")
        await settled(pilot, screen)
        assert searches(harness) == []
        assert "an operator after 'proj'" in screen.error_text
        await type_keys(pilot, *"ect = INT")
        await settled(pilot, screen)
        assert searches(harness) == ["worklogAuthor = currentUser() AND project = INT"]
        assert screen.error_text == ""


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_typing_at_a_steady_pace_sends_one_search(session: Session, harness: Harness) -> None:
    services = Services.for_session(session)
    app = Host(IssueSearchScreen(services))  # the screen's own debounce
    async with app.run_test(size=SIZE) as pilot:
        screen = app.search
        await settled(pilot, screen)
        harness.emulator.clear_log()
        for char in "Meetings":
            await type_keys(pilot, char)
            await asyncio.sleep(0.25)  # a key every quarter second
        await settled(pilot, screen)
        assert len(searches(harness)) == 1
        assert keys(screen)[0] == MEETINGS
