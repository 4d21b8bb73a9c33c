"""Benchmark: a cursor move in a 200-row week grid, beside a bare DataTable of the same shape.

Both apps run headless under a Pilot at 120x36 in this process. Each figure is the time from
a key press (down, then up, alternating) to the first frame composed after it (Textual's
`post_display_hook`), median over `--keys` presses: what a person waits between pressing a
key and seeing the cursor move. The tuiws grid is the real app on the emulator, its week
holding `--rows` issues with work logged.

    python -m bench.keystroke [--rows 200] [--keys 40]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time as _time
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer

from tuiws.app.demo import GatedTime, build_demo_app
from tuiws.domain.started import zoned
from tuiws.domain.week import week_start
from tuiws.emulator import JiraEmulator

DAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
SIZE = (120, 36)
TARGET_MS = 50.0


def arrange(emu: JiraEmulator, rows: int) -> None:
    """`rows` issues, each with an hour or two logged by the demo user on a day of DAY's week."""
    state = emu.state
    me = state.demo_user
    ident = me.account_id if emu.flavor == "cloud" else me.name
    zone = ZoneInfo(me.time_zone or "UTC")
    monday = week_start(DAY)
    state.add_project("KEYS", "Keystroke benchmark")
    for n in range(rows):
        issue = state.add_issue("KEYS", f"Keystroke issue {n + 1} with a summary of some length")
        day = monday + timedelta(days=n % 3)
        state.add_worklog(issue.key, ident, zoned(day, time(9 + n % 8), zone), 3600 + 900 * (n % 4))


class FrameClock:
    """Seconds from a key press to the next frame the app composes."""

    def __init__(self, app: App[Any]) -> None:
        self.frame = asyncio.Event()
        app.post_display_hook = self.frame.set  # type: ignore[method-assign]

    async def press(self, app: App[Any], key: str) -> float:
        await asyncio.sleep(0.01)  # let the previous frame's work finish
        self.frame.clear()
        started = _time.perf_counter()
        app.simulate_key(key)
        await asyncio.wait_for(self.frame.wait(), timeout=10)
        return _time.perf_counter() - started


async def until(check: Any, timeout: float = 30.0) -> None:
    deadline = _time.perf_counter() + timeout
    while not check():
        if _time.perf_counter() > deadline:
            raise SystemExit("the app did not show its week in time")
        await asyncio.sleep(0.02)


async def presses(app: App[Any], clock: FrameClock, keys: int) -> list[float]:
    return [await clock.press(app, "down" if n % 2 == 0 else "up") for n in range(keys)]


class BareWeek(App[None]):
    """A bare DataTable shaped like the week: issue, seven days and a total, `rows` rows."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="cell")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        table.add_columns("Issue", *[f"Day {n}" for n in range(7)], "Total")
        for n in range(self.rows):
            table.add_row(f"KEYS-{n + 1} Keystroke issue", *["1:00"] * 7, "7:00")


async def measure_bare(rows: int, keys: int) -> list[float]:
    app = BareWeek(rows)
    async with app.run_test(size=SIZE):
        clock = FrameClock(app)
        await until(lambda: app.query_one(DataTable).row_count == rows)
        app.query_one(DataTable).focus()
        return await presses(app, clock, keys)


async def measure_tuiws(rows: int, keys: int) -> tuple[list[float], int]:
    with (
        JiraEmulator("cloud", today=DAY, clock=lambda: NOW) as emu,
        tempfile.TemporaryDirectory() as folder,
    ):
        arrange(emu, rows)
        app = build_demo_app(emu, Path(folder), today=DAY, time=GatedTime())
        async with app.run_test(size=SIZE):
            clock = FrameClock(app)
            home = app.home
            await until(
                lambda: home.is_mounted and home.week is not None and home.grid.row_count >= rows
            )
            home.grid.focus()
            return await presses(app, clock, keys), home.grid.row_count


def run(rows: int, keys: int) -> tuple[list[float], list[float], int]:
    bare = asyncio.run(measure_bare(rows, keys))
    ours, shown = asyncio.run(measure_tuiws(rows, keys))
    return bare, ours, shown


def report(bare: Sequence[float], ours: Sequence[float], rows: int, shown: int) -> list[str]:
    b, t = statistics.median(bare) * 1000, statistics.median(ours) * 1000
    worst = max(ours) * 1000
    return [
        f"keystroke to repaint: {rows} issues in the week ({shown} grid rows), "
        f"{SIZE[0]}x{SIZE[1]}, headless, median of {len(ours)} presses",
        f"{'bare DataTable of the same shape':40} {b:8.1f} ms",
        f"{'tuiws week grid':40} {t:8.1f} ms   {t / b:.2f}x   (slowest {worst:.1f} ms)",
        f"target: {TARGET_MS:.0f} ms a keystroke: {'holds' if t <= TARGET_MS else 'missed'}",
    ]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--keys", type=int, default=40)
    args = parser.parse_args(argv)
    bare, ours, shown = run(args.rows, args.keys)
    print("\n".join(report(bare, ours, args.rows, shown)))


if __name__ == "__main__":
    main()
