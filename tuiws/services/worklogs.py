"""Add, edit, delete and list worklogs: every draft validated once, no write ever doubled.

Every write goes through the write journal: recorded (with an operation id, the exact request
and the before-image) before it is sent, marked as answers come. When an answer is lost
(dropped connection, timeout, a 5xx) the write may or may not have been applied, so it is read
back (`read_back`) instead of sent again: found, it is done; certainly absent, it failed;
and when the read-back fails too the outcome is unknown (`WriteOutcomeUnknown`), kept in the
journal for the next run, which reconciles every unfinished entry before it writes anything.
"""

from __future__ import annotations

import builtins
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from tuiws.backends.base import WorklogRef, tagged_writes
from tuiws.backends.capabilities import Capabilities
from tuiws.backends.errors import BackendError, ServerFailed, UnknownOutcome
from tuiws.domain.drafts import CheckedDraft, check_adjust, check_draft
from tuiws.domain.models import AdjustEstimate, Worklog, WorklogDraft, WriteVerb
from tuiws.services.read_back import Resolution, look_alike_ids, read_back
from tuiws.services.session import Session
from tuiws.store.journal import EntryState, JournalEntry, WriteJournal, draft_json, worklog_json

__all__ = ["WorklogService", "WriteNotConfirmedError", "WriteOutcomeUnknown"]

T = TypeVar("T")


class WriteNotConfirmedError(BackendError):
    """The answer was lost and the read-back shows the change is not there: nothing was
    repeated, and saving again is safe."""


class WriteOutcomeUnknown(UnknownOutcome):
    """The answer was lost and the read-back failed too: the change may have been saved. The
    journal keeps it; the next run checks before writing anything."""

    def __init__(self, message: str, *, operation: str) -> None:
        super().__init__(message)
        self.operation = operation


class WorklogService:
    def __init__(
        self,
        session: Session,
        *,
        journal: WriteJournal | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.session = session
        self.journal = journal or WriteJournal.in_memory()
        self._now = now or (lambda: datetime.now().astimezone())
        self.resolutions: builtins.list[Resolution] = []
        """What reconciliation found for earlier unfinished writes, in this service's life."""

    @property
    def capabilities(self) -> Capabilities:
        return self.session.backend.capabilities

    def check(self, draft: WorklogDraft, *, verb: WriteVerb = "add") -> CheckedDraft:
        """The draft checked once, against the domain's rules and the backend's: raise
        `DraftInvalid` for anything it would refuse, without touching the network."""
        s = self.session
        return check_draft(
            draft,
            verb=verb,
            tracking=s.tracking,
            rules=s.capabilities,
            extra=s.backend.problems(draft, verb),
        )

    def check_adjust(self, adjust: AdjustEstimate, verb: WriteVerb) -> AdjustEstimate:
        return check_adjust(adjust, verb, self.session.tracking, self.session.capabilities)

    def _checked(self, draft: WorklogDraft | CheckedDraft, verb: WriteVerb) -> CheckedDraft:
        if isinstance(draft, CheckedDraft) and draft.verb == verb:
            return draft
        plain = draft.draft if isinstance(draft, CheckedDraft) else draft
        return self.check(plain, verb=verb)

    async def list(
        self, issue_key: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[Worklog]:
        """An issue's worklogs started in [start, end), every page."""
        return await self.session.backend.issue_worklogs(issue_key, start, end)

    async def get(self, issue_key: str, worklog_id: str) -> Worklog:
        return await self.session.backend.get(WorklogRef(issue_key, worklog_id))

    # -- the journal ----------------------------------------------------------------------------

    @property
    def _where(self) -> tuple[str, str]:
        return self.session.capabilities.name, self.session.site

    def unfinished(self) -> builtins.list[JournalEntry]:
        """This backend's writes whose outcome is not known yet."""
        return self.journal.unfinished(*self._where)

    async def reconcile(self) -> builtins.list[Resolution]:
        """Read back every unfinished write and record what it did; a check that fails leaves
        its entry unknown (for the next run)."""
        found: builtins.list[Resolution] = []
        backend, me = self.session.backend, self.session.me.ident
        for entry in self.unfinished():
            try:
                resolution = await read_back(backend, me, entry)
            except BackendError as exc:
                resolution = Resolution(entry, EntryState.UNKNOWN, reason=exc.message)
            worklog = resolution.worklog if resolution.state is EntryState.CONFIRMED else None
            self.journal.mark(
                entry.operation,
                resolution.state,
                worklog_id=worklog.id if worklog is not None and entry.verb == "add" else None,
                message=resolution.describe(),
            )
            found.append(resolution)
        self.resolutions.extend(found)
        return found

    async def _reconcile_before_write(self) -> builtins.list[Resolution]:
        found = await self.reconcile()
        still = [r for r in found if r.state is EntryState.UNKNOWN]
        if still:
            raise WriteOutcomeUnknown(
                still[0].describe() + " Nothing new was sent; try again when it can be checked.",
                operation=still[0].entry.operation,
            )
        return found

    async def _send(
        self, entry: JournalEntry, call: Callable[[], Awaitable[T]]
    ) -> T | Worklog | None:
        """Send a recorded write, marking each answer; a lost answer is read back, never resent."""
        op = entry.operation
        self.journal.mark(op, EntryState.SENT)
        try:
            result = await call()
        except (UnknownOutcome, ServerFailed) as lost:
            return await self._after_lost_answer(entry, lost)
        except BackendError as exc:
            self.journal.mark(op, EntryState.FAILED, message=exc.message)
            raise
        made = result.id if isinstance(result, Worklog) and entry.verb == "add" else None
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

    # -- writing --------------------------------------------------------------------------------

    async def add(self, draft: WorklogDraft | CheckedDraft) -> Worklog:
        checked = self._checked(draft, "add")
        request = draft_json(checked)
        for earlier in await self._reconcile_before_write():
            # The same add, interrupted and now found saved: a re-run must not make a second.
            e = earlier.entry
            saved = earlier.state is EntryState.CONFIRMED and earlier.worklog is not None
            if saved and e.verb == "add" and e.request == request and earlier.worklog:
                return earlier.worklog
        backend = self.session.backend
        tagger = tagged_writes(backend)
        me = self.session.me.ident
        known = [] if tagger is not None else await look_alike_ids(backend, me, checked.draft)
        entry = self.journal.record(
            backend=self._where[0],
            site=self._where[1],
            verb="add",
            issue_key=checked.draft.issue_key,
            request=request,
            known_ids=known,
        )
        if tagger is not None:
            created = await self._send(entry, lambda: tagger.add_tagged(checked, entry.operation))
        else:
            created = await self._send(entry, lambda: backend.add(checked))
        assert isinstance(created, Worklog)  # an add's read-back always carries its worklog
        return created

    async def update(self, original: Worklog, draft: WorklogDraft | CheckedDraft) -> Worklog:
        checked = self._checked(draft, "update")
        await self._reconcile_before_write()
        backend = self.session.backend
        ref = WorklogRef(checked.draft.issue_key, original.id)
        entry = self.journal.record(
            backend=self._where[0],
            site=self._where[1],
            verb="update",
            issue_key=ref.issue_key,
            worklog_id=ref.id,
            request=draft_json(checked),
            before=worklog_json(original),
        )
        updated = await self._send(entry, lambda: backend.update(ref, checked))
        assert isinstance(updated, Worklog)
        return updated

    async def delete(
        self,
        issue_key: str,
        worklog_id: str,
        adjust: AdjustEstimate | None = None,
        *,
        before: Worklog | None = None,
    ) -> None:
        """Delete a worklog; `before`, the worklog as read, is kept as the journal's
        before-image (what an undo puts back)."""
        s = self.session
        adjust = self.check_adjust(adjust or AdjustEstimate(), "delete")
        await self._reconcile_before_write()
        ref = WorklogRef(issue_key, worklog_id)
        entry = self.journal.record(
            backend=self._where[0],
            site=self._where[1],
            verb="delete",
            issue_key=issue_key,
            worklog_id=worklog_id,
            request={"adjust": {"mode": adjust.mode, "value": adjust.value}},
            before=worklog_json(before) if before is not None else None,
        )
        await self._send(entry, lambda: s.backend.delete(ref, adjust, s.tracking))
