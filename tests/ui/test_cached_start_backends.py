"""The cache a sync filled is shown before the backend answers, whichever backend keeps the
worklogs: a Tempo profile's cache is bound to Tempo, and is looked for as Tempo's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.ui.app_harness import build_app, until
from tuiws.app.demo import demo_profile
from tuiws.emulator import JiraEmulator
from tuiws.factory import build_connection, connect
from tuiws.services.sync import SyncService
from tuiws.store.cache import WorklogCache
from tuiws.store.cache_files import cache_path

DAY = date(2026, 11, 25)


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud") as running:
        yield running


async def sync_demo_cache(emu: JiraEmulator, data: Path, worklogs: str) -> None:
    profile = demo_profile(emu, worklogs=worklogs)
    async with build_connection(profile) as client:
        session = await connect(client, profile)
        with WorklogCache(cache_path(data / "cache", "demo")) as cache:
            await SyncService(session, cache).sync()


@pytest.mark.parametrize("worklogs", ["jira", "tempo", "everit"])
async def test_a_cache_synced_after_the_app_was_built_is_shown_when_it_opens(
    emu: JiraEmulator, tmp_path: Path, worklogs: str
) -> None:
    """No cached week for the first frame (the file was not there yet); once the app opens
    the cache, which a sync has filled meanwhile, it paints that week before any answer."""
    app = build_app(emu, tmp_path, today=DAY, cache=True, worklogs=worklogs)
    assert app.home.first_week is None
    await sync_demo_cache(emu, tmp_path, worklogs)
    emu.latency_ms = 1000  # what shows first must be the cache's
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.home.week is not None, timeout=10)
        assert app.home.status.from_cache and app.session is None
        assert app.home.grid.row_count > 1
