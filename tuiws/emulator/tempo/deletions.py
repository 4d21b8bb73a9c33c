"""Deleted-worklog events: v4's papertrail (a `lastEvaluatedKey` cursor) and core/3's audit
(offset pages). Both read Jira's own deletion feed, so a worklog deleted through Jira shows
up too; Tempo keeps the events 180 days."""

from __future__ import annotations

import base64
from datetime import timedelta

from ..calls import Reply
from ..jiratime import from_millis, to_millis
from ..models import User
from .store import AUDIT_DAYS
from .wire import MAX_LIMIT, TempoCall, TempoError, page, parse_moment, utc_text

# Tempo's integration sees every project (deletions carry no issue to hide).
_TEMPO_APP = User("tempo-app", "tempo", "tempo", "Tempo", "", "UTC", admin=True)


def _events(call: TempoCall) -> list[tuple[int, int]]:
    """(deleted at millis, Jira worklog id) since `updatedFrom`, oldest first."""
    raw = call.arg("updatedFrom")
    if not raw:
        raise TempoError(400, "updatedFrom is required.")
    since = parse_moment(raw, "updatedFrom")
    kept_from = call.state.now() - timedelta(days=AUDIT_DAYS)
    start = to_millis(max(since, kept_from))
    seen: dict[int, int] = {}
    while True:
        feed = call.state.deleted_since(_TEMPO_APP, start)
        for worklog_id, millis in feed.values:
            seen[worklog_id] = millis
        if feed.last or feed.until == start:
            break
        start = feed.until
    return sorted(((millis, worklog_id) for worklog_id, millis in seen.items()))


def _cursor(millis: int, worklog_id: int) -> str:
    return base64.urlsafe_b64encode(f"{millis}:{worklog_id}".encode()).decode().rstrip("=")


def _uncursor(text: str) -> tuple[int, int]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        millis, _, worklog_id = raw.partition(":")
        return int(millis), int(worklog_id)
    except (ValueError, UnicodeDecodeError):
        raise TempoError(400, "lastEvaluatedKey is not a key this API handed out.") from None


def papertrail(call: TempoCall) -> Reply:
    limit_raw = call.arg("limit") or "50"
    if not limit_raw.isdigit() or int(limit_raw) < 1:
        raise TempoError(400, "limit must be a positive number.")
    limit = min(int(limit_raw), MAX_LIMIT)
    with call.state.lock:
        events = _events(call)
        after = call.arg("lastEvaluatedKey")
        if after:
            key = _uncursor(after)
            events = [e for e in events if e > key]
        shown = events[:limit]
        results = [
            {
                "tempoWorklogId": str(call.store.ids.own_id(worklog_id)),
                "jiraWorklogId": str(worklog_id),
                "deletedAt": utc_text(from_millis(millis)),
            }
            for millis, worklog_id in shown
        ]
    metadata: dict[str, object] = {"count": len(results), "limit": limit}
    if len(events) > limit:
        cursor = _cursor(*shown[-1])
        metadata["lastEvaluatedKey"] = cursor
        params = {
            "updatedFrom": call.arg("updatedFrom"),
            "limit": limit,
            "lastEvaluatedKey": cursor,
        }
        metadata["next"] = call.url(call.path, params)
    return Reply(
        200,
        {
            "self": call.url(call.path, {"updatedFrom": call.arg("updatedFrom")}),
            "metadata": metadata,
            "results": results,
        },
    )


def audit(call: TempoCall) -> Reply:
    with call.state.lock:
        results = [
            {
                "tempoWorklogId": call.store.ids.own_id(worklog_id),
                "jiraWorklogId": worklog_id,
                "deletedAt": utc_text(from_millis(millis)),
            }
            for millis, worklog_id in _events(call)
        ]
    return Reply(200, page(call, list(results), call.path))
