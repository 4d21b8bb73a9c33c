"""The offline queue over real HTTP, both flavors: a save made while the server cannot be
reached waits in the journal, is sent once before the next write that reaches it, and can be
listed or dropped."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import Harness
from tests.service.test_worklogs import a_draft, count_matching
from tuiws.emulator.seed import MEETINGS
from tuiws.services.session import Session
from tuiws.services.worklogs import WorklogService, WriteQueued
from tuiws.store.journal import EntryState


async def test_a_save_while_offline_is_queued_then_sent_once(
    session: Session, harness: Harness
) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    harness.emulator.stop()
    try:
        with pytest.raises(WriteQueued, match="waits in the queue"):
            await service.add(draft)
    finally:
        harness.emulator.start()
    [queued] = service.flow.queued()
    assert queued.state is EntryState.QUEUED and queued.verb == "add"
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 0
    other = replace(draft, time_spent_seconds=600)
    await service.add(other)
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 1
    assert count_matching(harness, MEETINGS, 600, draft.started) == 1
    assert service.flow.queued() == []
    [sent] = service.resolutions
    assert sent.queued and sent.state is EntryState.CONFIRMED
    assert "A queued save" in sent.describe()
    # Once the queue is sent, the same add again is a deliberate second worklog.
    again = await service.add(draft)
    assert sent.worklog is not None and again.id != sent.worklog.id
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 2


async def test_a_queued_save_can_be_dropped(session: Session, harness: Harness) -> None:
    service = WorklogService(session)
    harness.emulator.stop()
    try:
        with pytest.raises(WriteQueued):
            await service.add(a_draft(session))
    finally:
        harness.emulator.start()
    [queued] = service.flow.queued()
    assert service.flow.drop(queued.operation)
    assert not service.flow.drop(queued.operation)
    assert await service.reconcile() == []
    assert service.journal.entry(queued.operation).state is EntryState.DROPPED  # type: ignore[union-attr]
    assert harness.emulator.writes() == []
