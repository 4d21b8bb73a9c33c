"""The app driven by keys, over real HTTP against the emulator: each everyday flow."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import Label, Static

from tests.ui.app_harness import GatedTime, build_app, press_unwaited, until
from tuiws.app.app import TuiwsApp
from tuiws.app.screens.dialogs import ConfirmDeleteScreen
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.search import IssueSearchScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.config import UiConfig
from tuiws.config.ui_settings import UiSettings
from tuiws.domain.models import Worklog
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS

SIZE = (80, 24)
# Flavor differences are covered below the UI; the flows run on both only where they differ.
CLOUD_ONLY = pytest.mark.parametrize("flavor", ["cloud"])


@pytest.fixture
def emu(flavor: str) -> Iterator[JiraEmulator]:
    with JiraEmulator(flavor) as emulator:  # type: ignore[arg-type]
        yield emulator


def loaded(app: TuiwsApp) -> Callable[[], bool]:
    return lambda: app.home.week is not None and not app.home.status.loading


def picked(app: TuiwsApp) -> str | None:
    """The issue the search screen would pick on enter, once its answer is in."""
    screen = app.screen
    if not isinstance(screen, IssueSearchScreen) or screen.busy or screen.highlighted is None:
        return None
    return screen.highlighted.key


def row_total(app: TuiwsApp, key: str) -> int:
    assert app.home.week is not None
    return next((r.total_seconds for r in app.home.week.rows if r.issue.key == key), 0)


def my_single_cell(app: TuiwsApp) -> tuple[int, int, Worklog]:
    """A grid cell holding exactly one worklog, mine."""
    week = app.home.week
    assert week is not None and app.session is not None
    me = app.session.me.ident
    for r, row in enumerate(week.rows):
        for d, day in enumerate(row.worklogs):
            if len(day) == 1 and day[0].author.ident == me:
                return r, d + 1, day[0]
    raise AssertionError("no single-worklog cell in the seeded week")


async def test_first_paint_comes_before_the_network(emu: JiraEmulator, tmp_path: Path) -> None:
    emu.latency_ms = 400
    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.05)
        assert isinstance(app.screen, WeekScreen)
        assert len(app.home.grid.columns) == 9  # issue, seven days, total
        assert app.home.status.loading and app.home.week is None
        await until(pilot, loaded(app))
        week = app.home.week
        assert week is not None
        assert app.home.grid.row_count == len(week.rows)  # the totals are pinned under it
        assert app.home.grid.current_day == app.today()


async def test_search_pick_log_and_the_total_changes(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        before_week = app.home.week.total_seconds  # type: ignore[union-attr]
        before_row = row_total(app, MEETINGS)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, IssueSearchScreen))
        await pilot.press(*"Meetings")
        await until(pilot, lambda: picked(app) == MEETINGS)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        await pilot.press(*"1h15m")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await until(pilot, lambda: row_total(app, MEETINGS) == before_row + 4500)
        assert app.home.week.total_seconds == before_week + 4500  # type: ignore[union-attr]
        assert len([r for r in emu.writes() if r.method == "POST"]) == 1
        state = json.loads((tmp_path / "state.json").read_text())
        assert MEETINGS in state["recent"]["demo"]


@CLOUD_ONLY
async def test_edit_a_cell(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        row, column, worklog = my_single_cell(app)
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        for _ in range(12):
            await pilot.press("backspace")
        await pilot.press(*"3h")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert emu.state.worklog(worklog.id).time_spent_seconds == 3 * 3600
        [put] = [r for r in emu.writes() if r.method == "PUT"]
        assert put.path.endswith(f"/worklog/{worklog.id}")


@CLOUD_ONLY
async def test_delete_asks_first(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        row, column, worklog = my_single_cell(app)
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDeleteScreen))
        shown = str(app.screen.query_one(".what").render())
        assert str(worklog.issue_key) in shown
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert emu.writes() == []
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDeleteScreen))
        await pilot.press("e")  # leave the remaining estimate as it is
        assert "leave it as it is" in str(app.screen.query_one("#estimate", Label).render())
        await pilot.press("y")
        await until(pilot, lambda: any(r.method == "DELETE" for r in emu.writes()))
        await until(pilot, loaded(app))
        assert all(str(w.id) != worklog.id for w in emu.state.all_worklogs())
        [delete] = [r for r in emu.writes() if r.method == "DELETE"]
        assert delete.query.get("adjustEstimate") == ["leave"]


@CLOUD_ONLY
async def test_rate_limit_countdown_then_one_save(emu: JiraEmulator, tmp_path: Path) -> None:
    time = GatedTime(gate=asyncio.Event())
    app = build_app(emu, tmp_path, time=time)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        emu.fail_next(2, 429, retry_after=7, method="POST")
        app.home.grid.cursor_coordinate = Coordinate(0, app.home.grid.cursor_coordinate.column)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        await pilot.press(*"45m")
        await press_unwaited(pilot, "ctrl+s")
        await until(pilot, lambda: time.waiting == 1)
        await until(pilot, lambda: "retry in 7s (attempt 2)" in app.home.status.plain)
        assert time.gate is not None
        time.gate.set()
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await until(pilot, lambda: "rate limited" not in app.home.status.plain)
        assert len(time.slept) == 2
        posts = [r for r in emu.writes() if r.method == "POST"]
        assert [r.status for r in posts] == [429, 429, 201]


@CLOUD_ONLY
async def test_failed_save_keeps_the_draft_across_restarts(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        emu.fail_next(50, 500, method="POST")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        await pilot.press(*"2h")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(emu.writes()) >= 1)
        await pilot.pause(0.3)
        assert isinstance(app.screen, WorklogEditorScreen)
        assert list((tmp_path / "drafts").iterdir())
    emu.clear_faults()
    again = build_app(emu, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(again.screen, WorklogEditorScreen))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(again.screen, WeekScreen))
        assert [r.status for r in emu.writes() if r.method == "POST"][-1] == 201
        assert not list((tmp_path / "drafts").iterdir())


@CLOUD_ONLY
async def test_week_navigation_and_pins(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        this_week = app.home.week.start  # type: ignore[union-attr]
        app.home.grid.move_to_issue(MEETINGS)
        await pilot.press("p")
        for _ in range(12):
            await pilot.press("left_square_bracket")
        await until(
            pilot,
            lambda: (
                app.home.week is not None
                and not app.home.status.loading
                and (this_week - app.home.week.start).days == 84
            ),
        )
        assert app.home.week is not None
        assert [(r.issue.key, r.total_seconds) for r in app.home.week.rows] == [(MEETINGS, 0)]
        await pilot.press("t")
        await until(pilot, lambda: app.home.week is not None and app.home.week.start == this_week)
        await pilot.press("question_mark")
        await pilot.pause(0.1)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Prev week" in shown and "Pin" in shown


@CLOUD_ONLY
async def test_keys_remapped_from_config_and_the_theme_remembered(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, ui=UiSettings.from_config(UiConfig(keymap={"week.next": "n"})))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        start = app.home.week.start  # type: ignore[union-attr]
        await pilot.press("n")
        await until(
            pilot,
            lambda: (
                app.home.week is not None
                and not app.home.status.loading
                and (app.home.week.start - start).days == 7
            ),
        )
        await pilot.press("question_mark")
        await until(pilot, lambda: not isinstance(app.screen, WeekScreen))
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "n  Next week" in shown and "]" not in shown.split("Next week")[0][-6:]
        await pilot.press("escape")
        app.theme = "tuiws-light"
        await until(
            pilot,
            lambda: (
                (tmp_path / "state.json").exists()
                and json.loads((tmp_path / "state.json").read_text()).get("theme") == "tuiws-light"
            ),
        )
    again = build_app(emu, tmp_path)
    async with again.run_test(size=SIZE):
        assert again.theme == "tuiws-light"
