"""The running timer in the week's status bar at 80×24 and 120×36 (frozen clock, fixed day)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from screenshots.make import DAY, NOW, settle
from tuiws.app.demo import GatedTime, build_demo_app
from tuiws.domain.timer import Timer
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS
from tuiws.store.timer_store import TimerStore

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_the_timer_in_the_status_bar(
    size: tuple[int, int], snap_compare: SnapCompare, tmp_path: Path
) -> None:
    time = GatedTime()
    started = datetime.fromtimestamp(time.now, UTC) - timedelta(hours=1, minutes=23, seconds=45)
    TimerStore.for_profile("demo", tmp_path / "timers").change(
        lambda _: Timer(MEETINGS, started, comment="pairing")
    )
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emu:
        app = build_demo_app(emu, tmp_path, today=DAY, time=time)

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(
                pilot,
                lambda: (
                    app.home.week is not None
                    and not app.home.status.loading
                    and app.home.status.running is not None
                ),
            )

        assert snap_compare(app, terminal_size=size, run_before=run_before)
