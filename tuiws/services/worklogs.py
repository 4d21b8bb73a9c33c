"""Add, edit, delete and list worklogs: every draft validated once, no write ever doubled.

When a write's answer is lost (timeout, dropped connection) the request may or may not have
been applied. Sending it again could create a second worklog, so we read back first:
- add: look for the entry we sent (same author, start and duration, created since we sent);
- update: a write sets absolute values, so once the read-back shows them it is done, and
  otherwise sending it again cannot double anything;
- delete: NotFound on read-back means it went through.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from tuiws.backends.base import DeclaresWorkAttributes, WorklogRef
from tuiws.backends.capabilities import Capabilities
from tuiws.backends.errors import NotFound, UnknownOutcome
from tuiws.domain.attributes import WorkAttribute, missing_required
from tuiws.domain.drafts import CheckedDraft, DraftInvalid, FieldProblem, check_adjust, check_draft
from tuiws.domain.models import AdjustEstimate, Worklog, WorklogDraft, WriteVerb
from tuiws.services.session import Session

# How far the server's clock may sit from ours when matching a read-back by `created`.
CLOCK_SKEW = timedelta(minutes=10)


class WriteNotConfirmedError(UnknownOutcome):
    """The answer was lost and the read-back did not find the change: nothing was repeated."""


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


class WorklogService:
    def __init__(self, session: Session, *, now: Callable[[], datetime] | None = None) -> None:
        self.session = session
        self._now = now or (lambda: datetime.now().astimezone())

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

    async def add(self, draft: WorklogDraft | CheckedDraft) -> Worklog:
        checked = self._checked(draft, "add")
        sent_at = self._now()
        try:
            return await self.session.backend.add(checked)
        except UnknownOutcome:
            found = await self._find_added(checked.draft, sent_at)
            if found is None:
                raise WriteNotConfirmedError(
                    f"The connection dropped while saving to {checked.draft.issue_key}, and the "
                    "worklog is not there. Nothing was sent twice; save again to retry."
                ) from None
            return found

    async def _find_added(self, draft: WorklogDraft, sent_at: datetime) -> Worklog | None:
        window = await self.list(
            draft.issue_key,
            draft.started - timedelta(minutes=1),
            draft.started + timedelta(minutes=1),
        )
        me = self.session.me.ident
        for w in sorted(window, key=lambda w: w.created or w.started, reverse=True):
            if (
                w.author.ident == me
                and w.started == draft.started
                and w.time_spent_seconds == draft.time_spent_seconds
                and (w.created is None or w.created >= sent_at - CLOCK_SKEW)
            ):
                return w
        return None

    async def update(self, original: Worklog, draft: WorklogDraft | CheckedDraft) -> Worklog:
        checked = self._checked(draft, "update")
        moving = original.issue_key and checked.draft.issue_key != original.issue_key
        if moving and not self.capabilities.move_on_edit:
            raise MoveNeedsRecreate(original, checked.draft)
        backend = self.session.backend
        ref = WorklogRef(checked.draft.issue_key, original.id)
        try:
            return await backend.update(ref, checked)
        except UnknownOutcome:
            current = await backend.get(ref)
            if (
                current.started == checked.draft.started
                and current.time_spent_seconds == checked.draft.time_spent_seconds
            ):
                return current
            # Absolute values: sending them again cannot create anything twice.
            return await backend.update(ref, checked)

    async def recreate(self, original: Worklog, draft: WorklogDraft) -> Worklog:
        """Move by re-creating, once the user agreed: add on the new issue, then delete the
        original (in that order, so a failure between them never loses the time)."""
        added = await self.add(draft)
        await self.delete(original.issue_key or "", original.id)
        return added

    async def delete(
        self, issue_key: str, worklog_id: str, adjust: AdjustEstimate | None = None
    ) -> None:
        s = self.session
        adjust = self.check_adjust(adjust or AdjustEstimate(), "delete")
        ref = WorklogRef(issue_key, worklog_id)
        try:
            await s.backend.delete(ref, adjust, s.tracking)
        except UnknownOutcome:
            try:
                await s.backend.get(ref)
            except NotFound:
                return
            await s.backend.delete(ref, adjust, s.tracking)
