"""Before a queued edit or delete goes: is the worklog still the one it was made against?

A change waits in the queue while the server cannot be reached, possibly for days (`tuiws edit`
at a failed sign-in builds it from the local cache's copy). An edit sends the whole worklog, so
sent blindly it would undo whatever changed on the server meanwhile (a colleague's fix, the
user's own edit in the browser). So it goes only while the server's worklog is still the one
it was made from (its `before`); otherwise it is refused, with what changed, and nothing is
sent. A delete of a worklog already gone needs no sending.
"""

from __future__ import annotations

from typing import Any

from tuiws.domain.durations import format_duration
from tuiws.domain.models import Worklog
from tuiws.store.journal_codec import worklog_from_json

__all__ = ["changed_since"]


def changed_since(before: dict[str, Any], now: Worklog) -> str | None:
    """What differs between the worklog a change was made from and the server's now, in a
    few words; None when they are the same in every field a change sends."""
    was = worklog_from_json(before)
    found: list[str] = []
    if was.started != now.started:
        found.append(f"its start is now {now.started:%Y-%m-%d %H:%M}")
    if was.time_spent_seconds != now.time_spent_seconds:
        found.append(f"its time is now {format_duration(now.time_spent_seconds)}")
    if (was.comment_text or "") != (now.comment_text or ""):
        found.append("its comment changed")
    if was.issue_id and now.issue_id and was.issue_id != now.issue_id:
        found.append("it is on another issue now")
    return "; ".join(found) or None
