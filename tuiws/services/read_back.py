"""Finding out what a write did when its answer never came: exact read-backs over the contract.

- add: by the operation id the backend stored with it (`TaggedWrites`); a backend without tags
  is read back by excluding every look-alike that existed before the send, never by matching
  one of them;
- update: every field it sent (start, duration and the comment when it sent one);
- delete: the worklog is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tuiws.backends.base import WorklogBackend, WorklogRef, tagged_writes
from tuiws.backends.errors import NotFound
from tuiws.domain.durations import format_duration
from tuiws.domain.models import Worklog, WorklogDraft
from tuiws.store.journal import EntryState, JournalEntry

__all__ = ["Resolution", "look_alike_ids", "read_back", "update_landed"]

_NEAR = timedelta(minutes=1)


@dataclass(frozen=True)
class Resolution:
    """What a read-back found for one journal entry."""

    entry: JournalEntry
    state: EntryState
    """confirmed (it was applied), failed (it was not) or unknown (the check failed)."""
    worklog: Worklog | None = None
    reason: str = ""
    queued: bool = False
    """The entry waited in the queue (it was sent now) rather than lost its answer."""

    def describe(self) -> str:
        e = self.entry
        if self.queued and self.state is EntryState.FAILED:
            return f"A queued save ({_what(e)}) was refused: {self.reason}"
        if self.queued and self.reason:
            return f"A queued save ({_what(e)}) needed no sending: {self.reason}."
        if self.queued:
            made = f" as worklog {self.worklog.id}" if self.worklog and e.verb == "add" else ""
            return f"A queued save ({_what(e)}) was sent{made}."
        lost = f"An earlier save whose answer was lost ({_what(e)})"
        if self.state is EntryState.CONFIRMED:
            if e.verb == "add" and self.worklog is not None:
                return f"{lost} was saved as worklog {self.worklog.id}."
            return f"{lost} went through."
        if self.state is EntryState.FAILED:
            return f"{lost} was not saved; nothing was sent again."
        return f"An earlier save ({_what(e)}) may have been saved; checking failed: {self.reason}"


def _what(e: JournalEntry) -> str:
    if e.verb == "delete":
        return f"delete worklog {e.worklog_id} on {e.issue_key}"
    draft = e.draft()
    verb = "log" if e.verb == "add" else f"edit worklog {e.worklog_id}:"
    spent = format_duration(draft.time_spent_seconds)
    return f"{verb} {spent} on {draft.issue_key} from {draft.started:%Y-%m-%d %H:%M}"


def _looks_alike(w: Worklog, draft: WorklogDraft, me: str) -> bool:
    return (
        w.author.ident == me
        and w.started == draft.started
        and w.time_spent_seconds == draft.time_spent_seconds
    )


async def look_alike_ids(backend: WorklogBackend, me: str, draft: WorklogDraft) -> list[str]:
    """Before an add on a backend without tagged writes: the worklogs a read-back must not take
    for the new one."""
    window = await backend.issue_worklogs(
        draft.issue_key, draft.started - _NEAR, draft.started + _NEAR
    )
    return [w.id for w in window if _looks_alike(w, draft, me)]


def update_landed(draft: WorklogDraft, current: Worklog) -> bool:
    """Whether `current` shows every field the update sent (the comment when it sent one)."""
    if current.started != draft.started or current.time_spent_seconds != draft.time_spent_seconds:
        return False
    if not draft.comment_touched:
        return True
    return current.comment_text.strip() == (draft.comment or "").strip()


async def read_back(backend: WorklogBackend, me: str, entry: JournalEntry) -> Resolution:
    """Ask the backend whether `entry` was applied; backend errors propagate (outcome unknown)."""
    if entry.verb == "add":
        found = await _find_added(backend, me, entry)
        state = EntryState.CONFIRMED if found is not None else EntryState.FAILED
        return Resolution(entry, state, found)
    ref = WorklogRef(entry.issue_key, entry.worklog_id or "")
    try:
        current = await backend.get(ref)
    except NotFound:
        gone = entry.verb == "delete"
        return Resolution(entry, EntryState.CONFIRMED if gone else EntryState.FAILED)
    if entry.verb == "delete":
        return Resolution(entry, EntryState.FAILED, current)
    landed = update_landed(entry.draft(), current)
    return Resolution(entry, EntryState.CONFIRMED if landed else EntryState.FAILED, current)


async def _find_added(backend: WorklogBackend, me: str, entry: JournalEntry) -> Worklog | None:
    draft = entry.draft()
    tagger = tagged_writes(backend)
    if tagger is not None:
        return await tagger.find_by_operation(draft.issue_key, entry.operation, draft.started)
    return await find_new_since(backend, me, draft, entry.known_ids)


async def find_new_since(
    backend: WorklogBackend, me: str, draft: WorklogDraft, known_ids: list[str]
) -> Worklog | None:
    """The look-alike of `draft` that was not there before the send (`known_ids`)."""
    window = await backend.issue_worklogs(
        draft.issue_key, draft.started - _NEAR, draft.started + _NEAR
    )
    known = set(known_ids)
    fresh = [w for w in window if w.id not in known and _looks_alike(w, draft, me)]
    return fresh[0] if fresh else None
