"""A big team for benchmarks and paging tests: N people in many zones, M worklogs in one week.

Deterministic: the same arguments give the same people, issues and worklogs. Every
`long_history_every`-th issue also carries older work, so its embedded `worklog` list (20
entries) is cut short, as busy issues' lists are on a real Jira.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .models import User
from .state import EmulatorState

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "UTC",
    "Pacific/Auckland",
    "Asia/Tokyo",
)
QUARTER = 15 * 60


@dataclass(frozen=True)
class BigTeam:
    people: list[User]
    group: str
    project: str
    issue_keys: list[str]
    worklogs_in_week: int


def add_big_team(
    state: EmulatorState,
    monday: date,
    *,
    people: int = 25,
    worklogs: int = 2500,
    issues: int | None = None,
    group: str = "big-team",
    project: str = "BIG",
    long_history_every: int = 8,
    seed: int = 4242,
) -> BigTeam:
    """Add the people (as group `group`), a project of issues, and `worklogs` in the week."""
    rng = random.Random(seed)
    issue_count = issues if issues is not None else max(1, worklogs // 10)
    with state.lock:
        first = len(state.users)
        team = [
            state.add_user(
                f"Team Member {first + n + 1:03d}",
                f"member{first + n + 1:03d}@example.com",
                f"member{first + n + 1:03d}",
                ZONES[n % len(ZONES)],
            )
            for n in range(people)
        ]
        state.add_group(group, [u.account_id for u in team])
        if project.upper() not in state.projects:
            state.add_project(project, f"{project.title()} team work")
        week_begins = datetime.combine(monday, time(), tzinfo=UTC)
        keys = [
            state.add_issue(
                project,
                f"Team task {n + 1}",
                original_estimate_seconds=rng.choice((None, 8 * 3600, 40 * 3600)),
                created=week_begins - timedelta(days=90),
            ).key
            for n in range(issue_count)
        ]
        for n, key in enumerate(keys):
            if long_history_every and n % long_history_every == 0:
                for h in range(25):
                    author = rng.choice(team)
                    started = week_begins - timedelta(days=14 + h, hours=-9)
                    state.add_worklog(key, author.name, started, 2 * QUARTER, created=started)
        now = state.now()
        for _ in range(worklogs):
            author = rng.choice(team)
            zone = ZoneInfo(author.time_zone)
            weekday = rng.randrange(7) if rng.random() < 0.03 else rng.randrange(5)
            at = time(rng.randrange(8, 17), rng.choice((0, 15, 30, 45)))
            started = datetime.combine(monday + timedelta(days=weekday), at, tzinfo=zone)
            seconds = rng.randint(1, 12) * QUARTER
            if rng.random() < 0.05:
                created = started + timedelta(days=rng.randint(3, 6))  # typed in from memory
            else:
                created = started + timedelta(seconds=seconds, minutes=rng.randint(1, 20))
            created = min(created, max(now, started))
            state.add_worklog(rng.choice(keys), author.name, started, seconds, created=created)
    return BigTeam(team, group, project.upper(), keys, worklogs)
