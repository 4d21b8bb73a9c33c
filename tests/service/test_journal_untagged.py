"""The journal's read-back for a backend that cannot tag a write (Jira's adapter seen through
the plain contract only): a lost add is found by excluding the look-alikes that existed before
the send, never by matching one of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from tests.conftest import Harness
from tests.service.test_worklogs import a_draft, count_matching
from tuiws.backends.base import (
    ChangeFeed,
    WorklogBackend,
    WorklogPull,
    WorklogQuery,
    WorklogRef,
    tagged_writes,
)
from tuiws.backends.capabilities import Capabilities
from tuiws.domain.drafts import CheckedDraft, FieldProblem
from tuiws.domain.models import (
    AdjustEstimate,
    Issue,
    TimeTracking,
    User,
    Worklog,
    WorklogDraft,
    WriteVerb,
)
from tuiws.emulator.seed import MEETINGS
from tuiws.services.session import Session
from tuiws.services.worklogs import WorklogService, WriteNotConfirmedError


class Untagged:
    """A worklog backend offering only the contract (no `TaggedWrites`)."""

    def __init__(self, inner: WorklogBackend) -> None:
        self._inner = inner

    @property
    def capabilities(self) -> Capabilities:
        return self._inner.capabilities

    @property
    def changes(self) -> ChangeFeed | None:
        return self._inner.changes

    def problems(self, draft: WorklogDraft, verb: WriteVerb) -> list[FieldProblem]:
        return self._inner.problems(draft, verb)

    async def by_authors(self, authors: Sequence[User] | None, query: WorklogQuery) -> WorklogPull:
        return await self._inner.by_authors(authors, query)

    async def issue_worklogs(
        self, issue_key: str, after: datetime | None = None, before: datetime | None = None
    ) -> list[Worklog]:
        return await self._inner.issue_worklogs(issue_key, after, before)

    async def get(self, ref: WorklogRef) -> Worklog:
        return await self._inner.get(ref)

    async def add(self, checked: CheckedDraft) -> Worklog:
        return await self._inner.add(checked)

    async def update(self, ref: WorklogRef, checked: CheckedDraft) -> Worklog:
        return await self._inner.update(ref, checked)

    async def delete(self, ref: WorklogRef, adjust: AdjustEstimate, tracking: TimeTracking) -> None:
        await self._inner.delete(ref, adjust, tracking)

    async def latest_own(self) -> Issue | None:
        return await self._inner.latest_own()

    async def required_by_day(self, user: User, days: Sequence[date]) -> dict[date, int] | None:
        return await self._inner.required_by_day(user, days)


@pytest.fixture
def untagged(session: Session) -> Session:
    plain = replace(session, backend=Untagged(session.backend))
    assert tagged_writes(plain.backend) is None
    return plain


async def test_a_lost_add_is_found_among_look_alikes_by_exclusion(
    untagged: Session, harness: Harness
) -> None:
    draft = a_draft(untagged)
    emu = harness.emulator
    older = emu.state.add_worklog(MEETINGS, untagged.me.ident, draft.started, 5400)
    emu.drop_next(1, method="POST")
    service = WorklogService(untagged)
    found = await service.add(draft)
    assert found.id != str(older.id)
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 2
    [entry] = service.journal.recent()
    assert entry.known_ids == [str(older.id)]


async def test_case_3_untagged_a_late_500_never_matches_the_earlier_look_alike(
    untagged: Session, harness: Harness
) -> None:
    draft = a_draft(untagged)
    harness.emulator.state.add_worklog(
        MEETINGS,
        untagged.me.ident,
        draft.started,
        5400,
        created=datetime.now(untagged.zone) - timedelta(minutes=3),
    )
    harness.emulator.fail_next(1, 500, method="POST")
    with pytest.raises(WriteNotConfirmedError):
        await WorklogService(untagged).add(draft)
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 1
