"""The team view on Tempo at 80×24: the demo's early submitter's days are marked locked (`⊘`
where no flag takes the slot, underlined always), the legend says what the mark means, the
Total column and row stay in view, and their read-only week shows the same locked days."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import Label

from tests.backends.test_tempo import NOW, TODAY
from tests.ui.app_harness import build_app, screen_lines, until
from tests.ui.test_app_flows import loaded
from tuiws.app.screens.team import ReviewScreen, TeamScreen
from tuiws.app.widgets.team_grid import TeamPalette
from tuiws.app.widgets.week_grid import WeekGrid
from tuiws.domain.week_view import LOCKED
from tuiws.emulator import JiraEmulator
from tuiws.emulator.addon_seed import EARLY_SUBMITTER
from tuiws.emulator.tempo import tempo_store
from tuiws.emulator.tempo.store import IN_REVIEW

SIZE = (80, 24)
SUBMITTED = "submitted for approval"


def underlined(cell: Text) -> bool:
    return any("underline" in str(span.style) for span in cell.spans)


async def test_a_colleagues_locked_days_are_marked_and_explained(tmp_path: Path) -> None:
    with JiraEmulator("cloud", today=TODAY, clock=lambda: NOW) as emu:
        tempo_store(emu.state).rate_limit = None
        oliver = emu.state.user_by(EARLY_SUBMITTER).account_id
        app = build_app(emu, tmp_path, today=TODAY, worklogs="tempo")
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, loaded(app))
            await pilot.press("m")
            await until(pilot, lambda: isinstance(app.screen, TeamScreen) and app.screen.team)
            screen = app.screen
            assert isinstance(screen, TeamScreen) and screen.team is not None
            await pilot.pause()
            grid = screen.grid
            assert TeamPalette().locked == "underline"
            for n, row in enumerate(screen.team.rows):
                cells = [grid.get_cell_at(Coordinate(n, c)) for c in range(1, 8)]
                if row.user.ident == oliver:
                    assert all(underlined(c) for c in cells)
                    # Flags win the one symbol slot; the other days show the lock there.
                    for cell, flags in zip(cells, row.flags, strict=True):
                        assert cell.plain.endswith(LOCKED) == (not flags), cell.plain
                    assert any(c.plain.endswith(LOCKED) for c in cells)
                else:
                    assert not any(underlined(c) or LOCKED in c.plain for c in cells)
            legend = str(screen.query_one("#team-legend", Label).render())
            assert f"{LOCKED} underlined: locked, {SUBMITTED} in Tempo" in legend
            lines = screen_lines(app)
            assert any(line.rstrip().endswith("Total") for line in lines[:4]), lines
            assert any(line.lstrip().startswith("Total") for line in lines), lines
            assert any(f"{LOCKED} underlined: locked" in line for line in lines), lines
            assert any("Oliver" in line and LOCKED in line for line in lines), lines

            mine = app.session.me.ident if app.session else ""
            theirs = next(n for n, r in enumerate(screen.team.rows) if r.user.ident == oliver)
            assert mine != oliver
            grid.cursor_coordinate = Coordinate(theirs, 1)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
            review = app.screen
            assert isinstance(review, ReviewScreen)
            await pilot.pause()
            week_grid = review.query_one(WeekGrid)
            assert week_grid.week is not None
            assert dict(week_grid.week.locked) == dict.fromkeys(week_grid.week.days, SUBMITTED)
            headers = [str(c.label) for c in week_grid.ordered_columns[1:8]]
            assert all(h.endswith(LOCKED) for h in headers), headers
            note = str(review.query_one("#team-legend", Label).render())
            assert "read-only" in note and f"locked: {SUBMITTED} in Tempo" in note
    assert emu.writes() == []


async def test_an_open_week_has_no_lock_mark_nor_its_legend(tmp_path: Path) -> None:
    with JiraEmulator("cloud", today=TODAY, clock=lambda: NOW) as emu:
        app = build_app(emu, tmp_path, today=TODAY)  # Jira's own worklogs: nothing locks
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, loaded(app))
            await pilot.press("m")
            await until(pilot, lambda: isinstance(app.screen, TeamScreen) and app.screen.team)
            screen = app.screen
            assert isinstance(screen, TeamScreen)
            await pilot.pause()
            legend = str(screen.query_one("#team-legend", Label).render())
            assert LOCKED not in legend and "\n" not in legend
            assert not any(LOCKED in line for line in screen_lines(app))


async def test_r_reads_the_locks_again_in_the_team_view_and_my_week(tmp_path: Path) -> None:
    """Tempo's periods are kept for the session; a timesheet submitted since shows on `r`."""
    with JiraEmulator("cloud", today=TODAY, clock=lambda: NOW) as emu:
        tempo = tempo_store(emu.state)
        tempo.rate_limit = None
        app = build_app(emu, tmp_path, today=TODAY, worklogs="tempo")
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, loaded(app))
            assert app.session is not None and not app.home.locked_days
            me = app.session.me.ident
            tempo.set_approval(me, TODAY, IN_REVIEW)  # submitted from Tempo's own page
            await pilot.press("r")
            await until(pilot, lambda: bool(app.home.locked_days) and not app.home.status.loading)
            assert set(app.home.locked_days.values()) == {SUBMITTED}

            await pilot.press("m")
            await until(pilot, lambda: isinstance(app.screen, TeamScreen) and app.screen.team)
            screen = app.screen
            assert isinstance(screen, TeamScreen) and screen.team is not None
            open_rows = [r for r in screen.team.rows if not any(r.locked)]
            colleague = next(r.user for r in open_rows if r.user.ident != me)
            tempo.set_approval(colleague.ident, TODAY, IN_REVIEW)
            before = screen.team
            await pilot.press("r")
            await until(pilot, lambda: screen.team is not before)
            assert screen.team is not None
            assert any(screen.team.row_for(colleague.ident).locked)
