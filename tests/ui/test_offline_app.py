"""Issue 10 in the app, over real HTTP: a save the server cannot be reached for is queued (the
editor closes, the grid shows it pending, the status bar counts it) and sent exactly once when
the server is back; a save whose answer is lost shows "may have been saved — checking" until
a read-back settles it; `u` undoes the last write after asking, and redoes it once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import jira_client
from tests.ui.app_harness import GatedTime, build_app, until
from tests.ui.test_app_flows import SIZE, loaded, my_single_cell
from tuiws.app.app import TuiwsApp
from tuiws.app.screens.dialogs import ConfirmDeleteScreen
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.undo_dialog import ConfirmUndoScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.app.screens.week_journal import PENDING_LEGEND
from tuiws.app.widgets.week_grid import PendingCell
from tuiws.backends.backoff import RetryPolicy
from tuiws.domain.models import Worklog
from tuiws.emulator import JiraEmulator
from tuiws.store.journal import EntryState

CLOUD_ONLY = pytest.mark.parametrize("flavor", ["cloud"])
DAY = date(2026, 11, 25)
QUICK = (0.05, 0.1)
"""Settling retries a test can wait for (the app's are seconds)."""


@pytest.fixture
def emu(flavor: str) -> Iterator[JiraEmulator]:
    with JiraEmulator(flavor, today=DAY) as emulator:  # type: ignore[arg-type]
        yield emulator


@pytest.fixture(autouse=True)
def quick_settling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WeekScreen, "SETTLE_WAITS", QUICK)


def spent(emu: JiraEmulator, seconds: int) -> int:
    return sum(1 for w in emu.state.all_worklogs() if w.time_spent_seconds == seconds)


def give_up_sooner(app: TuiwsApp) -> None:
    """Retries of a refused connection end after a few (fake) seconds, not a minute's worth:
    the test's time goes on what it checks."""
    assert app.session is not None
    jira_client(app.session).retry = RetryPolicy(jitter=lambda: 0.0, wait_budget=3.0)


def notes(app: TuiwsApp) -> str:
    """The notifications on screen, as one text."""
    return " ".join(str(n.message) for n in app._notifications)


def failed_reads(emu: JiraEmulator) -> int:
    return sum(1 for r in emu.requests if r.method == "GET" and r.status == 500)


def posts(emu: JiraEmulator) -> int:
    return [r.method for r in emu.writes()].count("POST")


async def log_in_editor(
    app: TuiwsApp, pilot: Pilot[None], duration: str, fault: Callable[[], None] = lambda: None
) -> None:
    """`a`, the duration, then `fault` (once the editor's own reads are done), `ctrl+s`."""
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
    await pilot.press(*duration)
    await pilot.pause(0.1)
    fault()
    await pilot.press("ctrl+s")


async def test_a_save_while_unreachable_is_queued_shown_pending_and_sent_once_when_back(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        give_up_sooner(app)
        before = spent(emu, 37 * 60)
        emu.stop()
        WeekScreen.SETTLE_WAITS = (30.0,)  # held back until the test restarts the server
        await log_in_editor(app, pilot, "37m")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        status, grid = app.home.status, app.home.grid
        await until(pilot, lambda: status.queued == 1)
        assert "1 queued" in status.plain
        issue, day = grid.current_issue, grid.current_day
        assert issue is not None and day is not None
        cell = grid.pending[issue.key, day]
        assert cell == PendingCell(added_seconds=37 * 60)
        assert app.home.week is not None
        [row] = [r for r in app.home.week.rows if r.issue.key == issue.key]
        logged = sum(w.time_spent_seconds for w in row.worklogs[app.home.week.days.index(day)])
        fmt = grid.formatter()
        shown = str(grid.get_cell_at(grid.cursor_coordinate))
        assert shown == (f"{fmt(logged + 37 * 60)}~" if logged else "+0:37")
        assert str(app.home.query_one("#week-legend").render()) == PENDING_LEGEND
        assert not list((tmp_path / "drafts").iterdir())  # the journal holds it, not a draft
        await pilot.press("u")  # the last write is not in Jira yet: no older one is undone
        await until(pilot, lambda: "A queued save waits" in notes(app))
        assert isinstance(app.screen, WeekScreen)
        emu.start()
        # `r` reaches the server again: the client's "recovered" news sends the queue (the
        # settling timer is still 30 s away).
        await pilot.press("r")
        await until(pilot, lambda: status.queued == 0 and spent(emu, 37 * 60) == before + 1)
        await until(pilot, lambda: not grid.pending)
        assert "queued" not in status.plain
        await pilot.pause(0.3)  # further settling, reconnect news: nothing goes twice
        assert spent(emu, 37 * 60) == before + 1
        assert posts(emu) == 1


@CLOUD_ONLY
async def test_a_lost_answer_shows_may_have_been_saved_until_the_read_back_finds_it(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        before = spent(emu, 41 * 60)
        WeekScreen.SETTLE_WAITS = (30.0,)

        # Applied, the answer lost, and the read-back refused too: the outcome is unknown.
        def lose_the_answer() -> None:
            emu.drop_next(1, method="POST")
            emu.fail_next(1, 500, method="GET")

        await log_in_editor(app, pilot, "41m", lose_the_answer)
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        status = app.home.status
        await until(pilot, lambda: status.unsettled == 1)
        assert "may have been saved — checking" in status.plain
        assert status.queued == 0 and not app.home.grid.pending
        assert spent(emu, 41 * 60) == before + 1
        assert "checking again in 30s" in status.plain
        # A check that fails again leaves it unknown, and says when it checks next.
        emu.fail_next(1, 500, method="GET")
        app.home.connection_back()
        await until(pilot, lambda: failed_reads(emu) == 2 and status.check_at is not None)
        assert status.unsettled == 1 and "checking again in 30s" in status.plain
        WeekScreen.SETTLE_WAITS = QUICK
        app.home.connection_back()
        await until(pilot, lambda: status.unsettled == 0)
        assert "may have been saved" not in status.plain
        [entry] = [e for e in app.home.services.worklogs.journal.recent(5) if e.verb == "add"]  # type: ignore[union-attr]
        assert entry.state is EntryState.CONFIRMED
        await pilot.pause(0.2)
        assert spent(emu, 41 * 60) == before + 1 and posts(emu) == 1


@CLOUD_ONLY
async def test_a_lost_answer_found_not_saved_comes_back_in_the_editor(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        WeekScreen.SETTLE_WAITS = (30.0,)

        def lose_the_answer() -> None:
            emu.drop_next(1, method="POST", apply=False)
            emu.fail_next(1, 500, method="GET")

        await log_in_editor(app, pilot, "43m", lose_the_answer)
        await until(pilot, lambda: app.home.status.unsettled == 1)
        WeekScreen.SETTLE_WAITS = QUICK
        app.home.connection_back()
        await until(pilot, lambda: bool(app.screen.query("#duration")))
        await pilot.pause()  # let the editor finish mounting (its selects) before the app ends
        editor = app.screen
        assert isinstance(editor, WorklogEditorScreen)
        assert editor.query_one("#duration", Input).value == "43m"
        assert app.home.status.unsettled == 0
        assert spent(emu, 43 * 60) == 0


@CLOUD_ONLY
async def test_u_undoes_an_add_after_asking_and_u_again_redoes_it_once(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        before = spent(emu, 39 * 60)
        await log_in_editor(app, pilot, "39m")
        await until(pilot, lambda: spent(emu, 39 * 60) == before + 1)
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmUndoScreen))
        question = app.screen
        assert isinstance(question, ConfirmUndoScreen)
        assert question.question.startswith("Delete the 39m worklog you logged on ")
        await pilot.press("n")  # asked, and left as it is
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert spent(emu, 39 * 60) == before + 1
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmUndoScreen))
        await pilot.press("y")
        await until(pilot, lambda: spent(emu, 39 * 60) == before)
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await pilot.press("u")  # the undo undone: the worklog is back
        await until(pilot, lambda: isinstance(app.screen, ConfirmUndoScreen))
        assert app.screen.question.startswith("Re-create the 39m worklog on ")  # type: ignore[attr-defined]
        await pilot.press("y")
        await until(pilot, lambda: spent(emu, 39 * 60) == before + 1)
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await pilot.press("u")  # once only: nothing further to undo
        await pilot.pause(0.2)
        assert isinstance(app.screen, WeekScreen)
        assert spent(emu, 39 * 60) == before + 1


async def answer_undo(app: TuiwsApp, pilot: Pilot[None], starts: str) -> None:
    """`u`, check what the dialog says it will do, and say yes."""
    await until(pilot, lambda: isinstance(app.screen, WeekScreen))
    await pilot.press("u")
    await until(pilot, lambda: isinstance(app.screen, ConfirmUndoScreen))
    question = app.screen
    assert isinstance(question, ConfirmUndoScreen)
    assert question.question.startswith(starts), question.question
    await pilot.press("y")


@CLOUD_ONLY
async def test_u_puts_an_edit_back_and_re_creates_a_delete(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        row, column, worklog = my_single_cell(app)
        was = worklog.time_spent_seconds
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        for _ in range(12):
            await pilot.press("backspace")
        await pilot.press(*"3h", "ctrl+s")
        await until(pilot, lambda: emu.state.worklog(worklog.id).time_spent_seconds == 3 * 3600)
        await answer_undo(app, pilot, f"Put the worklog on {worklog.issue_key} back to ")
        await until(pilot, lambda: emu.state.worklog(worklog.id).time_spent_seconds == was)
        await until(pilot, loaded(app))
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDeleteScreen))
        await pilot.press("y")
        await until(pilot, lambda: not like(emu, worklog))
        await answer_undo(app, pilot, "Re-create the ")
        await until(pilot, lambda: len(like(emu, worklog)) == 1)
        [again] = like(emu, worklog)
        assert str(again) != worklog.id
        await pilot.pause(0.2)
        assert len(like(emu, worklog)) == 1


def like(emu: JiraEmulator, worklog: Worklog) -> list[int]:
    """The ids of the emulator's worklogs with `worklog`'s start and duration."""
    return [
        w.id
        for w in emu.state.all_worklogs()
        if w.started == worklog.started and w.time_spent_seconds == worklog.time_spent_seconds
    ]


@CLOUD_ONLY
async def test_a_save_queued_by_an_earlier_run_is_sent_once_at_start_up(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    WeekScreen.SETTLE_WAITS = (30.0,)
    first = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with first.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(first))
        give_up_sooner(first)
        before = spent(emu, 33 * 60)
        emu.stop()
        await log_in_editor(first, pilot, "33m")
        await until(pilot, lambda: first.home.status.queued == 1)
    emu.start()
    again = build_app(emu, tmp_path, today=DAY, time=GatedTime())
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: spent(emu, 33 * 60) == before + 1)
        await until(pilot, lambda: "A queued save (log 33m on" in notes(again))
        await until(pilot, lambda: again.home.status.queued == 0 and loaded(again)())
        assert isinstance(again.screen, WeekScreen)  # nothing offered as unsaved
        await pilot.pause(0.2)
    assert spent(emu, 33 * 60) == before + 1 and posts(emu) == 1
