"""Filling the week in the app: `F` proposes last week as a plan, edited and dropped item by
item, sent on `ctrl+s` with per-item status; a failure keeps its item for a retry that sends
only it; `f` proposes a cell's day's gap. Checked against the emulator's worklogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.coordinate import Coordinate
from textual.widgets import Input

from screenshots.make import DAY, NOW
from tests.ui.app_harness import GatedTime, build_app, screen_lines, until
from tuiws.app.app import TuiwsApp
from tuiws.app.screens.fill_editor import PlannedWorklogEditor
from tuiws.app.screens.fill_plan import FillPlanScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.emulator import JiraEmulator
from tuiws.emulator.credentials import DEMO_USERNAME
from tuiws.emulator.seed import ADMIN, MEETINGS, SUPPORT_ROTATION

SIZE = (100, 30)
TARGET = DAY - timedelta(days=DAY.weekday()) + timedelta(weeks=2)
"""The Monday of a week after the seed's last day: empty, and so is the week before it."""
SOURCE = TARGET - timedelta(weeks=1)


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emulator:
        yield emulator


def zone_of(emu: JiraEmulator) -> ZoneInfo:
    return ZoneInfo(emu.state.user_by(DEMO_USERNAME).time_zone or "UTC")


def log_on(emu: JiraEmulator, key: str, day: date, at: time, seconds: int) -> None:
    emu.state.add_worklog(
        key, DEMO_USERNAME, datetime.combine(day, at, tzinfo=zone_of(emu)), seconds
    )


def last_week_of_three(emu: JiraEmulator) -> None:
    log_on(emu, MEETINGS, SOURCE, time(9), 3600)
    log_on(emu, ADMIN, SOURCE + timedelta(days=1), time(10), 1800)
    log_on(emu, SUPPORT_ROTATION, SOURCE + timedelta(days=3), time(13), 2 * 3600)


def in_target(emu: JiraEmulator) -> list[tuple[str, date, time, int]]:
    zone = zone_of(emu)
    found = []
    for w in emu.state.all_worklogs():
        local = w.started.astimezone(zone)
        if TARGET <= local.date() < TARGET + timedelta(days=7):
            key = emu.state.issue_of(w).key
            found.append((key, local.date(), local.time(), w.time_spent_seconds))
    return sorted(found)


def loaded(app: TuiwsApp) -> Callable[[], bool]:
    return lambda: app.home.week is not None and not app.home.status.loading


def the_plan(app: TuiwsApp) -> FillPlanScreen:
    assert isinstance(app.screen, FillPlanScreen)
    return app.screen


def states(app: TuiwsApp) -> list[str]:
    return [i.state for i in the_plan(app).planned.plan.items]


def posts(emu: JiraEmulator) -> int:
    return sum(1 for r in emu.writes() if r.method == "POST")


def a_week_app(emu: JiraEmulator, tmp_path: Path) -> TuiwsApp:
    return build_app(emu, tmp_path, today=TARGET + timedelta(days=2), time=GatedTime())


async def test_copy_last_week_edit_one_drop_one_then_exactly_those_are_logged(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    last_week_of_three(emu)
    app = a_week_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, FillPlanScreen))
        plan = the_plan(app)
        assert [(i.issue_key, i.day, i.seconds) for i in plan.planned.plan.items] == [
            (MEETINGS, TARGET, 3600),
            (ADMIN, TARGET + timedelta(days=1), 1800),
            (SUPPORT_ROTATION, TARGET + timedelta(days=3), 7200),
        ]
        text = "\n".join(screen_lines(app))
        assert "pending" in text and "Gap" in text and "Logged" in text
        assert posts(emu) == 0

        await pilot.press("e")  # the first item, in the worklog editor
        await until(pilot, lambda: isinstance(app.screen, PlannedWorklogEditor))
        editor = app.screen
        assert editor.query_one("#duration", Input).value == "1h"
        assert editor.query_one("#start", Input).value == "09:00"
        editor.query_one("#duration", Input).value = "1h 30m"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FillPlanScreen))
        await until(pilot, lambda: the_plan(app).planned.plan.items[0].seconds == 5400)
        assert posts(emu) == 0  # the editor kept the change in the plan, sending nothing

        await pilot.press("down", "d")  # drop the second
        assert states(app) == ["pending", "dropped", "pending"]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: states(app) == ["sent", "dropped", "sent"])
        assert in_target(emu) == [
            (MEETINGS, TARGET, time(9), 5400),
            (SUPPORT_ROTATION, TARGET + timedelta(days=3), time(13), 7200),
        ]
        assert posts(emu) == 2
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await until(pilot, lambda: app.home.week is not None and app.home.week.total_seconds)
        assert app.home.week is not None and app.home.week.total_seconds == 5400 + 7200


async def test_a_failure_mid_plan_keeps_its_item_and_a_retry_sends_only_it(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    last_week_of_three(emu)
    app = a_week_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, FillPlanScreen))
        emu.fail_next(1, 400, method="POST", path_contains="/worklog", after=1)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not the_plan(app).sending and "pending" not in states(app))
        assert states(app) == ["sent", "failed", "sent"]
        failed = the_plan(app).planned.plan.items[1]
        assert failed.message and failed.worklog_id is None
        assert [k for k, *_ in in_target(emu)] == sorted([MEETINGS, SUPPORT_ROTATION])
        text = "\n".join(screen_lines(app))
        assert "failed" in text and "ctrl+s sends those again" in text

        before = posts(emu)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: states(app) == ["sent", "sent", "sent"])
        assert posts(emu) == before + 1  # only the failed one went again
        assert len(in_target(emu)) == 3


async def test_escape_sends_nothing_and_an_item_stays_in_its_week(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    last_week_of_three(emu)
    app = a_week_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, FillPlanScreen))
        proposed = the_plan(app).planned.plan
        await pilot.press("e")  # moved out of the week: the plan keeps the item as it was
        await until(pilot, lambda: isinstance(app.screen, PlannedWorklogEditor))
        app.screen.query_one("#date", Input).value = (TARGET + timedelta(days=9)).isoformat()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FillPlanScreen))
        await pilot.pause()
        assert the_plan(app).planned.plan == proposed
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert posts(emu) == 0 and in_target(emu) == []


async def test_f_proposes_the_days_gap_on_the_rows_issue(emu: JiraEmulator, tmp_path: Path) -> None:
    log_on(emu, MEETINGS, TARGET, time(8), 3 * 3600)
    app = a_week_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        week = app.home.week
        assert week is not None
        row = next(i for i, r in enumerate(week.rows) if r.issue.key == MEETINGS)
        app.home.grid.cursor_coordinate = Coordinate(row, 1)  # Monday
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FillPlanScreen))
        [item] = the_plan(app).planned.plan.items
        assert (item.issue_key, item.day, item.start, item.seconds) == (
            MEETINGS,
            TARGET,
            time(11),
            5 * 3600,
        )
        await pilot.press("ctrl+s")
        await until(pilot, lambda: states(app) == ["sent"])
        assert in_target(emu) == [
            (MEETINGS, TARGET, time(8), 3 * 3600),
            (MEETINGS, TARGET, time(11), 5 * 3600),
        ]
