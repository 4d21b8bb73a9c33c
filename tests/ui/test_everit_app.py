"""The app over Everit Timetracker, driven by keys against the emulator: the week comes from
Everit, a new worklog is POSTed to it and an edit PATCHes only what changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.coordinate import Coordinate

from tests.ui.app_harness import build_app, until
from tests.ui.test_app_flows import SIZE, loaded, my_single_cell, picked, row_total
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.search import IssueSearchScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.emulator import JiraEmulator
from tuiws.emulator.everit import BASE_PATH
from tuiws.emulator.seed import MEETINGS


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud") as emulator:
        yield emulator


def everit_writes(emu: JiraEmulator) -> list[str]:
    return [r.method for r in emu.writes() if r.path.startswith(BASE_PATH)]


@pytest.mark.slow
async def test_log_and_edit_through_everit(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, worklogs="everit")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        assert app.session is not None and app.session.capabilities.name == "everit"
        assert app.home.status.flavor == "everit"
        assert any(r.path == BASE_PATH + "/report/details" for r in emu.requests)
        before = row_total(app, MEETINGS)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, IssueSearchScreen))
        await pilot.press(*"Meetings")
        await until(pilot, lambda: picked(app) == MEETINGS)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        await pilot.press(*"1h15m")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await until(pilot, lambda: row_total(app, MEETINGS) == before + 4500)
        assert everit_writes(emu) == ["POST"]

        row, column, worklog = my_single_cell(app)
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        for _ in range(12):
            await pilot.press("backspace")
        await pilot.press(*"3h")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        jira_id = int(worklog.backend_ids["jiraWorklogId"])
        assert emu.state.worklog(jira_id).time_spent_seconds == 3 * 3600
        assert everit_writes(emu) == ["POST", "PATCH"]
        patch = emu.writes()[-1].body
        assert patch == {
            "worklogId": int(worklog.id),
            "partialWorklog": {"durationInSeconds": 10800},
        }
