"""The room under the grid on a tall terminal: the highlighted row's whole summary, the
selected cell's worklogs and what is left to log this week."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tuiws.domain.models import Worklog
    from tuiws.domain.week_view import IssueLabel

MAX_WORKLOGS = 6
"""Worklogs listed for the cell; the cell view (`enter`) has them all."""

LEGEND = "▸ today   ▾ under the day's target   ▴ over the ceiling   · nothing logged"


def week_target(days: Sequence[date], target_seconds: int) -> int:
    """The week's target: the day's target on each workday (Monday to Friday) shown."""
    return target_seconds * sum(1 for d in days if d.weekday() < 5)


class WeekDetail(Static):
    """What the grid has no room for, below it (shown when the terminal is tall enough)."""

    DEFAULT_CSS = """
    WeekDetail {
        height: auto;
        padding: 0 1;
        border-top: solid $panel-lighten-1;
    }
    """

    def show(
        self,
        *,
        issue: IssueLabel | None,
        day: date | None,
        worklogs: Sequence[Worklog],
        zone: ZoneInfo | None,
        logged_seconds: int,
        target_seconds: int,
        fmt: Callable[[int], str],
        show_comment: Callable[[str], str] = str,
    ) -> None:
        self.update(
            detail_text(
                issue=issue,
                day=day,
                worklogs=worklogs,
                zone=zone,
                logged_seconds=logged_seconds,
                target_seconds=target_seconds,
                fmt=fmt,
                show_comment=show_comment,
            )
        )


def detail_text(
    *,
    issue: IssueLabel | None,
    day: date | None,
    worklogs: Sequence[Worklog],
    zone: ZoneInfo | None,
    logged_seconds: int,
    target_seconds: int,
    fmt: Callable[[int], str],
    show_comment: Callable[[str], str] = str,
) -> Text:
    text = Text()
    if issue is not None:
        text.append(issue.key, style="bold")
        text.append(f" {issue.summary}\n")
        if day is not None:
            text.append(f"{day:%a %d %b}: ", style="bold")
            if not worklogs:
                text.append("nothing logged\n", style="dim")
            else:
                total = sum(w.time_spent_seconds for w in worklogs)
                count = f"{len(worklogs)} worklog{'s' if len(worklogs) != 1 else ''}"
                text.append(f"{fmt(total)} in {count}\n")
            for worklog in worklogs[:MAX_WORKLOGS]:
                started = worklog.started.astimezone(zone) if zone else worklog.started
                shown = show_comment(worklog.comment_text)
                comment = shown.splitlines()[0] if shown else ""
                text.append(f"  {started:%H:%M}  {fmt(worklog.time_spent_seconds):>6}  ")
                text.append(worklog.author.display_name, style="bold")
                text.append(f"  {comment}\n" if comment else "\n", style="dim")
            if len(worklogs) > MAX_WORKLOGS:
                text.append(f"  … {len(worklogs) - MAX_WORKLOGS} more (enter)\n", style="dim")
    left = max(0, target_seconds - logged_seconds)
    text.append("Week: ", style="bold")
    text.append(f"{fmt(logged_seconds)} logged of {fmt(target_seconds)} target · ")
    text.append(f"{fmt(left)} left to log" if left else "target met")
    return text
