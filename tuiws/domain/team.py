"""A team's week: people × days, each person's days cut in that person's own zone.

Pure: given the members (with the zone to bucket each in), the issues and the worklogs, it
builds the grid a lead reviews, with per-day flags and the days each person's timesheet locks
(Tempo: submitted for approval, or approved). A row keeps its worklogs per day, so one
person's issues × days `Week` comes out of it without asking Jira again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from tuiws.domain.models import Issue, User, Worklog
from tuiws.domain.started import local_day
from tuiws.domain.timesheet import Week, build_week
from tuiws.domain.week import week_days
from tuiws.domain.week_view import WeekTotals, required_or_workday, under_required

__all__ = [
    "FLAGS",
    "Flag",
    "Member",
    "TeamRow",
    "TeamRules",
    "TeamWeek",
    "build_team_week",
]

Flag = Literal["under", "over", "weekend", "late"]
FLAGS: tuple[Flag, ...] = ("under", "over", "weekend", "late")

DEFAULT_CEILING_SECONDS = 10 * 3600
DEFAULT_LATE_AFTER = timedelta(hours=48)


@dataclass(frozen=True)
class TeamRules:
    """What makes a day worth a second look.

    `under`: a day, today or earlier in the person's zone, below what it requires: the
    person's schedule in `required_by_person` where it has the day (a holiday: 0, never
    under), else `required_seconds` on a workday. `over`: more than `ceiling_seconds` in one
    day. `weekend`: time logged on a day off (a day the schedule requires nothing of, or
    without a schedule, not a workday). `late`: a worklog whose `created` is more than
    `late_after` after its `started` (entered from memory, or to fill a gap).

    A locked day (`locked_by_person`) keeps its flags: a week submitted short is what a lead
    reviews before approving it, so its `under` stays, and the lock is shown beside it.
    """

    required_seconds: int = 8 * 3600
    ceiling_seconds: int = DEFAULT_CEILING_SECONDS
    late_after: timedelta = DEFAULT_LATE_AFTER
    workdays: frozenset[int] = frozenset(range(5))
    """Weekday numbers (0 = Monday) people are expected to work."""
    now: datetime | None = None
    """The instant "today" is judged from (None: no day counts as past, so no `under`)."""
    required_by_person: Mapping[str, Mapping[date, int]] = field(default_factory=dict)
    """Each person's (by `User.ident`) required seconds per day, from their schedule."""
    locked_by_person: Mapping[str, Mapping[date, str]] = field(default_factory=dict)
    """Each person's (by `User.ident`) locked days, with why ("approved")."""

    @property
    def scheduled(self) -> bool:
        """Whether anyone's days follow a schedule rather than one figure for everyone."""
        return bool(self.required_by_person)

    def required_on(self, ident: str, day: date) -> int:
        """The seconds the person should log on `day`."""
        schedule = self.required_by_person.get(ident, {})
        return required_or_workday(schedule, day, self.required_seconds, self.workdays)

    def locked_on(self, ident: str, day: date) -> str | None:
        """Why the person's `day` is locked (Tempo's words), or None: it is open."""
        return self.locked_by_person.get(ident, {}).get(day)

    def day_off(self, ident: str, day: date) -> bool:
        schedule = self.required_by_person.get(ident, {})
        if day in schedule:
            return schedule[day] == 0
        return day.weekday() not in self.workdays


@dataclass(frozen=True)
class Member:
    """A person and the zone their days are cut in."""

    user: User
    zone: ZoneInfo


@dataclass(frozen=True)
class TeamRow:
    user: User
    zone: ZoneInfo
    worklogs: tuple[tuple[Worklog, ...], ...]
    """Seven tuples, one per day in the person's zone, each sorted by start."""
    flags: tuple[tuple[Flag, ...], ...]
    """Seven tuples of flag names, in `FLAGS` order."""
    locked: tuple[str | None, ...] = (None,) * 7
    """Seven entries: why the day is locked ("approved", "submitted for approval"), or None."""

    @property
    def seconds(self) -> list[int]:
        return [sum(w.time_spent_seconds for w in day) for day in self.worklogs]

    @property
    def total_seconds(self) -> int:
        return sum(self.seconds)

    def all_worklogs(self) -> list[Worklog]:
        return [w for day in self.worklogs for w in day]

    def as_json(self) -> dict[str, Any]:
        user: dict[str, Any] = dict(self.user.as_json())
        user["zone"] = self.zone.key
        return {
            "user": user,
            "seconds": self.seconds,
            "totalSeconds": self.total_seconds,
            "flags": [list(day) for day in self.flags],
            "locked": list(self.locked),
        }


@dataclass(frozen=True)
class TeamWeek(WeekTotals):
    team: str
    start: date
    rows: tuple[TeamRow, ...]
    issues: tuple[Issue, ...] = field(default=())
    """Every issue the rows' worklogs are on, so a person's `Week` can be built offline."""
    rules: TeamRules = field(default_factory=TeamRules)

    def _day_rows(self) -> Sequence[TeamRow]:
        return self.rows

    def row_for(self, ident: str) -> TeamRow:
        """The row of the person with this account id or username; KeyError if none."""
        for row in self.rows:
            if ident in (row.user.ident, row.user.account_id, row.user.name):
                return row
        raise KeyError(ident)

    @property
    def locked_reasons(self) -> tuple[str, ...]:
        """Why any day shown is locked, each reason once, sorted (empty: nothing is locked)."""
        return tuple(sorted({why for r in self.rows for why in r.locked if why is not None}))

    def locked_for(self, person: TeamRow) -> dict[date, str]:
        """That person's locked days of the week, with why."""
        return {d: why for d, why in zip(self.days, person.locked, strict=True) if why is not None}

    def week_for(self, person: TeamRow | str) -> Week:
        """That person's issues × days week, in their zone, from the worklogs already here."""
        row = person if isinstance(person, TeamRow) else self.row_for(person)
        return build_week(row.user, self.start, row.zone, self.issues, row.all_worklogs())

    def to_json(self) -> dict[str, Any]:
        """The documented `team --format json` shape."""
        return {
            "team": self.team,
            "weekStart": self.start.isoformat(),
            "days": [d.isoformat() for d in self.days],
            "rows": [r.as_json() for r in self.rows],
            "dayTotals": self.day_totals,
            "totalSeconds": self.total_seconds,
        }


def build_team_week(
    team: str,
    start: date,
    members: Sequence[Member],
    issues: Iterable[Issue],
    worklogs: Iterable[Worklog],
    rules: TeamRules | None = None,
) -> TeamWeek:
    """Bucket each member's worklogs into the week's days in that member's zone.

    Worklogs by people outside the team, outside a member's week, on unknown issues, or seen
    twice (an issue fetched by two searches) are ignored. Rows keep the members' order.
    """
    rules = rules or TeamRules()
    issue_list = tuple({i.id: i for i in issues}.values())
    known_ids = {i.id for i in issue_list}
    known_keys = {i.key for i in issue_list}
    by_author: dict[str, list[Worklog]] = {}
    seen: set[str] = set()
    for w in worklogs:
        if w.id in seen:
            continue
        if w.issue_id not in known_ids and (w.issue_key or "") not in known_keys:
            continue
        seen.add(w.id)
        by_author.setdefault(w.author.ident, []).append(w)
    rows = tuple(_row(m, start, by_author.get(m.user.ident, []), rules) for m in _unique(members))
    return TeamWeek(team=team, start=start, rows=rows, issues=issue_list, rules=rules)


def _unique(members: Sequence[Member]) -> list[Member]:
    out: dict[str, Member] = {}
    for m in members:
        out.setdefault(m.user.ident, m)
    return list(out.values())


def _row(member: Member, start: date, worklogs: list[Worklog], rules: TeamRules) -> TeamRow:
    days = week_days(start)
    index = {d: i for i, d in enumerate(days)}
    cells: list[list[Worklog]] = [[] for _ in days]
    for w in worklogs:
        slot = index.get(local_day(w.started, member.zone))
        if slot is not None:
            cells[slot].append(w)
    per_day = tuple(tuple(sorted(day, key=lambda w: w.started)) for day in cells)
    today = rules.now.astimezone(member.zone).date() if rules.now is not None else None
    ident = member.user.ident
    flags = tuple(
        _flags(ident, d, logs, today, rules) for d, logs in zip(days, per_day, strict=True)
    )
    locked = tuple(rules.locked_on(ident, d) for d in days)
    return TeamRow(user=member.user, zone=member.zone, worklogs=per_day, flags=flags, locked=locked)


def _flags(
    ident: str, day: date, worklogs: tuple[Worklog, ...], today: date | None, rules: TeamRules
) -> tuple[Flag, ...]:
    seconds = sum(w.time_spent_seconds for w in worklogs)
    raised: set[Flag] = set()
    required = rules.required_on(ident, day)
    if today is not None and under_required(seconds, required, day, today):
        raised.add("under")
    if seconds > rules.ceiling_seconds:
        raised.add("over")
    if rules.day_off(ident, day) and seconds > 0:
        raised.add("weekend")
    if any(_entered_late(w, rules.late_after) for w in worklogs):
        raised.add("late")
    return tuple(f for f in FLAGS if f in raised)


def _entered_late(w: Worklog, late_after: timedelta) -> bool:
    if w.created is None:
        return False
    # Subtract in UTC: two datetimes sharing one tzinfo would compare wall clocks across DST.
    return w.created.astimezone(UTC) - w.started.astimezone(UTC) > late_after
