"""Issue 10's case 1 in the app: a save cut short after Jira applied it (the process gone with
the POST in flight) is found by the next start through the write journal, and its restored
draft is not offered for a second save."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.app_harness import build_app, press_unwaited, until
from tests.ui.test_app_flows import SIZE, loaded
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.emulator import JiraEmulator


@pytest.fixture
def emu(flavor: str) -> Iterator[JiraEmulator]:
    with JiraEmulator(flavor) as emulator:  # type: ignore[arg-type]
        yield emulator


def forty_five(emu: JiraEmulator) -> int:
    return sum(1 for w in emu.state.all_worklogs() if w.time_spent_seconds == 2700)


async def test_a_save_cut_short_is_found_on_restart_and_not_made_twice(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    before = forty_five(emu)
    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        emu.delay_next(1, 5.0, method="POST")  # applied at once, answered too late
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        await pilot.press(*"45m")
        await press_unwaited(pilot, "ctrl+s")
        await until(pilot, lambda: forty_five(emu) == before + 1)
    # The app went away with the answer still out: the draft is on disk, and so is the journal.
    assert list((tmp_path / "drafts").iterdir())
    again = build_app(emu, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(again))
        await until(pilot, lambda: not list((tmp_path / "drafts").iterdir()))
        await pilot.pause(0.2)
        assert isinstance(again.screen, WeekScreen)
    assert forty_five(emu) == before + 1
    assert [r.method for r in emu.writes()].count("POST") <= 1


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_quitting_while_a_save_is_on_its_way_asks_first(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    from tuiws.app.screens.quit_saving import QuitWhileSavingScreen

    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        emu.delay_next(1, 1.5, method="POST")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        await pilot.press(*"45m")
        await press_unwaited(pilot, "ctrl+s")
        await until(pilot, lambda: app.home.status.writes_in_flight == 1)
        await press_unwaited(pilot, "ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, QuitWhileSavingScreen))
        await press_unwaited(pilot, "n")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen), timeout=10)
        assert app.is_running
        await pilot.press("q")  # answered now: no question
        await until(pilot, lambda: not app.is_running)
