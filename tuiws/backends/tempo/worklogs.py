"""Tempo as a worklog backend: reads and writes in either dialect, Jira as the directory.

v4 worklogs carry only an issue id and an author account id: a read costs the Tempo pages and
then one bulk round trip to Jira for the unknown issues and people (never one per worklog).
A PUT replaces the whole worklog, so an update reads it first and merges the draft in. Tempo's
own settings (work attributes, approval periods, schedules) are read once and kept, so the
draft check can refuse a missing attribute or a locked period before any request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tuiws.backends import errors as e
from tuiws.backends.backoff import Clock
from tuiws.backends.base import (
    ChangeFeed,
    HealthCheck,
    IssueDirectory,
    WorklogPull,
    WorklogQuery,
    WorklogRef,
)
from tuiws.backends.capabilities import Capabilities
from tuiws.backends.tempo.client import TempoClient
from tuiws.backends.tempo.convert import create_body, to_worklog, update_body
from tuiws.backends.tempo.feeds import TempoChangeFeed
from tuiws.backends.tempo.health import tempo_health
from tuiws.backends.tempo.periods import Periods
from tuiws.backends.tempo.wire import TempoWorklog
from tuiws.domain.attributes import WorkAttribute
from tuiws.domain.drafts import CheckedDraft, FieldProblem
from tuiws.domain.models import (
    AdjustEstimate,
    Issue,
    TimeTracking,
    User,
    Worklog,
    WorklogDraft,
    WriteVerb,
)

__all__ = ["TEMPO", "TempoWorklogs", "capabilities_for"]

TEMPO = Capabilities(
    name="tempo",
    label="tempo",
    comment_format="plain",
    # Tempo has no adjustEstimate: it reduces the estimate itself, or sets the remaining one.
    adjust_on_add=("auto", "new"),
    adjust_on_update=("auto", "new"),
    adjust_on_delete=("auto",),
    move_on_edit=False,
    move_by_recreate=True,
    billable_seconds=True,
    work_attributes=True,
    change_feed=True,
    required_hours=True,
    locked_periods=True,
    started="local",
)
_AUTHORS_PER_SEARCH = 50
_LATEST_DAYS = 90


def capabilities_for(dialect: str) -> Capabilities:
    """core/3 has no user schedules (they came with v4); approvals are read the same way."""
    if dialect == "v4":
        return TEMPO
    return replace(TEMPO, label="tempo core/3", required_hours=False)


def zone_of(user: User | None) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone) if user and user.time_zone else ZoneInfo("UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


class TempoWorklogs:
    def __init__(
        self,
        client: TempoClient,
        directory: IssueDirectory,
        me: User,
        attributes: Sequence[WorkAttribute],
        periods: Periods,
        clock: Clock,
    ) -> None:
        self.client = client
        self.directory = directory
        self.me = me
        self.periods = periods
        self._attributes = list(attributes)
        self._capabilities = capabilities_for(client.dialect)
        self._issues: dict[str, Issue] = {}  # by id
        self._users: dict[str, User] = {me.ident: me}
        self._feed = TempoChangeFeed(self, clock)

    @property
    def capabilities(self) -> Capabilities:
        return self._capabilities

    @property
    def changes(self) -> ChangeFeed:
        return self._feed

    @property
    def work_attributes(self) -> list[WorkAttribute]:
        """Tempo's work attribute definitions (required ones, static lists' values)."""
        return list(self._attributes)

    async def health(self) -> list[HealthCheck]:
        """`tuiws doctor`'s Tempo lines: version, token, scopes."""
        return await tempo_health(self.client, self.me.ident, len(self._attributes))

    # -- the draft check --------------------------------------------------------------------------

    def problems(self, draft: WorklogDraft, verb: WriteVerb) -> list[FieldProblem]:
        found: list[FieldProblem] = []
        by_key = {a.key: a for a in self._attributes}
        given = dict(draft.attributes or {})
        # An edit leaves attributes it does not name as they were (the PUT merges them).
        checked = self._attributes if verb == "add" else [by_key[k] for k in given if k in by_key]
        for attribute in checked:
            if (why := attribute.problem(given.get(attribute.key))) is not None:
                found.append(FieldProblem("attributes", why))
        for key in given:
            if key not in by_key:
                found.append(FieldProblem("attributes", f"Tempo has no work attribute {key}"))
        if draft.billable_seconds is not None and draft.billable_seconds < 0:
            found.append(FieldProblem("billable", "billable time cannot be negative"))
        if verb != "delete" and draft.started.tzinfo is not None:
            day = draft.started.astimezone(zone_of(self.me)).date()
            if (reason := self.periods.locked_reason(self.me.ident, day)) is not None:
                found.append(FieldProblem("date", reason))
        return found

    # -- turning wire worklogs into the domain's --------------------------------------------------

    async def _learn(self, wires: Sequence[TempoWorklog]) -> None:
        """Look the unknown issues and people up in Jira: one bulk round trip for them all."""
        issue_ids = sorted({str(w.issue.id) for w in wires} - set(self._issues))
        people = sorted({w.author.account_id for w in wires} - set(self._users))
        issues, users = await asyncio.gather(
            self.directory.issues_by_id(issue_ids) if issue_ids else _nothing_issues(),
            self.directory.users(people) if people else _nothing_users(),
        )
        self._issues.update({i.id: i for i in issues})
        self._users.update(users)

    async def convert(self, wires: Sequence[TempoWorklog]) -> list[Worklog]:
        await self._learn(wires)
        out: list[Worklog] = []
        for wire in wires:
            author = self._users.get(wire.author.account_id)
            out.append(
                to_worklog(wire, self._issues.get(str(wire.issue.id)), author, zone_of(author))
            )
        return out

    async def _issue(self, key: str) -> Issue:
        known = next((i for i in self._issues.values() if i.key == key), None)
        if known is not None:
            return known
        found = await self.directory.issues([key])
        if not found:
            raise e.NotFound(f"Issue {key} was not found, or this account may not browse it.")
        self._issues[found[0].id] = found[0]
        return found[0]

    # -- reading ----------------------------------------------------------------------------------

    async def by_authors(self, authors: Sequence[User] | None, query: WorklogQuery) -> WorklogPull:
        first = query.first_day
        last = query.last_day or (
            (query.before + timedelta(days=1)).date() if query.before else first + timedelta(366)
        )
        reading = self._read_window(authors, first, last)
        mine = authors is None or any(a.ident == self.me.ident for a in authors)
        if mine and self._capabilities.locked_periods:
            # The approval periods of my days in the window come in parallel, so the draft
            # check knows them (the slack days either side are read if ever written into).
            lock_first, lock_last = self._my_days(query, first, last)
            periods = self.periods.load(self.me.ident, lock_first, lock_last)
            wires, _ = await asyncio.gather(reading, periods)
        else:
            wires = await reading
        worklogs = await self.convert(wires)
        issue_ids = {w.issue_id for w in worklogs}
        return WorklogPull([i for i in self._issues.values() if i.id in issue_ids], worklogs)

    def _my_days(self, query: WorklogQuery, first: date, last: date) -> tuple[date, date]:
        """The days of the query's instants in my zone, within [first, last]."""
        if query.before is None:
            return first, last
        zone = zone_of(self.me)
        mine_first = query.after.astimezone(zone).date()
        mine_last = (query.before - timedelta(microseconds=1)).astimezone(zone).date()
        return max(first, mine_first), min(last, mine_last)

    async def _read_window(
        self, authors: Sequence[User] | None, first: date, last: date
    ) -> list[TempoWorklog]:
        if authors is None:
            return await self.client.worklogs(first, last)
        ids = [a.ident for a in authors]
        if len(ids) == 1 or self.client.dialect == "core3":
            pages = await asyncio.gather(*(self.client.user_worklogs(i, first, last) for i in ids))
        else:
            chunks = [
                ids[n : n + _AUTHORS_PER_SEARCH] for n in range(0, len(ids), _AUTHORS_PER_SEARCH)
            ]
            pages = await asyncio.gather(*(self.client.search(c, first, last) for c in chunks))
        return [w for page in pages for w in page]

    async def issue_worklogs(
        self, issue_key: str, after: datetime | None = None, before: datetime | None = None
    ) -> list[Worklog]:
        issue = await self._issue(issue_key)
        # Tempo filters by the author's local date: a day either side covers every zone.
        first = (after - timedelta(days=1)).date() if after else None
        last = (before + timedelta(days=1)).date() if before else None
        target = issue.id if self.client.dialect == "v4" else issue.key
        wires = await self.client.worklogs(first, last, issue=target)
        return [
            w
            for w in await self.convert(wires)
            if (after is None or w.started >= after) and (before is None or w.started < before)
        ]

    async def get(self, ref: WorklogRef) -> Worklog:
        [worklog] = await self.convert([await self.client.worklog(ref.id)])
        return worklog

    async def latest_own(self) -> Issue | None:
        today = datetime.now(UTC).date()
        wires = await self.client.user_worklogs(
            self.me.ident, today - timedelta(days=_LATEST_DAYS), today
        )
        if not wires:
            return None
        latest = max(wires, key=lambda w: (w.start_date, w.start_time or ""))
        await self._learn([latest])
        return self._issues.get(str(latest.issue.id))

    async def required_by_day(self, user: User, days: Sequence[date]) -> dict[date, int] | None:
        if not self._capabilities.required_hours:
            return None
        return await self.periods.required_by_day(user.ident, days)

    def forget_locks(self) -> None:
        self.periods.forget_periods()

    async def locked_days(self, user: User, days: Sequence[date]) -> dict[date, str]:
        """The days of `days` in a submitted or approved timesheet (the periods are read once;
        my week's are already read beside its worklogs)."""
        if not self._capabilities.locked_periods or not days:
            return {}
        await self.periods.load(user.ident, min(days), max(days))
        found = {d: self.periods.status_of(user.ident, d) for d in days}
        return {d: why for d, why in found.items() if why is not None}

    # -- writing ----------------------------------------------------------------------------------

    async def _refuse_locked(self, account_id: str, day: date) -> None:
        """A write into a submitted or approved period never goes out (a read may, once)."""
        if not self._capabilities.locked_periods:
            return
        await self.periods.load(account_id, day, day)
        if (reason := self.periods.locked_reason(account_id, day)) is not None:
            raise e.Invalid(reason, fields={"date": reason})

    async def add(self, checked: CheckedDraft) -> Worklog:
        draft = checked.draft
        zone = zone_of(self.me)
        issue = await self._issue(draft.issue_key)
        await self._refuse_locked(self.me.ident, draft.started.astimezone(zone).date())
        core3 = self.client.dialect == "core3"
        body = create_body(checked, issue, self.me.ident, zone, core3=core3)
        wire = await self.client.create(body, f"a worklog on {issue.key}")
        [worklog] = await self.convert([wire])
        return worklog

    async def update(self, ref: WorklogRef, checked: CheckedDraft) -> Worklog:
        draft = checked.draft
        current = await self.client.worklog(ref.id)
        await self._learn([current])
        issue = self._issues.get(str(current.issue.id))
        if issue is not None and draft.issue_key and draft.issue_key != issue.key:
            why = (
                f"Tempo cannot move a worklog to another issue: delete it on {issue.key} "
                f"and log it again on {draft.issue_key}"
            )
            raise e.Invalid(why, fields={"issue": why})
        author = self._users.get(current.author.account_id)
        zone = zone_of(author)
        await self._refuse_locked(current.author.account_id, date.fromisoformat(current.start_date))
        await self._refuse_locked(current.author.account_id, draft.started.astimezone(zone).date())
        key = issue.key if issue is not None else current.issue.key
        body = update_body(
            checked, current, zone, issue_key=key if self.client.dialect == "core3" else None
        )
        [worklog] = await self.convert([await self.client.replace(ref.id, body)])
        return worklog

    async def delete(self, ref: WorklogRef, adjust: AdjustEstimate, tracking: TimeTracking) -> None:
        """Tempo moves the estimate back itself; `adjust` has only that choice here."""
        await self.client.delete(ref.id)


async def _nothing_issues() -> list[Issue]:
    return []


async def _nothing_users() -> dict[str, User]:
    return {}
