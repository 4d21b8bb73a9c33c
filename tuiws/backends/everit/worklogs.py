"""Everit Timetracker as a worklog backend, beside Jira's issue directory.

Reading is Everit's details report (whole days in the `x-timezone` zone, paged); writing is
`/worklog` with the issue's numeric id (from the directory) and tag ids (from `GET /tag`),
both resolved before anything is written. An edit reads the worklog first and PATCHes only
what changed, so it may move the worklog to another issue. Everit has no change feed: a sync
pulls the window again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tuiws.backends import errors as e
from tuiws.backends.base import (
    HealthCheck,
    IssueDirectory,
    WorklogPull,
    WorklogQuery,
    WorklogRef,
)
from tuiws.backends.capabilities import Capabilities
from tuiws.backends.everit.client import EveritClient
from tuiws.backends.everit.convert import (
    billable_problems,
    new_worklog_body,
    partial_worklog,
    row_issue,
    row_worklog,
    to_worklog,
)
from tuiws.backends.everit.wire import ReportRow, Tag
from tuiws.domain.drafts import ISSUE_KEY, CheckedDraft, FieldProblem
from tuiws.domain.models import (
    AdjustEstimate,
    Issue,
    TimeTracking,
    User,
    Worklog,
    WorklogDraft,
    WriteVerb,
)

__all__ = ["EVERIT", "EveritWorklogs"]

EVERIT = Capabilities(
    name="everit",
    label="everit",
    comment_format="plain",
    # Everit takes no estimate choice: it moves the remaining estimate as Jira does by default.
    adjust_on_add=("auto",),
    adjust_on_update=("auto",),
    adjust_on_delete=("auto",),
    move_on_edit=True,
    billable_seconds=True,
    tags=True,
    change_feed=False,
    started="local",
    start_step_seconds=60,  # workStartTime is HH:mm
)

# Report bounds for an open end, wide enough for any real worklog.
_EARLIEST = date(1970, 1, 1)
_LATEST = date(2099, 12, 31)
_LATEST_OWN_DAYS = 90


class EveritWorklogs:
    def __init__(
        self, client: EveritClient, directory: IssueDirectory, me: User, zone: ZoneInfo
    ) -> None:
        self.client = client
        self.directory = directory
        self.me = me
        self.zone = zone
        self._issue_ids: dict[str, int] = {}
        self._tags: list[Tag] | None = None
        self._tags_lock = asyncio.Lock()

    @property
    def capabilities(self) -> Capabilities:
        return EVERIT

    @property
    def changes(self) -> None:
        return None

    def problems(self, draft: WorklogDraft, verb: WriteVerb) -> list[FieldProblem]:
        problems = billable_problems(draft)
        if draft.tags is not None and self._tags is not None:
            known = {t.name.casefold() for t in self._tags if not t.archived}
            unknown = [t for t in draft.tags if t.casefold() not in known]
            if unknown:
                problems.append(FieldProblem("tags", self._unknown_tags(unknown)))
        return problems

    # -- reading ----------------------------------------------------------------------------------

    def _days(self, after: datetime | None, before: datetime | None) -> tuple[date, date]:
        first = after.astimezone(self.zone).date() if after is not None else _EARLIEST
        if before is None:
            return first, _LATEST
        return first, (before - timedelta(microseconds=1)).astimezone(self.zone).date()

    async def by_authors(self, authors: Sequence[User] | None, query: WorklogQuery) -> WorklogPull:
        first, last = self._days(query.after, query.before)
        if query.before is None and query.last_day is not None:
            last = query.last_day + timedelta(days=1)  # a day late in the far-east zones
        users = [u.account_id or u.ident for u in authors or ()]
        if authors is not None and not users:
            return WorklogPull(issues=[], worklogs=[])
        rows = await self.client.report(first, last, users=users)
        worklogs = self._in_window(rows, query.after, query.before)
        return WorklogPull(issues=await self._issues_of(rows), worklogs=worklogs)

    def _in_window(
        self, rows: Sequence[ReportRow], after: datetime | None, before: datetime | None
    ) -> list[Worklog]:
        logs = [row_worklog(r, self.zone) for r in rows]
        return [
            w
            for w in logs
            if (after is None or w.started >= after) and (before is None or w.started < before)
        ]

    async def _issues_of(self, rows: Sequence[ReportRow]) -> list[Issue]:
        """The directory's issues (estimates, status) where it has them, else the report's."""
        from_rows = {str(r.issue.id): row_issue(r) for r in rows}
        if not from_rows:
            return []
        found = {i.id: i for i in await self.directory.issues_by_id(list(from_rows))}
        for issue in found.values():
            self._issue_ids[issue.key] = int(issue.id)
        return [found.get(i, issue) for i, issue in from_rows.items()]

    async def issue_worklogs(
        self, issue_key: str, after: datetime | None = None, before: datetime | None = None
    ) -> list[Worklog]:
        if not ISSUE_KEY.match(issue_key):
            raise e.NotFound(f"'{issue_key}' is not an issue key such as PLAT-12.")
        first, last = self._days(after, before)
        rows = await self.client.report(first, last, jql=f"issue = {issue_key}")
        return [w for w in self._in_window(rows, after, before) if w.issue_key == issue_key]

    async def get(self, ref: WorklogRef) -> Worklog:
        """`GET /worklog` says where the worklog is; the report row of that day adds who wrote
        it and the issue's key."""
        worklog_id = _everit_id(ref)
        wire = await self.client.worklog(worklog_id)
        day = date.fromisoformat(wire.work_date)
        rows = await self.client.report(day, day, jql=f"id = {wire.issue_id}")
        for row in rows:
            if row.worklog.id == worklog_id:
                return row_worklog(row, self.zone)
        # Not in the report (another author's, hidden from it): the worklog alone.
        return to_worklog(
            wire,
            issue_key=ref.issue_key or None,
            author=User(),
            zone=self.zone,
            tag_names=await self._tag_names(),
        )

    async def latest_own(self) -> Issue | None:
        today = datetime.now(self.zone).date()
        first = today - timedelta(days=_LATEST_OWN_DAYS)
        page = await self.client.report_total(first, today + timedelta(days=1), [self._me_id])
        if not page.values:
            return None
        return row_issue(page.values[-1])

    async def required_by_day(self, user: User, days: Sequence[date]) -> dict[date, int] | None:
        return None  # Everit's public API exposes no per-person schedule

    async def health(self) -> list[HealthCheck]:
        """`tuiws doctor`'s word on Everit itself: reachable, the API key accepted, the
        Timetracker permission and the license (every request passes those checks)."""
        try:
            tags = await self._all_tags()
        except e.Unauthenticated as exc:
            fix = "create an API token in Everit Timetracker and set it in the profile's [everit]"
            return [HealthCheck("everit", False, str(exc), fix)]
        except e.Forbidden as exc:
            return [HealthCheck("everit", False, str(exc), f"ask for {exc.permission}")]
        except e.Invalid as exc:
            fix = "ask a Jira administrator about the Everit Timetracker app"
            return [HealthCheck("everit", False, exc.fields.get("backend", str(exc)), fix)]
        except e.BackendError as exc:
            fix = "check the [everit] url and that this machine can reach it"
            return [HealthCheck("everit", False, str(exc), fix)]
        usable = sum(1 for t in tags if not t.archived)
        detail = (
            f"{self.client.base_url}: API key accepted, Timetracker permission granted, "
            f"{usable} tags; days in {self.zone.key} (sent as x-timezone)"
        )
        return [HealthCheck("everit", True, detail)]

    # -- writing ----------------------------------------------------------------------------------

    @property
    def _me_id(self) -> str:
        return self.me.account_id or self.me.ident

    async def _issue_id(self, key: str) -> int:
        if key not in self._issue_ids:
            found = await self.directory.issues([key])
            if not found:
                raise e.Invalid(
                    f"Everit cannot log work on {key}: Jira has no such issue you may see.",
                    fields={"issue": f"{key} does not exist or you may not see it"},
                )
            self._issue_ids[key] = int(found[0].id)
        return self._issue_ids[key]

    async def _all_tags(self) -> list[Tag]:
        async with self._tags_lock:
            if self._tags is None:
                self._tags = await self.client.tags()
            return self._tags

    async def _tag_names(self) -> dict[int, str]:
        return {t.id: t.name for t in await self._all_tags()}

    async def tag_choices(self) -> list[str]:
        """The tags a worklog may carry (archived ones left out), for the editor to offer."""
        return [t.name for t in await self._all_tags() if not t.archived]

    def _unknown_tags(self, unknown: Sequence[str]) -> str:
        offered = ", ".join(t.name for t in self._tags or [] if not t.archived)
        return f"Everit has no tag {', '.join(unknown)}; choose from {offered or 'none'}"

    async def _tag_ids(self, draft: WorklogDraft) -> list[int] | None:
        if draft.tags is None:
            return None
        by_name = {t.name.casefold(): t.id for t in await self._all_tags() if not t.archived}
        unknown = [t for t in draft.tags if t.casefold() not in by_name]
        if unknown:
            sentence = self._unknown_tags(unknown)
            raise e.Invalid(f"{sentence}.", fields={"tags": sentence})
        return [by_name[t.casefold()] for t in draft.tags]

    async def add(self, checked: CheckedDraft) -> Worklog:
        draft = checked.draft
        issue_id, tag_ids = await asyncio.gather(
            self._issue_id(draft.issue_key), self._tag_ids(draft)
        )
        body = new_worklog_body(checked, issue_id, self.zone, tag_ids)
        wire = await self.client.create(body, draft.issue_key)
        return to_worklog(
            wire,
            issue_key=draft.issue_key,
            author=self.me,
            zone=self.zone,
            tag_names=await self._tag_names(),
        )

    async def update(self, ref: WorklogRef, checked: CheckedDraft) -> Worklog:
        """Only what differs from the worklog as Everit has it now; an issue change moves it
        (Everit keeps its id, Jira gives it a new one)."""
        draft = checked.draft
        current, issue_id, tag_ids = await asyncio.gather(
            self.get(ref), self._issue_id(draft.issue_key), self._tag_ids(draft)
        )
        partial = partial_worklog(current, checked, self.zone, issue_id=issue_id, tag_ids=tag_ids)
        if not partial:
            return current
        wire = await self.client.patch(int(current.id), partial)
        return to_worklog(
            wire,
            issue_key=draft.issue_key,
            author=current.author,
            zone=self.zone,
            tag_names=await self._tag_names(),
        )

    async def delete(self, ref: WorklogRef, adjust: AdjustEstimate, tracking: TimeTracking) -> None:
        """Everit moves the estimate as it always does (`adjust` can only be auto here)."""
        await self.client.delete(_everit_id(ref))


def _everit_id(ref: WorklogRef) -> int:
    if not ref.id.isdigit():
        raise e.NotFound(f"'{ref.id}' is not an Everit worklog id.")
    return int(ref.id)
