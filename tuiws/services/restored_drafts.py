"""Whether a draft restored after a crash was in fact saved: the write journal knows."""

from __future__ import annotations

from datetime import datetime

from tuiws.domain.draft_input import DraftInput, read_draft
from tuiws.domain.models import WorklogDraft
from tuiws.services.bundle import Services
from tuiws.store.drafts import EditorDraft
from tuiws.store.journal import EntryState

__all__ = ["journaled_draft", "saved_draft"]

_WAITING = {EntryState.QUEUED: "queued", EntryState.UNKNOWN: "being checked"}


def journaled_draft(services: Services, draft: EditorDraft) -> str | None:
    """When the journal holds a save of exactly this draft, written after it, that is queued
    or being checked: "queued" / "being checked" (the journal sends or settles it, so the
    draft must not be offered for a second save)."""
    typed = _typed(services, draft)
    if typed is None:
        return None
    wanted = _fields(typed)
    where = services.worklogs.flow.where
    for entry in services.worklogs.journal.recent(200):
        if entry.recorded_at < draft.saved_at:
            break
        if (entry.backend, entry.site) != where or entry.verb == "delete":
            continue
        if entry.state in _WAITING and _fields(entry.draft()) == wanted:
            return _WAITING[entry.state]
    return None


def _fields(d: WorklogDraft) -> tuple[str, datetime, int, str]:
    return d.issue_key, d.started, d.time_spent_seconds, (d.comment or "").strip()


def saved_draft(services: Services, draft: EditorDraft) -> str | None:
    """When the journal shows a save of exactly this draft confirmed after it was written:
    "worklog N" (the process died before the editor could close)."""
    typed = _typed(services, draft)
    if typed is None:
        return None
    entry = services.worklogs.saved_since(typed, draft.saved_at)
    if entry is None:
        return None
    return f"worklog {entry.worklog_id}" if entry.worklog_id else "saved"


def _typed(services: Services, draft: EditorDraft) -> WorklogDraft | None:
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
    return None if problems else typed
