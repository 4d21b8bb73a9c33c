"""The own week on Tempo, driven by keys: a day the schedule makes a holiday needs nothing,
so it shows no ▾ however little is logged, and the week's target leaves it out."""

from __future__ import annotations

from pathlib import Path

from tests.backends.test_tempo import NOW, TODAY
from tests.service.test_schedule import HOLIDAY, clear_own_day
from tests.ui.app_harness import build_app, until
from tests.ui.test_app_flows import loaded
from tuiws.app.widgets.week_detail import WeekDetail
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
