"""The timer in the app: `s` starts and stops, `P` pauses, the editor is pre-filled and saves
once; a timer started elsewhere (a killed process) shows from its true start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import Input, TextArea

from tests.ui.app_harness import GatedTime, build_app, until
from tuiws.app.app import TuiwsApp
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.timer_flow import SwitchTimerScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.config.app_state import AppState, save_state
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import ADMIN, MEETINGS
from tuiws.store.timer_store import TimerStore

SIZE = (80, 24)
pytestmark = pytest.mark.parametrize("flavor", ["cloud"])


@pytest.fixture(autouse=True)
def rows_to_time(tmp_path: Path) -> None:
    """The issues the tests time are pinned, so their rows show whatever the seed has logged
    by the wall clock's hour (on a Monday morning, nothing yet)."""
    save_state(AppState(pinned={"demo": [MEETINGS, ADMIN]}), tmp_path / "state.json")


@pytest.fixture
def emu(flavor: str) -> Iterator[JiraEmulator]:
    with JiraEmulator(flavor) as emulator:  # type: ignore[arg-type]
        yield emulator


def loaded(app: TuiwsApp) -> Callable[[], bool]:
    return lambda: app.home.week is not None and not app.home.status.loading


def on_row(app: TuiwsApp, key: str) -> None:
    week = app.home.week
    assert week is not None
    row = next(i for i, r in enumerate(week.rows) if r.issue.key == key)
    app.home.grid.cursor_coordinate = Coordinate(row, 1)


def store(tmp_path: Path) -> TimerStore:
    return TimerStore.for_profile("demo", tmp_path / "timers")


async def test_start_pause_stop_opens_the_editor_prefilled_and_saves_once(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    time = GatedTime()
    app = build_app(emu, tmp_path, time=time)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        on_row(app, MEETINGS)
        await pilot.press("s")
        await until(pilot, lambda: app.home.status.running is not None)
        started = datetime.fromtimestamp(time.now, UTC)
        assert "⏱ INT-1 0:00:00" in app.home.status.plain
        time.now += 25 * 60
        assert "⏱ INT-1 0:25:00" in app.home.status.plain
        await pilot.press("P")
        await until(
            pilot, lambda: app.home.status.running is not None and app.home.status.running.paused
        )
        time.now += 3600  # paused: does not count
        assert "⏸ INT-1 0:25:00" in app.home.status.plain
        await pilot.press("P")
        await until(pilot, lambda: not app.home.status.running.paused)  # type: ignore[union-attr]
        time.now += 5 * 60
        on_disk = store(tmp_path).load()
        assert on_disk is not None and on_disk.started == started

        emu.clear_log()
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        editor = app.screen
        local = started.astimezone(app.home.services.session.zone)  # type: ignore[union-attr]
        assert editor.query_one("#duration", Input).value == "30m"
        assert editor.query_one("#start", Input).value == f"{local:%H:%M}"
        assert editor.query_one("#date", Input).value == local.date().isoformat()
        assert emu.writes() == []  # nothing is sent before ctrl+s
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await until(pilot, lambda: app.home.status.running is None)
        [post] = [r for r in emu.writes() if r.method == "POST"]
        assert post.body["timeSpentSeconds"] == 30 * 60
        assert store(tmp_path).load() is None


async def test_escaping_the_editor_keeps_the_timer_running(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    time = GatedTime()
    app = build_app(emu, tmp_path, time=time)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        on_row(app, MEETINGS)
        await pilot.press("s")
        await until(pilot, lambda: app.home.status.running is not None)
        time.now += 600
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        await pilot.press("escape")
        await pilot.press("y")  # the editor asks before discarding what was filled in
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert emu.writes() == []
        assert store(tmp_path).load() is not None
        assert app.home.status.running is not None


async def test_switching_issue_asks_then_stops_the_first_and_starts_the_next(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    time = GatedTime()
    app = build_app(emu, tmp_path, time=time)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        on_row(app, MEETINGS)
        await pilot.press("s")
        await until(pilot, lambda: app.home.status.running is not None)
        time.now += 45 * 60
        on_row(app, ADMIN)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SwitchTimerScreen))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        running = store(tmp_path).load()
        assert running is not None and running.issue_key == MEETINGS
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SwitchTimerScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        editor = app.screen
        assert editor.query_one("#duration", Input).value == "45m"
        running = store(tmp_path).load()
        assert running is not None and running.issue_key == ADMIN
        assert editor.query_one("#issue", Input).value == MEETINGS
        assert isinstance(editor.query_one("#comment", TextArea), TextArea)


async def test_a_timer_left_by_a_killed_process_shows_from_its_true_start(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, pathlib\n"
            "from tuiws.services.timer import TimerService\n"
            "from tuiws.store.timer_store import TimerStore\n"
            "store = TimerStore.for_profile('demo', pathlib.Path(sys.argv[1]))\n"
            "TimerService(store).start('INT-1')\n"
            "print('started', flush=True)\n"
            "time.sleep(600)\n",
            str(tmp_path / "timers"),
        ],
        stdout=subprocess.PIPE,
        env=os.environ.copy(),
    )
    assert holder.stdout is not None and b"started" in holder.stdout.readline()
    holder.send_signal(signal.SIGKILL)
    assert holder.wait(timeout=30) == -signal.SIGKILL
    before = store(tmp_path).load()
    assert before is not None

    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.home.status.running is not None)
        running = app.home.status.running
        assert running is not None
        assert running.started == before.started and running.issue_key == MEETINGS
        assert "INT-1" in app.home.status.plain


async def test_the_running_time_ticks_each_second_without_repainting_the_grid(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    time = GatedTime()
    app = build_app(emu, tmp_path, time=time)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        on_row(app, MEETINGS)
        await pilot.press("s")
        await until(pilot, lambda: app.home.status.running is not None)
        await pilot.pause(0.2)
        grid, bar = app.home.grid, app.home.status
        repaints = {"grid": 0, "bar": 0}
        grid_refresh, bar_refresh = grid.refresh, bar.refresh

        def count(name: str, refresh: Callable[..., object]) -> Callable[..., object]:
            def counted(*args: object, **kwargs: object) -> object:
                repaints[name] += 1
                return refresh(*args, **kwargs)

            return counted

        grid.refresh = count("grid", grid_refresh)  # type: ignore[method-assign,assignment]
        bar.refresh = count("bar", bar_refresh)  # type: ignore[method-assign,assignment]
        time.now += 7
        await until(pilot, lambda: repaints["bar"] > 0, timeout=3)
        assert "⏱ INT-1 0:00:07" in bar.plain
        assert repaints["grid"] == 0


async def test_a_timer_started_from_the_shell_shows_on_refresh(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    from tuiws.services.timer import TimerService

    app = build_app(emu, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        assert app.home.status.running is None
        TimerService(store(tmp_path)).start(ADMIN)  # as `tuiws timer start` does
        await pilot.press("r")
        await until(pilot, lambda: app.home.status.running is not None)
        assert "INT-2" in app.home.status.plain
