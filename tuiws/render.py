"""Plain-text, CSV, Markdown and JSON renderings of weeks, worklogs and issues for the shell.

The JSON shapes are the documented, stable machine interface (see README).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, Literal
from zoneinfo import ZoneInfo

from tuiws.domain.durations import format_decimal_hours, format_duration, format_hours_minutes
from tuiws.domain.models import Issue, Worklog
from tuiws.domain.started import format_started
from tuiws.domain.timesheet import Week

DurationStyle = Literal["hm", "decimal"]
WeekFormat = Literal["table", "csv", "json", "md"]


def cell_formatter(style: DurationStyle) -> Callable[[int], str]:
    return format_decimal_hours if style == "decimal" else format_hours_minutes


def _cell(seconds: int, fmt: Callable[[int], str]) -> str:
    return fmt(seconds) if seconds else "·"


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def week_header(week: Week) -> list[str]:
    return [d.strftime("%a %d") for d in week.days]


def week_table(week: Week, *, style: DurationStyle = "hm", width: int = 100) -> str:
    fmt = cell_formatter(style)
    days = week_header(week)
    col = 7
    label_width = max(16, width - (col + 1) * 8 - 1)
    lines = [
        f"{week.user.display_name or week.user.ident} · week of {week.start.isoformat()} "
        f"· {week.zone.key}",
        f"{'Issue':<{label_width}} " + " ".join(f"{d:>{col}}" for d in days) + f" {'Total':>{col}}",
    ]
    for row in week.rows:
        label = _truncate(f"{row.issue.key} {row.issue.summary}", label_width)
        cells = " ".join(f"{_cell(s, fmt):>{col}}" for s in row.seconds)
        lines.append(f"{label:<{label_width}} {cells} {_cell(row.total_seconds, fmt):>{col}}")
    if not week.rows:
        lines.append("(no worklogs this week)")
    totals = " ".join(f"{_cell(s, fmt):>{col}}" for s in week.day_totals)
    lines.append(f"{'Total':<{label_width}} {totals} {_cell(week.total_seconds, fmt):>{col}}")
    return "\n".join(lines)


def week_rows(week: Week, style: DurationStyle) -> list[list[str]]:
    fmt = cell_formatter(style)
    header = ["Issue", "Summary", *[d.isoformat() for d in week.days], "Total"]
    body = [
        [r.issue.key, r.issue.summary, *[fmt(s) for s in r.seconds], fmt(r.total_seconds)]
        for r in week.rows
    ]
    footer = ["Total", "", *[fmt(s) for s in week.day_totals], fmt(week.total_seconds)]
    return [header, *body, footer]


def week_csv(week: Week, *, style: DurationStyle = "hm") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(week_rows(week, style))
    return out.getvalue().rstrip("\n")


def markdown_table(rows: Sequence[Sequence[str]]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    header, *body = rows
    lines = ["| " + " | ".join(esc(c) for c in header) + " |"]
    lines.append("|" + "|".join(["---"] * len(header)) + "|")
    lines.extend("| " + " | ".join(esc(c) for c in row) + " |" for row in body)
    return "\n".join(lines)


def render_week(week: Week, fmt: WeekFormat, *, style: DurationStyle = "hm") -> str:
    if fmt == "json":
        return json.dumps(week.to_json(), indent=2, ensure_ascii=False)
    if fmt == "csv":
        return week_csv(week, style=style)
    if fmt == "md":
        return markdown_table(week_rows(week, style))
    return week_table(week, style=style)


def worklog_json(w: Worklog, zone: ZoneInfo) -> dict[str, Any]:
    """The documented `worklogs --json` object; `started` is expressed in the bucket zone."""
    return {
        "id": w.id,
        "issueKey": w.issue_key,
        "started": format_started(w.started.astimezone(zone)),
        "timeSpentSeconds": w.time_spent_seconds,
        "comment": w.comment_text,
        "author": w.author.as_json(),
    }


def render_worklogs(worklogs: Sequence[Worklog], zone: ZoneInfo, *, as_json: bool) -> str:
    if as_json:
        return json.dumps([worklog_json(w, zone) for w in worklogs], indent=2, ensure_ascii=False)
    if not worklogs:
        return "(no worklogs)"
    lines = [f"{'ID':>9}  {'Started (' + zone.key + ')':<24} {'Time':>7}  {'Author':<20} Comment"]
    for w in worklogs:
        local = w.started.astimezone(zone).strftime("%Y-%m-%d %a %H:%M")
        comment = w.comment_text.splitlines()[0] if w.comment_text else ""
        lines.append(
            f"{w.id:>9}  {local:<24} {format_duration(w.time_spent_seconds):>7}  "
            f"{_truncate(w.author.display_name, 20):<20} {_truncate(comment, 40)}"
        )
    return "\n".join(lines)


def issue_json(i: Issue) -> dict[str, Any]:
    return {
        "key": i.key,
        "summary": i.summary,
        "status": i.status,
        "remainingEstimateSeconds": i.remaining_estimate_seconds,
    }


def render_issues(issues: Sequence[Issue], *, as_json: bool) -> str:
    if as_json:
        return json.dumps([issue_json(i) for i in issues], indent=2, ensure_ascii=False)
    if not issues:
        return "(no matching issues)"
    lines = []
    for i in issues:
        remaining = i.remaining_estimate_seconds
        left = format_duration(remaining) if remaining is not None else "-"
        status = _truncate(i.status or "", 12)
        lines.append(f"{i.key:<10} {_truncate(i.summary, 50):<50} {status:<12} {left:>7}")
    return "\n".join(lines)
