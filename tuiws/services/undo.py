"""Undo the profile's last add, edit or delete from the write journal's before-image.

An add is undone by deleting what it created, an edit by putting the before-image back, a
delete by creating the worklog again (start, duration, comment). An undo is itself a journaled
write, undoable once: undoing the undo redoes; after that there is nothing left to undo.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from tuiws.backends.base import WorklogRef
from tuiws.domain.durations import format_duration
from tuiws.domain.models import AdjustEstimate, Worklog, WorklogDraft
from tuiws.services.worklogs import WorklogService
from tuiws.store.journal import EntryState, JournalEntry
from tuiws.store.journal_codec import draft_json, worklog_from_json, worklog_json

__all__ = ["MAX_UNDO_DEPTH", "UndoPlan", "UndoService"]

MAX_UNDO_DEPTH = 2
"""A write (0), its undo (1) and the undo of that (2): the last is not undone again."""

_UNDO = AdjustEstimate(mode="auto")  # the estimate moves back as it moved


@dataclass(frozen=True)
class UndoPlan:
    entry: JournalEntry
    """The write to undo."""

    @property
    def depth(self) -> int:
        return int(self.entry.request.get("undo_depth", 0))

    def describe(self) -> str:
        """What the undo will do, to ask before doing it."""
        e = self.entry
        if e.verb == "add":
            draft = e.draft()
            return (
                f"delete worklog {e.worklog_id} on {e.issue_key} "
                f"({format_duration(draft.time_spent_seconds)} from {draft.started:%Y-%m-%d %H:%M})"
            )
        before = worklog_from_json(e.before or {})
        spent = format_duration(before.time_spent_seconds)
        if e.verb == "update":
            return (
                f"put worklog {e.worklog_id} on {e.issue_key} back to {spent} from "
                f"{before.started:%Y-%m-%d %H:%M}"
            )
        return (
            f"log again the deleted worklog on {e.issue_key}: {spent} from "
            f"{before.started:%Y-%m-%d %H:%M}"
        )


class UndoService:
    def __init__(self, worklogs: WorklogService) -> None:
        self.worklogs = worklogs

    def plan(self) -> UndoPlan | None:
        """The last confirmed write of this backend, if it can be undone."""
        backend, site = self.worklogs.flow.where
        for entry in self.worklogs.journal.recent(200):
            if entry.backend != backend or entry.site != site:
                continue
            if entry.state is not EntryState.CONFIRMED:
                continue
            plan = UndoPlan(entry)
            if plan.depth >= MAX_UNDO_DEPTH or (entry.verb != "add" and entry.before is None):
                return None
            if entry.verb == "add" and not entry.worklog_id:
                return None
            return plan
        return None

    async def undo(self, plan: UndoPlan) -> Worklog | None:
        """Undo `plan`'s write; returns the worklog written (None when the undo deletes)."""
        e = plan.entry
        mark: dict[str, Any] = {"undoes": e.operation, "undo_depth": plan.depth + 1}
        service, flow = self.worklogs, self.worklogs.flow
        await flow.before_write()
        backend = service.session.backend
        if e.verb == "add":
            current = await backend.get(WorklogRef(e.issue_key, e.worklog_id or ""))
            entry = flow.record(
                "delete",
                e.issue_key,
                {"adjust": {"mode": _UNDO.mode, "value": None}, **mark},
                worklog_id=current.id,
                before=worklog_json(current),
            )
            return await flow.send(entry)
        before = worklog_from_json(e.before or {})
        draft = WorklogDraft(
            issue_key=e.issue_key,
            started=before.started,
            time_spent_seconds=before.time_spent_seconds,
            comment=before.comment_text,
            adjust=_UNDO,
        )
        if e.verb == "update":
            current = await backend.get(WorklogRef(e.issue_key, e.worklog_id or ""))
            checked = service.check(draft, verb="update")
            entry = flow.record(
                "update",
                e.issue_key,
                {**draft_json(checked), **mark},
                worklog_id=current.id,
                before=worklog_json(current),
            )
            return await flow.send(entry, checked)
        checked = service.check(replace(draft, comment=draft.comment or None), verb="add")
        entry = flow.record("add", e.issue_key, {**draft_json(checked), **mark})
        return await flow.send(entry, checked)
