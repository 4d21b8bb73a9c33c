"""A keystroke in a tall week grid repaints what changed, not every cell (issue 11, section 4):
`bench/keystroke.py` measures the time; these check the work behind it, without a clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from bench.keystroke import arrange
from tests.ui.app_harness import GatedTime, build_app, until
from tuiws.app.widgets.week_detail import WeekDetail
from tuiws.emulator import JiraEmulator

DAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
ROWS = 30


async def test_a_cursor_move_keeps_the_grids_drawn_cells(tmp_path: Path) -> None:
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emu:
        arrange(emu, ROWS)
        app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
        async with app.run_test(size=(120, 36)) as pilot:
            home = app.home
            await until(pilot, lambda: home.week is not None and home.grid.row_count >= ROWS)
            grid = home.grid
            grid.focus()
            grid.move_to_issue("KEYS-1")
            grid.move_to_day(date(2026, 11, 23))  # KEYS-1 has work on Monday, KEYS-2 none
            await pilot.pause()
            detail = home.query_one(WeekDetail)
            heights = {detail.size.height}
            drawn = grid._update_count  # DataTable's generation of cached cells
            for key in ("down", "up", "down", "up"):
                await pilot.press(key)
                heights.add(detail.size.height)
            assert len(heights) > 1, "the detail under the grid changed height (the grid's too)"
            assert grid._update_count == drawn, "and the grid kept every cell it had drawn"
            await pilot.resize_terminal(90, 36)
            await until(pilot, lambda: grid._update_count != drawn)  # a new width draws anew


async def test_the_detail_lays_out_only_when_its_height_may_change(tmp_path: Path) -> None:
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emu:
        arrange(emu, ROWS)
        app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
        async with app.run_test(size=(120, 36)) as pilot:
            home = app.home
            await until(pilot, lambda: home.week is not None and home.grid.row_count >= ROWS)
            grid = home.grid
            grid.focus()
            grid.move_to_issue("KEYS-2")
            grid.move_to_day(date(2026, 11, 23))  # KEYS-2 and KEYS-3: nothing on Monday
            await pilot.pause()
            layouts: list[bool] = []
            detail = home.query_one(WeekDetail)
            update = detail.update

            def counted(content: object = "", *, layout: bool = True) -> None:
                layouts.append(layout)
                update(content, layout=layout)  # type: ignore[arg-type]

            detail.update = counted  # type: ignore[method-assign]
            await pilot.press("down")  # KEYS-3: as many lines
            await pilot.press("up")
            await pilot.press("up")  # KEYS-1: work on Monday, one more line
            assert layouts == [False, False, True]
