"""FillService over real HTTP: required seconds per day, and a plan's sends through the journal
under lost answers and an unreachable server — an unknown item is never reported as done or
failed, a queued one is never sent twice, and a retry settles both before sending anything."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from tests.conftest import Harness
from tests.service.test_worklogs import count_matching
from tuiws.domain.fill_plan import FillPlan, PlanItem
from tuiws.emulator.seed import ADMIN, MEETINGS
from tuiws.services.bundle import Services
from tuiws.services.fill import UNKNOWN_MESSAGE, FillService
from tuiws.services.session import Session

pytestmark = pytest.mark.parametrize("flavor", ["cloud"])

MONDAY = datetime.now().date() - timedelta(days=datetime.now().weekday()) + timedelta(weeks=8)


def two_items() -> FillPlan:
    return FillPlan(
        (
            PlanItem(issue_key=MEETINGS, day=MONDAY, start=time(9), seconds=3600),
            PlanItem(issue_key=ADMIN, day=MONDAY, start=time(10), seconds=1800),
        )
    )


def started(session: Session, item: PlanItem) -> datetime:
    return item.started(session.zone)


def counts(harness: Harness, session: Session, plan: FillPlan) -> list[int]:
    return [
        count_matching(harness, i.issue_key, i.seconds, started(session, i)) for i in plan.items
    ]


async def test_an_unknown_outcome_stays_unknown_and_the_retry_never_doubles_it(
    session: Session, harness: Harness
) -> None:
    fill = FillService(Services.for_session(session))
    emu = harness.emulator
    emu.drop_next(1, method="POST", path_contains="/worklog")  # applied, the answer lost
    emu.fail_next(10_000, 429, retry_after=20, method="GET")  # and no read-back gets through
    seen: list[tuple[int, str]] = []
    plan = await fill.send(two_items(), lambda n, item: seen.append((n, item.state)))
    first, second = plan.items
    assert (first.state, first.message) == ("unknown", UNKNOWN_MESSAGE)
    assert first.operation is not None and first.worklog_id is None
    # The journal sends nothing new while an earlier outcome is unknown: the second waits.
    assert second.state == "pending" and second.message.startswith("Not sent:")
    assert seen == [(0, "sending"), (0, "unknown"), (1, "sending"), (1, "pending")]
    assert counts(harness, session, plan) == [1, 0]

    emu.clear_faults()
    plan = await fill.send(plan)
    assert [i.state for i in plan.items] == ["sent", "sent"]
    assert plan.items[0].worklog_id and plan.done
    assert counts(harness, session, plan) == [1, 1]  # the first found saved, not sent again


async def test_queued_items_are_sent_once_by_the_retry(session: Session, harness: Harness) -> None:
    fill = FillService(Services.for_session(session))
    harness.emulator.stop()
    try:
        plan = await fill.send(two_items())
    finally:
        harness.emulator.start()
    assert [i.state for i in plan.items] == ["queued", "queued"]
    assert all(i.operation and "waits in the queue" in i.message for i in plan.items)
    assert counts(harness, session, plan) == [0, 0]

    plan = await fill.send(plan)
    assert [i.state for i in plan.items] == ["sent", "sent"]
    assert all(i.worklog_id for i in plan.items)
    assert counts(harness, session, plan) == [1, 1]


async def test_a_refused_item_fails_with_its_reason_and_the_rest_go_on(
    session: Session, harness: Harness
) -> None:
    fill = FillService(Services.for_session(session))
    harness.emulator.fail_next(1, 400, method="POST", path_contains="/worklog")
    plan = await fill.send(two_items())
    assert [i.state for i in plan.items] == ["failed", "sent"]
    assert plan.items[0].message and plan.waiting == [0]
    plan = await fill.send(plan)
    assert plan.done and counts(harness, session, plan) == [1, 1]
