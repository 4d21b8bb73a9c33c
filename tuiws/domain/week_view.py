"""What the week grid draws: issue labels and seconds per day, free of the domain models.

The grid paints from this shape so that its first frame can come straight from the local
cache without loading pydantic; `Week.view()` gives the same shape for a loaded week.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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

    def _day_rows(self) -> Sequence[WeekLine]:
        return self.lines


def issue_order(key: str) -> tuple[str, int]:
    """How the grid orders its rows: by project, then by issue number (PLAT-9 before PLAT-10)."""
    project, _, number = key.rpartition("-")
    return (project, int(number) if number.isdigit() else 0)
