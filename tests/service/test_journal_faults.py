"""The fault matrix over real HTTP, both flavors: every write verb against 429 storms, 500/503,
apply-then-drop, an answer later than the client's timeout and read-backs that fail after a
drop. Whatever the fault, the emulator's state agrees with what tuiws reported (or, for an
unknown outcome, with what the next run's reconciliation finds): nothing lost, nothing doubled.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import replace

import pytest

from tests.conftest import Harness, jira_connection
from tests.service.test_worklogs import a_draft, count_matching
from tuiws.app.demo import demo_profile
from tuiws.backends import errors
from tuiws.backends.backoff import RetryPolicy
from tuiws.backends.jira.client import ClientSettings, JiraClient
from tuiws.backends.registry import auth_for
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS
from tuiws.factory import connect
from tuiws.services.session import Session
from tuiws.services.worklogs import WorklogService, WriteOutcomeUnknown
from tuiws.store.journal import EntryState, WriteJournal

CLIENT_TIMEOUT = 0.4
STORM = 50
"""Refusals enough to outlast the retry wait budget (the waits pass on a fake clock)."""

Fault = Callable[[JiraEmulator, str], None]


def drop_then_fail_reads(emu: JiraEmulator, method: str, status: int) -> None:
    emu.drop_next(1, method=method)
    emu.fail_next(STORM if status == 429 else 1, status, retry_after=20, method="GET")


FAULTS: dict[str, Fault] = {
    "429 storm": lambda emu, m: emu.fail_next(STORM, 429, retry_after=20, method=m),
    "503 storm": lambda emu, m: emu.fail_next(STORM, 503, retry_after=20, method=m),
    "429s, then through": lambda emu, m: emu.fail_next(3, 429, retry_after=1, method=m),
    "500, not applied": lambda emu, m: emu.fail_next(1, 500, method=m),
    "500 after applying": lambda emu, m: emu.fail_next(1, 500, method=m, apply=True),
    "applied, then dropped": lambda emu, m: emu.drop_next(1, method=m),
    "dropped, not applied": lambda emu, m: emu.drop_next(1, method=m, apply=False),
    "answer after the timeout": lambda emu, m: emu.delay_next(1, 3 * CLIENT_TIMEOUT, method=m),
    "dropped, read-back 429s": lambda emu, m: drop_then_fail_reads(emu, m, 429),
    "dropped, read-back 500": lambda emu, m: drop_then_fail_reads(emu, m, 500),
}

METHOD = {"add": "POST", "update": "PUT", "delete": "DELETE"}


@pytest.fixture
async def quick_session(harness: Harness) -> AsyncIterator[Session]:
    """A session whose client gives up on an answer after CLIENT_TIMEOUT seconds."""
    profile = demo_profile(harness.emulator)
    settings = ClientSettings(base_url=profile.url, flavor=profile.flavor, timeout=CLIENT_TIMEOUT)
    client = JiraClient(
        settings,
        None,
        retry=RetryPolicy(jitter=lambda: 0.5),
        sleep=harness.time.sleep,
        clock=harness.time.clock,
    )
    assert profile.flavor is not None
    client.set_auth(auth_for(profile, profile.flavor))
    async with client:
        yield await connect(jira_connection(client, profile), profile)


def applied(harness: Harness, session: Session, verb: str, target: str | None) -> bool:
    """Whether the emulator holds the write's effect (raising if it holds it twice)."""
    draft = a_draft(session)
    emu = harness.emulator
    if verb == "add":
        n = count_matching(harness, MEETINGS, draft.time_spent_seconds, draft.started)
        assert n <= 1, f"{n} worklogs for one add"
        return n == 1
    assert target is not None
    alive = {w.id for w in emu.state.worklogs_for(MEETINGS)}
    if verb == "delete":
        return int(target) not in alive
    return emu.state.worklog(target).time_spent_seconds == 7200


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("verb", ["add", "update", "delete"])
async def test_no_write_is_lost_or_doubled(
    quick_session: Session, harness: Harness, verb: str, fault: str
) -> None:
    session = quick_session
    journal = WriteJournal.in_memory()
    service = WorklogService(session, journal=journal)
    draft = a_draft(session)
    target = None
    if verb != "add":
        target = await service.add(draft)
    FAULTS[fault](harness.emulator, METHOD[verb])
    reported: EntryState
    try:
        if verb == "add":
            await service.add(draft)
        elif verb == "update":
            assert target is not None
            await service.update(target, replace(draft, time_spent_seconds=7200))
        else:
            assert target is not None
            await service.delete(MEETINGS, target.id, before=target)
        reported = EntryState.CONFIRMED
    except WriteOutcomeUnknown:
        reported = EntryState.UNKNOWN
    except errors.BackendError:
        reported = EntryState.FAILED
    harness.emulator.clear_faults()
    target_id = target.id if target is not None else None
    effect = applied(harness, session, verb, target_id)
    if reported is EntryState.UNKNOWN:
        [found] = await WorklogService(session, journal=journal).reconcile()
        reported = found.state
    assert reported is (EntryState.CONFIRMED if effect else EntryState.FAILED), (
        f"{verb} under {fault!r}: reported {reported}, applied {effect}"
    )
    assert journal.unfinished("jira", session.site) == []
    if "timeout" in fault:
        await asyncio.sleep(3 * CLIENT_TIMEOUT)  # the late answer is logged once it is sent
    sent = [r for r in harness.emulator.writes() if r.method == METHOD[verb]]
    # Refused for load means not applied, so asking again is safe; anything else went once.
    reached = [r for r in sent if r.status not in (429, 503)]
    assert len(reached) == (0 if "storm" in fault else 1)
