"""`tuiws log` when the server cannot be reached at sign-in: the write is kept in the journal,
queued, with what can be checked without a session (the issue key's shape, the duration, the
date and start), and the next run that reaches the server validates and sends it, read back
first as every queued write is (or reports it refused).
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tuiws.backends.capabilities import Capabilities
from tuiws.backends.errors import Unreachable
from tuiws.cli.context import Context
from tuiws.cli.inputs import BadInput
from tuiws.cli.journal_commands import EXIT_UNKNOWN, journal_for
from tuiws.cli.worklog_commands import attribute_args, log_input
from tuiws.config import ResolvedProfile
from tuiws.domain.draft_input import read_draft
from tuiws.domain.drafts import check_draft
from tuiws.domain.durations import format_duration
from tuiws.domain.models import TimeTracking
from tuiws.domain.started import resolve_zone
from tuiws.store.journal import EntryState
from tuiws.store.journal_codec import draft_json

__all__ = ["QUEUED_NOTE", "log_offline", "offline_tracking", "offline_zone"]

QUEUED_NOTE = "queued: will be sent by the next tuiws run or `tuiws queue`"


def offline_zone(profile: ResolvedProfile) -> ZoneInfo:
    """The zone a time typed offline is read in: the profile's `zone`, else this machine's
    (Jira's profile zone needs the server)."""
    if profile.zone:
        return resolve_zone(profile.zone)
    for name in (os.environ.get("TZ", "").lstrip(":"), _linked_zone()):
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return resolve_zone(None)


def _linked_zone() -> str:
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return ""
    _, _, name = target.partition("zoneinfo/")
    return name


def offline_tracking(profile: ResolvedProfile) -> TimeTracking:
    """The day length and week the profile sets, else Jira's defaults (the site's own need the
    server)."""
    override = profile.tracking_override
    default = TimeTracking()
    if override is None:
        return default
    return TimeTracking(
        hours_per_day=override.hours_per_day or default.hours_per_day,
        days_per_week=override.days_per_week or default.days_per_week,
    )


def log_offline(ctx: Context, unreachable: Unreachable) -> int:
    """Queue `tuiws log`'s worklog in the journal (nothing was sent) and say so: exit 3,
    not settled (the next run that reaches the server sends it)."""
    a, profile = ctx.args, ctx.profile
    zone, tracking = offline_zone(profile), offline_tracking(profile)
    draft, problems = read_draft(
        log_input(a),
        zone=zone,
        today=datetime.now(zone).date(),
        tracking=tracking,
    )
    for name, option in (("duration", ""), ("date", "--date "), ("start", "--start ")):
        if name in problems:
            raise BadInput(f"{option}{problems[name]}")
    if a.attribute:
        draft = replace(draft, attributes=attribute_args(a.attribute))
    # The backend's own rules are checked again by the run that sends it.
    rules = Capabilities(name=profile.worklogs, label="offline")
    checked = check_draft(draft, verb="add", tracking=tracking, rules=rules)
    message = f"{unreachable.message} Nothing was sent; {QUEUED_NOTE}."
    with journal_for(profile.name, ctx.demo) as journal:
        entry = journal.record(
            backend=profile.worklogs,
            site=profile.url.rstrip("/"),
            verb="add",
            issue_key=draft.issue_key,
            request=draft_json(checked),
        )
        journal.mark(entry.operation, EntryState.QUEUED, message=message)
    local = draft.started.astimezone(zone)
    print(f"tuiws: {unreachable.message}", file=ctx.err)
    print(
        f"tuiws: {format_duration(draft.time_spent_seconds)} on {draft.issue_key} "
        f"({local:%a %Y-%m-%d %H:%M} {zone.key}) {QUEUED_NOTE} ({entry.operation}).",
        file=ctx.err,
    )
    return EXIT_UNKNOWN
