"""The offline queue over real HTTP, both flavors: a save made while the server cannot be
reached waits in the journal, is sent once before the next write that reaches it, and can be
listed or dropped."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import Harness
from tests.service.test_worklogs import a_draft, count_matching
from tuiws.domain.models import Worklog
from tuiws.emulator.seed import MEETINGS
from tuiws.services.session import Session
from tuiws.services.worklogs import WorklogService, WriteQueued
from tuiws.store.journal import EntryState
from tuiws.store.journal_codec import worklog_json


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


# -- a queued edit or delete goes only onto the worklog it was made from ----------------------


async def queued(service: WorklogService, harness: Harness, change: object) -> None:
    """Run `change` (an edit or delete) while the server cannot be reached: it is queued."""
    harness.emulator.stop()
    try:
        with pytest.raises(WriteQueued):
            await change  # type: ignore[misc]
    finally:
        harness.emulator.start()


async def an_edit_queued(session: Session, harness: Harness) -> tuple[WorklogService, Worklog]:
    """A worklog of 1h30m made online, then an edit of it to 10m queued offline."""
    service = WorklogService(session)
    made = await service.add(a_draft(session))
    await queued(service, harness, service.update(made, a_draft(session, time_spent_seconds=600)))
    return service, made


async def test_a_queued_edit_is_sent_onto_the_unchanged_worklog(
    session: Session, harness: Harness
) -> None:
    service, made = await an_edit_queued(session, harness)
    [sent] = await service.reconcile()
    assert sent.state is EntryState.CONFIRMED and sent.describe().endswith("was sent.")
    assert harness.emulator.state.worklog(made.id).time_spent_seconds == 600


async def test_a_queued_edit_of_a_worklog_changed_meanwhile_is_refused_unsent(
    session: Session, harness: Harness
) -> None:
    """Sent blindly, the whole-worklog edit would undo the change made on the server."""
    service, made = await an_edit_queued(session, harness)
    harness.emulator.state.update_worklog(made.id, seconds=7200)  # fixed in the browser
    harness.emulator.clear_log()
    [refused] = await service.reconcile()
    assert refused.state is EntryState.FAILED
    assert "changed on the server after this change was queued (its time is now 2h)" in (
        refused.describe()
    )
    assert harness.emulator.writes() == []
    assert harness.emulator.state.worklog(made.id).time_spent_seconds == 7200
    assert service.flow.queued() == []  # settled: not tried again


async def test_a_queued_delete_of_a_worklog_already_gone_needs_no_sending(
    session: Session, harness: Harness
) -> None:
    service = WorklogService(session)
    made = await service.add(a_draft(session))
    await queued(service, harness, service.delete(MEETINGS, made.id, before=made))
    harness.emulator.state.delete_worklog(made.id)
    harness.emulator.clear_log()
    [settled] = await service.reconcile()
    assert settled.state is EntryState.CONFIRMED
    assert "needed no sending: the worklog was already gone" in settled.describe()
    assert harness.emulator.writes() == []


async def test_a_queued_edit_whose_check_fails_stays_queued(
    session: Session, harness: Harness
) -> None:
    """Only the server's answer about the worklog settles it: a failed read is no answer."""
    service, made = await an_edit_queued(session, harness)
    harness.emulator.fail_next(1, 500, method="GET", path_contains=f"/worklog/{made.id}")
    harness.emulator.clear_log()
    found = await service.reconcile()
    assert [(r.state, r.reason) for r in found] == []
    [still] = service.flow.queued()
    assert still.state is EntryState.QUEUED and harness.emulator.writes() == []


async def test_a_queued_delete_is_checked_against_the_backends_rules_when_sent(
    session: Session, harness: Harness
) -> None:
    """Queued offline, its estimate change was checked without the server's rules."""
    service = WorklogService(session)
    made = await service.add(a_draft(session))
    entry = service.flow.record(
        "delete",
        MEETINGS,
        {"adjust": {"mode": "new", "value": ""}},  # no new estimate given
        worklog_id=made.id,
        before=worklog_json(made),
    )
    service.journal.mark(entry.operation, EntryState.QUEUED)
    harness.emulator.clear_log()
    [refused] = await service.reconcile()
    assert refused.state is EntryState.FAILED and "enter the new remaining estimate" in (
        refused.describe()
    )
    assert harness.emulator.writes() == []
