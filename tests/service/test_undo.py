"""Undo from the journal's before-image over real HTTP, both flavors: an add is deleted, an
edit put back, a delete logged again, and an undo is undoable once."""

from __future__ import annotations

from dataclasses import replace

from tests.conftest import Harness
from tests.service.test_worklogs import a_draft, count_matching
from tuiws.emulator.seed import MEETINGS
from tuiws.services.session import Session
from tuiws.services.undo import UndoService
from tuiws.services.worklogs import WorklogService


async def test_an_add_is_undone_then_redone_once(session: Session, harness: Harness) -> None:
    service = WorklogService(session)
    undo = UndoService(service)
    assert undo.plan() is None
    draft = a_draft(session)
    created = await service.add(draft)
    plan = undo.plan()
    assert plan is not None and plan.describe().startswith(f"delete worklog {created.id}")
    assert await undo.undo(plan) is None
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 0
    redo = undo.plan()
    assert redo is not None and redo.describe().startswith("log again")
    again = await undo.undo(redo)
    assert again is not None and again.comment_text == draft.comment
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 1
    assert undo.plan() is None  # an undo of an undo is not undone again


async def test_an_edit_is_put_back(session: Session, harness: Harness) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    created = await service.add(draft)
    await service.update(created, replace(draft, time_spent_seconds=600, comment="changed"))
    undo = UndoService(service)
    plan = undo.plan()
    assert plan is not None and f"put worklog {created.id}" in plan.describe()
    assert "back to 1h 30m" in plan.describe()
    restored = await undo.undo(plan)
    assert restored is not None
    stored = harness.emulator.state.worklog(created.id)
    assert stored.time_spent_seconds == 5400
    assert restored.comment_text == draft.comment


async def test_a_delete_is_logged_again(session: Session, harness: Harness) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    created = await service.add(draft)
    await service.delete(MEETINGS, created.id, before=created)
    undo = UndoService(service)
    plan = undo.plan()
    assert plan is not None
    back = await undo.undo(plan)
    assert back is not None and back.id != created.id
    assert (back.started, back.time_spent_seconds) == (draft.started, 5400)
    assert back.comment_text == draft.comment
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 1
