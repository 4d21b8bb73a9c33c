"""The team view, read-only review, export and clipboard, driven by keys over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import Input

from tests.ui.app_harness import build_app, until
from tuiws.app.app import TuiwsApp
from tuiws.app.screens.cell import CellScreen
from tuiws.app.screens.sharing import ExportScreen
from tuiws.app.screens.team import ReviewScreen, TeamScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.app.widgets.week_grid import WeekGrid
from tuiws.emulator import JiraEmulator

SIZE = (80, 24)


@pytest.fixture(params=["cloud", "server"])
def emu(request: pytest.FixtureRequest) -> Iterator[JiraEmulator]:
    with JiraEmulator(request.param) as emulator:
        yield emulator


def loaded(app: TuiwsApp) -> bool:
    return app.home.week is not None and not app.home.status.loading


async def test_team_grid_then_a_colleagues_week_read_only(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, TeamScreen) and app.screen.team)
        team_screen = app.screen
        assert isinstance(team_screen, TeamScreen) and team_screen.team is not None
        assert len(team_screen.team.rows) == 8
        assert team_screen.grid.row_count == 9  # eight people and the totals
        me = app.session.me.ident if app.session else ""
        other = next(n for n, r in enumerate(team_screen.team.rows) if r.user.ident != me)
        person = team_screen.team.rows[other]
        team_screen.grid.cursor_coordinate = Coordinate(other, 1)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.week.user.ident == person.user.ident
        assert review.week.total_seconds == person.total_seconds
        filled = [
            (r, d)
            for r, row in enumerate(review.week.rows)
            for d, logs in enumerate(row.worklogs)
            if logs
        ]
        if filled:
            row_index, day_index = filled[0]
            review.query_one(WeekGrid).cursor_coordinate = Coordinate(row_index, day_index + 1)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, CellScreen))
            await pilot.press("e", "d")
            assert isinstance(app.screen, CellScreen)
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, TeamScreen))
        mine = next(n for n, r in enumerate(team_screen.team.rows) if r.user.ident == me)
        team_screen.grid.cursor_coordinate = Coordinate(mine, 1)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
    assert emu.writes() == []


async def test_copy_as_markdown_and_tab_separated(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        week = app.home.week
        assert week is not None and week.rows
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard)
        lines = app.clipboard.splitlines()
        assert lines[0].startswith("| Issue | Summary |") and lines[1].startswith("|---|")
        assert len(lines) == len(week.rows) + 3  # header, rule, rows, totals
        assert any(week.rows[0].issue.key in line for line in lines)
        await pilot.press("Y")
        await until(pilot, lambda: "\t" in app.clipboard)
        first = app.clipboard.splitlines()[0].split("\t")
        assert first[:2] == ["Issue", "Summary"] and len(first) == 10


async def test_export_writes_the_grid_in_the_extensions_format(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path)
    target = tmp_path / "out" / "week.md"
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        field = app.screen.query_one("#export-path", Input)
        field.value = str(tmp_path / "week.pdf")
        await pilot.press("enter")
        assert isinstance(app.screen, ExportScreen)  # refused inline, nothing written
        assert not list(tmp_path.glob("week.*"))
        field.value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: target.exists())
    text = target.read_text()
    assert text.startswith("| Issue | Summary |")
    assert app.home.week is not None
    assert f"{app.home.week.rows[0].issue.key} |" in text


@pytest.mark.slow
async def test_the_week_paints_from_the_cache_before_jira_answers(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    first = build_app(emu, tmp_path, cache=True)
    async with first.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(first))
        await until(pilot, lambda: first.cache is not None and first.cache.last_synced_at())
        live = first.home.week
    assert live is not None and live.rows
    emu.latency_ms = 800  # well after the cached frame (at mount), so the cache shows first
    again = build_app(emu, tmp_path, cache=True)
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: again.home.week is not None, timeout=1.0)
        assert again.session is None  # Jira has not answered yet
        cached = again.home.week
        assert cached is not None
        assert [(r.issue.key, r.seconds) for r in cached.rows] == [
            (r.issue.key, r.seconds) for r in live.rows
        ]
        assert "cached" in again.home.status.plain
        await until(pilot, lambda: "updated" in again.home.status.plain, timeout=20)
