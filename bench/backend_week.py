"""Benchmark: "my week" through a worklog backend at 50 ms a request, tuiws beside naive clients.

On Jira Server with the Worklog extender, tuiws asks the plugin once for the person's week
(a day more each side, cut by instant) and Jira once per 50 issues for their summaries. The
naive clients do what most tools do: the plugin one day at a time, or Jira's search then
every issue's whole worklog list, one request at a time. tuiws on Jira's own REST API (the
embedded-worklog search) is shown beside them. All run in the same process against the same
data; the figures are medians.

On Tempo v4 (beside Jira Cloud) tuiws loads my week as the app does: the person's worklogs,
the approval periods and the schedule in parallel, then Jira once for the issues' keys and
summaries (v4 worklogs carry only issue ids). The naive client asks Tempo one day at a time,
then Jira once per issue for its key. Round trips are the waves of requests the emulator
sees: a wave starts when a request arrives while none is in flight.

    python -m bench.backend_week [--issues 40] [--latency-ms 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import threading
import time as _time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import httpx

from bench.naive import every_worklog, naive_client
from tuiws.app.demo import demo_profile
from tuiws.backends.base import Connection
from tuiws.backends.registry import Hooks, connection_for
from tuiws.domain.started import zoned
from tuiws.domain.week import week_days, week_start
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.tempo import tempo_store
from tuiws.services.schedule import beside, locked_by_day, required_by_day
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
    round_trips: int = 0


class RoundTrips:
    """Counts the waves of requests the emulator serves: one starts when a request arrives
    while none is in flight (requests sent together make one wave; one after another, many)."""

    def __init__(self) -> None:
        self.count = 0
        self._in_flight = 0
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self.count = 0

    def counted(self, serve: Callable[..., Any]) -> Callable[..., Any]:
        def serve_counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.count += self._in_flight == 0
                self._in_flight += 1
            try:
                return serve(*args, **kwargs)
            finally:
                with self._lock:
                    self._in_flight -= 1

        return serve_counted


@contextmanager
def watched(emu: JiraEmulator) -> Iterator[RoundTrips]:
    """`emu` started with its round trips counted (its request handler wrapped first: the
    server takes the handler when it starts)."""
    trips = RoundTrips()
    with mock.patch.object(emu, "_serve", trips.counted(emu._serve)), emu:
        yield trips


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


async def tuiws_tempo(emu: JiraEmulator, trips: RoundTrips) -> Run:
    """My week as the app loads it on Tempo v4: the week beside its schedule, then the locks
    (known by then: the approval periods come beside the worklogs)."""
    profile = demo_profile(emu, worklogs="tempo")
    async with connection_for(profile, Hooks()) as connection:
        session = await connect(connection, profile)
        emu.clear_log()
        trips.reset()
        started = _time.perf_counter()
        week, _ = await beside(
            WeekService(session).load(MONDAY),
            required_by_day(session, session.me, week_days(MONDAY)),
        )
        await locked_by_day(session, session.me, week.days)
        elapsed = _time.perf_counter() - started
    return Run(elapsed, len(emu.requests), week.total_seconds, trips.count)


async def _get(http: httpx.AsyncClient, path: str, params: dict[str, str]) -> Any:
    answer = await http.get(path, params=params)
    answer.raise_for_status()
    return answer.json()


async def naive_tempo(emu: JiraEmulator, trips: RoundTrips) -> Run:
    """Tempo asked one day at a time, then Jira once per issue for its key, serially."""
    jira, api = naive_client(emu, timeout=30)
    bearer = {"Authorization": f"Bearer {DEMO.tempo_token}"}
    tempo = httpx.AsyncClient(base_url=f"{emu.url}/tempo", headers=bearer, timeout=30)
    account = emu.state.demo_user.account_id
    emu.clear_log()
    trips.reset()
    started = _time.perf_counter()
    seconds = 0
    keys: dict[str, str] = {}
    async with jira, tempo:
        for d in range(7):
            day = str(MONDAY + timedelta(days=d))
            params = {"from": day, "to": day, "limit": "1000"}
            page = await _get(tempo, f"/4/worklogs/user/{account}", params)
            for worklog in page["results"]:
                seconds += worklog["timeSpentSeconds"]
                issue_id = str(worklog["issue"]["id"])
                if issue_id not in keys:
                    issue = await _get(jira, f"{api}/issue/{issue_id}", {"fields": "summary"})
                    keys[issue_id] = issue["key"]
    return Run(_time.perf_counter() - started, len(emu.requests), seconds, trips.count)


TEMPO_MEASURES: tuple[
    tuple[str, Callable[[JiraEmulator, RoundTrips], Coroutine[Any, Any, Run]]], ...
] = (
    ("naive Tempo (per day, then per issue)", naive_tempo),
    ("tuiws on Tempo v4", tuiws_tempo),
)


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


def run_tempo(*, issues: int, latency_ms: int, rounds: int) -> dict[str, list[Run]]:
    """The same week on Jira Cloud with Tempo v4. The emulator's Tempo limit is off, so no
    client pays for the budget the one before it spent (tuiws paces itself under it anyway;
    the naive client does not, which only flatters it)."""
    emu = JiraEmulator("cloud", seed=False)
    with watched(emu) as trips:
        tempo_store(emu.state).rate_limit = None
        arrange(emu, issues)
        emu.latency_ms = latency_ms
        return {
            name: [asyncio.run(measure(emu, trips)) for _ in range(rounds)]
            for name, measure in TEMPO_MEASURES
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
    return lines


def report_tempo(results: dict[str, list[Run]], args: argparse.Namespace) -> list[str]:
    lines = [
        f"my week on Jira Cloud + Tempo v4: {args.issues} issues, "
        f"{args.issues * PER_ISSUE_IN_WEEK} worklogs in the week, {args.latency_ms} ms latency, "
        f"median of {args.rounds}",
        f"{'':40} {'requests':>9} {'trips':>6} {'wall':>9} {'logged':>9}",
    ]
    walls: list[float] = []
    for name, runs in results.items():
        walls.append(statistics.median(r.wall for r in runs))
        first = runs[0]
        lines.append(
            f"{name:40} {first.requests:>9} {first.round_trips:>6} {walls[-1]:>8.3f}s "
            f"{first.seconds / 3600:>8.1f}h"
        )
    naive, ours = walls
    lines.append(f"speed-up on Tempo v4: {naive / ours:.1f}x over a request per day and per issue")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--issues", type=int, default=40)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    results = run(issues=args.issues, latency_ms=args.latency_ms, rounds=args.rounds)
    print("\n".join(report(results, args)))
    tempo = run_tempo(issues=args.issues, latency_ms=args.latency_ms, rounds=args.rounds)
    print("\n".join(report_tempo(tempo, args)))


if __name__ == "__main__":
    main()
