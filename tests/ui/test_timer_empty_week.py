"""`s` in a week with no rows (issue 12): the issue search opens and the timer starts on the
issue picked there; cancelling the search starts nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.ui.app_harness import build_app, until
from tuiws.app.app import TuiwsApp
from tuiws.app.screens.search import IssueSearchScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS
from tuiws.store.timer_store import TimerStore

SIZE = (80, 24)
pytestmark = pytest.mark.parametrize("flavor", ["cloud"])


@pytest.fixture
def emu(flavor: str) -> Iterator[JiraEmulator]:
    with JiraEmulator(flavor) as emulator:  # type: ignore[arg-type]
        yield emulator


def an_empty_week(app: TuiwsApp) -> Callable[[], bool]:
    def shown() -> bool:
        week = app.home.week
        return week is not None and not week.rows and not app.home.status.loading

    return shown


def picked(app: TuiwsApp) -> str | None:
    screen = app.screen
    if not isinstance(screen, IssueSearchScreen) or screen.busy or screen.highlighted is None:
        return None
    return screen.highlighted.key


async def test_s_in_an_empty_week_searches_then_times_the_picked_issue(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.home.week is not None and not app.home.status.loading)
        await pilot.press("right_square_bracket", "right_square_bracket")  # weeks ahead: empty
        await until(pilot, an_empty_week(app))
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, IssueSearchScreen))
        await pilot.press("escape")  # cancelled: nothing starts
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await pilot.pause()
        assert app.home.status.running is None
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, IssueSearchScreen))
        await pilot.press(*"Meetings")
        await until(pilot, lambda: picked(app) == MEETINGS)
        await pilot.press("enter")
        await until(pilot, lambda: app.home.status.running is not None)
        assert isinstance(app.screen, WeekScreen)
        running = app.home.status.running
        assert running is not None and running.issue_key == MEETINGS
        on_disk = TimerStore.for_profile("demo", tmp_path / "timers").load()
        assert on_disk is not None and on_disk.issue_key == MEETINGS
        assert emu.writes() == []  # a timer needs no write until it is logged
