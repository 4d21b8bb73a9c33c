"""`tuiws --demo` keeps a cache like any profile: a second demo paints the week in its first
frame, marked cached, and the live week from its own emulator replaces it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
        await until(pilot, lambda: cache.holds_site(session.site, backend="jira"), timeout=30)
    with WorklogCache(cache_path(tmp_path / "cache", "demo-cloud")) as reopened:
        assert reopened.last_synced_at() is not None and reopened.worklog_count() > 0


START_SCRIPT = r"""
import asyncio, importlib.abc, importlib.machinery, io, json, os, sys

from tuiws.app import demo_server
from tuiws.entry import main

spawned, textual_loaded = [], []
spawn = demo_server.DemoServer.spawn


def spawn_and_watch(name):
    textual_loaded.append("textual" in sys.modules)
    server = spawn(name)
    spawned.append(server)
    return server


def run_headless(app, *args, **kwargs):
    if os.environ.get("FAIL_TO_START"):
        raise OSError("no terminal to draw on")

    async def drive():
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(600):
                await pilot.pause(0.05)
                if app.home.week is not None and not app.home.status.from_cache:
                    return

    asyncio.run(drive())


class HeadlessOnceLoaded(importlib.abc.MetaPathFinder):
    # Makes `TuiwsApp.run` headless as `tuiws.app.app` loads, in the command's own order.
    def find_spec(self, fullname, path, target=None):
        if fullname != "tuiws.app.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            module.TuiwsApp.run = run_headless

        spec.loader.exec_module = exec_module
        return spec


class Terminal(io.StringIO):
    def isatty(self):
        return True


demo_server.DemoServer.spawn = spawn_and_watch
sys.meta_path.insert(0, HeadlessOnceLoaded())
sys.stdout = Terminal()
try:
    code = main(["--demo"])
except OSError as exc:
    code = str(exc)
sys.stdout = sys.__stdout__
print(json.dumps({
    "code": code,
    "spawns": len(spawned),
    "textual_loaded": textual_loaded,
    "stopped": [s.process.poll() is not None for s in spawned],
}))
"""


@pytest.mark.parametrize("fails", [False, True], ids=["runs", "fails-to-start"])
def test_tuiws_demo_starts_its_emulator_before_textual_loads(tmp_path: Path, fails: bool) -> None:
    """The emulator imports and seeds on the other core while Textual loads; the app's
    connection uses that one (no second emulator), and it stops when the app closes, or when
    the command ends if the app never got to start."""
    env = {**os.environ, "TUIWS_DATA_DIR": str(tmp_path / "data")}
    if fails:
        env["FAIL_TO_START"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", START_SCRIPT], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    facts = json.loads(out.stdout.strip().splitlines()[-1])
    code = "no terminal to draw on" if fails else 0
    assert facts == {"code": code, "spawns": 1, "textual_loaded": [False], "stopped": [True]}
