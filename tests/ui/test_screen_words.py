"""What the screens say, and that they say it whole: dialogs that wrap at words, keys that are
told apart, a legend for the grid's marks, an editor whose hints never pass for values, and the
room under a tall grid put to use (issue 11, section 2)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import Input, Label

from tests.ui.app_harness import GatedTime, build_app, screen_lines, until
from tuiws.app.app import TuiwsApp
from tuiws.app.screens.dialogs import ConfirmDeleteScreen, PickDateScreen
from tuiws.app.screens.editor import ConfirmDiscardScreen, WorklogEditorScreen, parse_start
from tuiws.app.screens.help import HelpScreen, binding_rows
from tuiws.app.screens.sharing import ExportScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.domain.durations import DurationError, parse_duration
from tuiws.emulator import JiraEmulator

SIZE = (80, 24)
DAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emulator:
        yield emulator


def loaded(app: TuiwsApp) -> bool:
    return app.home.week is not None and not app.home.status.loading


def shown_whole(app: TuiwsApp, sentence: str) -> bool:
    """Every word of `sentence` is on screen whole (a label cut mid-word loses one)."""
    words = set(re.findall(r"\S+", " ".join(screen_lines(app))))
    return all(word in words for word in sentence.split())


async def test_the_go_to_date_error_wraps_at_words(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, PickDateScreen))
        await pilot.press(*"zzz", "enter")
        error = app.screen.query_one("#error", Label)
        await until(pilot, lambda: str(error.content) != "")
        await pilot.pause()
        assert shown_whole(app, str(error.content)), screen_lines(app)


async def test_the_export_hint_wraps_at_words(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=(60, 24)) as pilot:
        await until(pilot, lambda: loaded(app))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.pause()
        hint = str(app.screen.query_one(".hint", Label).content)
        assert shown_whole(app, hint), screen_lines(app)


async def test_discard_asks_in_whole_words_and_only_y_discards(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        await pilot.press("1", "escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDiscardScreen))
        await pilot.pause()
        keys = str(app.screen.query_one(".keys", Label).content)
        assert shown_whole(app, keys), screen_lines(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscardScreen)  # enter is no answer
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))


async def test_enter_does_not_confirm_a_delete(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        week = app.home.week
        assert week is not None and app.session is not None
        me = app.session.me.ident
        row, column = next(
            (r, d + 1)
            for r, line in enumerate(week.rows)
            for d, logs in enumerate(line.worklogs)
            if len(logs) == 1 and logs[0].author.ident == me
        )
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDeleteScreen))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteScreen)
        assert not [r for r in emu.writes() if r.method == "DELETE"]
        await pilot.press("y")
        await until(pilot, lambda: [r for r in emu.writes() if r.method == "DELETE"])


async def test_help_tells_the_copy_keys_apart(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        rows = {keys: what for keys, what, _ in binding_rows(app.screen)}
        assert len({rows["c"], rows["y"], rows["Y"]}) == 3
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_the_week_has_a_legend_for_its_marks(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "▸ today" in text and "▾ under" in text and "▴ over" in text


async def test_the_editor_hints_are_not_values_and_it_names_the_issue(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        app.home.grid.cursor_coordinate = Coordinate(2, 3)  # MOB-26, which has an estimate
        key = app.home.grid.current_issue.key  # type: ignore[union-attr]
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        editor = app.screen
        duration = editor.query_one("#duration", Input).placeholder
        with pytest.raises(DurationError):
            parse_duration(duration)
        with pytest.raises(ValueError):
            parse_start(editor.query_one("#start", Input).placeholder)
        hint = editor.query_one("#issue-hint", Label)
        await until(pilot, lambda: "·" in str(hint.content))
        issue = emu.state.issue(key)
        assert issue is not None
        assert issue.summary in str(hint.content)
        assert "remaining" in str(hint.content) or "no estimate" in str(hint.content)


async def test_a_tall_screen_shows_the_cell_and_the_week_left_to_log(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: loaded(app))
        week = app.home.week
        assert week is not None
        long_row = max(range(len(week.rows)), key=lambda r: len(week.rows[r].issue.summary))
        line = week.rows[long_row]
        day = next(d for d, logs in enumerate(line.worklogs) if logs)
        app.home.grid.cursor_coordinate = Coordinate(long_row, day + 1)
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert line.issue.summary in text  # whole, though the grid's label is cut
        worklog = line.worklogs[day][0]
        assert worklog.author.display_name in text
        assert "40:00 target" in text and "24:00 left to log" in text


async def test_the_cell_view_writes_durations_as_the_grid_does(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    from textual.widgets import DataTable

    from tuiws.app.screens.cell import CellScreen

    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        week = app.home.week
        assert week is not None
        row, day = next(
            (r, d) for r, line in enumerate(week.rows) for d, s in enumerate(line.seconds) if s
        )
        app.home.grid.cursor_coordinate = Coordinate(row, day + 1)
        shown = str(app.home.grid.get_cell_at(Coordinate(row, day + 1)))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CellScreen))
        table = app.screen.query_one(DataTable)
        times = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
        assert all(re.fullmatch(r"\d+:\d\d", t) for t in times), times
        if len(times) == 1:
            assert times[0] == shown


async def test_server_wiki_markup_in_comments_reads_as_text(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from tuiws.app.screens.cell import CellScreen
    from tuiws.emulator.state import Adjustment

    with JiraEmulator("server", today=DAY, clock=lambda: NOW) as emu:
        state = emu.state
        me = state.demo_user
        buddy = next(u for u in state.users if u.name and u.name != me.name)
        issue = state.issue("INT-2")
        assert issue is not None
        state.log_work(
            me,
            issue,
            datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
            1800,
            f"Paired with [~{buddy.name}] on *the* [runbook|https://wiki.example/run]",
            Adjustment(),
        )
        app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: loaded(app))
            week = app.home.week
            assert week is not None
            row = next(n for n, r in enumerate(week.rows) if r.issue.key == "INT-2")
            app.home.grid.cursor_coordinate = Coordinate(row, 5)  # Friday
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, CellScreen))
            table = app.screen.query_one(DataTable)
            comments = [str(table.get_row_at(n)[3]) for n in range(table.row_count)]
            assert any(c.startswith("Paired with @") for c in comments), comments
            assert not any("[~" in c or "|https" in c or "*the*" in c for c in comments)
            assert any("on the runbook" in c for c in comments)


async def test_the_command_palette_offers_tuiws_commands(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Log work", "Go to date", "Team week", "Export grid", "Sync", "Theme"):
            assert wanted in titles, titles
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Go to date")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PickDateScreen))


async def test_the_tab_separated_copy_carries_numbers(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        await pilot.press("Y")
        await until(pilot, lambda: bool(app.clipboard))
        rows = [line.split("\t") for line in app.clipboard.splitlines()]
        for row in rows[1:]:
            for cell in row[2:]:
                float(cell)  # a spreadsheet reads every duration as a number
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard.startswith("| Issue"))
        assert "0:45" in app.clipboard  # Markdown is for reading: the grid's notation
