"""What the week grid draws: issue labels and seconds per day, free of the domain models.

The grid paints from this shape so that its first frame can come straight from the local
cache without loading pydantic; `Week.view()` gives the same shape for a loaded week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tuiws.domain.week import week_days


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
class WeekView:
    start: date
    lines: tuple[WeekLine, ...]

    @property
    def days(self) -> list[date]:
        return week_days(self.start)

    @property
    def day_totals(self) -> list[int]:
        return [sum(line.seconds[i] for line in self.lines) for i in range(7)]

    @property
    def total_seconds(self) -> int:
        return sum(line.total_seconds for line in self.lines)


def issue_order(key: str) -> tuple[str, int]:
    """How the grid orders its rows: by project, then by issue number (PLAT-9 before PLAT-10)."""
    project, _, number = key.rpartition("-")
    return (project, int(number) if number.isdigit() else 0)
