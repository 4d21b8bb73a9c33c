"""How a journaled write travels: recorded, sent, answered or read back, queued when offline.

A write is recorded (operation id, exact request, before-image) before it is sent and marked
as answers come. When an answer is lost (dropped connection, timeout, a 5xx) the write may or
may not have been applied, so it is read back instead of sent again: found, it is done;
certainly absent, it failed; when the read-back fails too the outcome is unknown, kept for
the next run. When the server cannot be reached at all nothing left, so the write is queued
and sent, with the same care, before the next write that can reach it (or by `tuiws queue`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from tuiws.backends.base import WorklogRef, tagged_writes
from tuiws.backends.errors import (
    BackendError,
    NotFound,
    ServerFailed,
    TlsFailed,
    UnknownOutcome,
    Unreachable,
)
from tuiws.domain.drafts import CheckedDraft, DraftInvalid, check_adjust
from tuiws.domain.models import AdjustEstimate, Worklog, WorklogDraft, WriteVerb
from tuiws.services.read_back import Resolution, look_alike_ids, read_back
from tuiws.services.session import Session
from tuiws.services.stale_writes import changed_since
from tuiws.store.journal import EntryState, JournalEntry, WriteJournal

__all__ = ["WriteFlow", "WriteNotConfirmedError", "WriteOutcomeUnknown", "WriteQueued"]

Checker = Callable[[WorklogDraft, WriteVerb], CheckedDraft]


class WriteNotConfirmedError(BackendError):
    """The answer was lost and the read-back shows the change is not there: nothing was
    repeated, and saving again is safe."""


class WriteOutcomeUnknown(UnknownOutcome):
    """The answer was lost and the read-back failed too: the change may have been saved. The
    journal keeps it; the next run checks before writing anything."""

    def __init__(self, message: str, *, operation: str) -> None:
        super().__init__(message)
        self.operation = operation


class WriteQueued(Unreachable):
    """The server could not be reached, so nothing was sent: the write waits in the queue."""

    def __init__(self, message: str, *, operation: str) -> None:
        super().__init__(message)
        self.operation = operation


class WriteFlow:
    def __init__(self, session: Session, journal: WriteJournal, check: Checker) -> None:
        self.session = session
        self.journal = journal
        self._check = check
        self.resolutions: list[Resolution] = []
        """What reconciliation and the queue found for earlier writes, in this flow's life."""
        self.turn = asyncio.Lock()
        """Held by a caller for a whole write or settling (the app runs several at once): a
        read-back must never look at a write still in flight, nor a queued one go twice."""

    @property
    def where(self) -> tuple[str, str]:
        """The backend and site this flow's entries belong to."""
        return self.session.capabilities.name, self.session.site

    def record(
        self,
        verb: WriteVerb,
        issue_key: str,
        request: dict[str, Any],
        *,
        worklog_id: str | None = None,
        before: dict[str, Any] | None = None,
    ) -> JournalEntry:
        backend, site = self.where
        return self.journal.record(
            backend=backend,
            site=site,
            verb=verb,
            issue_key=issue_key,
            request=request,
            worklog_id=worklog_id,
            before=before,
        )

    # -- before a write: what earlier ones did ------------------------------------------------

    async def reconcile(self) -> list[Resolution]:
        """Read back every unfinished write and record what it did; a check that fails leaves
        its entry unknown (for the next run)."""
        found: list[Resolution] = []
        backend, me = self.session.backend, self.session.me.ident
        for entry in self.journal.unfinished(*self.where):
            try:
                resolution = await read_back(backend, me, entry)
            except BackendError as exc:
                resolution = Resolution(entry, EntryState.UNKNOWN, reason=exc.message)
            self._mark_resolved(entry, resolution)
            found.append(resolution)
        self.resolutions.extend(found)
        return found

    def _mark_resolved(self, entry: JournalEntry, resolution: Resolution) -> None:
        worklog = resolution.worklog if resolution.state is EntryState.CONFIRMED else None
        self.journal.mark(
            entry.operation,
            resolution.state,
            worklog_id=worklog.id if worklog is not None and entry.verb == "add" else None,
            message=resolution.describe(),
        )

    async def send_queued(self) -> list[Resolution]:
        """Send the queued writes, oldest first; stop at the first the server still cannot get."""
        done: list[Resolution] = []
        for entry in self.journal.queued(*self.where):
            current = self.journal.entry(entry.operation)
            if current is None or current.state is not EntryState.QUEUED:
                continue  # sent or dropped meanwhile
            try:
                if (stale := await self._stale(current)) is not None:
                    done.append(stale)
                    continue
                worklog = await self.send(current)
            except WriteQueued:
                break
            except WriteOutcomeUnknown as exc:
                done.append(Resolution(entry, EntryState.UNKNOWN, reason=exc.message))
            except DraftInvalid as exc:
                # Queued offline (`tuiws log` at a failed sign-in), checked only now: refused.
                self.journal.mark(entry.operation, EntryState.FAILED, message=str(exc))
                done.append(Resolution(entry, EntryState.FAILED, reason=str(exc), queued=True))
            except BackendError as exc:
                done.append(Resolution(entry, EntryState.FAILED, reason=exc.message, queued=True))
            else:
                done.append(Resolution(entry, EntryState.CONFIRMED, worklog, queued=True))
        self.resolutions.extend(done)
        return done

    async def _stale(self, entry: JournalEntry) -> Resolution | None:
        """A queued edit or delete whose worklog is no longer the one it was made from is
        refused unsent (`stale_writes`); a delete of one already gone needs no sending. A read
        that fails leaves it queued: only the server's answer may settle it."""
        if entry.verb == "add" or entry.before is None:
            return None
        op = entry.operation
        ref = WorklogRef(entry.issue_key, entry.worklog_id or "")
        try:
            now = await self.session.backend.get(ref)
        except NotFound:
            if entry.verb == "delete":
                reason = "the worklog was already gone from the server"
                self.journal.mark(op, EntryState.CONFIRMED, message=reason)
                return Resolution(entry, EntryState.CONFIRMED, reason=reason, queued=True)
            reason = "the worklog was deleted on the server after this change was queued"
            return self._refuse(entry, f"{reason}; nothing was sent.")
        except BackendError as exc:
            raise WriteQueued(exc.message, operation=op) from None
        changed = changed_since(entry.before, now)
        if changed is None:
            return None
        return self._refuse(
            entry,
            f"the worklog changed on the server after this change was queued ({changed}); "
            "nothing was sent, so that change is kept. Make yours again on the worklog as it is.",
        )

    def _refuse(self, entry: JournalEntry, reason: str) -> Resolution:
        self.journal.mark(entry.operation, EntryState.FAILED, message=reason)
        return Resolution(entry, EntryState.FAILED, reason=reason, queued=True)

    async def before_write(self) -> list[Resolution]:
        """Reconcile, then send the queue; an outcome still unknown stops a new write."""
        found = await self.reconcile()
        found += await self.send_queued()
        still = [r for r in found if r.state is EntryState.UNKNOWN]
        if still:
            raise WriteOutcomeUnknown(
                still[0].describe() + " Nothing new was sent; try again when it can be checked.",
                operation=still[0].entry.operation,
            )
        return found

    # -- sending --------------------------------------------------------------------------------

    async def send(
        self, entry: JournalEntry, checked: CheckedDraft | None = None
    ) -> Worklog | None:
        """Send a recorded (or queued) write, marking each answer; a lost answer is read back,
        never resent. Returns the worklog written (None for a delete)."""
        op = entry.operation
        backend = self.session.backend
        try:
            if entry.verb != "delete" and checked is None:
                checked = self._check(entry.draft(), entry.verb)
            if entry.verb == "delete":
                # Queued offline, a delete's estimate change is checked only now, as a draft is.
                s = self.session
                check_adjust(_adjust_of(entry), "delete", s.tracking, s.capabilities)
            tagger = tagged_writes(backend)
            if entry.verb == "add" and tagger is None and not entry.known_ids:
                # Untagged backends are read back by excluding what was there before.
                assert checked is not None
                known = await look_alike_ids(backend, self.session.me.ident, checked.draft)
                self.journal.mark(op, entry.state, known_ids=known)
                entry = self.journal.entry(op) or entry
            self.journal.mark(op, EntryState.SENT)
            if entry.verb == "add":
                assert checked is not None
                if tagger is not None:
                    result: Worklog | None = await tagger.add_tagged(checked, op)
                else:
                    result = await backend.add(checked)
            elif entry.verb == "update":
                assert checked is not None
                ref = WorklogRef(entry.issue_key, entry.worklog_id or "")
                result = await backend.update(ref, checked)
            else:
                ref = WorklogRef(entry.issue_key, entry.worklog_id or "")
                await backend.delete(ref, _adjust_of(entry), self.session.tracking)
                result = None
        except (UnknownOutcome, ServerFailed) as lost:
            return await self._after_lost_answer(entry, lost)
        except TlsFailed as exc:
            self.journal.mark(op, EntryState.FAILED, message=exc.message)
            raise
        except Unreachable as exc:
            message = (
                f"{exc.message} Nothing was sent: the change waits in the queue and goes with "
                "the next command that reaches the server (`tuiws queue` lists it)."
            )
            self.journal.mark(op, EntryState.QUEUED, message=message)
            raise WriteQueued(message, operation=op) from None
        except BackendError as exc:
            self.journal.mark(op, EntryState.FAILED, message=exc.message)
            raise
        made = result.id if result is not None and entry.verb == "add" else None
        self.journal.mark(op, EntryState.CONFIRMED, worklog_id=made)
        return result

    async def _after_lost_answer(self, entry: JournalEntry, lost: BackendError) -> Worklog | None:
        op = entry.operation
        try:
            found = await read_back(self.session.backend, self.session.me.ident, entry)
        except BackendError as exc:
            message = (
                f"{lost.message} Checking whether it was saved failed too ({exc.message}). "
                "It may have been saved: the next run checks before writing anything."
            )
            self.journal.mark(op, EntryState.UNKNOWN, message=message)
            raise WriteOutcomeUnknown(message, operation=op) from None
        if found.state is EntryState.CONFIRMED:
            made = found.worklog.id if found.worklog is not None and entry.verb == "add" else None
            self.journal.mark(op, EntryState.CONFIRMED, worklog_id=made)
            return found.worklog  # None for a delete
        message = (
            f"{lost.message} The change is not there (read back from the server). "
            "Nothing was sent twice; save again to retry."
        )
        self.journal.mark(op, EntryState.FAILED, message=message)
        raise WriteNotConfirmedError(message, status=lost.status)

    # -- the queue ----------------------------------------------------------------------------

    def queued(self) -> list[JournalEntry]:
        return self.journal.queued(*self.where)

    def drop(self, operation: str) -> bool:
        """Take a queued write out of the queue, unsent; False when no such queued write."""
        entry = self.journal.entry(operation)
        if entry is None or entry.state is not EntryState.QUEUED:
            return False
        self.journal.mark(operation, EntryState.DROPPED, message="dropped from the queue")
        return True


def _adjust_of(entry: JournalEntry) -> AdjustEstimate:
    """How a recorded delete moves the estimate."""
    return AdjustEstimate(**entry.request.get("adjust", {}))
