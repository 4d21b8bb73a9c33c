"""The guided tour `tuiws --demo` runs: a week, then log, edit and delete one worklog.

It goes through the same services as every command, against the bundled emulator, so a
newcomer sees what tuiws does to a Jira before pointing it at theirs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import TextIO

from tuiws.domain.draft_input import DraftInput, read_draft
from tuiws.domain.models import AdjustEstimate
from tuiws.domain.render import render_week, render_worklogs, show_duration
from tuiws.domain.started import zoned
from tuiws.services.search import SearchService
from tuiws.services.session import Session
from tuiws.services.weeks import WeekService
from tuiws.services.worklogs import WorklogService


async def run_tour(session: Session, out: TextIO) -> int:
    def say(text: str = "") -> None:
        print(text, file=out)

    me = session.me
    say(
        f"tuiws demo: signed in to the bundled Jira emulator ({session.capabilities.label}) as "
        f"{me.display_name}."
    )
    say(
        f"Days are bucketed in {session.zone_name} (from the {session.zone_source}); a working "
        f"day is {session.tracking.hours_per_day:g} h."
    )
    say()
    today = datetime.now(session.zone).date()
    weeks = WeekService(session)
    week = await weeks.load(today)
    say(render_week(week, "table"))
    say()

    hits = await SearchService(session).search("Meetings")
    if not hits:
        say("The emulator has no Meetings issue to log on.")
        return 1
    issue = hits[0]
    worklogs = WorklogService(session)
    # Read as `tuiws log` and the editor read what is typed: one reader for all three.
    draft, _problems = read_draft(
        DraftInput(
            issue=issue.key,
            day="today",
            start="16:00",
            duration="1h30m",
            comment="Sprint planning\nAgreed the goals for next week.",
            adjust_mode="leave",
        ),
        zone=session.zone,
        today=today,
        tracking=session.tracking,
    )
    say(f"$ tuiws log {issue.key} 1h30m --start 16:00 -m 'Sprint planning…' --adjust leave")
    created = await worklogs.add(draft)
    say(f"{created.id}   (logged {show_duration(created.time_spent_seconds)} on {issue.key})")
    day_start = zoned(today, time(0, 0), session.zone)
    say()
    say(f"$ tuiws worklogs {issue.key} --from today --to today")
    logs = await worklogs.list(issue.key, day_start, day_start + timedelta(days=1))
    say(render_worklogs(logs, session.zone, as_json=False))
    say()
    say(f"$ tuiws edit {issue.key} {created.id} --duration 2h")
    edited = await worklogs.update(
        created, replace(draft, time_spent_seconds=7200, comment_touched=False)
    )
    say(f"Updated worklog {edited.id}: now {show_duration(edited.time_spent_seconds)}.")
    say()
    say(f"$ tuiws delete {issue.key} {created.id} --yes")
    await worklogs.delete(issue.key, created.id, AdjustEstimate(mode="leave"))
    say(f"Deleted worklog {created.id}.")
    say()
    say("Try it yourself: `tuiws emulator` prints a URL and TUIWS_* settings to paste in a")
    say("second shell; then `tuiws week`, `tuiws search planning`, `tuiws doctor`.")
    return 0
