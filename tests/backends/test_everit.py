"""The Everit Timetracker backend over real HTTP against the bundled emulator: weeks equal to
the truth in each author's zone, `x-timezone` always the session's, WORKLOG_NOT_FOUND as
NotFound, moves, tags, billable, a lost PATCH, and a sync without a change feed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.backends.everit_rig import (
    a_draft,
    everit_of,
    everit_requests,
    open_session,
    truth,
)
from tuiws.backends import errors as e
from tuiws.backends.base import WorklogRef
from tuiws.domain.drafts import DraftInvalid
from tuiws.domain.models import AdjustEstimate
from tuiws.domain.started import zoned
from tuiws.emulator import JiraEmulator
from tuiws.emulator.everit import BASE_PATH
from tuiws.emulator.seed import DEMO_GROUP
from tuiws.services.session import Session
from tuiws.services.sync import SyncService
from tuiws.services.team import TeamService
from tuiws.services.team_spec import TeamSpec
from tuiws.services.weeks import WeekService
from tuiws.services.worklogs import WorklogService
from tuiws.store.cache import WorklogCache

LOS_ANGELES = "America/Los_Angeles"


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud") as emulator:
        yield emulator


@pytest.fixture
async def session(emu: JiraEmulator) -> AsyncIterator[Session]:
    async with open_session(emu) as s:
        yield s


async def test_my_week_equals_the_truth_in_my_zone(emu: JiraEmulator, session: Session) -> None:
    service = WeekService(session)
    today = datetime.now(session.zone).date()
    for weeks_back in (0, 1, 3):
        week = await service.load(today - timedelta(weeks=weeks_back))
        me = emu.state.demo_user.account_id
        assert week.day_totals == truth(emu, me, week.start, session.zone)
    assert week.total_seconds > 0


async def test_a_team_week_equals_the_truth_in_each_authors_zone(
    emu: JiraEmulator, session: Session
) -> None:
    team = await TeamService(session).load(
        TeamSpec("demo", group=DEMO_GROUP), datetime.now(session.zone).date()
    )
    zones = {row.zone.key for row in team.rows}
    assert len(zones) > 1, "the demo team spans several zones"
    for row in team.rows:
        assert row.seconds == truth(emu, row.user.ident, team.start, row.zone), row.user
    assert team.total_seconds > 0
    assert everit_requests(emu).count("POST /report/details") == 1


async def test_everit_gets_the_profile_zone_so_an_evening_entry_keeps_its_day(
    emu: JiraEmulator,
) -> None:
    zone = ZoneInfo(LOS_ANGELES)
    day = datetime.now(zone).date() - timedelta(days=1)
    evening = zoned(day, time(21, 30), zone)  # the next day in UTC
    async with open_session(emu, zone=LOS_ANGELES) as session:
        added = await WorklogService(session).add(a_draft(session, started=evening))
        week = await WeekService(session).load(day)
    assert added.started == evening
    jira_id = int(added.backend_ids["jiraWorklogId"])
    assert emu.state.worklog(jira_id).started == evening
    sent = {r.headers.get("x-timezone") for r in emu.requests if BASE_PATH in r.path}
    assert sent == {LOS_ANGELES}
    [row] = [r for r in week.rows if r.issue.key == "PLAT-2"]
    assert added.id in {w.id for w in row.worklogs[(day - week.start).days]}


async def test_worklog_not_found_on_200_is_not_found(emu: JiraEmulator, session: Session) -> None:
    service = WorklogService(session)
    added = await service.add(a_draft(session))
    await service.delete("PLAT-2", added.id)
    with pytest.raises(e.NotFound):
        await everit_of(session).client.delete(int(added.id))
    with pytest.raises(e.NotFound):
        await everit_of(session).client.patch(int(added.id), {"durationInSeconds": 600})
    assert [r.status for r in emu.writes()[-2:]] == [200, 200]
    with pytest.raises(e.NotFound):
        await service.get("PLAT-2", added.id)


async def test_an_edit_moves_a_worklog_to_another_issue_sending_only_the_change(
    emu: JiraEmulator, session: Session
) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    added = await service.add(draft)
    old_jira_id = int(added.backend_ids["jiraWorklogId"])
    moved = await service.update(added, replace(draft, issue_key="PLAT-3"))
    assert moved.id == added.id and moved.issue_key == "PLAT-3"
    assert moved.started == draft.started and moved.comment_text == "Everit check"
    assert int(moved.backend_ids["jiraWorklogId"]) != old_jira_id
    assert old_jira_id not in {w.id for w in emu.state.worklogs_for("PLAT-2")}
    assert int(moved.backend_ids["jiraWorklogId"]) in {
        w.id for w in emu.state.worklogs_for("PLAT-3")
    }
    patch = emu.writes()[-1]
    assert patch.method == "PATCH"
    new_issue = emu.state.issue("PLAT-3").id
    assert patch.body == {"worklogId": int(added.id), "partialWorklog": {"issueId": new_issue}}
    assert session.capabilities.move_on_edit


async def test_tags_and_billable_round_trip(emu: JiraEmulator, session: Session) -> None:
    service = WorklogService(session)
    draft = a_draft(session, tags=("Meeting", "review"), billable_seconds=0)
    added = await service.add(draft)
    assert added.tags == ("Meeting", "Review") and added.billable_seconds == 0
    fetched = await service.get("PLAT-2", added.id)
    assert fetched.tags == ("Meeting", "Review") and fetched.billable_seconds == 0

    billable = replace(draft, tags=("Support",), billable_seconds=1800, comment_touched=False)
    updated = await service.update(added, billable)
    assert updated.tags == ("Support",) and updated.billable_seconds == 1800
    assert emu.writes()[-1].body["partialWorklog"] == {"isBillable": True, "worklogTagIds": [4]}
    assert (await everit_of(session).tag_choices())[:2] == ["Meeting", "Development"]
    assert "Legacy billing" not in await everit_of(session).tag_choices()

    writes = len(emu.writes())
    with pytest.raises(DraftInvalid) as unknown:
        await service.add(replace(draft, tags=("Nap",)))
    assert "no tag Nap" in (unknown.value.for_field("tags") or "")
    with pytest.raises(DraftInvalid) as half:
        await service.add(replace(draft, billable_seconds=900))
    assert "whole worklog" in (half.value.for_field("billable") or "")
    assert len(emu.writes()) == writes


async def test_the_capabilities_say_what_everit_does(session: Session) -> None:
    caps = session.capabilities
    assert (caps.name, caps.comment_format, caps.started) == ("everit", "plain", "local")
    assert caps.tags and caps.billable_seconds and caps.move_on_edit
    assert not caps.change_feed and session.backend.changes is None
    assert caps.adjust_choices("add") == ("auto",)
    with pytest.raises(DraftInvalid):
        WorklogService(session).check(a_draft(session, adjust=AdjustEstimate(mode="leave")))


async def test_the_latest_own_worklog_names_its_issue(emu: JiraEmulator, session: Session) -> None:
    # Later than every seeded one: early on a Monday the seed logs the day's plan ahead.
    mine = [
        w.started for w in emu.state.all_worklogs() if w.author == emu.state.demo_user.account_id
    ]
    now = datetime.now(session.zone).replace(second=0, microsecond=0)
    started = max([now, *(s.astimezone(session.zone) + timedelta(minutes=1) for s in mine)])
    added = await WorklogService(session).add(a_draft(session, started=started.replace(second=0)))
    latest = await session.backend.latest_own()
    assert latest is not None and latest.key == added.issue_key


async def test_a_lost_patch_answer_is_read_back_not_sent_again(
    emu: JiraEmulator, session: Session
) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    added = await service.add(draft)
    emu.drop_next(1, method="PATCH", path_contains=BASE_PATH)
    with pytest.raises(e.UnknownOutcome):
        await session.backend.update(
            WorklogRef.of(added),
            service.check(replace(draft, time_spent_seconds=900), verb="update"),
        )
    assert [r.method for r in emu.writes()].count("PATCH") == 1
    emu.drop_next(1, method="PATCH", path_contains=BASE_PATH)
    updated = await service.update(added, replace(draft, time_spent_seconds=2700))
    assert updated.time_spent_seconds == 2700
    assert [r.method for r in emu.writes()].count("PATCH") == 2, "read back, not repeated"


async def test_a_sync_pulls_the_window_again_as_everit_has_no_change_feed(
    emu: JiraEmulator, session: Session, tmp_path: Path
) -> None:
    with WorklogCache.for_profile("everit", tmp_path) as cache:
        first = await SyncService(session, cache).sync()
        assert first.mode == "initial" and cache.worklog_count() > 0
        service = WorklogService(session)
        added = await service.add(a_draft(session))
        now = datetime.now(session.zone)
        mine = [
            w
            for w in cache.worklogs(now - timedelta(days=7), now)
            if w.author.ident == session.me.ident
        ]
        gone = mine[0]
        await service.delete(gone.issue_key or "", gone.id)
        again = await SyncService(session, cache).sync()
        assert again.mode == "window"
        assert again.fallback_reason == "this backend has no change feed"
        assert cache.worklog(added.id) is not None and cache.worklog(gone.id) is None
