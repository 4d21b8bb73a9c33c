"""What the week grid draws: issue labels and seconds per day, free of the domain models.

The grid paints from this shape so that its first frame can come straight from the local
cache without loading pydantic; `Week.view()` gives the same shape for a loaded week.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from tuiws.domain.week import week_days


class DaySeconds(Protocol):
    """A row of a week: seven daily figures and their sum."""

    @property
    def seconds(self) -> Sequence[int]: ...

    @property
    def total_seconds(self) -> int: ...


class WeekTotals:
    """The days of a week of rows and its totals (the grid's last row and its corner).

    Shared by the grid's view, a person's week and a team's week; each gives `start` and its
    rows through `_day_rows()`.
    """

    start: date

    def _day_rows(self) -> Sequence[DaySeconds]:
        raise NotImplementedError

    @property
    def days(self) -> list[date]:
        return week_days(self.start)

    @property
    def day_totals(self) -> list[int]:
        per_row = [row.seconds for row in self._day_rows()]
        return [sum(seconds[i] for seconds in per_row) for i in range(7)]

    @property
    def total_seconds(self) -> int:
        return sum(row.total_seconds for row in self._day_rows())


@dataclass(frozen=True)
class IssueLabel:
    key: str
    summary: str


@dataclass(frozen=True)
class WeekLine:
    issue: IssueLabel
    seconds: tuple[int, ...]
    """Seven figures, one per day of the week."""

    @property
    def total_seconds(self) -> int:
        return sum(self.seconds)


@dataclass(frozen=True)
class WeekView(WeekTotals):
    start: date
    lines: tuple[WeekLine, ...]
    required: Mapping[date, int] = field(default_factory=dict)
    """Each day's required seconds from the person's schedule (a Tempo holiday: 0); a day
    missing here falls back to hours per day on Monday to Friday."""
    locked: Mapping[date, str] = field(default_factory=dict)
    """The days the backend locks (a Tempo timesheet submitted or approved), with why."""

    def _day_rows(self) -> Sequence[WeekLine]:
        return self.lines

    def required_on(self, day: date, seconds_per_day: int) -> int:
        """What `day` asks: the schedule's figure, else `seconds_per_day` on a weekday."""
        return required_or_workday(self.required, day, seconds_per_day, WEEKDAYS)

    def target_seconds(self, seconds_per_day: int) -> int:
        """The week's target: the sum of its days' required seconds."""
        return sum(self.required_on(d, seconds_per_day) for d in self.days)


LOCKED = "⊘"
"""The mark of a locked day in the grid's header and legend."""


def locked_legend(locked: Mapping[date, str]) -> str | None:
    """The legend's line for a week with locked days (None: nothing is locked)."""
    if not locked:
        return None
    why = " and ".join(sorted(set(locked.values())))
    return f"{LOCKED} locked: {why} in Tempo, so worklogs there cannot change"


WEEKDAYS = frozenset(range(5))
"""Monday to Friday: the workdays when nothing says otherwise."""


def workdays_of(days_per_week: float) -> frozenset[int]:
    """The weekday numbers (0 = Monday) of a working week of `days_per_week` days."""
    return frozenset(range(min(7, max(0, round(days_per_week)))))


def required_or_workday(
    required: Mapping[date, int], day: date, seconds_per_day: int, workdays: Iterable[int]
) -> int:
    """`day`'s required seconds: from the schedule where it has the day, else a workday's."""
    if day in required:
        return required[day]
    return seconds_per_day if day.weekday() in workdays else 0


def under_required(seconds: int, required: int, day: date, today: date) -> bool:
    """The ▾ rule: a day up to today logged below what it requires. A day that requires
    nothing (a holiday, a day off) is never under; a day still to come is not judged yet."""
    return day <= today and seconds < required


def issue_order(key: str) -> tuple[str, int]:
    """How the grid orders its rows: by project, then by issue number (PLAT-9 before PLAT-10)."""
    project, _, number = key.rpartition("-")
    return (project, int(number) if number.isdigit() else 0)
