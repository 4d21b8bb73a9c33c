"""The write journal over real HTTP on both flavors: issue 10's cases 3, 4 and 5, the exact
read-back by operation id, and reconciliation of writes a killed process left unfinished."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import Harness
from tests.service.test_worklogs import a_draft, count_matching
from tuiws.backends import errors
from tuiws.backends.jira.drafts import OPERATION_PROPERTY
from tuiws.domain.drafts import check_draft
from tuiws.emulator.seed import MEETINGS
from tuiws.services.session import Session
from tuiws.services.worklogs import WorklogService, WriteNotConfirmedError, WriteOutcomeUnknown
from tuiws.store.journal import EntryState, WriteJournal
from tuiws.store.journal_codec import draft_json


def journal_at(tmp_path: Path) -> WriteJournal:
    return WriteJournal.for_profile("work", tmp_path / "journal")


async def test_an_add_is_recorded_before_sending_and_tagged_with_its_operation(
    session: Session, harness: Harness, tmp_path: Path
) -> None:
    journal = journal_at(tmp_path)
    created = await WorklogService(session, journal=journal).add(a_draft(session))
    [entry] = journal.recent()
    assert entry.state is EntryState.CONFIRMED and entry.worklog_id == created.id
    assert entry.backend == "jira" and entry.verb == "add" and entry.request["verb"] == "add"
    [post] = [r for r in harness.emulator.writes() if r.method == "POST"]
    assert post.body["properties"] == [
        {"key": OPERATION_PROPERTY, "value": {"op": entry.operation}}
    ]
    stored = harness.emulator.state.worklog(created.id)
    assert stored.properties == {OPERATION_PROPERTY: {"op": entry.operation}}
    assert stat.S_IMODE(os.stat(journal.path).st_mode) == 0o600


async def test_case_3_a_late_500_is_never_matched_to_an_identical_earlier_worklog(
    session: Session, harness: Harness
) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    earlier = harness.emulator.state.add_worklog(
        MEETINGS,
        session.me.ident,
        draft.started,
        draft.time_spent_seconds,
        created=datetime.now(session.zone) - timedelta(minutes=3),
    )
    harness.emulator.fail_next(1, 500, method="POST")
    with pytest.raises(WriteNotConfirmedError, match="Nothing was sent twice") as caught:
        await service.add(draft)
    assert str(earlier.id) not in str(caught.value)
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 1
    [entry] = service.journal.recent()
    assert entry.state is EntryState.FAILED


async def test_an_add_applied_then_answered_500_is_found_by_its_own_id(
    session: Session, harness: Harness
) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    harness.emulator.state.add_worklog(MEETINGS, session.me.ident, draft.started, 5400)
    harness.emulator.fail_next(1, 500, method="POST", apply=True)
    created = await service.add(draft)
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 2
    [entry] = service.journal.recent()
    assert entry.state is EntryState.CONFIRMED and entry.worklog_id == created.id
    stored = harness.emulator.state.worklog(created.id)
    assert stored.properties[OPERATION_PROPERTY] == {"op": entry.operation}


async def test_case_4_a_lost_comment_edit_is_not_reported_as_saved(
    session: Session, harness: Harness
) -> None:
    service = WorklogService(session)
    created = await service.add(a_draft(session))
    changed = replace(a_draft(session), comment="A different comment", comment_touched=True)
    harness.emulator.fail_next(1, 500, method="PUT")
    with pytest.raises(WriteNotConfirmedError, match="not there"):
        await service.update(created, changed)
    [update, _add] = service.journal.recent()
    assert update.state is EntryState.FAILED
    assert update.before is not None and update.before["comment_text"].startswith("Sprint")


async def test_a_comment_edit_applied_then_answered_500_is_confirmed(
    session: Session, harness: Harness
) -> None:
    service = WorklogService(session)
    created = await service.add(a_draft(session))
    changed = replace(a_draft(session), comment="A different comment", comment_touched=True)
    harness.emulator.fail_next(1, 500, method="PUT", apply=True)
    updated = await service.update(created, changed)
    assert updated.comment_text == "A different comment"
    assert service.journal.recent()[0].state is EntryState.CONFIRMED


@pytest.mark.parametrize("readback", ["429", "500"])
@pytest.mark.parametrize("verb", ["add", "update", "delete"])
async def test_case_5_applied_dropped_and_unreadable_is_unknown_then_resolved(
    session: Session, harness: Harness, tmp_path: Path, verb: str, readback: str
) -> None:
    journal = journal_at(tmp_path)
    service = WorklogService(session, journal=journal)
    draft = a_draft(session)
    target = await service.add(draft) if verb != "add" else None
    emu = harness.emulator
    method = {"add": "POST", "update": "PUT", "delete": "DELETE"}[verb]
    emu.drop_next(1, method=method)
    if readback == "429":
        emu.fail_next(50, 429, retry_after=20, method="GET")  # past the retry wait budget
    else:
        emu.fail_next(1, 500, method="GET")
    with pytest.raises(WriteOutcomeUnknown, match="may have been saved") as caught:
        if verb == "add":
            await service.add(draft)
        elif verb == "update":
            assert target is not None
            await service.update(target, replace(draft, time_spent_seconds=7200))
        else:
            assert target is not None
            await service.delete(MEETINGS, target.id, before=target)
    assert isinstance(caught.value, errors.UnknownOutcome)
    assert journal.entry(caught.value.operation).state is EntryState.UNKNOWN  # type: ignore[union-attr]
    emu.clear_faults()
    # The next run (a new service on the same journal) finds out what happened.
    later = WorklogService(session, journal=journal_at(tmp_path))
    [found] = await later.reconcile()
    assert found.state is EntryState.CONFIRMED
    assert "was saved" in found.describe() or "went through" in found.describe()
    assert later.unfinished() == []
    sent = [r for r in emu.writes() if r.method == method]
    assert len(sent) == 1  # never sent again
    if verb == "add":
        assert count_matching(harness, MEETINGS, 5400, draft.started) == 1


async def test_a_rerun_of_an_interrupted_add_finds_it_instead_of_sending_again(
    session: Session, harness: Harness, tmp_path: Path
) -> None:
    """What a killed process leaves: an entry marked sent, the worklog applied on the server."""
    draft = a_draft(session)
    service = WorklogService(session, journal=journal_at(tmp_path))
    checked = service.check(draft)
    entry = service.journal.record(
        backend="jira",
        site=session.site,
        verb="add",
        issue_key=MEETINGS,
        request=draft_json(checked),
    )
    service.journal.mark(entry.operation, EntryState.SENT)
    backend = session.backend
    assert hasattr(backend, "add_tagged")
    applied = await backend.add_tagged(checked, entry.operation)
    rerun = WorklogService(session, journal=journal_at(tmp_path))
    again = await rerun.add(draft)
    assert again.id == applied.id
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 1
    assert [r.state for r in rerun.resolutions] == [EntryState.CONFIRMED]


async def test_an_interrupted_add_that_never_landed_is_failed_and_the_rerun_sends(
    session: Session, harness: Harness, tmp_path: Path
) -> None:
    draft = a_draft(session)
    journal = journal_at(tmp_path)
    checked = check_draft(draft, verb="add", tracking=session.tracking, rules=session.capabilities)
    entry = journal.record(
        backend="jira",
        site=session.site,
        verb="add",
        issue_key=MEETINGS,
        request=draft_json(checked),
    )
    journal.mark(entry.operation, EntryState.SENT)
    rerun = WorklogService(session, journal=journal)
    await rerun.add(draft)
    assert [r.state for r in rerun.resolutions] == [EntryState.FAILED]
    assert "was not saved" in rerun.resolutions[0].describe()
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 1


async def test_an_unresolvable_earlier_write_blocks_new_writes(
    session: Session, harness: Harness, tmp_path: Path
) -> None:
    journal = journal_at(tmp_path)
    service = WorklogService(session, journal=journal)
    draft = a_draft(session)
    harness.emulator.drop_next(1, method="POST")
    harness.emulator.fail_next(1, 500, method="GET")
    with pytest.raises(WriteOutcomeUnknown):
        await service.add(draft)
    harness.emulator.fail_next(1, 500, method="GET")
    with pytest.raises(WriteOutcomeUnknown, match="Nothing new was sent"):
        await service.add(replace(draft, time_spent_seconds=600))
    assert len([r for r in harness.emulator.writes() if r.method == "POST"]) == 1


async def test_emulator_returns_worklog_properties_only_when_expanded(
    session: Session, harness: Harness
) -> None:
    created = await WorklogService(session).add(a_draft(session))
    from tests.conftest import jira_client

    client = jira_client(session)
    plain = await client.issue_worklogs(MEETINGS)
    expanded = await client.issue_worklogs(MEETINGS, expand="properties")
    assert all(w.properties == [] for w in plain)
    [mine] = [w for w in expanded if w.id == created.id]
    assert [p.key for p in mine.properties] == [OPERATION_PROPERTY]


async def test_a_restored_draft_learns_its_save_went_through(
    session: Session, harness: Harness, tmp_path: Path
) -> None:
    """Case 1's service side: the editor's draft survived a crash, but so did the journal."""
    began = datetime.now(UTC)
    draft = a_draft(session)
    created = await WorklogService(session, journal=journal_at(tmp_path)).add(draft)
    after_restart = WorklogService(session, journal=journal_at(tmp_path))
    found = after_restart.saved_since(draft, began)
    assert found is not None and found.worklog_id == created.id
    assert after_restart.saved_since(replace(draft, comment="other"), began) is None
    assert after_restart.saved_since(draft, datetime.now(UTC) + timedelta(seconds=1)) is None
