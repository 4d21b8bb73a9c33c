"""Benchmark: load "my week" against the emulator at 50 ms a request, tuiws beside a naive client.

The naive client does what most tools do: one search, then every issue's whole worklog
list, one request at a time. tuiws searches once with the embedded `worklog` field and
fetches, for only the week's window and in parallel, the issues whose embedded list is cut
short. Both run in the same process against the same data; the figures are medians.

    python -m bench.my_week [--latency-ms 50] [--rounds 3] [--flavor cloud|server]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time as _time
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from bench.naive import every_worklog, naive_client
from tuiws.app.demo import demo_profile
from tuiws.domain.started import zoned
from tuiws.domain.week import week_start
from tuiws.emulator import JiraEmulator
from tuiws.factory import build_connection, connect
from tuiws.services.weeks import WeekService

ISSUES = 40
PER_ISSUE_IN_WEEK = 5  # 40 × 5 = 200 worklogs in the week
LONG_HISTORY_EVERY = 8  # every 8th issue has 40 older entries, so its embedded list is cut


def arrange(emu: JiraEmulator, monday: date) -> None:
    state = emu.state
    me = state.demo_user
    ident = me.account_id if emu.flavor == "cloud" else me.name
    zone = ZoneInfo(me.time_zone or "UTC")
    state.add_project("BENCH", "Benchmark")
    for n in range(ISSUES):
        issue = state.add_issue(
            "BENCH", f"Benchmark issue {n + 1}", original_estimate_seconds=40 * 3600
        )
        history = 40 if n % LONG_HISTORY_EVERY == 0 else 10
        for h in range(history):
            state.add_worklog(
                issue.key, ident, zoned(monday - timedelta(days=7 + h), time(10), zone), 1800
            )
        for d in range(PER_ISSUE_IN_WEEK):
            state.add_worklog(
                issue.key, ident, zoned(monday + timedelta(days=d), time(9 + n % 8), zone), 900
            )


async def naive_week(emu: JiraEmulator, monday: date) -> int:
    """Search, then each issue's full worklog list, one request at a time."""
    cloud = emu.flavor == "cloud"
    http, api = naive_client(emu, timeout=30)
    jql = (
        f'worklogAuthor = currentUser() AND worklogDate >= "{monday}" '
        f'AND worklogDate <= "{monday + timedelta(days=6)}"'
    )
    total = 0
    async with http:
        if cloud:
            resp = await http.get(
                f"{api}/search/jql", params={"jql": jql, "fields": "summary", "maxResults": 100}
            )
        else:
            resp = await http.get(
                f"{api}/search", params={"jql": jql, "fields": "summary", "maxResults": 100}
            )
        keys = [i["key"] for i in resp.json()["issues"]]
        last = str(monday + timedelta(days=6))
        for key in keys:
            async for w in every_worklog(http, api, key):
                if str(monday) <= w["started"][:10] <= last:
                    total += w["timeSpentSeconds"]
    return total


async def measure_tuiws(emu: JiraEmulator, monday: date) -> tuple[float, int, int]:
    """The week load alone: the session (who am I, day length) is opened once at start-up."""
    profile = demo_profile(emu)
    async with build_connection(profile) as client:
        session = await connect(client, profile)
        emu.clear_log()
        started = _time.perf_counter()
        week = await WeekService(session).load(monday)
        elapsed = _time.perf_counter() - started
    return elapsed, len(emu.requests), week.total_seconds


async def measure_naive(emu: JiraEmulator, monday: date) -> tuple[float, int, int]:
    emu.clear_log()
    started = _time.perf_counter()
    total = await naive_week(emu, monday)
    elapsed = _time.perf_counter() - started
    return elapsed, len(emu.requests), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--flavor", choices=["cloud", "server"], default="cloud")
    args = parser.parse_args()
    monday = week_start(date(2025, 1, 8))
    with JiraEmulator(args.flavor) as emu:
        arrange(emu, monday)
        emu.latency_ms = args.latency_ms
        results: dict[str, list[tuple[float, int, int]]] = {}
        for name, measure in (
            ("naive (search + every list, serial)", measure_naive),
            ("tuiws (embedded + windowed, parallel)", measure_tuiws),
        ):
            runs = [asyncio.run(measure(emu, monday)) for _ in range(args.rounds)]
            results[name] = runs
    print(
        f"my week: {ISSUES} issues, {ISSUES * PER_ISSUE_IN_WEEK} worklogs in the week, "
        f"{args.latency_ms} ms latency, {args.flavor}, median of {args.rounds}"
    )
    print(f"{'':40} {'requests':>9} {'wall':>9} {'logged':>9}")
    medians = {}
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        medians[name] = wall
        print(f"{name:40} {runs[0][1]:>9} {wall:>8.3f}s {runs[0][2] / 3600:>8.1f}h")
    naive_wall, ours = medians.values()
    print(f"speed-up: {naive_wall / ours:.1f}x (target: at least 8x)")


if __name__ == "__main__":
    main()
