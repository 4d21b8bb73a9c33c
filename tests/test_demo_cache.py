"""`tuiws --demo` keeps a cache like any profile: a second demo paints the week in its first
frame, marked cached, and the live week from its own emulator replaces it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.app_harness import until
from tuiws.app import demo_launch
from tuiws.app.demo_launch import make_demo_app
from tuiws.domain.timesheet import Week
from tuiws.store.cache import WorklogCache
from tuiws.store.cache_files import cache_path

pytestmark = pytest.mark.slow  # two demos, each with its emulator process


def test_the_demo_team_is_the_group_the_emulator_seeds() -> None:
    """Named apart from the seed, which the demo's start does not import before its frame."""
    from tuiws.emulator.seed import DEMO_GROUP

    assert demo_launch.DEMO_GROUP == DEMO_GROUP


def _cells(week: Week) -> dict[str, tuple[int, ...]]:
    return {row.issue.key: tuple(row.seconds) for row in week.rows}


async def test_a_second_demo_paints_the_last_demos_week_in_its_first_frame(
    tmp_path: Path,
) -> None:
    assert make_demo_app("cloud", data_dir=tmp_path).home.first_week is None, "no demo yet"
    first = make_demo_app("cloud", data_dir=tmp_path)
    async with first.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: first.home.week is not None, timeout=30)
        assert not first.home.status.from_cache, "the first demo's week is the emulator's"
        kept = first.cache
        assert kept is not None
        await until(pilot, lambda: kept.last_synced_at() is not None, timeout=30)
        live = first.home.week
        assert live is not None

    again = make_demo_app("cloud", data_dir=tmp_path)
    cached = again.home.first_week
    assert cached is not None, "read before the app runs, for its first frame"
    assert _cells(cached.week) == _cells(live)
    async with again.run_test(size=(80, 24)) as pilot:
        # The first frame: the cached week, its cells open, before any emulator answers.
        assert again.home.week is cached.week and again.home.status.from_cache
        assert again.home.grid.row_count > 1
        await until(pilot, lambda: not again.home.status.from_cache, timeout=30)
        week, session, cache = again.home.week, again.session, again.cache
        assert week is not None and session is not None and cache is not None
        assert _cells(week) == _cells(live), "the new emulator seeds the same team"
        # The sync finds the new address and stores this emulator's window under it.
        await until(pilot, lambda: cache.holds_site(session.site), timeout=30)
    with WorklogCache(cache_path(tmp_path / "cache", "demo-cloud")) as reopened:
        assert reopened.last_synced_at() is not None and reopened.worklog_count() > 0
