"""A draft left on disk by a process that died while its save was queued (or its answer
lost) is recognised from the write journal, so the app never offers it as unsaved (a second
save would make a second worklog once the queue is sent)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import Harness
from tests.service.test_worklogs import a_draft
from tuiws.services.bundle import Services
from tuiws.services.restored_drafts import journaled_draft, saved_draft
from tuiws.services.session import Session
from tuiws.services.write_flow import WriteQueued
from tuiws.store.drafts import EditorDraft
from tuiws.store.journal import EntryState


def typed(session: Session, **changes: str) -> EditorDraft:
    """The editor's fields for `a_draft`, as typed just before saving."""
    draft = a_draft(session)
    local = draft.started.astimezone(session.zone)
    fields = {
        "issue_key": draft.issue_key,
        "date": local.date().isoformat(),
        "start": f"{local:%H:%M}",
        "duration": "1h 30m",
        "comment": draft.comment or "",
        **changes,
    }
    return EditorDraft(**fields)


async def test_a_draft_whose_save_is_queued_is_known_to_the_journal(
    session: Session, harness: Harness
) -> None:
    services = Services.for_session(session)
    on_disk = typed(session)
    on_disk = on_disk.model_copy(update={"saved_at": on_disk.saved_at - timedelta(seconds=1)})
    harness.emulator.stop()
    try:
        with pytest.raises(WriteQueued):
            await services.worklogs.add(a_draft(session))
    finally:
        harness.emulator.start()
    assert journaled_draft(services, on_disk) == "queued"
    assert saved_draft(services, on_disk) is None
    # Another draft, or one written after the queued save, is not that save.
    assert journaled_draft(services, typed(session, duration="2h")) is None
    later = on_disk.model_copy(update={"saved_at": on_disk.saved_at + timedelta(minutes=5)})
    assert journaled_draft(services, later) is None
    # Once sent, the journal says it was saved instead.
    [sent] = await services.worklogs.reconcile()
    assert sent.state is EntryState.CONFIRMED
    assert journaled_draft(services, on_disk) is None
    assert sent.worklog is not None
    assert saved_draft(services, on_disk) == f"worklog {sent.worklog.id}"
