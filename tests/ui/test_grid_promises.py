"""The week grid keeps its promises: the cursor, the title and the editor agree on the week and
the day, whatever the network did (issue 11, section 2)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Label, Static

from tests.ui.app_harness import GatedTime, build_app, until
from tuiws.app.app import TuiwsApp
from tuiws.app.screens.dialogs import ErrorScreen, PickDateScreen
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.team import TeamScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.app.screens.week_loading import settle_unless_gone
from tuiws.emulator import JiraEmulator
from tuiws.services.sync import SyncService
from tuiws.services.sync_report import SyncReport

SIZE = (80, 24)
DAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emulator:
        yield emulator


def loaded(app: TuiwsApp) -> Callable[[], bool]:
    return lambda: app.home.week is not None and not app.home.status.loading


def title(app: TuiwsApp) -> str:
    return str(app.home.query_one("#week-label", Label).render())


def editor_day(app: TuiwsApp) -> str:
    assert isinstance(app.screen, WorklogEditorScreen)
    return app.screen.query_one("#date", Input).value


async def test_go_to_a_date_puts_the_cursor_on_that_day(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        assert app.home.grid.current_day == DAY  # a Wednesday
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, PickDateScreen))
        await pilot.press(*"2026-11-16", "enter")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await until(
            pilot, lambda: app.home.week is not None and app.home.week.start == date(2026, 11, 16)
        )
        await until(pilot, loaded(app))
        assert app.home.grid.current_day == date(2026, 11, 16)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        assert editor_day(app) == "2026-11-16"


def test_the_cache_window_matches_the_sync_window() -> None:
    from tuiws.services.cached_weeks import WINDOW_WEEKS_HELD
    from tuiws.services.sync import DEFAULT_WINDOW_WEEKS

    assert WINDOW_WEEKS_HELD == DEFAULT_WINDOW_WEEKS


def grid_text(app: TuiwsApp) -> str:
    grid = app.home.grid
    return " ".join(str(cell) for row in range(grid.row_count) for cell in grid.get_row_at(row))


async def test_a_failed_load_shows_the_cached_week_marked_cached(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime(), cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        await until(pilot, lambda: app.cache is not None and app.cache.last_synced_at() is not None)
        emu.stop()
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: app.home.status.last_error != "")
        await until(pilot, lambda: not app.home.status.loading)
        assert "Week of Mon 16 Nov" in title(app)
        assert app.home.week is not None and app.home.week.start == date(2026, 11, 16)
        assert app.home.grid.days[0] == date(2026, 11, 16)
        assert app.home.status.from_cache
        assert app.home.grid.current_day == date(2026, 11, 18)  # still a Wednesday
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        assert editor_day(app) == "2026-11-18"


async def test_a_failed_load_of_a_week_no_cache_holds_says_so(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        before = grid_text(app)
        emu.stop()
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: app.home.status.last_error != "")
        await until(pilot, lambda: not app.home.status.loading)
        assert "Week of Mon 16 Nov" in title(app)
        assert app.home.week is None
        assert app.home.grid.days[0] == date(2026, 11, 16)
        assert "No data for this week" in grid_text(app)
        assert grid_text(app) != before
        assert app.home.grid.current_day == date(2026, 11, 18)
        assert not app.home.status.from_cache


async def test_a_first_connection_that_fails_can_be_read_and_retried(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    emu.fail_next(1000, 429, retry_after=1)
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.home.status.last_error != "")
        status = app.home.status
        assert not status.loading
        assert status.backoff is None  # the retries are over: no countdown left
        assert "r retry" in str(app.home.query_one("#zone-label", Label).render())
        error = status.last_error
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, ErrorScreen))
        shown = str(app.screen.query_one("#error-text", Static).render())
        assert " ".join(shown.split()) == " ".join(error.split())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await pilot.press("a")
        assert isinstance(app.screen, WeekScreen)
        emu.clear_faults()
        await pilot.press("r")
        await until(pilot, lambda: app.session is not None)
        await until(pilot, loaded(app))
        assert status.last_error == ""
        assert app.home.grid.row_count > 1


async def test_a_failed_connection_keeps_the_cache_age_in_sight(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    first = build_app(emu, tmp_path, today=DAY, time=GatedTime(), cache=True)
    async with first.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(first))
        await until(pilot, lambda: first.cache is not None and first.cache.last_synced_at())
    again = build_app(emu, tmp_path, today=DAY, time=GatedTime(), cache=True)
    emu.stop()
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: again.home.status.last_error != "")
        await until(pilot, lambda: again.home.week is not None)
        await pilot.pause()
        line = again.home.status.plain
        assert "cached" in line, line


async def test_the_team_view_flags_only_days_past_on_the_apps_clock(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime(now=NOW.timestamp()))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, TeamScreen) and app.screen.team)
        screen = app.screen
        assert isinstance(screen, TeamScreen) and screen.team is not None
        for row in screen.team.rows:
            for day, flags in zip(screen.team.days, row.flags, strict=True):
                if day > DAY:
                    assert "under" not in flags, (row.user.display_name, day)


async def test_the_editor_reads_relative_dates_on_the_apps_day(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime(now=NOW.timestamp()))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        editor = app.screen
        assert isinstance(editor, WorklogEditorScreen)
        editor.query_one("#date", Input).value = "yesterday"
        await pilot.pause()
        assert "24 November 2026" in str(editor.query_one("#date-hint", Label).render())


def grid_fits(app: TuiwsApp, width: int) -> bool:
    grid = app.home.grid
    drawn = sum(c.get_render_width(grid) for c in grid.ordered_columns)
    return drawn <= width - 2 and "total" in [str(c.key.value) for c in grid.ordered_columns]


async def test_resizing_lays_the_grid_out_again(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, loaded(app))
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: app.home.grid.size.width == 80)
        await pilot.pause()
        assert grid_fits(app, 80)
        columns = app.home.grid.ordered_columns
        assert [c.width for c in columns][1:] == [6] * 8  # Monday to Total in view
        await pilot.resize_terminal(120, 36)
        await until(pilot, lambda: app.home.grid.size.width == 120)
        await pilot.pause()
        assert [c.width for c in app.home.grid.ordered_columns][1:] == [8] * 8


async def test_the_total_row_stays_in_view_with_many_issues(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    for issue in emu.state.issues()[:25]:
        app.app_state = app.app_state.with_pin_toggled("demo", issue.key)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        assert app.home.week is not None and len(app.home.week.rows) >= 25
        await pilot.pause()
        from tuiws.app.widgets.week_grid import WeekTotals

        totals = app.home.query_one("#grid-totals", WeekTotals)
        assert totals.plain.startswith("Total")
        assert "16:00" in totals.plain  # the week's total
        assert totals.region.bottom <= app.home.status.region.y  # on screen, above the bar
        assert totals.region.y >= app.home.grid.region.bottom
        await pilot.press(*["j"] * 30)
        assert totals.region.y >= app.home.grid.region.bottom


async def test_switching_theme_recolours_the_grid_at_once(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        await until(pilot, lambda: "tuiws-light" in app.available_themes)
        assert app.theme == "tuiws-dark"
        before = app.home.grid.palette
        app.theme = "tuiws-light"
        await until(pilot, lambda: app.home.grid.palette != before)
        assert app.home.grid.palette == app.home.palette()


async def test_days_to_come_are_not_drawn_as_met(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        grid = app.home.grid
        ok = grid.palette.ok
        assert ok  # the theme gives "ok" a colour
        friday = date(2026, 11, 27)
        assert app.home.week is not None and app.home.week.view().day_totals[4] == 0
        cell = grid._day_total(0, friday, str)
        assert cell.style != ok


# The local cache syncs once the week is shown: its window pull never competes with the
# week's own requests (a first `tuiws --demo` waits on nothing else).
async def test_the_window_pull_starts_after_the_weeks_requests(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    # The week's search answers late: a sync started beside it would be answered first.
    emu.delay_next(1, 0.5, path_contains="worklogAuthor")
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime(), cache=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.home.week is not None and not app.home.status.from_cache)
        cache = app.cache
        assert cache is not None
        await until(pilot, lambda: cache.last_synced_at() is not None)
    # In the order answered: the week's search (its few days), then the window's (weeks back).
    searches = [" ".join(r.query.get("jql", [])) for r in emu.requests if "/search" in r.path]
    assert len(searches) == 2
    assert 'worklogDate >= "2026-11-22" AND worklogDate <= "2026-11-30"' in searches[0]
    # The window reaches weeks back from the sync's own clock (the wall clock's week).
    [window_from] = re.findall(r'worklogDate >= "(\d{4}-\d{2}-\d{2})"', searches[1])
    assert date.fromisoformat(window_from) <= date.today() - timedelta(weeks=5)


async def test_the_window_pull_starts_once_the_week_is_on_screen(
    emu: JiraEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Parsing the pull's pages holds the loop: started before the filled grid is drawn, it
    # would keep a first `tuiws --demo` on its skeleton until they were parsed.
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime(), cache=True)
    drawn: list[bool] = []  # per frame: did it show the live week?
    at_sync: list[bool] = []
    monkeypatch.setattr(
        app,
        "post_display_hook",
        lambda: drawn.append(
            app.home.is_mounted and app.home.week is not None and not app.home.status.from_cache
        ),
    )
    pull = SyncService.sync

    async def watched_pull(self: SyncService, *args: Any, **kwargs: Any) -> SyncReport:
        at_sync.append(any(drawn))
        return await pull(self, *args, **kwargs)

    monkeypatch.setattr(SyncService, "sync", watched_pull)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.cache is not None and bool(at_sync))
        cache = app.cache
        assert cache is not None
        await until(pilot, lambda: cache.last_synced_at() is not None)
    assert at_sync == [True]


async def test_a_wake_up_after_the_frame_finds_its_waiter_gone_quietly() -> None:
    """The sync waiting for the week's frame is cancelled when the app closes (as
    `bench/startup.py` closes a first demo at that frame); the frame's callback comes after."""
    waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    waiter.cancel()
    settle_unless_gone(
        waiter
    )  # set_result raised InvalidStateError, which ended the app with an error
    woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    settle_unless_gone(woken)
    assert woken.done() and woken.result() is None
