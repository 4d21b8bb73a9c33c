"""`tuiws log` when the server cannot be reached at sign-in: the write is kept in the journal,
queued, with what can be checked without a session (the issue key's shape, the duration, the
date and start), and the next run that reaches the server validates and sends it, read back
first as every queued write is (or reports it refused).

`keep_queued` and `offline_rules` serve `tuiws edit` and `delete` at a failed sign-in too
(`tuiws.cli.offline_edits`).
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from typing import Any
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
from tuiws.domain.models import TimeTracking, Worklog, WriteVerb
from tuiws.domain.started import resolve_zone
from tuiws.store.journal import EntryState
from tuiws.store.journal_codec import draft_json, worklog_json

__all__ = [
    "QUEUED_NOTE",
    "keep_queued",
    "log_offline",
    "offline_rules",
    "offline_tracking",
    "offline_zone",
]

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
    checked = check_draft(draft, verb="add", tracking=tracking, rules=offline_rules(profile))
    operation = keep_queued(ctx, unreachable, "add", draft.issue_key, draft_json(checked))
    local = draft.started.astimezone(zone)
    print(f"tuiws: {unreachable.message}", file=ctx.err)
    print(
        f"tuiws: {format_duration(draft.time_spent_seconds)} on {draft.issue_key} "
        f"({local:%a %Y-%m-%d %H:%M} {zone.key}) {QUEUED_NOTE} ({operation}).",
        file=ctx.err,
    )
    return EXIT_UNKNOWN


def offline_rules(profile: ResolvedProfile) -> Capabilities:
    """What can be checked of a write without the server (its own rules need a session)."""
    return Capabilities(name=profile.worklogs, label="offline")


def keep_queued(
    ctx: Context,
    unreachable: Unreachable,
    verb: WriteVerb,
    issue_key: str,
    request: dict[str, Any],
    *,
    before: Worklog | None = None,
) -> str:
    """Keep a write made at a failed sign-in in the journal, queued (nothing was sent), with
    the worklog it changes as its before-image; returns its operation id."""
    profile = ctx.profile
    with journal_for(profile.name, ctx.demo) as journal:
        entry = journal.record(
            backend=profile.worklogs,
            site=profile.url.rstrip("/"),
            verb=verb,
            issue_key=issue_key,
            request=request,
            worklog_id=before.id if before is not None else None,
            before=worklog_json(before) if before is not None else None,
        )
        message = f"{unreachable.message} Nothing was sent; {QUEUED_NOTE}."
        journal.mark(entry.operation, EntryState.QUEUED, message=message)
    return entry.operation
