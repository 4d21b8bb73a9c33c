"""Everit's `/worklog`: POST a new one, PATCH only what changed (even the issue), GET and
DELETE by `worklogId` or `jiraWorklogId`; a missing worklog is `WORKLOG_NOT_FOUND`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from .. import adf
from ..calls import Reply
from ..models import Issue, JiraError, Worklog
from ..state import Adjustment
from .store import DEFAULT_START, EveritExtra
from .wire import EveritCall, EveritError, not_found, worklog_json

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")
_ABSENT: Any = object()


@dataclass
class _Fields:
    """What a POST or PATCH body says; `_ABSENT` where it says nothing."""

    work_date: Any = _ABSENT
    start: Any = _ABSENT
    seconds: Any = _ABSENT
    issue: Any = _ABSENT
    description: Any = _ABSENT
    billable: Any = _ABSENT
    tags: Any = _ABSENT


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read(call: EveritCall, data: dict[str, Any], *, creating: bool, at: str) -> _Fields:
    """Check every field at once; problems are collected, then raised together."""
    out = _Fields()
    prefix = [at] if at else []

    def problem(kind: str, name: str) -> None:
        call.problem(kind, *prefix, name)

    for name in ("workDate", "durationInSeconds", "issueId"):
        if creating and data.get(name) is None:
            problem("Required", name)
    raw = data.get("workDate")
    if raw is not None:
        try:
            assert isinstance(raw, str) and _DATE.match(raw)
            out.work_date = date.fromisoformat(raw)
        except (AssertionError, ValueError):
            problem("InvalidFormat", "workDate")
    raw = data.get("workStartTime")
    if raw is not None:
        try:
            assert isinstance(raw, str) and _TIME.match(raw)
            out.start = time.fromisoformat(raw)
        except (AssertionError, ValueError):
            problem("InvalidFormat", "workStartTime")
    raw = data.get("durationInSeconds")
    if raw is not None:
        if not _is_int(raw):
            problem("InvalidFormat", "durationInSeconds")
        elif raw < 60:
            problem("Invalid", "durationInSeconds")
        else:
            out.seconds = raw
    raw = data.get("issueId")
    if raw is not None:
        if not _is_int(raw):
            problem("InvalidFormat", "issueId")
        else:
            try:
                issue = call.state.issue(raw)
            except KeyError:
                problem("Invalid", "issueId")
            else:
                if call.state.can_browse(call.user, issue):
                    out.issue = issue
                else:
                    problem("Invalid", "issueId")
    raw = data.get("description")
    if raw is not None:
        if isinstance(raw, str):
            out.description = raw
        else:
            problem("InvalidFormat", "description")
    raw = data.get("isBillable")
    if raw is not None:
        if isinstance(raw, bool):
            out.billable = raw
        else:
            problem("InvalidFormat", "isBillable")
    raw = data.get("worklogTagIds")
    if raw is not None:
        if not isinstance(raw, list):
            problem("InvalidFormat", "worklogTagIds")
        else:
            for index, tag_id in enumerate(raw):
                tag = call.store.tag(tag_id) if _is_int(tag_id) else None
                if tag is None or tag.archived:
                    call.problem("Invalid", *prefix, "worklogTagIds", str(index))
            out.tags = list(raw)
    return out


def _day_total(call: EveritCall, account: str, day: date, skip: int | None) -> int:
    return sum(
        w.time_spent_seconds
        for w in call.state.all_worklogs()
        if w.author == account and w.id != skip and call.local(w).date() == day
    )


def _week_total(call: EveritCall, account: str, day: date, skip: int | None) -> int:
    monday = day - timedelta(days=day.weekday())
    return sum(
        w.time_spent_seconds
        for w in call.state.all_worklogs()
        if w.author == account
        and w.id != skip
        and monday <= call.local(w).date() <= monday + timedelta(days=6)
    )


def _check_loggable(call: EveritCall, day: date) -> None:
    start = call.store.loggable_from
    if start is not None and day < start:
        extra = {"loggableFrom": start.isoformat()}
        raise EveritError(400, additional=[("PeriodicLoggablePeriod", extra)])


def _check_rules(call: EveritCall, account: str, day: date, seconds: int, skip: int | None) -> None:
    """The instance's period lock and caps, as `additionalErrors`."""
    _check_loggable(call, day)
    store = call.store
    found: list[tuple[str, Any]] = []
    cap = store.max_seconds_per_day
    if cap is not None and _day_total(call, account, day, skip) + seconds > cap:
        found.append(
            ("PeriodicMaxHoursPerDay", {"maxHoursPerDay": cap / 3600, "workDate": str(day)})
        )
    limit = store.weekly_limit_seconds
    if limit is not None and _week_total(call, account, day, skip) + seconds > limit:
        found.append(("PeriodicLimit", {"period": "WEEK", "limitInSeconds": limit}))
    if found:
        raise EveritError(400, additional=found)


def _comment(call: EveritCall, text: str) -> Any:
    if not text.strip():
        return None
    return adf.from_text(text) if call.state.flavor == "cloud" else text


def _jira_refusal(error: JiraError) -> EveritError:
    extra = {"status": error.status, "messages": error.messages + list(error.errors.values())}
    return EveritError(400, additional=[("JiraError", extra)])


def create(call: EveritCall) -> Reply:
    with call.state.lock:
        given = _read(call, call.json(), creating=True, at="")
        call.raise_problems()
        issue: Issue = given.issue
        start = DEFAULT_START if given.start is _ABSENT else given.start
        _check_rules(call, call.user.account_id, given.work_date, given.seconds, None)
        started = datetime.combine(given.work_date, start, tzinfo=call.zone)
        text = "" if given.description is _ABSENT else given.description
        try:
            worklog = call.state.log_work(
                call.user, issue, started, given.seconds, _comment(call, text), Adjustment()
            )
        except JiraError as error:
            raise _jira_refusal(error) from None
        call.store.extras[worklog.id] = EveritExtra(
            True if given.billable is _ABSENT else given.billable,
            [] if given.tags is _ABSENT else given.tags,
        )
        return Reply(200, worklog_json(call, worklog))


def _target(
    call: EveritCall, worklog_id: object, jira_id: object
) -> tuple[int | None, Worklog | None]:
    """(Everit id, live worklog) named by `worklogId` (stronger) or `jiraWorklogId`."""
    own: int | None = None
    jira: int | None = None
    if _is_int(worklog_id):
        assert isinstance(worklog_id, int)
        own, jira = worklog_id, call.store.ids.jira_id(worklog_id)
    elif _is_int(jira_id):
        assert isinstance(jira_id, int)
        jira = jira_id
    if jira is None:
        return own, None
    try:
        worklog = call.state.worklog(jira)
    except KeyError:
        return own, None
    return call.store.ids.own_id(worklog.id), worklog


def _query_id(call: EveritCall, name: str) -> int | None:
    raw = call.arg(name)
    return int(raw) if raw and raw.isdigit() else None


def get(call: EveritCall) -> Reply:
    with call.state.lock:
        own, worklog = _target(call, _query_id(call, "worklogId"), _query_id(call, "jiraWorklogId"))
        if worklog is None or not call.state.can_browse(call.user, call.state.issue_of(worklog)):
            return Reply(400, not_found(own))
        return Reply(200, worklog_json(call, worklog))


def _check_may_change(call: EveritCall, worklog: Worklog) -> None:
    if worklog.author != call.user.account_id and not call.user.admin:
        raise EveritError(
            400,
            additional=[
                (
                    "JiraError",
                    {"status": 403, "messages": ["You may only change your own worklogs."]},
                )
            ],
        )


def patch(call: EveritCall) -> Reply:
    with call.state.lock:
        data = call.json()
        partial = data.get("partialWorklog")
        if not isinstance(partial, dict):
            call.problem("Required", "partialWorklog")
        if data.get("worklogId") is None and data.get("jiraWorklogId") is None:
            call.problem("Required", "worklogId")
        call.raise_problems()
        assert isinstance(partial, dict)
        given = _read(call, partial, creating=False, at="partialWorklog")
        call.raise_problems()
        own, worklog = _target(call, data.get("worklogId"), data.get("jiraWorklogId"))
        if worklog is None or own is None:
            return Reply(200, {**not_found(own), "worklog": None})
        _check_may_change(call, worklog)
        local = call.local(worklog)
        _check_loggable(call, local.date())
        day = local.date() if given.work_date is _ABSENT else given.work_date
        start = (
            local.time().replace(second=0, microsecond=0) if given.start is _ABSENT else given.start
        )
        seconds = worklog.time_spent_seconds if given.seconds is _ABSENT else given.seconds
        _check_rules(call, worklog.author, day, seconds, worklog.id)
        worklog = _apply(
            call, own, worklog, given, datetime.combine(day, start, tzinfo=call.zone), seconds
        )
        return Reply(200, {"error": None, "worklog": worklog_json(call, worklog)})


def _apply(
    call: EveritCall, own: int, worklog: Worklog, given: _Fields, started: datetime, seconds: int
) -> Worklog:
    state = call.state
    extra = call.store.extra(worklog.id)
    if given.billable is not _ABSENT:
        extra.is_billable = given.billable
    if given.tags is not _ABSENT:
        extra.tag_ids = given.tags
    issue = state.issue_of(worklog)
    comment: Any = worklog.comment
    if given.description is not _ABSENT:
        comment = _comment(call, given.description)
    try:
        if given.issue is not _ABSENT and given.issue.id != issue.id:
            # Jira cannot move a worklog: Everit deletes it and logs it again on the new issue.
            author = state.user_by(worklog.author)
            state.remove_work(call.user, issue, worklog, Adjustment())
            worklog = state.log_work(author, given.issue, started, seconds, comment, Adjustment())
            call.store.ids.relink(own, worklog.id)
        else:
            state.edit_work(
                call.user,
                issue,
                worklog,
                started=started,
                seconds=seconds,
                comment=comment,
                adjust=Adjustment(),
            )
    except JiraError as error:
        raise _jira_refusal(error) from None
    call.store.extras[worklog.id] = extra
    return worklog


def delete(call: EveritCall) -> Reply:
    with call.state.lock:
        own, worklog = _target(call, _query_id(call, "worklogId"), _query_id(call, "jiraWorklogId"))
        if worklog is None:
            return Reply(200, not_found(own))
        _check_may_change(call, worklog)
        _check_loggable(call, call.local(worklog).date())
        try:
            call.state.remove_work(call.user, call.state.issue_of(worklog), worklog, Adjustment())
        except JiraError as error:
            raise _jira_refusal(error) from None
        return Reply(200, {"error": None})
