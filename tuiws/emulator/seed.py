"""The deterministic demo team: eight people in eight zones, their projects and seven weeks of work.

Everything comes from one `random.Random` with a fixed seed and is placed relative to `today`,
so two instances seeded for the same day (and clock) are identical.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from . import adf
from .addon_seed import seed_addons
from .credentials import DEMO_USERNAME
from .models import Comment, User
from .state import EmulatorState
from .world import (
    ADMIN_USERNAME,
    BULLETS,
    ESTIMATES,
    FIXED_ISSUES,
    GENERATED,
    NOTES,
    PROJECTS,
    STATUS_WEIGHTS,
    TEAMS,
)
from .world import (
    TEAM as TEAM,  # re-exported: tests name the demo team through the seed
)

SEED = 20240611
WEEKS_BEFORE = 6  # full weeks of history before the current one

# Issues with a special behaviour, by key (stable across seeds).
MEETINGS = "INT-1"
ADMIN = "INT-2"
SUPPORT_ROTATION = "INT-3"
TIME_TRACKING_OFF = "DOCS-1"  # project DOCS has time tracking switched off
UNBROWSABLE = "FIN-1"  # project FIN: only Jira admins can browse it (not the demo user)
LOCKED = "SEC-1"  # project SEC: adding allowed, editing/deleting worklogs is not
AT_LIMIT = "OPS-1"  # per-issue worklog limit reached: adding answers 413
DEMO_GROUP = "tuiws-team"  # a Jira group holding the whole demo team


@dataclass(frozen=True)
class SeedKeys:
    """The seeded issues with a special behaviour, for tests and demos."""

    meetings: str = MEETINGS
    admin: str = ADMIN
    support_rotation: str = SUPPORT_ROTATION
    time_tracking_off: str = TIME_TRACKING_OFF
    unbrowsable: str = UNBROWSABLE
    locked: str = LOCKED
    at_limit: str = AT_LIMIT
    admin_username: str = ADMIN_USERNAME


KEYS = SeedKeys()


@dataclass
class _Planned:
    issue_key: str
    author: str
    started: datetime
    seconds: int
    comment: Comment
    created: datetime
    edited: datetime | None = None


def build_state(
    flavor: str = "cloud",
    *,
    today: date | None = None,
    clock: Callable[[], datetime] | None = None,
    full: bool = True,
) -> EmulatorState:
    """A fresh state, seeded (or with only the team's accounts when `full` is false)."""
    state = EmulatorState(
        "server" if flavor == "server" else "cloud",
        clock=clock,
        populate=populator(today=today, full=full),
    )
    return state


def populator(*, today: date | None, full: bool) -> Callable[[EmulatorState], None]:
    """The function `EmulatorState.reset()` runs to (re)build this seed."""

    def populate(state: EmulatorState) -> None:
        rng = random.Random(SEED)
        add_people(state, rng)
        # The demo user's own date, not UTC's: just after midnight in Berlin on a Monday, UTC
        # is still on Sunday, and the week the app opens on would be seeded as next week.
        day = today or demo_today(state)
        if full:
            add_work(state, rng, day)
        seed_addons(state, day, full=full)

    return populate


def demo_today(state: EmulatorState) -> date:
    """Today where the demo user lives (the date their app opens its week on)."""
    return state.now().astimezone(ZoneInfo(state.demo_user.time_zone)).date()


def add_people(state: EmulatorState, rng: random.Random) -> None:
    for index, person in enumerate(TEAM):
        account = f"712020:{uuid.UUID(int=rng.getrandbits(128), version=4)}"
        key = person.username if index < 4 else f"JIRAUSER{10100 + index}"
        state.add_user(
            person.display_name,
            person.email,
            person.username,
            person.time_zone,
            account_id=account,
            key=key,
            admin=person.admin,
        )
    state.add_group(DEMO_GROUP, [p.username for p in TEAM])


def _weighted_status(rng: random.Random) -> str:
    roll = rng.uniform(0, 100)
    for status, weight in STATUS_WEIGHTS:
        roll -= weight
        if roll <= 0:
            return status
    return "Done"


def _add_issues(state: EmulatorState, rng: random.Random, window_start: datetime) -> None:
    for key, name, flags in PROJECTS:
        state.add_project(key, name, **flags)
    for key, _name, _flags in PROJECTS:
        team = TEAMS.get(key, tuple(p.username for p in TEAM))
        summaries = list(FIXED_ISSUES.get(key, ()))
        if key in GENERATED:
            count, verbs, things = GENERATED[key]
            combos = [f"{v} {t}" for v in verbs for t in things]
            rng.shuffle(combos)
            summaries.extend(combos[:count])
        for summary in summaries:
            created = window_start - timedelta(
                days=rng.randint(3, 150), minutes=rng.randint(0, 600)
            )
            internal = key == "INT"
            estimate = None if internal else rng.choice(ESTIMATES)
            state.add_issue(
                key,
                summary,
                original_estimate_seconds=estimate,
                status="In Progress" if internal else _weighted_status(rng),
                assignee=None if internal else rng.choice(team),
                description=f"{summary}. Tracked for the {key} team.",
                created=created,
            )


def _doc(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"type": "doc", "version": 1, "content": list(blocks)}


def _para(*inline: dict[str, Any]) -> dict[str, Any]:
    return {"type": "paragraph", "content": list(inline)}


def _text(value: str) -> dict[str, Any]:
    return {"type": "text", "text": value}


def _comment(rng: random.Random, people: list[User], author: User) -> dict[str, Any] | None:
    roll = rng.random()
    if roll < 0.35:
        return None
    if roll < 0.75:
        return _doc(_para(_text(rng.choice(NOTES))))
    if roll < 0.85:
        first, second = rng.sample(NOTES, 2)
        return _doc(_para(_text(first)), _para(_text(second + ".")))
    if roll < 0.93:
        items = rng.sample(BULLETS, rng.randint(2, 3))
        bullet_list = {
            "type": "bulletList",
            "content": [{"type": "listItem", "content": [_para(_text(item))]} for item in items],
        }
        return _doc(_para(_text("Today:")), bullet_list)
    buddy = rng.choice([p for p in people if p.account_id != author.account_id])
    mention = {
        "type": "mention",
        "attrs": {"id": buddy.account_id, "text": f"@{buddy.display_name}", "accessLevel": ""},
    }
    return _doc(_para(_text("Paired with "), mention, _text(" on " + rng.choice(NOTES).lower())))


def _store_comment(state: EmulatorState, document: dict[str, Any] | None) -> Comment:
    if document is None:
        return None
    if state.flavor == "cloud":
        return document

    def mention(attrs: dict[str, Any]) -> str:
        found = state.find_user(str(attrs.get("id", "")))
        return f"[~{found.name}]" if found else str(attrs.get("text", ""))

    return adf.to_text(document, mention=mention)


def _day_plan(
    rng: random.Random,
    person: str,
    week_focus: list[str],
    on_support: bool,
    extras: dict[str, list[str]],
) -> list[tuple[str, int]]:
    """(issue key, seconds) for one working day, in order."""
    quarter = 15 * 60
    roll = rng.random()
    if roll < 0.05:
        target = rng.choice((38, 40, 42, 44)) * quarter  # an over-long day
    elif roll < 0.15:
        target = rng.choice((20, 22, 24)) * quarter  # a short day
    else:
        target = rng.choice((26, 28, 30, 32, 32, 32, 34)) * quarter
    plan: list[tuple[str, int]] = []
    if rng.random() < 0.85:
        plan.append((MEETINGS, quarter))
    if on_support:
        plan.append((SUPPORT_ROTATION, rng.choice((6, 8, 10)) * quarter))
    if rng.random() < 0.2:
        plan.append((ADMIN, rng.choice((2, 3, 4)) * quarter))
    if rng.random() < 0.08:
        plan.append(("INT-4", 4 * quarter))
    for extra_key in extras.get(person, []):
        if rng.random() < 0.15:
            plan.append((extra_key, rng.choice((2, 4, 6)) * quarter))
    left = target - sum(seconds for _, seconds in plan)
    chunks = rng.randint(1, 3)
    for index in range(chunks):
        if left < 2 * quarter:
            break
        share = (
            left if index == chunks - 1 else rng.randint(2, max(2, left // quarter - 2)) * quarter
        )
        plan.append((rng.choice(week_focus), share))
        left -= share
    return plan


def add_work(state: EmulatorState, rng: random.Random, today: date) -> None:
    this_monday = today - timedelta(days=today.weekday())
    first_day = this_monday - timedelta(weeks=WEEKS_BEFORE)
    window_start = datetime.combine(first_day, time(), tzinfo=UTC)
    _add_issues(state, rng, window_start)
    now = state.now()
    people = list(state.users)
    issues = state.issues()
    by_project: dict[str, list[str]] = {}
    for issue in issues:
        by_project.setdefault(issue.project_key, []).append(issue.key)

    extras = {
        ADMIN_USERNAME: ["FIN-1", "FIN-2", "FIN-3", "SEC-1", AT_LIMIT],
        DEMO_USERNAME: ["SEC-1", "SEC-2", AT_LIMIT],
        "ohughes": ["SEC-2", "SEC-3"],
        "sokafor": [AT_LIMIT],
        "mwebb": [AT_LIMIT],
    }
    weeks = WEEKS_BEFORE + 1
    support_rota = [people[(week * 3) % len(people)].name for week in range(weeks)]
    planned: list[_Planned] = []
    for user in people:
        zone = ZoneInfo(user.time_zone)
        projects = [key for key, team in TEAMS.items() if user.name in team and key in GENERATED]
        pool = [k for p in projects for k in by_project[p] if k != AT_LIMIT] or by_project["PLAT"]
        vacation_week = rng.randrange(weeks - 1)
        vacation_days = set(rng.sample(range(5), rng.randint(2, 4)))
        for week in range(weeks):
            focus = rng.sample(pool, 3)
            for weekday in range(5):
                day = first_day + timedelta(weeks=week, days=weekday)
                if day > today:
                    break
                if week == vacation_week and weekday in vacation_days:
                    continue
                if rng.random() < 0.04:
                    continue  # a forgotten day: a gap
                plan = _day_plan(rng, user.name, focus, support_rota[week] == user.name, extras)
                cursor = datetime.combine(day, time(8), tzinfo=zone) + timedelta(
                    minutes=15 * rng.randint(0, 8)
                )
                worked = 0
                for issue_key, seconds in plan:
                    if worked >= 4 * 3600 and worked - seconds < 4 * 3600:
                        cursor += timedelta(minutes=rng.choice((30, 45, 60)))
                    started = cursor
                    if rng.random() < 0.07:
                        started = datetime.combine(day, time(12), tzinfo=zone)  # date-only style
                    elif rng.random() < 0.05:
                        started = cursor + timedelta(minutes=rng.randint(1, 13))  # odd minute
                    end = started + timedelta(seconds=seconds)
                    if rng.random() < 0.08:
                        late = datetime.combine(
                            day + timedelta(days=rng.randint(1, 4)), time(17, 30), tzinfo=zone
                        )
                        created = late + timedelta(minutes=rng.randint(0, 50))
                    else:
                        created = end + timedelta(minutes=rng.randint(1, 25))
                    document = _comment(rng, people, user)
                    edited = None
                    if rng.random() < 0.03:
                        edited = created + timedelta(hours=rng.randint(1, 30))
                    planned.append(
                        _Planned(
                            issue_key,
                            user.account_id,
                            started.astimezone(UTC),
                            seconds,
                            _store_comment(state, document),
                            created.astimezone(UTC),
                            edited.astimezone(UTC) if edited else None,
                        )
                    )
                    cursor = end
                    worked += seconds

    latest = now - timedelta(minutes=2)
    # Work is logged once done: nothing still running or yet to come (unless filled below).
    kept = [p for p in planned if p.started + timedelta(seconds=p.seconds) <= now]
    demo = state.demo_user.account_id
    monday_utc = datetime.combine(this_monday, time(), tzinfo=UTC) - timedelta(hours=14)
    if not any(p.author == demo and p.started >= monday_utc for p in kept):
        # Keep the demo week from looking empty early on a Monday: today's plan, logged ahead.
        kept.extend(
            p
            for p in planned
            if p.author == demo and p.started + timedelta(seconds=p.seconds) > now
        )
    for item in kept:
        item.created = min(item.created, latest)
        if item.edited is not None:
            item.edited = min(max(item.edited, item.created), latest)
    kept.sort(key=lambda p: (p.created, p.started, p.author))

    at_limit_count = 0
    for item in kept:
        if item.issue_key == AT_LIMIT:
            at_limit_count += 1
        worklog = state.add_worklog(
            item.issue_key, item.author, item.started, item.seconds, item.comment, item.created
        )
        if item.edited is not None:
            state.update_worklog(worklog.id, updated=item.edited)
    _settle_estimates(state, rng)
    state.issue(AT_LIMIT).worklog_limit = at_limit_count


def _settle_estimates(state: EmulatorState, rng: random.Random) -> None:
    for issue in state.issues():
        original = issue.original_estimate_seconds
        if original is None:
            issue.remaining_estimate_seconds = None
            continue
        if issue.status == "Done":
            issue.remaining_estimate_seconds = 0
            continue
        spent = state.time_spent(issue)
        slack = rng.choice((0, 0, 3600, 2 * 3600, -3600))
        issue.remaining_estimate_seconds = max(0, original - spent + slack)
