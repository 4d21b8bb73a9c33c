"""The own week on Tempo, driven by keys: a day the schedule makes a holiday needs nothing,
so it shows no ▾ however little is logged, and the week's target leaves it out; the days of
an approved timesheet are marked locked, and the legend says why."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Label

from tests.backends.test_tempo import NOW, TODAY
from tests.service.test_schedule import HOLIDAY, clear_own_day
from tests.ui.app_harness import build_app, until
from tests.ui.test_app_flows import loaded
from tuiws.app.widgets.week_detail import LEGEND, WeekDetail
from tuiws.domain.week_view import LOCKED
from tuiws.emulator import JiraEmulator
from tuiws.emulator.tempo import tempo_store

TALL = (100, 34)  # room for the detail under the grid, with its "left to log"


async def test_a_tempo_holiday_shows_no_under_flag_and_leaves_the_target(tmp_path: Path) -> None:
    with JiraEmulator("cloud", today=TODAY, clock=lambda: NOW) as emu:
        tempo_store(emu.state).rate_limit = None
        clear_own_day(emu, HOLIDAY)
        app = build_app(emu, tmp_path, today=TODAY, worklogs="tempo")
        async with app.run_test(size=TALL) as pilot:
            await until(pilot, loaded(app))
            assert app.session is not None and app.session.capabilities.name == "tempo"
            await pilot.press("left_square_bracket")
            grid = app.home.grid
            await until(pilot, lambda: grid.week is not None and grid.week.start == HOLIDAY)
            await until(pilot, loaded(app))
            assert grid.totals is not None
            days = grid.totals.plain.split()[1:8]
            assert days[0] == "0:00"  # the company holiday: nothing needed, nothing flagged
            assert days[1] == "7:00▾"  # the day after needs its 8 hours
            detail = str(app.home.query_one(WeekDetail).render())
            assert "30:30 logged of 32:00 target · 1:30 left to log" in detail  # four days


async def test_an_approved_week_is_marked_locked_and_says_why(tmp_path: Path) -> None:
    with JiraEmulator("cloud", today=TODAY, clock=lambda: NOW) as emu:
        tempo_store(emu.state).rate_limit = None
        app = build_app(emu, tmp_path, today=TODAY, worklogs="tempo")
        async with app.run_test(size=TALL) as pilot:
            await until(pilot, loaded(app))
            grid = app.home.grid
            legend = app.home.query_one("#week-legend", Label)
            assert not grid.week or not grid.week.locked  # this week is open
            assert str(legend.render()) == LEGEND
            emu.clear_log()
            await pilot.press("left_square_bracket", "left_square_bracket")
            approved = HOLIDAY - timedelta(weeks=1)  # the demo approves the weeks before
            await until(pilot, lambda: grid.week is not None and grid.week.start == approved)
            await until(pilot, loaded(app))
            headers = [str(c.label) for c in grid.ordered_columns[1:8]]
            assert all(h.endswith(LOCKED) for h in headers), headers
            assert "locked: approved in Tempo" in str(legend.render())
            approvals = [r for r in emu.requests if "timesheet-approvals" in r.path]
            assert len(approvals) == 2  # one per week passed, read beside its worklogs
            await pilot.press("right_square_bracket")
            await until(pilot, lambda: grid.week is not None and grid.week.start == HOLIDAY)
            await until(pilot, loaded(app))
            assert not any(str(c.label).endswith(LOCKED) for c in grid.ordered_columns)
            assert str(legend.render()) == LEGEND
