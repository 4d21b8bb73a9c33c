"""Everit's worklogs to domain models and checked drafts to Everit's bodies.

Everit speaks local days and wall-clock times in the `x-timezone` zone we sent: they become
aware instants in that zone, and a draft's instant is cut back into a date and an `HH:mm`.
A worklog's id is Everit's own (`worklogId`, kept when a worklog moves to another issue);
Jira's id rides along in `backend_ids`. Billable is all or nothing in Everit: billable
seconds are the duration when billable, 0 when not.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from tuiws.backends.everit.wire import EveritWorklog, ReportRow
from tuiws.domain.drafts import CheckedDraft, FieldProblem
from tuiws.domain.models import Issue, User, Worklog, WorklogDraft
from tuiws.domain.started import zoned

__all__ = [
    "billable_problems",
    "local_start",
    "new_worklog_body",
    "partial_worklog",
    "row_issue",
    "row_worklog",
    "to_worklog",
]


def local_start(moment: datetime, zone: ZoneInfo) -> tuple[str, str]:
    """(workDate, workStartTime) for an instant, on the wall clock of `zone`."""
    local = moment.astimezone(zone)
    return local.date().isoformat(), local.strftime("%H:%M")


def _started(work_date: str, start: str | None, zone: ZoneInfo) -> datetime:
    at = time.fromisoformat(start) if start else time(0, 0)
    return zoned(date.fromisoformat(work_date), at.replace(tzinfo=None), zone)


def _ids(worklog_id: int, jira_id: int | None) -> dict[str, str]:
    ids = {"worklogId": str(worklog_id)}
    if jira_id is not None:
        ids["jiraWorklogId"] = str(jira_id)
    return ids


def row_worklog(row: ReportRow, zone: ZoneInfo) -> Worklog:
    """One row of the details report (it carries the author, the issue key and tag names)."""
    w = row.worklog
    if w.start_time:
        started = zoned(
            date.fromisoformat(w.start_time[:10]), time.fromisoformat(w.start_time[11:]), zone
        )
    else:
        started = _started(w.work_date, None, zone)
    return Worklog(
        id=str(w.id),
        issue_id=str(row.issue.id),
        issue_key=row.issue.key,
        author=User(account_id=w.author.id, display_name=w.author.name),
        started=started,
        time_spent_seconds=w.duration_in_seconds,
        comment_text=w.description or "",
        billable_seconds=w.duration_in_seconds if w.is_billable else 0,
        tags=tuple(t.name for t in w.worklog_tags),
        backend_ids=_ids(w.id, w.jira_worklog_id),
    )


def row_issue(row: ReportRow) -> Issue:
    return Issue(
        id=str(row.issue.id),
        key=row.issue.key,
        summary=row.issue.summary,
        project_key=row.project.key or row.issue.key.rsplit("-", 1)[0],
    )


def to_worklog(
    wire: EveritWorklog,
    *,
    issue_key: str | None,
    author: User,
    zone: ZoneInfo,
    tag_names: Mapping[int, str],
) -> Worklog:
    """A worklog as `/worklog` answers it (no author nor key there: the caller knows them)."""
    return Worklog(
        id=str(wire.worklog_id),
        issue_id=str(wire.issue_id),
        issue_key=issue_key,
        author=author,
        started=_started(wire.work_date, wire.work_start_time, zone),
        time_spent_seconds=wire.duration_in_seconds,
        comment_text=wire.description or "",
        billable_seconds=wire.duration_in_seconds if wire.is_billable else 0,
        tags=tuple(tag_names.get(t, str(t)) for t in wire.worklog_tag_ids),
        backend_ids=_ids(wire.worklog_id, wire.jira_worklog_id),
    )


def billable_problems(draft: WorklogDraft) -> list[FieldProblem]:
    """Everit bills a whole worklog or none of it."""
    seconds = draft.billable_seconds
    if seconds is None or seconds in (0, draft.time_spent_seconds):
        return []
    return [
        FieldProblem(
            "billable",
            "Everit bills a whole worklog or none of it: make it billable (all of the time) "
            "or not billable (0)",
        )
    ]


def _is_billable(draft: WorklogDraft) -> bool | None:
    if draft.billable_seconds is None:
        return None
    return draft.billable_seconds > 0


def _description(draft: WorklogDraft) -> str:
    return (draft.comment or "").strip("\n")


def new_worklog_body(
    checked: CheckedDraft, issue_id: int, zone: ZoneInfo, tag_ids: list[int] | None
) -> dict[str, Any]:
    """The `POST /worklog` body; `issueId` is a JSON number, as Everit requires."""
    draft = checked.draft
    work_date, start = local_start(draft.started, zone)
    body: dict[str, Any] = {
        "workDate": work_date,
        "workStartTime": start,
        "durationInSeconds": draft.time_spent_seconds,
        "issueId": issue_id,
        "description": _description(draft),
    }
    billable = _is_billable(draft)
    if billable is not None:
        body["isBillable"] = billable
    if tag_ids is not None:
        body["worklogTagIds"] = tag_ids
    return body


def partial_worklog(
    current: Worklog,
    checked: CheckedDraft,
    zone: ZoneInfo,
    *,
    issue_id: int | None,
    tag_ids: list[int] | None,
) -> dict[str, Any]:
    """The `partialWorklog` of a PATCH: only what differs from `current`.

    `issue_id` is the new issue's id when the draft moves the worklog, `tag_ids` the new tags
    when the draft sets them.
    """
    draft = checked.draft
    out: dict[str, Any] = {}
    work_date, start = local_start(draft.started, zone)
    was_date, was_start = local_start(current.started, zone)
    if work_date != was_date:
        out["workDate"] = work_date
    if start != was_start:
        out["workStartTime"] = start
    if draft.time_spent_seconds != current.time_spent_seconds:
        out["durationInSeconds"] = draft.time_spent_seconds
    if issue_id is not None and str(issue_id) != current.issue_id:
        out["issueId"] = issue_id
    if draft.comment_touched and _description(draft) != current.comment_text:
        out["description"] = _description(draft)
    billable = _is_billable(draft)
    was_billable = bool(current.billable_seconds)
    if billable is not None and billable != was_billable:
        out["isBillable"] = billable
    if tag_ids is not None and draft.tags is not None and tuple(draft.tags) != current.tags:
        out["worklogTagIds"] = tag_ids
    return out
