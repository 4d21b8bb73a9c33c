"""What a queued change's worklog looked like against the server's now (`stale_writes`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tuiws.domain.models import User, Worklog
from tuiws.services.stale_writes import changed_since
from tuiws.store.journal_codec import worklog_json

WAS = Worklog(
    id="10042",
    issue_id="10001",
    issue_key="PLAT-12",
    author=User(account_id="a-1", display_name="Dana"),
    started=datetime(2026, 11, 23, 8, 30, tzinfo=UTC),
    time_spent_seconds=5400,
    comment_text="Sprint review",
)


def test_the_same_worklog_has_not_changed_whatever_its_zone() -> None:
    berlin = WAS.started.astimezone(ZoneInfo("Europe/Berlin"))
    assert changed_since(worklog_json(WAS), WAS) is None
    assert changed_since(worklog_json(WAS), replace(WAS, started=berlin)) is None
    # Only what a change sends counts: not when the server last touched it.
    assert changed_since(worklog_json(WAS), replace(WAS, updated=WAS.started)) is None


def test_each_field_a_change_sends_is_compared_and_named() -> None:
    before = worklog_json(WAS)
    later = WAS.started + timedelta(hours=1)
    assert changed_since(before, replace(WAS, started=later)) == "its start is now 2026-11-23 09:30"
    assert changed_since(before, replace(WAS, time_spent_seconds=7200)) == "its time is now 2h"
    assert changed_since(before, replace(WAS, comment_text="Fixed")) == "its comment changed"
    assert changed_since(before, replace(WAS, issue_id="10002")) == "it is on another issue now"
    both = changed_since(before, replace(WAS, time_spent_seconds=600, comment_text=""))
    assert both == "its time is now 10m; its comment changed"
