"""Every adapter meets the contract (`tuiws.backends.base`) over real HTTP on loopback.

The tests speak only the contract, the capabilities and the backend-neutral errors; each
adapter joins by adding a `FarEnd` builder to `ADAPTERS` (its emulator, its profile, how to
inject faults). Jira Cloud and Server/DC, the Worklog extender (as the demo user and as a
Jira administrator); Tempo and Everit next.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tuiws.app.demo import demo_profile
from tuiws.backends.backoff import BackoffEvent, RetryPolicy
from tuiws.backends.base import Connection, IssueDirectory, WorklogBackend, WorklogQuery, WorklogRef
from tuiws.backends.errors import NotFound, UnknownOutcome
from tuiws.backends.registry import Hooks, connection_for
from tuiws.config import Secret
from tuiws.domain.drafts import CheckedDraft, DraftInvalid, check_draft
from tuiws.domain.models import AdjustEstimate, TimeTracking, User, WorklogDraft, WriteVerb
from tuiws.domain.started import epoch_ms, zoned
from tuiws.emulator import KEYS, JiraEmulator
from tuiws.emulator.everit import BASE_PATH as EVERIT_PATH
from tuiws.emulator.seed import MEETINGS
from tuiws.emulator.tempo import tempo_store

from .test_tempo import tempo_profile

UTC_ZONE = ZoneInfo("UTC")


@dataclass
class FakeTime:
    now: float = 1_800_000_000.0
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@dataclass
class FarEnd:
    """An adapter's far end as the contract tests drive it."""

    connection: Connection
    issue_key: str
    """An issue the signed-in account may log work on."""
    writes: Callable[[], list[str]]
    """The worklog writes the far end received so far, as "METHOD path"."""
    fail_next: Callable[[int, int, float], None]
    """(count, status, retry-after seconds): the next requests are refused unapplied."""
    drop_next: Callable[[str], None]
    """The next write of this method is applied and its answer lost."""
    worklogs_now: Callable[[], int]
    """How many worklogs the far end holds on `issue_key`."""
    skip_feed_lag: Callable[[], None]
    """Move the far end's clock past the minute a change feed leaves out."""
    backoffs: list[BackoffEvent]
    draft_defaults: dict[str, Any] = field(default_factory=dict)
    """What a valid draft needs on this backend beyond the basics (Tempo: its attributes)."""
    update_method: str = "PUT"
    """How the far end's API changes a worklog."""


def _hooks(time_: FakeTime, backoffs: list[BackoffEvent]) -> Hooks:
    return Hooks(
        on_backoff=backoffs.append,
        retry=RetryPolicy(jitter=lambda: 0.5),
        sleep=time_.sleep,
        clock=time_.clock,
    )


def _far_end(emu: JiraEmulator, connection: Connection, backoffs: list[BackoffEvent]) -> FarEnd:
    ahead = [timedelta(0)]

    def lag() -> None:
        ahead[0] += timedelta(minutes=3)
        shift = ahead[0]
        emu.state.clock = lambda: datetime.now(UTC) + shift

    return FarEnd(
        connection=connection,
        issue_key=MEETINGS,
        writes=lambda: [f"{r.method} {r.path}" for r in emu.writes()],
        fail_next=lambda n, status, after: emu.fail_next(n, status, retry_after=after),
        drop_next=lambda method: emu.drop_next(1, method=method),
        worklogs_now=lambda: len(emu.state.worklogs_for(MEETINGS)),
        skip_feed_lag=lag,
        backoffs=backoffs,
    )


def _jira(flavor: str) -> Callable[[], AbstractContextManager[FarEnd]]:
    @contextmanager
    def start() -> Iterator[FarEnd]:
        with JiraEmulator(flavor) as emu:  # type: ignore[arg-type]
            backoffs: list[BackoffEvent] = []
            connection = connection_for(demo_profile(emu), _hooks(FakeTime(), backoffs))
            yield _far_end(emu, connection, backoffs)

    return start


@contextmanager
def _everit() -> Iterator[FarEnd]:
    with JiraEmulator("cloud") as emu:
        backoffs: list[BackoffEvent] = []
        hooks = _hooks(FakeTime(), backoffs)
        connection = connection_for(demo_profile(emu, worklogs="everit"), hooks)
        yield FarEnd(
            connection=connection,
            issue_key=MEETINGS,
            writes=lambda: [f"{r.method} {r.path}" for r in emu.writes()],
            fail_next=lambda n, status, after: emu.fail_next(
                n, status, retry_after=after, path_contains=EVERIT_PATH
            ),
            drop_next=lambda method: emu.drop_next(1, method=method, path_contains=EVERIT_PATH),
            worklogs_now=lambda: len(emu.state.worklogs_for(MEETINGS)),
            skip_feed_lag=lambda: None,
            backoffs=backoffs,
            draft_defaults={"adjust": AdjustEstimate(mode="auto")},
            update_method="PATCH",
        )


def _tempo(api: str) -> Callable[[], AbstractContextManager[FarEnd]]:
    @contextmanager
    def start() -> Iterator[FarEnd]:
        with JiraEmulator("cloud") as emu:
            # The contract's clock is fake, so the pacing never waits: the limit is tested apart.
            tempo_store(emu.state).rate_limit = None
            backoffs: list[BackoffEvent] = []
            hooks = _hooks(FakeTime(), backoffs)
            connection = connection_for(tempo_profile(emu, api), hooks)
            ahead = [timedelta(0)]

            def lag() -> None:
                ahead[0] += timedelta(minutes=3)
                shift = ahead[0]
                emu.state.clock = lambda: datetime.now(UTC) + shift

            yield FarEnd(
                connection=connection,
                issue_key=MEETINGS,
                writes=lambda: [f"{r.method} {r.path}" for r in emu.writes()],
                fail_next=lambda n, status, after: emu.fail_next(
                    n, status, retry_after=after, path_contains="/tempo/"
                ),
                drop_next=lambda method: emu.drop_next(1, method=method, path_contains="/tempo/"),
                worklogs_now=lambda: len(emu.state.worklogs_for(MEETINGS)),
                skip_feed_lag=lag,
                backoffs=backoffs,
                draft_defaults={
                    "attributes": {"_Account_": "INTERNAL"},
                    "adjust": AdjustEstimate(mode="auto"),
                },
            )

    return start


def _extender(signed_in: str | None) -> Callable[[], AbstractContextManager[FarEnd]]:
    """Jira Server with the Worklog extender, as the demo user or as a Jira administrator."""

    @contextmanager
    def start() -> Iterator[FarEnd]:
        with JiraEmulator("server") as emu:
            backoffs: list[BackoffEvent] = []
            profile = replace(demo_profile(emu), worklogs="extender")
            if signed_in is not None:
                token = Secret(emu.state.token_for(signed_in), source="the bundled emulator")
                profile = replace(profile, token=token)
            connection = connection_for(profile, _hooks(FakeTime(), backoffs))
            yield _far_end(emu, connection, backoffs)

    return start


ADAPTERS = {
    "jira-cloud": _jira("cloud"),
    "jira-server": _jira("server"),
    "everit": _everit,
    "tempo-v4": _tempo("4"),
    "tempo-core3": _tempo("core/3"),
    "extender": _extender(None),
    "extender-admin": _extender(KEYS.admin_username),
}


@dataclass
class Opened:
    far: FarEnd
    directory: IssueDirectory
    backend: WorklogBackend
    me: User
    tracking: TimeTracking


@pytest.fixture(params=sorted(ADAPTERS))
async def opened(request: pytest.FixtureRequest) -> AsyncIterator[Opened]:
    with ADAPTERS[request.param]() as far:
        async with far.connection:
            directory, backend = await far.connection.open()
            me, tracking = await asyncio.gather(directory.myself(), directory.time_tracking())
            yield Opened(far, directory, backend, me, tracking)


def a_draft(o: Opened, **changes: Any) -> WorklogDraft:
    day = datetime.now(UTC).date() - timedelta(days=1)
    base = WorklogDraft(
        issue_key=o.far.issue_key,
        started=zoned(day, time(15, 17), UTC_ZONE),
        time_spent_seconds=5400,
        comment="Contract check",
        adjust=AdjustEstimate(mode="leave"),
    )
    return replace(base, **{**o.far.draft_defaults, **changes})


def checked(o: Opened, draft: WorklogDraft, verb: WriteVerb = "add") -> CheckedDraft:
    """Validated once, as the service does: the domain's rules and the backend's."""
    return check_draft(
        draft,
        verb=verb,
        tracking=o.tracking,
        rules=o.backend.capabilities,
        extra=o.backend.problems(draft, verb),
    )


async def test_add_get_update_delete_round_trip(opened: Opened) -> None:
    o = opened
    draft = a_draft(o)
    added = await o.backend.add(checked(o, draft))
    assert added.started == draft.started and added.time_spent_seconds == 5400
    assert added.comment_text == "Contract check"
    ref = WorklogRef.of(added, o.far.issue_key)
    assert (await o.backend.get(ref)).id == added.id
    listed = await o.backend.issue_worklogs(o.far.issue_key, draft.started, None)
    assert added.id in {w.id for w in listed}

    changed = replace(draft, time_spent_seconds=1800, comment_touched=False)
    updated = await o.backend.update(ref, checked(o, changed, "update"))
    assert updated.id == added.id and updated.time_spent_seconds == 1800
    assert (await o.backend.get(ref)).time_spent_seconds == 1800

    await o.backend.delete(ref, AdjustEstimate(mode="leave"), o.tracking)
    with pytest.raises(NotFound):
        await o.backend.get(ref)
    assert [w.split()[0] for w in o.far.writes()] == ["POST", o.far.update_method, "DELETE"]


async def test_a_window_by_author_finds_the_added_worklog(opened: Opened) -> None:
    o = opened
    added = await o.backend.add(checked(o, a_draft(o)))
    day = added.started.date()
    query = WorklogQuery(
        after=added.started - timedelta(days=1),
        before=added.started + timedelta(days=1),
        first_day=day - timedelta(days=2),
        last_day=day + timedelta(days=2),
    )
    pull = await o.backend.by_authors([o.me], query)
    assert added.id in {w.id for w in pull.worklogs}
    assert o.far.issue_key in {i.key for i in pull.issues}


async def test_an_invalid_draft_sends_zero_writes(opened: Opened) -> None:
    o = opened
    bad = a_draft(o, time_spent_seconds=30, adjust=AdjustEstimate(mode="new"))
    with pytest.raises(DraftInvalid) as info:
        await o.backend.add(checked(o, bad))
    assert {p.field for p in info.value.problems} == {"duration", "adjust"}
    assert o.far.writes() == []


async def test_a_lost_answer_is_never_repeated(opened: Opened) -> None:
    o = opened
    before = o.far.worklogs_now()
    o.far.drop_next("POST")
    with pytest.raises(UnknownOutcome):
        await o.backend.add(checked(o, a_draft(o)))
    assert len(o.far.writes()) == 1, "the write went out once and was not sent again"
    assert o.far.worklogs_now() == before + 1


async def test_a_429_yields_backoff_events_and_one_write(opened: Opened) -> None:
    o = opened
    o.far.fail_next(1, 429, 1.0)
    before = o.far.worklogs_now()
    await o.backend.add(checked(o, a_draft(o)))
    [event] = o.far.backoffs
    assert event.status == 429 and event.attempt == 1 and event.seconds >= 1
    assert o.far.worklogs_now() == before + 1


async def test_the_change_feed_sees_an_add_and_a_delete(opened: Opened) -> None:
    o = opened
    feed = o.backend.changes
    if not o.backend.capabilities.change_feed or feed is None:
        pytest.skip("this backend declares no change feed")
    since = epoch_ms(datetime.now(UTC) - timedelta(seconds=5))
    added = await o.backend.add(checked(o, a_draft(o)))
    o.far.skip_feed_lag()
    updated = await feed.page("updated", since)
    assert int(added.id) in updated.ids
    assert [w.id for w in await feed.hydrate([int(added.id)])] == [added.id]

    await o.backend.delete(WorklogRef.of(added), AdjustEstimate(mode="leave"), o.tracking)
    o.far.skip_feed_lag()
    deleted = await feed.page("deleted", since)
    assert int(added.id) in deleted.ids


async def test_a_journaled_add_whose_answer_is_lost_is_read_back_without_a_duplicate(
    opened: Opened,
) -> None:
    """Through the write journal: a look-alike logged earlier is never taken for the lost add,
    and the add is not sent twice (tagged backends find it by operation id, others by
    excluding what existed before the send)."""
    from tuiws.services.session import open_session
    from tuiws.services.worklogs import WorklogService

    o = opened
    session = await open_session(o.directory, o.backend, o.far.connection)
    service = WorklogService(session)
    earlier = await service.add(a_draft(o))
    before = o.far.worklogs_now()
    o.far.drop_next("POST")
    found = await service.add(a_draft(o))
    assert found.id != earlier.id
    assert o.far.worklogs_now() == before + 1
    assert len([w for w in o.far.writes() if w.startswith("POST")]) == 2


async def test_a_tagged_add_is_found_by_its_operation_only(opened: Opened) -> None:
    from tuiws.backends.base import tagged_writes

    o = opened
    tagger = tagged_writes(o.backend)
    if tagger is None:
        pytest.skip("this backend cannot tag a write; the journal excludes look-alikes instead")
    draft = a_draft(o)
    await o.backend.add(checked(o, draft))
    made = await tagger.add_tagged(checked(o, draft), "op-1")
    found = await tagger.find_by_operation(draft.issue_key, "op-1", draft.started)
    assert found is not None and found.id == made.id
    assert await tagger.find_by_operation(draft.issue_key, "op-2", draft.started) is None
