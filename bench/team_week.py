"""Benchmark: a team's week (25 people, 2,500 worklogs) at 50 ms a request, tuiws beside naive.

The naive client does what most tools do: one search for the team's issues, then every
issue's whole worklog list, one request at a time. tuiws reads the members' accounts in bulk,
searches once with the embedded `worklog` field, and fetches, for only the week's window and
in parallel, the issues whose embedded list is cut short. Both run in the same process
against the same data; the tuiws figure is a cold fetch (members and zones included), with
only the session (who am I, day length) opened beforehand, as at start-up. A third figure is
the same grid built from the local cache once a sync has filled it: what the app paints first.

    python -m bench.team_week [--people 25] [--worklogs 2500] [--latency-ms 50]
                              [--rounds 3] [--flavor cloud|server]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time as _time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.naive import every_worklog, naive_client
from tuiws.app.demo import demo_profile
from tuiws.domain.week import week_start
from tuiws.emulator import JiraEmulator
from tuiws.emulator.bigteam import BigTeam, add_big_team
from tuiws.factory import build_connection, connect
from tuiws.services.cached_teams import cached_team_week
from tuiws.services.sync import SyncService
from tuiws.services.team import TeamService
from tuiws.services.team_spec import TeamSpec
from tuiws.store.cache import WorklogCache

MONDAY = week_start(date(2025, 1, 8))


@dataclass(frozen=True)
class Run:
    wall: float
    requests: int
    worklogs: int
    seconds: int


def idents(emu: JiraEmulator, team: BigTeam) -> list[str]:
    return [u.account_id if emu.flavor == "cloud" else u.name for u in team.people]


async def measure_tuiws(emu: JiraEmulator, team: BigTeam) -> Run:
    profile = demo_profile(emu)
    async with build_connection(profile) as client:
        session = await connect(client, profile)
        emu.clear_log()
        started = _time.perf_counter()
        week = await TeamService(session).load(TeamSpec.adhoc(idents(emu, team)), MONDAY)
        elapsed = _time.perf_counter() - started
    count = sum(len(day) for row in week.rows for day in row.worklogs)
    return Run(elapsed, len(emu.requests), count, week.total_seconds)


async def measure_cached(emu: JiraEmulator, team: BigTeam) -> Run:
    """The team grid from the local cache, after a sync has filled it (members known)."""
    profile = demo_profile(emu)
    async with build_connection(profile) as client:
        session = await connect(client, profile)
        service = TeamService(session)
        people = await service.members(TeamSpec.adhoc(idents(emu, team)))
        with (
            tempfile.TemporaryDirectory() as folder,
            WorklogCache(Path(folder) / "cache.sqlite3") as cache,
        ):
            week_end = datetime.combine(MONDAY + timedelta(days=8), datetime.min.time(), UTC)
            await SyncService(session, cache, window_weeks=1, clock=lambda: week_end).sync()
            emu.clear_log()
            started = _time.perf_counter()
            week = cached_team_week(
                cache, "bench", people, MONDAY, zone_for=service.zone_for, rules=service.rules()
            )
            elapsed = _time.perf_counter() - started
    count = sum(len(day) for row in week.rows for day in row.worklogs)
    return Run(elapsed, len(emu.requests), count, week.total_seconds)


async def naive_team_week(emu: JiraEmulator, team: BigTeam) -> tuple[int, int]:
    """Search (paged), then each issue's full worklog list, one request at a time."""
    cloud = emu.flavor == "cloud"
    http, api = naive_client(emu, timeout=60)
    people = idents(emu, team)
    authors = ", ".join(f'"{p}"' for p in people)
    # Two days of slack each side: the people live in zones from UTC-8 to UTC+13.
    first, last = MONDAY - timedelta(days=2), MONDAY + timedelta(days=8)
    jql = f'worklogAuthor in ({authors}) AND worklogDate >= "{first}" AND worklogDate <= "{last}"'
    wanted = set(people)
    count = seconds = 0
    async with http:
        keys: list[str] = []
        token: str | None = None
        while True:
            params: dict[str, str | int] = {"jql": jql, "fields": "summary", "maxResults": 100}
            if cloud:
                if token:
                    params["nextPageToken"] = token
                page = (await http.get(f"{api}/search/jql", params=params)).json()
            else:
                params["startAt"] = len(keys)
                page = (await http.get(f"{api}/search", params=params)).json()
            keys.extend(i["key"] for i in page["issues"])
            token = page.get("nextPageToken")
            done = page.get("isLast", True) if cloud else len(keys) >= page["total"]
            if done or not page["issues"]:
                break
        for key in keys:
            async for w in every_worklog(http, api, key):
                author = w["author"].get("accountId" if cloud else "name")
                if author in wanted and str(first) <= w["started"][:10] <= str(last):
                    count += 1
                    seconds += w["timeSpentSeconds"]
    return count, seconds


async def measure_naive(emu: JiraEmulator, team: BigTeam) -> Run:
    emu.clear_log()
    started = _time.perf_counter()
    count, seconds = await naive_team_week(emu, team)
    elapsed = _time.perf_counter() - started
    return Run(elapsed, len(emu.requests), count, seconds)


def run(
    *,
    people: int = 25,
    worklogs: int = 2500,
    latency_ms: int = 50,
    rounds: int = 1,
    flavor: str = "cloud",
) -> dict[str, list[Run]]:
    """Arrange the data once, then measure both clients `rounds` times each."""
    with JiraEmulator("server" if flavor == "server" else "cloud", seed=False) as emu:
        team = add_big_team(emu.state, MONDAY, people=people, worklogs=worklogs)
        emu.latency_ms = latency_ms
        results: dict[str, list[Run]] = {}
        for name, measure in (
            ("naive (search + every list, serial)", measure_naive),
            ("tuiws (bulk + embedded + windowed)", measure_tuiws),
            ("tuiws from the local cache (synced)", measure_cached),
        ):
            results[name] = [asyncio.run(measure(emu, team)) for _ in range(rounds)]
    return results


def report(results: dict[str, list[Run]], args: argparse.Namespace) -> list[str]:
    lines = [
        f"team week: {args.people} people, {args.worklogs} worklogs in the week, "
        f"{args.latency_ms} ms latency, {args.flavor}, median of {args.rounds}",
        f"{'':40} {'requests':>9} {'wall':>9} {'worklogs':>9} {'logged':>9}",
    ]
    medians: list[float] = []
    for name, runs in results.items():
        wall = statistics.median(r.wall for r in runs)
        medians.append(wall)
        first = runs[0]
        lines.append(
            f"{name:40} {first.requests:>9} {wall:>8.3f}s {first.worklogs:>9} "
            f"{first.seconds / 3600:>8.1f}h"
        )
    naive_wall, ours, cached = medians
    lines.append(
        f"speed-up: {naive_wall / ours:.1f}x cold, {naive_wall / cached:.0f}x from the cache"
    )
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=25)
    parser.add_argument("--worklogs", type=int, default=2500)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--flavor", choices=["cloud", "server"], default="cloud")
    args = parser.parse_args(argv)
    results = run(
        people=args.people,
        worklogs=args.worklogs,
        latency_ms=args.latency_ms,
        rounds=args.rounds,
        flavor=args.flavor,
    )
    print("\n".join(report(results, args)))


if __name__ == "__main__":
    main()
