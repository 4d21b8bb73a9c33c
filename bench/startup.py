"""Benchmark: launch to the first painted week grid beside a bare Textual DataTable app.

Each figure is a fresh process (imports included), run headless, stopped at the first
refresh after its table holds data; medians of several runs, all measured in this run:
`tuiws --demo` to its week frame and to the filled grid, and `tuiws` on a profile whose
local cache a sync filled, with a Jira slow enough that the first grid is the cache's.

    python -m bench.startup [--runs 5]
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 - the clock starts before any import
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def watch_frames(app: Any, wanted: dict[str, Callable[[], object]], last: str) -> dict[str, float]:
    """Seconds since launch to the first frame displayed while each condition held.

    Timed in Textual's `post_display_hook`, which runs right after each frame is composed and
    handed to the terminal (headless too), not by a callback that might run a frame later;
    the app exits once `last` has been seen.
    """
    marks: dict[str, float] = {}

    def after_display() -> None:
        now = time.perf_counter() - STARTED
        for name, holds in wanted.items():
            if name not in marks and holds():
                marks[name] = now
        if last in marks:
            app.exit()

    app.post_display_hook = after_display
    return marks


def child_bare() -> str:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table: DataTable[str] = self.query_one(DataTable)
            table.add_columns("Issue", *[f"Day {n}" for n in range(7)], "Total")
            for n in range(8):
                table.add_row(f"PLAT-{n} something", *["1:00"] * 7, "7:00")

    app = Bare()
    marks = watch_frames(
        app, {"bare": lambda: app.screen.query(DataTable) and app.query_one(DataTable).row_count},
        "bare",
    )
    app.run(headless=True, size=(80, 24))
    return str(marks.get("bare", float("nan")))


def child_tuiws() -> str:
    """`skeleton filled`: seconds to the painted frame with the week's days, then with data."""
    # The imports and the app of `tuiws --demo` (tuiws.entry's fast path).
    import tuiws.entry  # noqa: F401 - part of what the real command imports
    from tuiws.launch import make_demo_app

    with tempfile.TemporaryDirectory() as folder:
        app = make_demo_app("cloud", data_dir=Path(folder))
        home = app.home
        marks = watch_frames(
            app,
            {
                "skeleton": lambda: home.is_mounted and home.grid.columns,
                "filled": lambda: home.is_mounted and home.week and home.grid.row_count,
            },
            "filled",
        )
        app.run(headless=True, size=(80, 24))
        return f"{marks.get('skeleton', float('nan'))} {marks.get('filled', float('nan'))}"


def child_cached(url: str, folder: str) -> str:
    """`tuiws` on a profile whose cache a sync filled: seconds to the grid painted from it.

    The Jira behind `url` answers after seconds, so what shows first is the cache's week.
    """
    import os

    from tuiws.config import ResolvedProfile, Secret
    from tuiws.domain.models import Flavor
    from tuiws.launch import make_app

    profile = ResolvedProfile(
        name="bench", url=url, flavor=Flavor.CLOUD, email=os.environ["BENCH_EMAIL"],
        auth="auto", zone=None, tracking_override=None, week_start="monday", ca_bundle=None,
        token=Secret(os.environ["BENCH_TOKEN"], source="the benchmark"),
    )
    app = make_app(profile, data_dir=Path(folder))
    home = app.home
    marks = watch_frames(
        app,
        {
            "cached": lambda: home.is_mounted and home.week is not None
            and home.grid.row_count and home.status.from_cache
        },
        "cached",
    )
    app.run(headless=True, size=(80, 24))
    return str(marks.get("cached", float("nan")))


def filled_cache(folder: Path) -> tuple[object, str]:
    """An emulator (kept running) and a cache in `folder` synced from it, as `tuiws` leaves it."""
    import asyncio

    from tuiws.demo import demo_profile
    from tuiws.emulator import JiraEmulator
    from tuiws.factory import build_client, connect
    from tuiws.services.sync import SyncService
    from tuiws.store.cache import WorklogCache

    emu = JiraEmulator("cloud")
    emu.__enter__()

    async def sync() -> None:
        profile = demo_profile(emu)
        async with build_client(profile) as client:
            session = await connect(client, profile)
            with WorklogCache.for_profile("bench", folder / "cache") as cache:
                await SyncService(session, cache).sync()

    asyncio.run(sync())
    emu.latency_ms = 3000  # from now on Jira is slow: the first grid must come from the cache
    return emu, emu.url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=["bare", "tuiws", "cached"])
    parser.add_argument("--url")
    parser.add_argument("--folder")
    args = parser.parse_args()
    if args.child:
        if args.child == "cached":
            print(child_cached(args.url, args.folder))
        else:
            print(child_bare() if args.child == "bare" else child_tuiws())
        return
    import os

    from tuiws.emulator import DEMO

    folder = Path(tempfile.mkdtemp())
    emu, url = filled_cache(folder)
    env = dict(os.environ, BENCH_EMAIL=DEMO.email, BENCH_TOKEN=DEMO.api_token)
    results: dict[str, list[float]] = {"bare": [], "skeleton": [], "filled": [], "cached": []}
    for _ in range(args.runs):
        for child in ("bare", "tuiws", "cached"):
            out = subprocess.run(
                [sys.executable, "-m", "bench.startup", "--child", child,
                 "--url", url, "--folder", str(folder)],
                capture_output=True, text=True, check=True, env=env,
            )
            figures = [float(x) for x in out.stdout.strip().splitlines()[-1].split()]
            if child == "tuiws":
                results["skeleton"].append(figures[0])
                results["filled"].append(figures[1])
            else:
                results[child].append(figures[0])
    emu.__exit__(None, None, None)  # type: ignore[attr-defined]
    bare, skeleton, filled, cached = (statistics.median(results[n]) for n in results)
    print(f"launch to first painted grid, 80x24, headless, median of {args.runs}")
    print(f"{'bare Textual app with a DataTable':44} {bare * 1000:8.0f} ms")
    print(f"{'tuiws --demo: the week frame (skeleton)':44} {skeleton * 1000:8.0f} ms"
          f"   {skeleton / bare:.2f}x")
    print(f"{'tuiws --demo: the grid with the week in it':44} {filled * 1000:8.0f} ms"
          f"   {filled / bare:.2f}x")
    print(f"{'tuiws: the grid from the local cache':44} {cached * 1000:8.0f} ms"
          f"   {cached / bare:.2f}x")
    print("target: under 1.5x")


if __name__ == "__main__":
    main()
