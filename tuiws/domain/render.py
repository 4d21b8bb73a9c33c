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

from tuiws.domain.durations import (
    DurationStyle,
    cell_formatter,
    decimal_hours,
    format_hours_minutes,
    show_duration,
)
from tuiws.domain.models import Issue, Worklog
from tuiws.domain.started import format_instant
from tuiws.domain.team import FLAGS, Flag, TeamRow, TeamWeek
from tuiws.domain.terminal_text import json_escape_unsafe, terminal_text
from tuiws.domain.timesheet import Week
from tuiws.domain.week_view import LOCKED

WeekFormat = Literal["table", "csv", "json", "md"]

__all__ = [
    "DurationStyle",
    "WeekFormat",
    "cell_formatter",
    "decimal_hours",
    "render_issues",
    "render_team",
    "render_week",
    "render_worklogs",
    "show_duration",
]


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


def week_csv(week: Week) -> str:
    """Durations as decimal hours, which spreadsheets read as numbers (`h:mm` reads as a time
    of day)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(week_rows(week, "decimal"))
    return out.getvalue().rstrip("\n")


def markdown_table(rows: Sequence[Sequence[str]]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    header, *body = rows
    lines = ["| " + " | ".join(esc(c) for c in header) + " |"]
    lines.append("|" + "|".join(["---"] * len(header)) + "|")
    lines.extend("| " + " | ".join(esc(c) for c in row) + " |" for row in body)
    return "\n".join(lines)


def tsv_table(rows: Sequence[Sequence[str]]) -> str:
    """Tab-separated, for pasting into a spreadsheet (tabs and newlines in cells become spaces)."""
    return terminal_text(
        "\n".join("\t".join(" ".join(c.replace("\t", " ").split()) for c in row) for row in rows)
    )


def render_week(week: Week, fmt: WeekFormat, *, style: DurationStyle = "hm") -> str:
    """The week in `fmt`, free of terminal control characters (JSON keeps them as escapes)."""
    return _terminal_safe(_render_week(week, fmt, style=style), fmt)


def _terminal_safe(text: str, fmt: WeekFormat) -> str:
    return json_escape_unsafe(text) if fmt == "json" else terminal_text(text)


def _render_week(week: Week, fmt: WeekFormat, *, style: DurationStyle = "hm") -> str:
    if fmt == "json":
        return json.dumps(week.to_json(), indent=2, ensure_ascii=False)
    if fmt == "csv":
        return week_csv(week)
    if fmt == "md":
        return markdown_table(week_rows(week, style))
    return week_table(week, style=style)


FLAG_SYMBOLS: dict[Flag, str] = {"under": "▾", "over": "▴", "weekend": "◦", "late": "⌛"}
# Symbols a terminal draws two cells wide (emoji presentation), for column padding.
_WIDE = frozenset("⌛")


def _width(text: str) -> int:
    return len(text) + sum(1 for ch in text if ch in _WIDE)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def team_legend(team: TeamWeek) -> str:
    rules = team.rules
    late_hours = round(rules.late_after.total_seconds() / 3600)
    meaning: dict[Flag, str] = {
        "under": "under the day's required hours (each person's schedule)"
        if rules.scheduled
        else f"under {format_hours_minutes(rules.required_seconds)} (workday)",
        "over": f"over {format_hours_minutes(rules.ceiling_seconds)}",
        "weekend": "day off",
        "late": f"entered {late_hours}h+ after its start",
    }
    return "Flags: " + " · ".join(f"{FLAG_SYMBOLS[f]} {meaning[f]}" for f in FLAGS)


def team_locked_legend(team: TeamWeek) -> str | None:
    """What the lock mark means, for a team week with locked days (None: nothing is)."""
    if not team.locked_reasons:
        return None
    why = " or ".join(team.locked_reasons)
    return f"{LOCKED} locked: the timesheet is {why} in Tempo, so worklogs there cannot change"


def _symbols(flags: Sequence[Flag], locked: str | None = None) -> str:
    # The lock mark follows the flags: a day submitted short is both `▾` and locked.
    return "".join(FLAG_SYMBOLS[f] for f in flags) + (LOCKED if locked else "")


def _legends(team: TeamWeek) -> str:
    return "\n".join(filter(None, [team_legend(team), team_locked_legend(team)]))


def _person(row: TeamRow) -> str:
    return row.user.display_name or row.user.ident


def team_table(team: TeamWeek, *, style: DurationStyle = "hm") -> str:
    fmt = cell_formatter(style)
    days = [d.strftime("%a %d") for d in team.days]
    name_w = min(24, max([6, *(len(_person(r)) for r in team.rows)]))
    zone_w = min(20, max([4, *(len(r.zone.key) for r in team.rows)]))
    marks = [_symbols(f, why) for r in team.rows for f, why in zip(r.flags, r.locked, strict=True)]
    flag_w = max([0, *(_width(m) for m in marks)])
    num_w = max([5, *(len(_cell(s, fmt)) for s in [*team.day_totals, team.total_seconds])])
    col = max(num_w + flag_w, 6)

    def cell(seconds: int, flags: Sequence[Flag] = (), locked: str | None = None) -> str:
        return _pad(_pad(_cell(seconds, fmt), num_w, right=True) + _symbols(flags, locked), col)

    head = f"{'Person':<{name_w}} {'Zone':<{zone_w}} "
    lines = [
        f"Team {team.team} · week of {team.start.isoformat()} · each person's days in their zone",
        head + " ".join(_pad(d, col) for d in days) + f" {'Total':>{num_w}}",
    ]
    for row in team.rows:
        per_day = zip(row.seconds, row.flags, row.locked, strict=True)
        cells = " ".join(cell(s, f, why) for s, f, why in per_day)
        name, zone = _truncate(_person(row), name_w), _truncate(row.zone.key, zone_w)
        label = f"{name:<{name_w}} {zone:<{zone_w}} "
        lines.append(label + cells + f" {_cell(row.total_seconds, fmt):>{num_w}}")
    if not team.rows:
        lines.append("(nobody in this team)")
    totals = " ".join(cell(s) for s in team.day_totals)
    total_label = f"{'Total':<{name_w}} {'':<{zone_w}} "
    lines.append(total_label + totals + f" {_cell(team.total_seconds, fmt):>{num_w}}")
    lines.append(_legends(team))
    return "\n".join(line.rstrip() for line in lines)


def team_rows(team: TeamWeek, style: DurationStyle, *, symbols: bool) -> list[list[str]]:
    """Rows for csv (flags as names in a last column) and md (flags as symbols in cells)."""
    fmt = cell_formatter(style)
    dates = [d.isoformat() for d in team.days]
    header = ["Person", "Account", "Zone", *dates, "Total"]
    if not symbols:
        header.append("Flags")
    body: list[list[str]] = []
    for r in team.rows:
        if symbols:
            per_day = zip(r.seconds, r.flags, r.locked, strict=True)
            cells = [f"{fmt(s)} {_symbols(f, why)}".rstrip() for s, f, why in per_day]
        else:
            cells = [fmt(s) for s in r.seconds]
        line = [_person(r), r.user.ident, r.zone.key, *cells, fmt(r.total_seconds)]
        if not symbols:
            line.append(
                "; ".join(f"{d} {' '.join(f)}" for d, f in zip(dates, r.flags, strict=True) if f)
            )
        body.append(line)
    footer = ["Total", "", "", *[fmt(s) for s in team.day_totals], fmt(team.total_seconds)]
    if not symbols:
        footer.append("")
    return [header, *body, footer]


def render_team(team: TeamWeek, fmt: WeekFormat, *, style: DurationStyle = "hm") -> str:
    return _terminal_safe(_render_team(team, fmt, style=style), fmt)


def _render_team(team: TeamWeek, fmt: WeekFormat, *, style: DurationStyle = "hm") -> str:
    if fmt == "json":
        return json.dumps(team.to_json(), indent=2, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        # Decimal hours, as the week's CSV: numbers to a spreadsheet.
        rows = team_rows(team, "decimal", symbols=False)
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue().rstrip("\n")
    if fmt == "md":
        table = markdown_table(team_rows(team, style, symbols=True))
        return f"{table}\n\n{_legends(team)}"
    return team_table(team, style=style)


def worklog_json(w: Worklog, zone: ZoneInfo) -> dict[str, Any]:
    """The documented `worklogs --json` object; `started` is expressed in the bucket zone.

    A backend's own fields join it where the worklog has them (`billableSeconds`,
    `attributes`, `tempoWorklogId`, ...)."""
    out: dict[str, Any] = {
        "id": w.id,
        "issueKey": w.issue_key,
        "started": format_instant(w.started.astimezone(zone)),
        "timeSpentSeconds": w.time_spent_seconds,
        "comment": w.comment_text,
        **({"tags": list(w.tags)} if w.tags else {}),
        "author": w.author.as_json(),
    }
    if w.billable_seconds is not None:
        out["billableSeconds"] = w.billable_seconds
    if w.attributes:
        out["attributes"] = dict(w.attributes)
    out.update(w.backend_ids)
    return out


def render_worklogs(
    worklogs: Sequence[Worklog], zone: ZoneInfo, *, as_json: bool, style: DurationStyle = "hm"
) -> str:
    text = _render_worklogs(worklogs, zone, as_json=as_json, style=style)
    return _terminal_safe(text, _fmt(as_json))


def _fmt(as_json: bool) -> WeekFormat:
    return "json" if as_json else "table"


def _render_worklogs(
    worklogs: Sequence[Worklog], zone: ZoneInfo, *, as_json: bool, style: DurationStyle
) -> str:
    """The worklogs in the order they were worked: by start, then by id."""
    worklogs = sorted(worklogs, key=lambda w: (w.started, str(w.id).rjust(20)))
    if as_json:
        return json.dumps([worklog_json(w, zone) for w in worklogs], indent=2, ensure_ascii=False)
    if not worklogs:
        return "(no worklogs)"
    lines = [f"{'ID':>9}  {'Started (' + zone.key + ')':<24} {'Time':>7}  {'Author':<20} Comment"]
    fmt = cell_formatter(style)
    for w in worklogs:
        local = w.started.astimezone(zone).strftime("%Y-%m-%d %a %H:%M")
        comment = w.comment_text.splitlines()[0] if w.comment_text else ""
        lines.append(
            f"{w.id:>9}  {local:<24} {fmt(w.time_spent_seconds):>7}  "
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


def render_issues(issues: Sequence[Issue], *, as_json: bool, style: DurationStyle = "hm") -> str:
    return _terminal_safe(_render_issues(issues, as_json=as_json, style=style), _fmt(as_json))


def _render_issues(issues: Sequence[Issue], *, as_json: bool, style: DurationStyle) -> str:
    if as_json:
        return json.dumps([issue_json(i) for i in issues], indent=2, ensure_ascii=False)
    if not issues:
        return "(no matching issues)"
    lines = []
    for i in issues:
        remaining = i.remaining_estimate_seconds
        left = show_duration(remaining, style) if remaining is not None else "-"
        status = _truncate(i.status or "", 12)
        lines.append(f"{i.key:<10} {_truncate(i.summary, 50):<50} {status:<12} {left:>7}")
    return "\n".join(lines)
