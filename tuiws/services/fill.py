"""Filling a week: plans from the backend's worklogs and schedule, sent through the journal.

A plan is read (last week's own worklogs, one read as the week screen reads; a day's gap
against the required seconds) and only sent once the user confirmed it, one item at a time
through `WorklogService.add`, so every item is journaled like any other write. A failure of
one item is recorded on it and the rest go on; a retry sends only what is not confirmed
(the journal settles an earlier unknown or queued send first, so nothing is doubled).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tuiws.backends.errors import BackendError
from tuiws.domain.drafts import DraftInvalid
from tuiws.domain.fill_plan import FillPlan, PlanItem, copy_week, day_gaps, gap_plan
from tuiws.domain.models import Issue
from tuiws.domain.rounding import RoundMode
from tuiws.domain.timesheet import Week
from tuiws.domain.week import week_start
from tuiws.services.bundle import Services
from tuiws.services.schedule import required_by_day
from tuiws.services.worklogs import WriteOutcomeUnknown, WriteQueued
from tuiws.store.journal import EntryState

__all__ = ["UNKNOWN_MESSAGE", "FillService", "ItemSent", "WeekPlan"]

UNKNOWN_MESSAGE = "unknown — will be checked"
"""An item whose answer was lost and whose read-back failed: never shown as done or failed."""

ItemSent = Callable[[int, PlanItem], None]
"""Told each item's state as it changes while a plan is sent (index in the plan, item)."""


@dataclass(frozen=True)
class WeekPlan:
    """A plan with the week it fills: what is logged already and what each day requires."""

    plan: FillPlan
    week: Week
    required: dict[date, int]

    @property
    def gaps(self) -> dict[date, int]:
        """Each day's missing seconds once the plan's live items are logged too."""
        logged = dict(zip(self.week.days, self.week.day_totals, strict=True))
        for day, seconds in self.plan.seconds_by_day().items():
            logged[day] = logged.get(day, 0) + seconds
        return day_gaps(self.required, logged)


class FillService:
    def __init__(
        self, services: Services, *, round_minutes: int = 0, round_mode: RoundMode = "nearest"
    ) -> None:
        self.services = services
        self.round_minutes = round_minutes
        self.round_mode: RoundMode = round_mode

    async def copy_plan(self, day: date, weeks_back: int = 1, week: Week | None = None) -> WeekPlan:
        """The week `weeks_back` weeks before the one holding `day`, proposed for it; `week`,
        that week as already read (else it is read too)."""
        s = self.services
        start = week_start(day, s.session.week_start)
        target = week if week is not None and week.start == start else await s.weeks.load(start)
        source = await s.weeks.load(start - timedelta(weeks=weeks_back))
        plan = copy_week(source, start, existing=target)
        required = await required_by_day(s.session, s.session.me, target.days)
        return WeekPlan(plan, target, required)

    async def gap_plan(
        self,
        issue: Issue | str,
        day: date,
        week: Week | None = None,
        attributes: Mapping[str, str] | None = None,
    ) -> WeekPlan:
        """`day`'s gap against its required seconds, as a one-item plan on `issue` (empty when
        the day needs nothing more)."""
        s = self.services
        start = week_start(day, s.session.week_start)
        if week is None or week.start != start:
            week = await s.weeks.load(start)
        if isinstance(issue, str):
            issue = await self._issue(issue, week)
        required = await required_by_day(s.session, s.session.me, week.days)
        plan = gap_plan(
            issue,
            day,
            required,
            week,
            round_minutes=self.round_minutes,
            round_mode=self.round_mode,
            attributes=attributes,
        )
        return WeekPlan(plan, week, required)

    async def _issue(self, key: str, week: Week) -> Issue:
        for row in week.rows:
            if row.issue.key == key:
                return row.issue
        found = await self.services.session.directory.issues([key])
        return found[0] if found else Issue(id="", key=key)

    async def send(self, plan: FillPlan, told: ItemSent | None = None) -> FillPlan:
        """Send every item not yet confirmed, in order, each through the journal; returns the
        plan with each item's outcome. One item's failure never stops the others.

        An item sent before with an unknown or queued outcome is not sent again: the journal
        settles it first (read back, or sent from the queue) and the item takes its outcome;
        only one the journal found not saved is sent anew.
        """
        worklogs = self.services.worklogs
        if any(plan.items[i].operation for i in plan.waiting):
            with contextlib.suppress(BackendError):  # what stays unsettled stays as it was
                await worklogs.reconcile()
        for index in plan.waiting:
            item = plan.items[index]
            settled = self._settled(item)
            if settled is None:
                settled = await self._send_one(plan, index, told)
            plan = plan.with_item(index, settled)
            if told is not None:
                told(index, settled)
        return plan

    def _settled(self, item: PlanItem) -> PlanItem | None:
        """What the journal knows of an earlier send of `item`; None: send it (again)."""
        if item.operation is None:
            return None
        entry = self.services.worklogs.journal.entry(item.operation)
        if entry is None or entry.state in (EntryState.FAILED, EntryState.DROPPED):
            return None
        if entry.state is EntryState.CONFIRMED:
            return replace(
                item, state="sent", message="", worklog_id=entry.worklog_id, operation=None
            )
        return item  # still unknown or queued: the journal keeps trying

    async def _send_one(self, plan: FillPlan, index: int, told: ItemSent | None) -> PlanItem:
        zone = self.services.session.zone
        item = replace(plan.items[index], state="sending", message="", operation=None)
        if told is not None:
            told(index, item)
        try:
            created = await self.services.worklogs.add(item.draft(zone))
        except WriteOutcomeUnknown as exc:
            if not self._is_of(exc.operation, item):
                # An earlier write's outcome is still unknown, so nothing new was sent.
                return replace(item, state="pending", message=f"Not sent: {exc.message}")
            return replace(item, state="unknown", message=UNKNOWN_MESSAGE, operation=exc.operation)
        except WriteQueued as exc:
            return replace(item, state="queued", message=exc.message, operation=exc.operation)
        except DraftInvalid as exc:
            return replace(item, state="failed", message=str(exc))
        except BackendError as exc:
            return replace(item, state="failed", message=str(exc))
        return replace(item, state="sent", message="", worklog_id=created.id)

    def _is_of(self, operation: str, item: PlanItem) -> bool:
        """Whether the journal's `operation` is the add of `item` (not an earlier write)."""
        entry = self.services.worklogs.journal.entry(operation)
        if entry is None or entry.verb != "add":
            return False
        sent = entry.draft()
        zone = self.services.session.zone
        return (sent.issue_key, sent.started, sent.time_spent_seconds) == (
            item.issue_key,
            item.started(zone),
            item.seconds,
        )
