"""Add, edit, delete and list worklogs: every draft validated once, no write ever doubled.

Every write goes through the write journal (`write_flow`): recorded before it is sent, read
back when its answer is lost, queued when the server cannot be reached; the unfinished and
queued writes of earlier runs are settled before any new one.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from tuiws.backends.base import DeclaresWorkAttributes, OffersTags, WorklogRef
from tuiws.backends.capabilities import Capabilities
from tuiws.backends.errors import BackendError
from tuiws.domain.attributes import WorkAttribute, missing_required
from tuiws.domain.drafts import CheckedDraft, DraftInvalid, FieldProblem, check_adjust, check_draft
from tuiws.domain.models import AdjustEstimate, Worklog, WorklogDraft, WriteVerb
from tuiws.services.read_back import Resolution
from tuiws.services.session import Session
from tuiws.services.write_flow import (
    WriteFlow,
    WriteNotConfirmedError,
    WriteOutcomeUnknown,
    WriteQueued,
)
from tuiws.store.journal import EntryState, JournalEntry, WriteJournal
from tuiws.store.journal_codec import draft_json, worklog_json

__all__ = [
    "MoveNeedsRecreate",
    "RecreatedNotDeleted",
    "WorklogService",
    "WriteNotConfirmedError",
    "WriteOutcomeUnknown",
    "WriteQueued",
]


class MoveNeedsRecreate(DraftInvalid):
    """The backend cannot move a worklog to another issue (`move_on_edit` is false).

    Nothing was sent. The caller asks the user, then calls `WorklogService.recreate`, which
    logs the time on the new issue and only then deletes the original.
    """

    def __init__(self, original: Worklog, draft: WorklogDraft) -> None:
        self.original = original
        self.draft = draft
        super().__init__(
            [
                FieldProblem(
                    "issue",
                    f"a worklog cannot move to another issue here: delete it on "
                    f"{original.issue_key} and log it again on {draft.issue_key}?",
                )
            ]
        )


class RecreatedNotDeleted(BackendError):
    """A move by re-creating logged the time on the new issue, but the original could not be
    deleted (`cause` says why): both exist now, and the new one must not be logged again."""

    def __init__(self, added: Worklog, original: Worklog, cause: BackendError) -> None:
        super().__init__(
            f"Logged on {added.issue_key}, but the worklog on {original.issue_key} is still "
            f"there: {cause}"
        )
        self.added = added
        self.original = original
        self.cause = cause


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
        self.flow = WriteFlow(session, self.journal, lambda d, v: self.check(d, verb=v))

    @property
    def resolutions(self) -> builtins.list[Resolution]:
        """What reconciliation and the queue found for earlier writes, in this service's life."""
        return self.flow.resolutions

    @property
    def capabilities(self) -> Capabilities:
        return self.session.backend.capabilities

    def check(self, draft: WorklogDraft, *, verb: WriteVerb = "add") -> CheckedDraft:
        """The draft checked once, against the domain's rules and the backend's: raise
        `DraftInvalid` for anything it would refuse, without touching the network."""
        s = self.session
        return check_draft(
            on_start_step(draft, s.capabilities.start_step_seconds),
            verb=verb,
            tracking=s.tracking,
            rules=s.capabilities,
            extra=s.backend.problems(draft, verb),
        )

    @property
    def work_attributes(self) -> list[WorkAttribute]:
        """The backend's work attributes (none where it has no such thing)."""
        backend = self.session.backend
        if not self.capabilities.work_attributes or not isinstance(backend, DeclaresWorkAttributes):
            return []
        return backend.work_attributes

    def attributes_to_ask(self, draft: WorklogDraft) -> list[WorkAttribute]:
        """The required attributes a new entry still lacks: the editor asks for these before
        saving, offering a static list's values, rather than letting the backend refuse."""
        return missing_required(self.work_attributes, draft.attributes or {})

    async def tag_choices(self) -> builtins.list[str]:
        """The tags the editor offers (none where the backend has no tags)."""
        backend = self.session.backend
        if not self.capabilities.tags or not isinstance(backend, OffersTags):
            return []
        return await backend.tag_choices()

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

    def unfinished(self) -> builtins.list[JournalEntry]:
        """This backend's writes whose outcome is not known yet."""
        return self.journal.unfinished(*self.flow.where)

    async def reconcile(self) -> builtins.list[Resolution]:
        """Settle earlier runs' writes: read back the unfinished ones, send the queued ones."""
        found = await self.flow.reconcile()
        return found + await self.flow.send_queued()

    def holds(self, operation: str, checked: CheckedDraft) -> bool:
        """Whether the journal's entry `operation` is exactly this write of `checked` (not an
        earlier unsettled one that kept it from being sent)."""
        entry = self.journal.entry(operation)
        return (
            entry is not None
            and entry.verb == checked.verb
            and entry.request == draft_json(checked)
        )

    def saved_since(self, draft: WorklogDraft, since: datetime) -> JournalEntry | None:
        """A confirmed write recorded at or after `since` that wrote exactly `draft`: how a draft
        restored after a crash learns that its save went through before the process died."""
        wanted = (draft.issue_key, draft.started, draft.time_spent_seconds, _text(draft.comment))
        for entry in self.journal.recent(200):
            if (entry.backend, entry.site) != self.flow.where or entry.verb == "delete":
                continue
            if entry.recorded_at < since:
                break
            if entry.state is not EntryState.CONFIRMED:
                continue
            sent = entry.draft()
            if (sent.issue_key, sent.started, sent.time_spent_seconds, _text(sent.comment)) == (
                wanted
            ):
                return entry
        return None

    # -- writing --------------------------------------------------------------------------------

    async def add(self, draft: WorklogDraft | CheckedDraft) -> Worklog:
        checked = self._checked(draft, "add")
        landed = self.landed_add(checked, await self.flow.before_write())
        if landed is not None:
            return landed
        entry = self.flow.record("add", checked.draft.issue_key, draft_json(checked))
        created = await self.flow.send(entry, checked)
        assert created is not None  # an add's answer or read-back carries its worklog
        return created

    def landed_add(
        self, checked: CheckedDraft, settled: builtins.list[Resolution]
    ) -> Worklog | None:
        """The worklog an interrupted earlier run made of this same add, among the writes just
        `settled`: a re-run must not make a second."""
        request = draft_json(checked)
        for earlier in settled:
            e, made = earlier.entry, earlier.worklog
            saved = earlier.state is EntryState.CONFIRMED and e.verb == "add"
            if saved and made is not None and e.request == request:
                return made
        return None

    async def update(self, original: Worklog, draft: WorklogDraft | CheckedDraft) -> Worklog:
        checked = self._checked(draft, "update")
        moving = original.issue_key and checked.draft.issue_key != original.issue_key
        if moving and not self.capabilities.move_on_edit:
            raise MoveNeedsRecreate(original, checked.draft)
        await self.flow.before_write()
        ref = WorklogRef(checked.draft.issue_key, original.id)
        entry = self.flow.record(
            "update",
            ref.issue_key,
            draft_json(checked),
            worklog_id=ref.id,
            before=worklog_json(original),
        )
        updated = await self.flow.send(entry, checked)
        assert updated is not None
        return updated

    async def recreate(self, original: Worklog, draft: WorklogDraft) -> Worklog:
        """Move by re-creating, once the user agreed: add on the new issue, then delete the
        original (in that order, so a failure between them never loses the time)."""
        added = await self.add(draft)
        try:
            await self.delete(original.issue_key or "", original.id)
        except BackendError as exc:
            raise RecreatedNotDeleted(added, original, exc) from exc
        return added

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
        adjust = self.check_adjust(adjust or AdjustEstimate(), "delete")
        await self.flow.before_write()
        entry = self.flow.record(
            "delete",
            issue_key,
            {"adjust": {"mode": adjust.mode, "value": adjust.value}},
            worklog_id=worklog_id,
            before=worklog_json(before) if before is not None else None,
        )
        await self.flow.send(entry)


def on_start_step(draft: WorklogDraft, step_seconds: int) -> WorklogDraft:
    """`draft` with its start cut to the backend's precision (what it will store)."""
    if step_seconds <= 1:
        return draft
    started = draft.started
    cut = (started.second + started.minute * 60) % step_seconds
    if not cut and not started.microsecond:
        return draft
    trimmed = started - timedelta(seconds=cut, microseconds=started.microsecond)
    return replace(draft, started=trimmed)


def _text(comment: str | None) -> str:
    return (comment or "").strip()
