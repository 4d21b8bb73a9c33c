"""Add, edit, delete and list worklogs: every draft validated first, no write ever doubled.

When a write's answer is lost (timeout, dropped connection) the request may or may not have
been applied. Sending it again could create a second worklog, so we read back first:
- add: look for the entry we sent (same author, start and duration, created since we sent);
- update: a PUT sets absolute values, so once the read-back shows them it is done, and
  otherwise sending it again cannot double anything;
- delete: a 404 on read-back means it went through.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from tuiws.domain.drafts import adjust_params, validate_draft, worklog_body
from tuiws.domain.models import AdjustEstimate, Worklog, WorklogDraft, WriteVerb
from tuiws.jira.convert import to_worklog
from tuiws.jira.errors import NotFoundError, UnknownOutcomeError
from tuiws.services.session import Session

# How far the server's clock may sit from ours when matching a read-back by `created`.
CLOCK_SKEW = timedelta(minutes=10)


class WriteNotConfirmedError(UnknownOutcomeError):
    """The answer was lost and the read-back did not find the change: nothing was repeated."""


class WorklogService:
    def __init__(self, session: Session, *, now: Callable[[], datetime] | None = None) -> None:
        self.session = session
        self._now = now or (lambda: datetime.now().astimezone())

    def validate(self, draft: WorklogDraft, *, verb: WriteVerb = "add") -> None:
        """Raise `DraftInvalid` for anything Jira would refuse, without touching the network."""
        s = self.session
        validate_draft(draft, flavor=s.flavor, verb=verb, tracking=s.tracking)

    async def list(
        self, issue_key: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[Worklog]:
        """An issue's worklogs started in [start, end), every page."""
        wire = await self.session.client.issue_worklogs(
            issue_key, started_after=start, started_before=end
        )
        logs = [to_worklog(w, issue_key) for w in wire]
        return [
            w
            for w in logs
            if (start is None or w.started >= start) and (end is None or w.started < end)
        ]

    async def get(self, issue_key: str, worklog_id: str) -> Worklog:
        return to_worklog(await self.session.client.worklog(issue_key, worklog_id), issue_key)

    async def add(self, draft: WorklogDraft) -> Worklog:
        s = self.session
        validate_draft(draft, flavor=s.flavor, verb="add", tracking=s.tracking)
        body = worklog_body(draft, flavor=s.flavor, verb="add")
        params = adjust_params(draft.adjust, "add", s.tracking)
        sent_at = self._now()
        try:
            wire = await s.client.add_worklog(draft.issue_key, body, params)
        except UnknownOutcomeError:
            found = await self._find_added(draft, sent_at)
            if found is None:
                raise WriteNotConfirmedError(
                    f"The connection dropped while saving to {draft.issue_key}, and the "
                    "worklog is not there. Nothing was sent twice; save again to retry."
                ) from None
            return found
        return to_worklog(wire, draft.issue_key)

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

    async def update(self, original: Worklog, draft: WorklogDraft) -> Worklog:
        s = self.session
        validate_draft(draft, flavor=s.flavor, verb="update", tracking=s.tracking)
        body = worklog_body(draft, flavor=s.flavor, verb="update")
        params = adjust_params(draft.adjust, "update", s.tracking)
        key = draft.issue_key
        try:
            wire = await s.client.update_worklog(key, original.id, body, params)
        except UnknownOutcomeError:
            current = await self.get(key, original.id)
            if (
                current.started == draft.started
                and current.time_spent_seconds == draft.time_spent_seconds
            ):
                return current
            # Absolute values: sending them again cannot create anything twice.
            wire = await s.client.update_worklog(key, original.id, body, params)
        return to_worklog(wire, key)

    async def delete(
        self, issue_key: str, worklog_id: str, adjust: AdjustEstimate | None = None
    ) -> None:
        s = self.session
        params = adjust_params(adjust or AdjustEstimate(), "delete", s.tracking)
        try:
            await s.client.delete_worklog(issue_key, worklog_id, params)
        except UnknownOutcomeError:
            try:
                await s.client.worklog(issue_key, worklog_id)
            except NotFoundError:
                return
            await s.client.delete_worklog(issue_key, worklog_id, params)
