"""`tuiws edit` and `tuiws delete` when the server cannot be reached at sign-in: the change is
made against the worklog as the local cache last synced it, kept in the journal, queued, and
sent by the next run that reaches the server, but only onto that same worklog: one changed on
the server meanwhile is refused unsent (`tuiws.services.stale_writes`).

A worklog the cache does not hold cannot be changed offline (nothing says what it is): nothing
is queued, and the command fails as before, saying so.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime

from tuiws.backends.errors import Unreachable
from tuiws.cli.args import issue_arg, worklog_arg
from tuiws.cli.context import EXIT_OK, Context
from tuiws.cli.inputs import BadInput, parse_adjust
from tuiws.cli.journal_commands import EXIT_UNKNOWN
from tuiws.cli.offline_log import (
    QUEUED_NOTE,
    keep_queued,
    offline_rules,
    offline_tracking,
    offline_zone,
)
from tuiws.cli.worklog_commands import edit_asked, edited_draft
from tuiws.config import ResolvedProfile
from tuiws.config.paths import worklog_cache_dir
from tuiws.domain.drafts import check_adjust, check_draft
from tuiws.domain.durations import format_duration, parse_duration
from tuiws.domain.models import Worklog
from tuiws.domain.terminal_text import terminal_text
from tuiws.store.cache import CacheError, WorklogCache
from tuiws.store.cache_files import cache_path
from tuiws.store.journal_codec import draft_json

__all__ = ["delete_offline", "edit_offline"]


def edit_offline(ctx: Context, unreachable: Unreachable) -> int:
    """Queue `tuiws edit`'s change of the cached worklog (nothing was sent): exit 3."""
    a, profile = ctx.args, ctx.profile
    edit_asked(a)
    key, worklog_id = issue_arg(a.issue), worklog_arg(a.worklog_id)
    zone, tracking = offline_zone(profile), offline_tracking(profile)
    adjust = parse_adjust(a.adjust)
    seconds = parse_duration(a.duration, tracking) if a.duration else None
    original = cached_worklog(profile, key, worklog_id, unreachable)
    today = datetime.now(zone).date()
    draft = edited_draft(original, key, zone, today, seconds, a.date, a.start, a.message, adjust)
    # The backend's own rules are checked again by the run that sends it.
    checked = check_draft(draft, verb="update", tracking=tracking, rules=offline_rules(profile))
    operation = keep_queued(ctx, unreachable, "update", key, draft_json(checked), before=original)
    local = draft.started.astimezone(zone)
    print(f"tuiws: {unreachable.message}", file=ctx.err)
    print(
        f"tuiws: the edit of worklog {worklog_id} on {key} "
        f"({format_duration(draft.time_spent_seconds)} from {local:%a %Y-%m-%d %H:%M} "
        f"{zone.key}) {QUEUED_NOTE} ({operation}).",
        file=ctx.err,
    )
    return EXIT_UNKNOWN


def delete_offline(ctx: Context, unreachable: Unreachable) -> int:
    """Queue `tuiws delete` of the cached worklog once confirmed (nothing was sent): exit 3."""
    a, profile = ctx.args, ctx.profile
    key, worklog_id = issue_arg(a.issue), worklog_arg(a.worklog_id)
    zone, tracking = offline_zone(profile), offline_tracking(profile)
    adjust = check_adjust(parse_adjust(a.adjust), "delete", tracking, offline_rules(profile))
    target = cached_worklog(profile, key, worklog_id, unreachable)
    summary = (
        f"worklog {target.id} on {key}: {format_duration(target.time_spent_seconds)} from "
        f"{target.started.astimezone(zone):%a %Y-%m-%d %H:%M} by {target.author.display_name}"
    )
    if not a.yes:
        if not sys.stdin.isatty():
            raise BadInput(f"refusing to delete {summary} without --yes (no terminal to ask)")
        question = f"{unreachable.message} Queue the delete of {summary}? [y/N] "
        if input(terminal_text(question)).strip().lower() not in ("y", "yes"):
            print("Kept it; nothing was queued.", file=ctx.err)
            return EXIT_OK
    request = {"adjust": {"mode": adjust.mode, "value": adjust.value}}
    operation = keep_queued(ctx, unreachable, "delete", key, request, before=target)
    print(f"tuiws: {unreachable.message}", file=ctx.err)
    print(f"tuiws: the delete of {summary} {QUEUED_NOTE} ({operation}).", file=ctx.err)
    return EXIT_UNKNOWN


def cached_worklog(
    profile: ResolvedProfile, key: str, worklog_id: str, unreachable: Unreachable
) -> Worklog:
    """The worklog as the profile's cache last synced it; `Unreachable` (nothing queued) when
    the cache does not hold it on `key`, for this site and backend."""
    path = cache_path(worklog_cache_dir(), profile.name)
    found: Worklog | None = None
    if path.is_file():  # never made here: an offline command creates no cache
        try:
            with WorklogCache(path) as cache:
                if cache.holds_site(profile.url, backend=profile.worklogs):
                    found = cache.worklog(worklog_id)
        except (CacheError, OSError, sqlite3.Error):
            found = None
    on_key = found is not None and (found.issue_key or "").upper() == key.upper()
    if found is None or not on_key:
        raise Unreachable(
            f"{unreachable.message} Nothing was sent, and the local cache does not hold "
            f"worklog {worklog_id} on {key}, so the change cannot be queued: run it again when "
            "the server can be reached."
        )
    return found
