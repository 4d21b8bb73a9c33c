"""Everit keeps a worklog's start to the minute (`workStartTime` is `HH:mm`): a write whose
answer is lost is read back against what Everit stores, so a start with seconds is neither
"not found" (an add) nor "changed" (an edit)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.backends.everit_rig import a_draft, open_session
from tuiws.domain.models import WorklogDraft
from tuiws.domain.started import zoned
from tuiws.emulator import JiraEmulator
from tuiws.emulator.everit import BASE_PATH
from tuiws.services.session import Session
from tuiws.services.worklogs import WorklogService, on_start_step
from tuiws.store.journal import EntryState


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud") as emulator:
        yield emulator


@pytest.fixture
async def session(emu: JiraEmulator) -> AsyncIterator[Session]:
    async with open_session(emu) as s:
        yield s


async def test_an_add_with_seconds_dropped_on_the_way_is_confirmed_once(
    emu: JiraEmulator, session: Session
) -> None:
    draft = a_draft(session)
    day = draft.started.astimezone(session.zone).date()
    sent = replace(draft, started=zoned(day, time(9, 0, 30), session.zone))
    emu.drop_next(1, method="POST", path_contains=BASE_PATH)
    service = WorklogService(session)
    added = await service.add(sent)
    stored = zoned(day, time(9, 0), session.zone)
    assert added.started == stored
    [entry] = service.journal.recent()
    assert entry.state is EntryState.CONFIRMED
    assert entry.draft().started == stored, "journaled as Everit stores it"
    mine = [
        w for w in emu.state.all_worklogs() if w.author == session.me.ident and w.started == stored
    ]
    assert len(mine) == 1


async def test_an_edit_to_a_start_with_seconds_dropped_on_the_way_is_confirmed(
    emu: JiraEmulator, session: Session
) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    added = await service.add(draft)
    moved = added.started + timedelta(minutes=30, seconds=45)
    emu.drop_next(1, method="PATCH", path_contains=BASE_PATH)
    updated = await service.update(added, replace(draft, started=moved))
    assert updated.started == moved.replace(second=0)
    assert service.journal.recent()[0].state is EntryState.CONFIRMED


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2090, 1, 1),
        timezones=st.just(ZoneInfo("Europe/Berlin")),
    )
)
def test_a_start_is_cut_to_the_minute_never_moved_past_it(started: datetime) -> None:
    draft = WorklogDraft(issue_key="PLAT-2", started=started, time_spent_seconds=60)
    cut = on_start_step(draft, 60).started
    assert cut.second == 0 and cut.microsecond == 0
    assert timedelta(0) <= started - cut < timedelta(minutes=1)
    assert on_start_step(draft, 1) is draft
