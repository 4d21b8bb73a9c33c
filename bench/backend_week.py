"""Benchmark: "my week" through a worklog backend at 50 ms a request, tuiws beside naive clients.

On Jira Server with the Worklog extender, tuiws asks the plugin once for the person's week
(a day more each side, cut by instant) and Jira once per 50 issues for their summaries. The
naive clients do what most tools do: the plugin one day at a time, or Jira's search then
every issue's whole worklog list, one request at a time. tuiws on Jira's own REST API (the
embedded-worklog search) is shown beside them. All run in the same process against the same
data; the figures are medians. Tempo v4 is not measured here yet: its adapter is not built.

    python -m bench.backend_week [--issues 40] [--latency-ms 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time as _time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.naive import every_worklog, naive_client
from tuiws.app.demo import demo_profile
from tuiws.backends.base import Connection
from tuiws.backends.registry import Hooks, connection_for
from tuiws.domain.started import zoned
from tuiws.domain.week import week_start
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.services.session import connect
from tuiws.services.weeks import WeekService

MONDAY = week_start(date(2025, 1, 8))
PER_ISSUE_IN_WEEK = 5
HISTORY = 10  # older entries per issue: what a client reading whole lists pays for


@dataclass(frozen=True)
class Run:
    wall: float
    requests: int
    seconds: int


def arrange(emu: JiraEmulator, issues: int) -> None:
    state = emu.state
    zone = ZoneInfo(state.demo_user.time_zone or "UTC")
    state.add_project("BENCH", "Benchmark")
    for n in range(issues):
        key = state.add_issue("BENCH", f"Benchmark issue {n + 1}").key
        for h in range(HISTORY):
            older = zoned(MONDAY - timedelta(days=7 + h), time(10), zone)
            state.add_worklog(key, DEMO.username, older, 1800)
        for d in range(PER_ISSUE_IN_WEEK):
            at = zoned(MONDAY + timedelta(days=d), time(9 + n % 8), zone)
            state.add_worklog(key, DEMO.username, at, 900)


async def _tuiws(emu: JiraEmulator, build: Callable[[], Connection]) -> Run:
    """The week load alone: the session (who am I, day length) is opened once at start-up."""
    async with build() as connection:
        session = await connect(connection, demo_profile(emu))
        emu.clear_log()
        started = _time.perf_counter()
        week = await WeekService(session).load(MONDAY)
        elapsed = _time.perf_counter() - started
    return Run(elapsed, len(emu.requests), week.total_seconds)


async def tuiws_extender(emu: JiraEmulator) -> Run:
    profile = replace(demo_profile(emu), worklogs="extender")
    return await _tuiws(emu, lambda: connection_for(profile, Hooks()))


async def tuiws_jira(emu: JiraEmulator) -> Run:
    return await _tuiws(emu, lambda: connection_for(demo_profile(emu), Hooks()))


async def naive_per_day(emu: JiraEmulator) -> Run:
    """The plugin asked for one day at a time, serially."""
    http, _ = naive_client(emu, timeout=30)
    emu.clear_log()
    started = _time.perf_counter()
    seconds = 0
    async with http:
        for d in range(7):
            day = str(MONDAY + timedelta(days=d))
            page = await http.get(
                f"/rest/extender/1.0/worklog/user/{DEMO.username}",
                params={"dateFrom": day, "dateTo": day},
            )
            seconds += sum(w["timeWorked"] for w in page.json()["worklogs"])
    return Run(_time.perf_counter() - started, len(emu.requests), seconds)


async def naive_per_issue(emu: JiraEmulator) -> Run:
    """Jira's search, then each issue's whole worklog list, serially."""
    http, api = naive_client(emu, timeout=30)
    first, last = str(MONDAY), str(MONDAY + timedelta(days=6))
    jql = f'worklogAuthor = currentUser() AND worklogDate >= "{first}" AND worklogDate <= "{last}"'
    emu.clear_log()
    started = _time.perf_counter()
    seconds = 0
    async with http:
        found = await http.get(
            f"{api}/search", params={"jql": jql, "fields": "summary", "maxResults": 100}
        )
        for issue in found.json()["issues"]:
            async for w in every_worklog(http, api, issue["key"]):
                if first <= w["started"][:10] <= last:
                    seconds += w["timeSpentSeconds"]
    return Run(_time.perf_counter() - started, len(emu.requests), seconds)


MEASURES: tuple[tuple[str, Callable[[JiraEmulator], Coroutine[Any, Any, Run]]], ...] = (
    ("naive extender (a request per day)", naive_per_day),
    ("naive Jira (search + every list)", naive_per_issue),
    ("tuiws on Jira REST (embedded search)", tuiws_jira),
    ("tuiws on the extender", tuiws_extender),
)


def run(*, issues: int, latency_ms: int, rounds: int) -> dict[str, list[Run]]:
    with JiraEmulator("server", seed=False) as emu:
        arrange(emu, issues)
        emu.latency_ms = latency_ms
        return {
            name: [asyncio.run(measure(emu)) for _ in range(rounds)] for name, measure in MEASURES
        }


def report(results: dict[str, list[Run]], args: argparse.Namespace) -> list[str]:
    lines = [
        f"my week on Jira Server + Worklog extender: {args.issues} issues, "
        f"{args.issues * PER_ISSUE_IN_WEEK} worklogs in the week, {args.latency_ms} ms latency, "
        f"median of {args.rounds}",
        f"{'':40} {'requests':>9} {'wall':>9} {'logged':>9}",
    ]
    walls: dict[str, float] = {}
    for name, runs in results.items():
        walls[name] = statistics.median(r.wall for r in runs)
        first = runs[0]
        lines.append(
            f"{name:40} {first.requests:>9} {walls[name]:>8.3f}s {first.seconds / 3600:>8.1f}h"
        )
    per_day, per_issue, _, ours = walls.values()
    lines.append(
        f"speed-up of the extender: {per_day / ours:.1f}x over a request per day, "
        f"{per_issue / ours:.1f}x over a request per issue"
    )
    lines.append("Tempo v4: not measured (no tuiws.backends.tempo adapter yet)")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--issues", type=int, default=40)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    results = run(issues=args.issues, latency_ms=args.latency_ms, rounds=args.rounds)
    print("\n".join(report(results, args)))


if __name__ == "__main__":
    main()
