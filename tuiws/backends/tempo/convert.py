"""Tempo worklogs ↔ the domain: the wire worklog as a `Worklog`, a checked draft as a body.

Tempo keeps a start as a date and a wall-clock time in the author's zone (`startDateTimeUtc`
gives the instant, where sent). A PUT replaces the whole worklog, so an update body is the
worklog as it is now with the draft's changes merged in: attributes, billable seconds and the
description the user did not change go back as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from tuiws.backends.tempo.wire import TempoWorklog, WorkAttributeDef
from tuiws.domain.attributes import WorkAttribute
from tuiws.domain.drafts import CheckedDraft, estimate_seconds
from tuiws.domain.models import Issue, User, Worklog

__all__ = [
    "attribute_of",
    "create_body",
    "local_start",
    "parse_instant",
    "to_worklog",
    "update_body",
]


def parse_instant(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _started(wire: TempoWorklog, zone: ZoneInfo) -> datetime:
    exact = parse_instant(wire.start_utc)
    if exact is not None:
        return exact.astimezone(zone)
    clock = time.fromisoformat(wire.start_time) if wire.start_time else time()
    return datetime.combine(date.fromisoformat(wire.start_date), clock, tzinfo=zone)


def to_worklog(
    wire: TempoWorklog, issue: Issue | None, author: User | None, zone: ZoneInfo
) -> Worklog:
    """`zone` is the author's: Tempo's start date and time are theirs."""
    tempo_id = str(wire.tempo_worklog_id)
    attributes = {
        v.key: v.value for v in (wire.attributes.values if wire.attributes else []) if v.value
    }
    return Worklog(
        id=tempo_id,
        issue_id=str(wire.issue.id),
        issue_key=issue.key if issue is not None else wire.issue.key,
        author=author
        or User(account_id=wire.author.account_id, display_name=wire.author.display_name or ""),
        started=_started(wire, zone),
        time_spent_seconds=wire.time_spent_seconds,
        comment_text=wire.description or "",
        created=parse_instant(wire.created_at),
        updated=parse_instant(wire.updated_at),
        billable_seconds=wire.billable_seconds,
        attributes=attributes,
        backend_ids={"tempoWorklogId": tempo_id},
    )


def attribute_of(wire: WorkAttributeDef) -> WorkAttribute:
    return WorkAttribute(
        key=wire.key,
        name=wire.name,
        kind=wire.type,
        required=wire.required,
        values=tuple(wire.values),
        labels=dict(wire.names),
    )


def local_start(started: datetime, zone: ZoneInfo) -> tuple[str, str]:
    """(startDate, startTime): the wall clock in the author's zone, `HH:mm:ss`."""
    local = started.astimezone(zone)
    return local.date().isoformat(), local.strftime("%H:%M:%S")


def _attribute_list(values: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"key": k, "value": v} for k, v in values.items() if v]


def _remaining(checked: CheckedDraft) -> int | None:
    adjust = checked.draft.adjust
    if adjust.mode != "new":
        return None
    return estimate_seconds(adjust.value or "", checked.tracking)


def create_body(
    checked: CheckedDraft, issue: Issue, author_id: str, zone: ZoneInfo, *, core3: bool
) -> dict[str, Any]:
    draft = checked.draft
    start_date, start_time = local_start(draft.started, zone)
    body: dict[str, Any] = {"authorAccountId": author_id}
    # v4 wants the issue as a JSON integer (a string is refused); core/3 wants the key.
    if core3:
        body["issueKey"] = issue.key
    else:
        body["issueId"] = int(issue.id)
    body |= {
        "startDate": start_date,
        "startTime": start_time,
        "timeSpentSeconds": draft.time_spent_seconds,
        "billableSeconds": draft.time_spent_seconds
        if draft.billable_seconds is None
        else draft.billable_seconds,
        "description": (draft.comment or "").strip("\n"),
        "attributes": _attribute_list(draft.attributes or {}),
    }
    if (remaining := _remaining(checked)) is not None:
        body["remainingEstimateSeconds"] = remaining
    return body


def update_body(
    checked: CheckedDraft,
    current: TempoWorklog,
    zone: ZoneInfo,
    *,
    issue_key: str | None,
) -> dict[str, Any]:
    """The whole worklog for a PUT: `current` with the draft's changes (core/3: `issue_key`)."""
    draft = checked.draft
    start_date, start_time = local_start(draft.started, zone)
    if draft.billable_seconds is not None:
        billable = draft.billable_seconds
    elif current.billable_seconds is None or current.billable_seconds == current.time_spent_seconds:
        billable = draft.time_spent_seconds  # it followed the time spent: keep following
    else:
        billable = current.billable_seconds
    kept = {v.key: v.value or "" for v in (current.attributes.values if current.attributes else [])}
    merged = {**kept, **(draft.attributes or {})}
    description = (
        (draft.comment or "").strip("\n") if draft.comment_touched else current.description or ""
    )
    body: dict[str, Any] = {"authorAccountId": current.author.account_id}
    if issue_key is not None:
        body["issueKey"] = issue_key
    body |= {
        "startDate": start_date,
        "startTime": start_time,
        "timeSpentSeconds": draft.time_spent_seconds,
        "billableSeconds": billable,
        "description": description,
        "attributes": _attribute_list(merged),
    }
    if (remaining := _remaining(checked)) is not None:
        body["remainingEstimateSeconds"] = remaining
    return body
