"""The day's worklogs the sanity checks read (`tuiws.services.sanity`), over real HTTP: mine
only, that day only (in the session's zone), each with its issue key; a read that fails asks
only what the draft itself shows."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, time, timedelta

from tests.conftest import Harness
from tests.service.test_worklogs import a_draft
from tuiws.domain.sanity import DUPLICATE, ENTRY_OVER_12H
from tuiws.domain.started import zoned
from tuiws.emulator.seed import ADMIN
from tuiws.services.sanity import day_worklogs, questions_before_write
from tuiws.services.session import Session
from tuiws.services.worklogs import WorklogService


async def test_the_day_holds_my_worklogs_of_that_day_with_their_issue_keys(
    session: Session, harness: Harness
) -> None:
    draft = a_draft(session)
    day = draft.started.astimezone(session.zone).date()
    state, me = harness.emulator.state, session.me.ident
    mine = state.add_worklog(ADMIN, me, zoned(day, time(0, 5), session.zone), 600)
    state.add_worklog(ADMIN, me, zoned(day, time(23, 55), session.zone) + timedelta(hours=1), 600)
    other = next(u for u in state.users if me not in (u.account_id, u.name))
    state.add_worklog(ADMIN, other.account_id, zoned(day, time(9, 0), session.zone), 600)
    found = await day_worklogs(session, day)
    assert str(mine.id) in {w.id for w in found}
    assert all(w.author.ident == me for w in found)
    assert all(w.started.astimezone(session.zone).date() == day for w in found)
    assert {w.issue_key for w in found if w.id == str(mine.id)} == {ADMIN}
    assert all(w.issue_key for w in found)


async def test_a_duplicate_is_found_by_the_read_and_a_failed_read_still_asks_the_rest(
    session: Session, harness: Harness
) -> None:
    draft = a_draft(session)
    made = await WorklogService(session).add(draft)
    today = datetime.now(session.zone).date()
    found = await questions_before_write(session, draft, today=today)
    assert [q.code for q in found] == [DUPLICATE] and made.id in found[0].text
    harness.emulator.fail_next(40, 500)
    # The day cannot be read: the duplicate goes unseen, the write meets the failure itself.
    assert await questions_before_write(session, draft, today=today) == []
    long_one = replace(draft, time_spent_seconds=13 * 3600)
    found = await questions_before_write(session, long_one, today=today)
    assert [q.code for q in found] == [ENTRY_OVER_12H]


async def test_a_slow_read_is_not_waited_out(session: Session, harness: Harness) -> None:
    draft = a_draft(session)
    await WorklogService(session).add(draft)
    today = datetime.now(session.zone).date()
    harness.emulator.latency_ms = 2000
    started = asyncio.get_running_loop().time()
    found = await questions_before_write(session, draft, today=today, read_within=0.2)
    assert found == [] and asyncio.get_running_loop().time() - started < 1.5
