"""`tuiws log`, `worklogs`, `edit` and `delete`: one worklog at a time."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date, time
from typing import Literal
from zoneinfo import ZoneInfo

from tuiws.cli.args import (
    issue_arg,
    worklog_arg,
)
from tuiws.cli.context import EXIT_OK, Context, duration_style
from tuiws.cli.inputs import (
    BadInput,
    parse_adjust,
    parse_clock,
    parse_date_arg,
    parse_date_text,
    today_in,
    zoned_next_midnight,
)
from tuiws.cli.journal_commands import journaled
from tuiws.domain.draft_input import DraftInput, read_draft
from tuiws.domain.durations import parse_duration, show_duration
from tuiws.domain.models import AdjustEstimate, Worklog, WorklogDraft
from tuiws.domain.render import (
    render_worklogs,
)
from tuiws.domain.started import zoned
from tuiws.domain.terminal_text import terminal_text
from tuiws.services.sanity import questions_before_write
from tuiws.services.session import Session
from tuiws.services.worklogs import WorklogService
from tuiws.store.journal import EntryState


def attribute_args(given: list[str]) -> dict[str, str]:
    """`--attribute KEY=VALUE` options as work attribute values."""
    out: dict[str, str] = {}
    for item in given:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadInput(f"--attribute {item!r}: write KEY=VALUE, e.g. _Account_=INTERNAL")
        out[key.strip()] = value.strip()
    return out


def log_input(a: argparse.Namespace) -> DraftInput:
    """What `tuiws log` was given, as the one draft reader takes it (online or queued)."""
    adjust = parse_adjust(a.adjust)
    return DraftInput(
        issue=issue_arg(a.issue),
        day=a.date or "today",
        start=a.start or "",
        duration=a.duration,
        comment=a.message,
        adjust_mode=adjust.mode,
        adjust_value=adjust.value or "",
    )


async def cmd_log(ctx: Context, session: Session) -> int:
    a = ctx.args
    draft, problems = read_draft(
        log_input(a),
        zone=session.zone,
        today=today_in(session),
        tracking=session.tracking,
    )
    for name, option in (("duration", ""), ("date", "--date "), ("start", "--start ")):
        if name in problems:
            raise BadInput(f"{option}{problems[name]}")
    if a.attribute:
        draft = replace(draft, attributes=attribute_args(a.attribute))
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (service, report):
        checked = service.check(draft)
        # Settled first: an earlier run's add of this very worklog is its result, not a
        # duplicate to ask about.
        settled = await report.settle()
        created = service.landed_add(checked, settled)
        if created is None:
            unsettled = any(r.state is EntryState.UNKNOWN for r in settled)
            if not unsettled and not await sure_to_write(ctx, session, checked.draft, "log"):
                return EXIT_OK
            created = await service.add(checked)
    print(created.id, file=ctx.out)
    print(
        f"Logged {show_duration(created.time_spent_seconds, duration_style(ctx))} on "
        f"{draft.issue_key} "
        f"({created.started.astimezone(session.zone):%a %Y-%m-%d %H:%M} {session.zone_name}).",
        file=ctx.err,
    )
    return EXIT_OK


async def cmd_worklogs(ctx: Context, session: Session) -> int:
    a = ctx.args
    start = end = None
    if a.date_from:
        start = zoned(parse_date_arg(a.date_from, session), time(0, 0), session.zone)
    if a.date_to:
        last = parse_date_arg(a.date_to, session)
        end = zoned_next_midnight(last, session)
    if start and end and start >= end:
        raise BadInput("--from must not be after --to")
    logs = await WorklogService(session).list(issue_arg(a.issue), start, end)
    print(
        render_worklogs(logs, session.zone, as_json=a.json, style=duration_style(ctx)), file=ctx.out
    )
    return EXIT_OK


async def cmd_edit(ctx: Context, session: Session) -> int:
    a = ctx.args
    key, worklog_id = issue_arg(a.issue), worklog_arg(a.worklog_id)
    edit_asked(a)
    adjust = parse_adjust(a.adjust)
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (service, report):
        # Checked before the read: bad input should not cost a round trip.
        service.check_adjust(adjust, "update")
        await report.settle()  # an earlier run's edit may have landed: read after it
        return await _edit(ctx, session, service, key, worklog_id, adjust)


async def _edit(
    ctx: Context,
    session: Session,
    service: WorklogService,
    key: str,
    worklog_id: str,
    adjust: AdjustEstimate,
) -> int:
    a = ctx.args
    seconds = parse_duration(a.duration, session.tracking) if a.duration else None
    original = await service.get(key, worklog_id)
    draft = edited_draft(
        original, key, session.zone, today_in(session), seconds, a.date, a.start, a.message, adjust
    )
    checked = service.check(draft, verb="update")
    if not await sure_to_write(ctx, session, checked.draft, "edit", original=original):
        return EXIT_OK
    updated = await service.update(original, checked)
    print(
        f"Updated worklog {updated.id} on {key}: "
        f"{show_duration(updated.time_spent_seconds, duration_style(ctx))} "
        f"from {updated.started.astimezone(session.zone):%a %Y-%m-%d %H:%M}.",
        file=ctx.out,
    )
    return EXIT_OK


async def sure_to_write(
    ctx: Context,
    session: Session,
    draft: WorklogDraft,
    verb: Literal["log", "edit"],
    *,
    original: Worklog | None = None,
) -> bool:
    """Whether to write `draft` after the sanity questions (`tuiws.domain.sanity`): asked
    y/N on a terminal; a script is refused (exit 2, the questions said) unless `--yes`."""
    if ctx.args.yes:
        return True
    questions = await questions_before_write(
        session, draft, today=today_in(session), original=original, style=duration_style(ctx)
    )
    if not questions:
        return True
    said = " ".join(q.text for q in questions)
    if not sys.stdin.isatty():
        raise BadInput(f"not {_DONE[verb]}: {said} Add --yes to {verb} it anyway.")
    for question in questions:
        print(f"tuiws: {question.text}", file=ctx.err)
    answer = input(terminal_text(f"{verb.capitalize()} it anyway? [y/N] ")).strip().lower()
    if answer in ("y", "yes"):
        return True
    print(f"Nothing was {_DONE[verb]}.", file=ctx.err)
    return False


_DONE = {"log": "logged", "edit": "changed"}


def edited_draft(
    original: Worklog,
    key: str,
    zone: ZoneInfo,
    today: date,
    seconds: int | None,
    day_text: str | None,
    start_text: str | None,
    message: str | None,
    adjust: AdjustEstimate,
) -> WorklogDraft:
    """`original` with what `tuiws edit` changes, its day and start read in `zone` on `today`."""
    local = original.started.astimezone(zone)
    day = parse_date_text(day_text, today) if day_text else local.date()
    at = parse_clock(start_text) if start_text else local.time().replace(microsecond=0)
    started = zoned(day, at, zone) if (day_text or start_text) else original.started
    return WorklogDraft(
        issue_key=key,
        started=started,
        time_spent_seconds=seconds or original.time_spent_seconds,
        comment=message if message is not None else original.comment_text,
        original_comment_adf=original.comment_adf,
        comment_touched=message is not None,
        adjust=adjust,
    )


def edit_asked(a: argparse.Namespace) -> None:
    """`tuiws edit` says what to change (checked before any request)."""
    if not any([a.duration, a.date, a.start, a.message is not None]):
        raise BadInput("say what to change: --duration, --date, --start or -m")


async def cmd_delete(ctx: Context, session: Session) -> int:
    a = ctx.args
    key, worklog_id = issue_arg(a.issue), worklog_arg(a.worklog_id)
    adjust = parse_adjust(a.adjust)
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (service, report):
        for found in await report.settle():
            e = found.entry
            gone = found.state.value == "confirmed"
            if gone and e.verb == "delete" and e.worklog_id == worklog_id:
                print(f"Deleted worklog {worklog_id} on {key} (by the earlier run).", file=ctx.out)
                return EXIT_OK
        return await _delete(ctx, session, service, key, worklog_id, adjust)


async def _delete(
    ctx: Context,
    session: Session,
    service: WorklogService,
    key: str,
    worklog_id: str,
    adjust: AdjustEstimate,
) -> int:
    a = ctx.args
    target = await service.get(key, worklog_id)
    summary = (
        f"worklog {target.id} on {key}: "
        f"{show_duration(target.time_spent_seconds, duration_style(ctx))} from "
        f"{target.started.astimezone(session.zone):%a %Y-%m-%d %H:%M} by "
        f"{target.author.display_name}"
    )
    if not a.yes:
        if not sys.stdin.isatty():
            raise BadInput(f"refusing to delete {summary} without --yes (no terminal to ask)")
        answer = input(terminal_text(f"Delete {summary}? [y/N] ")).strip().lower()
        if answer not in ("y", "yes"):
            print("Kept it.", file=ctx.err)
            return EXIT_OK
    await service.delete(key, target.id, adjust, before=target)
    print(f"Deleted {summary}.", file=ctx.out)
    return EXIT_OK
