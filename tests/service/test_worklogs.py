"""Worklog writes through the real client against the emulator over HTTP, both flavors."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any

import pytest

from tests.conftest import Harness, jira_client
from tuiws.backends import errors
from tuiws.backends.jira.adf import text_to_adf
from tuiws.backends.jira.started import format_started
from tuiws.domain.drafts import DraftInvalid
from tuiws.domain.models import AdjustEstimate, WorklogDraft
from tuiws.domain.started import zoned
from tuiws.emulator.seed import AT_LIMIT, LOCKED, MEETINGS, TIME_TRACKING_OFF, UNBROWSABLE
from tuiws.services.session import Session
from tuiws.services.worklogs import WorklogService, WriteNotConfirmedError

STARTED_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$")


def a_draft(session: Session, key: str = MEETINGS, **changes: Any) -> WorklogDraft:
    day = datetime.now(session.zone).date() - timedelta(days=1)
    base = WorklogDraft(
        issue_key=key,
        started=zoned(day, time(15, 17), session.zone),
        time_spent_seconds=5400,
        comment="Sprint review\nDemoed the export",
        adjust=AdjustEstimate(mode="leave"),
    )
    return replace(base, **changes)


def count_matching(h: Harness, key: str, seconds: int, started: datetime) -> int:
    return sum(
        1
        for w in h.emulator.state.worklogs_for(key)
        if w.time_spent_seconds == seconds and w.started == started
    )


async def test_add_sends_the_flavors_exact_request(session: Session, harness: Harness) -> None:
    draft = a_draft(session)
    created = await WorklogService(session).add(draft)
    assert created.time_spent_seconds == 5400 and created.started == draft.started
    [post] = harness.emulator.writes()
    assert post.method == "POST"
    api = "/rest/api/3" if session.capabilities.label == "cloud" else "/rest/api/2"
    assert post.path == f"{api}/issue/{MEETINGS}/worklog"
    assert post.query == {"adjustEstimate": ["leave"]}
    assert STARTED_SHAPE.match(post.body["started"])
    assert post.body["timeSpentSeconds"] == 5400
    if session.capabilities.label == "cloud":
        assert post.body["comment"] == text_to_adf("Sprint review\nDemoed the export")
    else:
        assert post.body["comment"] == "Sprint review\nDemoed the export"
    assert created.comment_text == "Sprint review\nDemoed the export"
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 1


async def test_invalid_draft_sends_zero_writes(session: Session, harness: Harness) -> None:
    harness.emulator.clear_log()
    bad = a_draft(session, time_spent_seconds=30, adjust=AdjustEstimate(mode="new"))
    with pytest.raises(DraftInvalid) as info:
        await WorklogService(session).add(bad)
    assert {p.field for p in info.value.problems} == {"duration", "adjust"}
    assert harness.emulator.requests == []


async def test_retry_after_is_waited_out_and_the_write_happens_once(
    session: Session, harness: Harness
) -> None:
    harness.emulator.fail_next(1, 429, retry_after=1, method="POST")
    draft = a_draft(session)
    created = await WorklogService(session).add(draft)
    [event] = harness.backoffs
    assert event.status == 429 and event.attempt == 1 and event.seconds >= 1
    assert sum(harness.time.slept) >= 1
    assert harness.recovered == [True]
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 1
    assert created.id in {str(w.id) for w in harness.emulator.state.worklogs_for(MEETINGS)}


async def test_a_429_storm_gives_up_when_the_wait_budget_is_spent(
    session: Session, harness: Harness
) -> None:
    harness.emulator.fail_next(100, 429, retry_after=2, method="POST")
    draft = a_draft(session)
    with pytest.raises(errors.RateLimited, match="still refusing"):
        await WorklogService(session).add(draft)
    attempts = [e.attempt for e in harness.backoffs]
    assert attempts == list(range(1, len(attempts) + 1)) and len(attempts) > 5
    assert 50 < sum(harness.time.slept) <= 60  # the minute's budget, not a count of attempts
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 0


async def test_applied_then_dropped_post_creates_exactly_one(
    session: Session, harness: Harness
) -> None:
    harness.emulator.drop_next(1, method="POST")
    draft = a_draft(session)
    created = await WorklogService(session).add(draft)
    assert created.time_spent_seconds == 5400
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 1
    assert len([r for r in harness.emulator.writes() if r.method == "POST"]) == 1


async def test_dropped_post_not_applied_is_reported_not_resent(
    session: Session, harness: Harness
) -> None:
    harness.emulator.drop_next(1, method="POST", apply=False)
    draft = a_draft(session)
    with pytest.raises(WriteNotConfirmedError, match="Nothing was sent twice"):
        await WorklogService(session).add(draft)
    assert count_matching(harness, MEETINGS, 5400, draft.started) == 0
    assert len([r for r in harness.emulator.writes() if r.method == "POST"]) == 1


async def test_identical_older_entry_is_not_mistaken_for_the_lost_one(
    session: Session, harness: Harness
) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    harness.emulator.state.add_worklog(
        MEETINGS,
        session.me.ident,
        draft.started,
        5400,
        created=datetime.now(session.zone) - timedelta(days=3),
    )
    harness.emulator.drop_next(1, method="POST", apply=False)
    with pytest.raises(WriteNotConfirmedError):
        await service.add(draft)


async def test_update_and_dropped_update_apply_once(session: Session, harness: Harness) -> None:
    service = WorklogService(session)
    draft = a_draft(session)
    created = await service.add(draft)
    changed = replace(draft, time_spent_seconds=7200, comment_touched=False)
    harness.emulator.drop_next(1, method="PUT")
    updated = await service.update(created, changed)
    assert updated.time_spent_seconds == 7200
    assert count_matching(harness, MEETINGS, 7200, draft.started) == 1
    put = [r for r in harness.emulator.writes() if r.method == "PUT"]
    assert len(put) == 1 and "comment" not in put[0].body


async def test_untouched_rich_comment_survives_an_edit(session: Session, harness: Harness) -> None:
    if session.capabilities.label != "cloud":
        pytest.skip("rich comments are Cloud's")
    rich = {
        "type": "doc",
        "version": 1,
        "content": [
            {
                "type": "bulletList",
                "content": [
                    {
                        "type": "listItem",
                        "content": [
                            {"type": "paragraph", "content": [{"type": "text", "text": "first"}]}
                        ],
                    },
                    {
                        "type": "listItem",
                        "content": [
                            {
                                "type": "paragraph",
                                "content": [
                                    {
                                        "type": "text",
                                        "text": "second",
                                        "marks": [{"type": "strong"}],
                                    }
                                ],
                            }
                        ],
                    },
                ],
            }
        ],
    }
    service = WorklogService(session)
    created = await service.add(a_draft(session))
    await jira_client(session).update_worklog(MEETINGS, created.id, {"comment": rich}, {})
    original = await service.get(MEETINGS, created.id)
    assert original.comment_adf == rich
    draft = a_draft(
        session,
        time_spent_seconds=3600,
        comment=original.comment_text,
        original_comment_adf=original.comment_adf,
        comment_touched=False,
    )
    await service.update(original, draft)
    assert (await service.get(MEETINGS, created.id)).comment_adf == rich


async def test_delete_and_dropped_delete(session: Session, harness: Harness) -> None:
    service = WorklogService(session)
    first = await service.add(a_draft(session))
    second = await service.add(a_draft(session, time_spent_seconds=600))
    await service.delete(MEETINGS, first.id, AdjustEstimate(mode="leave"))
    harness.emulator.drop_next(1, method="DELETE")
    await service.delete(MEETINGS, second.id, AdjustEstimate(mode="leave"))
    ids = {str(w.id) for w in harness.emulator.state.worklogs_for(MEETINGS)}
    assert first.id not in ids and second.id not in ids


async def test_adjust_estimate_moves_the_remaining_estimate(
    session: Session, harness: Harness
) -> None:
    state = harness.emulator.state
    issue = next(
        i
        for i in state.issues()
        if i.key.startswith("PLAT") and (i.remaining_estimate_seconds or 0) > 4 * 3600
    )
    before = issue.remaining_estimate_seconds or 0
    service = WorklogService(session)
    created = await service.add(a_draft(session, issue.key, adjust=AdjustEstimate(mode="auto")))
    assert state.issue(issue.key).remaining_estimate_seconds == before - 5400
    await service.delete(issue.key, created.id, AdjustEstimate(mode="manual", value="30m"))
    assert state.issue(issue.key).remaining_estimate_seconds == before - 5400 + 1800
    await service.add(a_draft(session, issue.key, adjust=AdjustEstimate(mode="new", value="1d")))
    assert state.issue(issue.key).remaining_estimate_seconds == 8 * 3600


async def test_jira_errors_become_actionable_messages(session: Session, harness: Harness) -> None:
    service = WorklogService(session)
    with pytest.raises(errors.NotFound, match="may not browse"):
        await service.add(a_draft(session, UNBROWSABLE))
    with pytest.raises(errors.LimitReached, match="limit of worklogs"):
        await service.add(a_draft(session, AT_LIMIT))
    with pytest.raises(errors.Invalid, match="time tracking"):
        await service.add(a_draft(session, TIME_TRACKING_OFF))
    locked = await service.add(a_draft(session, LOCKED))
    with pytest.raises(errors.Forbidden, match="Edit own worklogs") as refused:
        await service.update(locked, a_draft(session, LOCKED, time_spent_seconds=600))
    assert refused.value.permission.startswith("Edit own worklogs")
    with pytest.raises(errors.Forbidden, match="Delete own worklogs"):
        await service.delete(LOCKED, locked.id)
    harness.emulator.fail_next(1, 500)
    with pytest.raises(errors.ServerFailed, match="internal error"):
        await service.list(MEETINGS)


async def test_a_malformed_started_is_jiras_400_or_500(session: Session) -> None:
    body = {"started": "2026-05-29T14:30:00Z", "timeSpentSeconds": 600}
    expected = errors.Invalid if session.capabilities.label == "cloud" else errors.ServerFailed
    with pytest.raises(expected, match="start time"):
        await jira_client(session).add_worklog(MEETINGS, body, {})


async def test_jiras_field_errors_arrive_in_the_domains_field_names(session: Session) -> None:
    # Past the service's checks, straight at Jira: its keys become the domain's names.
    day = datetime.now(session.zone).date()
    started = format_started(zoned(day, time(9), session.zone))
    with pytest.raises(errors.Invalid) as info:
        await jira_client(session).add_worklog(
            MEETINGS, {"started": started, "timeSpentSeconds": 0}, {}
        )
    assert set(info.value.fields) == {"duration"}
    assert "timeLogged" in str(info.value), "Jira's own words stay in the details"


async def test_list_reads_every_page_in_the_window(session: Session, harness: Harness) -> None:
    state = harness.emulator.state
    start = zoned(datetime.now(session.zone).date() - timedelta(days=400), time(9), session.zone)
    for n in range(1100):
        state.add_worklog(MEETINGS, session.me.ident, start + timedelta(minutes=n), 60)
    logs = await WorklogService(session).list(MEETINGS, start, start + timedelta(minutes=1050))
    assert len(logs) == 1050
    assert logs == sorted(logs, key=lambda w: w.started)
