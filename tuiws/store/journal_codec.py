"""The write journal's JSON: a checked draft as sent, and a worklog's before-image."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tuiws.domain.drafts import CheckedDraft
from tuiws.domain.models import AdjustEstimate, User, Worklog, WorklogDraft

__all__ = ["draft_from_json", "draft_json", "worklog_from_json", "worklog_json"]


def draft_json(checked: CheckedDraft) -> dict[str, Any]:
    d = checked.draft
    return {
        "verb": checked.verb,
        "issue_key": d.issue_key,
        "started": d.started.isoformat(),
        "time_spent_seconds": d.time_spent_seconds,
        "comment": d.comment,
        "original_comment_adf": d.original_comment_adf,
        "comment_touched": d.comment_touched,
        "adjust": {"mode": d.adjust.mode, "value": d.adjust.value},
    }


def draft_from_json(data: dict[str, Any]) -> WorklogDraft:
    adjust = data.get("adjust") or {}
    return WorklogDraft(
        issue_key=str(data["issue_key"]),
        started=datetime.fromisoformat(str(data["started"])),
        time_spent_seconds=int(data["time_spent_seconds"]),
        comment=data.get("comment"),
        original_comment_adf=data.get("original_comment_adf"),
        comment_touched=bool(data.get("comment_touched", True)),
        adjust=AdjustEstimate(mode=adjust.get("mode", "auto"), value=adjust.get("value")),
    )


def worklog_json(w: Worklog) -> dict[str, Any]:
    return {
        "id": w.id,
        "issue_id": w.issue_id,
        "issue_key": w.issue_key,
        "author": w.author.as_json(),
        "started": w.started.isoformat(),
        "time_spent_seconds": w.time_spent_seconds,
        "comment_text": w.comment_text,
        "comment_adf": w.comment_adf,
    }


def worklog_from_json(data: dict[str, Any]) -> Worklog:
    author = data.get("author") or {}
    return Worklog(
        id=str(data["id"]),
        issue_id=str(data.get("issue_id", "")),
        issue_key=data.get("issue_key"),
        author=User(
            account_id=author.get("accountId"),
            name=author.get("name"),
            key=author.get("key"),
            display_name=author.get("displayName", ""),
        ),
        started=datetime.fromisoformat(str(data["started"])),
        time_spent_seconds=int(data["time_spent_seconds"]),
        comment_text=str(data.get("comment_text") or ""),
        comment_adf=data.get("comment_adf"),
    )
