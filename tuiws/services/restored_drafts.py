"""Whether a draft restored after a crash was in fact saved: the write journal knows."""

from __future__ import annotations

from datetime import datetime

from tuiws.domain.draft_input import DraftInput, read_draft
from tuiws.services.bundle import Services
from tuiws.store.drafts import EditorDraft

__all__ = ["saved_draft"]


def saved_draft(services: Services, draft: EditorDraft) -> str | None:
    """When the journal shows a save of exactly this draft confirmed after it was written:
    "worklog N" (the process died before the editor could close)."""
    session = services.session
    typed, problems = read_draft(
        DraftInput(
            issue=draft.issue_key,
            day=draft.date,
            start=draft.start,
            duration=draft.duration,
            comment=draft.comment,
        ),
        zone=session.zone,
        today=datetime.now(session.zone).date(),
        tracking=session.tracking,
    )
    if problems:
        return None
    entry = services.worklogs.saved_since(typed, draft.saved_at)
    if entry is None:
        return None
    return f"worklog {entry.worklog_id}" if entry.worklog_id else "saved"
