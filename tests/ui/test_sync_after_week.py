"""The local cache syncs once the week is shown: its window pull never competes with the
week's own requests (a first `tuiws --demo` waits on nothing else)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.ui.app_harness import GatedTime, build_app, until
from tuiws.emulator import JiraEmulator

DAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emulator:
        yield emulator


async def test_the_window_pull_starts_after_the_weeks_requests(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    # The week's search answers late: a sync started beside it would be answered first.
    emu.delay_next(1, 0.5, path_contains="worklogAuthor")
    app = build_app(emu, tmp_path, today=DAY, time=GatedTime(), cache=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.home.week is not None and not app.home.status.from_cache)
        cache = app.cache
        assert cache is not None
        await until(pilot, lambda: cache.last_synced_at() is not None)
    # In the order answered: the week's search (its few days), then the window's (weeks back).
    searches = [" ".join(r.query.get("jql", [])) for r in emu.requests if "/search" in r.path]
    assert len(searches) == 2
    assert 'worklogDate >= "2026-11-22" AND worklogDate <= "2026-11-30"' in searches[0]
    assert 'worklogDate >= "2026-10-17"' in searches[1]
