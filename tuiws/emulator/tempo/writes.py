"""Tempo's write rules over the Jira worklogs: what a create or a (whole) update must carry,
required work attributes, locked approval periods, and the Jira write underneath."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from .. import adf
from ..models import Comment, Issue, JiraError, User, Worklog
from ..state import Adjustment
from .store import LOCKING, TempoExtra
from .wire import TempoCall, TempoError, local_start, parse_date, parse_time


@dataclass
class TempoDraft:
    author: User
    issue: Issue | None  # None on a v4 update (the worklog keeps its issue)
    start_date: date
    start_time: time
    seconds: int
    billable: int | None
    description: str
    attributes: dict[str, str]
    remaining: int | None


def _whole_number(data: dict[str, Any], name: str, *, required: bool) -> int | None:
    raw = data.get(name)
    if raw is None:
        if required:
            raise TempoError(400, f"{name} is required.")
        return None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise TempoError(400, f"{name} must be an integer, got {raw!r}.")
    if raw < 0:
        raise TempoError(400, f"{name} must not be negative.")
    return raw


def _attributes(call: TempoCall, raw: object) -> dict[str, str]:
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise TempoError(400, "attributes must be a list of {key, value}.")
    values: dict[str, str] = {}
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise TempoError(400, "Each attribute needs a key and a value.")
        found = call.store.attribute(item["key"])
        if found is None:
            raise TempoError(400, f"Work attribute with key '{item['key']}' does not exist.")
        value = str(item.get("value", ""))
        if found.type == "STATIC_LIST" and value not in found.values:
            raise TempoError(
                400,
                f"'{value}' is not a valid value for work attribute {found.name} ({found.key}).",
            )
        values[found.key] = value
    for attribute in call.store.attributes:
        if attribute.required and not values.get(attribute.key):
            raise TempoError(400, f"Work attribute {attribute.name} ({attribute.key}) is required")
    return values


def _issue(call: TempoCall, data: dict[str, Any], *, by_key: bool) -> Issue:
    """v4 names the issue by `issueId` (a JSON integer); core/3 by `issueKey`."""
    name = "issueKey" if by_key else "issueId"
    raw = data.get(name)
    if raw is None:
        raise TempoError(400, f"{name} is required.")
    if by_key and not isinstance(raw, str):
        raise TempoError(400, f"issueKey must be a string, got {raw!r}.")
    if not by_key and (isinstance(raw, bool) or not isinstance(raw, int)):
        raise TempoError(400, f"issueId must be an integer, got {raw!r}.")
    try:
        issue = call.state.issue(raw)
    except KeyError:
        raise TempoError(400, f"Issue {raw} does not exist.") from None
    if not call.state.can_browse(call.user, issue):
        raise TempoError(400, f"Issue {raw} does not exist.")
    return issue


def read_draft(call: TempoCall, *, core3: bool, creating: bool) -> TempoDraft:
    data = call.json()
    if not isinstance(data, dict):
        raise TempoError(400, "The request body must be a worklog object.")
    account = data.get("authorAccountId")
    if not isinstance(account, str) or not account:
        raise TempoError(400, "authorAccountId is required.")
    author = call.state.find_user(account)
    if author is None or author.account_id != account:
        raise TempoError(400, f"No user with accountId '{account}'.")
    issue = _issue(call, data, by_key=core3) if creating or core3 else None
    if "startDate" not in data:
        raise TempoError(400, "startDate is required.")
    start_date = parse_date(data["startDate"], "startDate")
    start_time = parse_time(data["startTime"]) if data.get("startTime") is not None else time()
    seconds = _whole_number(data, "timeSpentSeconds", required=True)
    assert seconds is not None
    description = data.get("description")
    if description is not None and not isinstance(description, str):
        raise TempoError(400, "description must be a string.")
    return TempoDraft(
        author=author,
        issue=issue,
        start_date=start_date,
        start_time=start_time,
        seconds=seconds,
        billable=_whole_number(data, "billableSeconds", required=False),
        description=description or "",
        attributes=_attributes(call, data.get("attributes")),
        remaining=_whole_number(data, "remainingEstimateSeconds", required=False),
    )


def check_period_open(call: TempoCall, account_id: str, day: date) -> None:
    start, end, status = call.store.approval(account_id, day)
    if status in LOCKING:
        shown = "approved" if status == "APPROVED" else "submitted for approval"
        raise TempoError(
            400,
            f"The timesheet for the period {start.isoformat()} to {end.isoformat()} is {shown}: "
            "worklogs in it cannot be created, changed or deleted.",
        )


def _check_may_write_for(call: TempoCall, author: User) -> None:
    if author.account_id != call.user.account_id and not call.user.admin:
        raise TempoError(403, "You are not permitted to log or change work for other users.")


def _check_tracking(call: TempoCall, issue: Issue) -> None:
    if not call.state.time_tracking_enabled or not call.state.project_of(issue).time_tracking:
        raise TempoError(400, f"Time tracking is not enabled for issue {issue.key}.")


def _comment(call: TempoCall, text: str) -> Comment:
    if not text.strip():
        return None
    return adf.from_text(text) if call.state.flavor == "cloud" else text


def _jira_refusal(error: JiraError) -> TempoError:
    said = "; ".join(error.messages + list(error.errors.values()))
    return TempoError(error.status, f"Jira refused the worklog: {said or error.status}")


def _started(draft: TempoDraft) -> datetime:
    return datetime.combine(draft.start_date, draft.start_time, tzinfo=draft.author.zone)


def _adjustment(draft: TempoDraft) -> Adjustment:
    return Adjustment("new", draft.remaining) if draft.remaining is not None else Adjustment()


def create(call: TempoCall, draft: TempoDraft) -> Worklog:
    assert draft.issue is not None
    _check_may_write_for(call, draft.author)
    _check_tracking(call, draft.issue)
    check_period_open(call, draft.author.account_id, draft.start_date)
    try:
        worklog = call.state.log_work(
            draft.author,
            draft.issue,
            _started(draft),
            draft.seconds,
            _comment(call, draft.description),
            _adjustment(draft),
        )
    except JiraError as error:
        raise _jira_refusal(error) from None
    call.store.extras[worklog.id] = TempoExtra(draft.billable, draft.attributes)
    return worklog


def replace(call: TempoCall, worklog: Worklog, draft: TempoDraft) -> Worklog:
    """PUT: the draft is the whole worklog now; what it leaves out is reset."""
    issue = call.state.issue_of(worklog)
    if draft.issue is not None and draft.issue.id != issue.id:
        raise TempoError(400, "A worklog cannot be moved to another issue.")
    if draft.author.account_id != worklog.author:
        raise TempoError(400, "The author of a worklog cannot be changed.")
    _check_may_write_for(call, draft.author)
    _check_tracking(call, issue)
    check_period_open(call, worklog.author, local_start(call.state, worklog).date())
    check_period_open(call, draft.author.account_id, draft.start_date)
    try:
        call.state.edit_work(
            call.user,
            issue,
            worklog,
            started=_started(draft),
            seconds=draft.seconds,
            comment=_comment(call, draft.description),
            adjust=_adjustment(draft),
        )
    except JiraError as error:
        raise _jira_refusal(error) from None
    call.store.extras[worklog.id] = TempoExtra(draft.billable, draft.attributes)
    return worklog


def remove(call: TempoCall, worklog: Worklog) -> None:
    issue = call.state.issue_of(worklog)
    check_period_open(call, worklog.author, local_start(call.state, worklog).date())
    try:
        call.state.remove_work(call.user, issue, worklog, Adjustment())
    except JiraError as error:
        raise _jira_refusal(error) from None
    call.store.extras.pop(worklog.id, None)


def find(call: TempoCall, tempo_id: str) -> Worklog:
    """The live worklog behind a Tempo id the caller may see; 404 otherwise."""
    jira_id = call.store.ids.jira_id(int(tempo_id)) if tempo_id.isdigit() else None
    worklog = None
    if jira_id is not None:
        try:
            worklog = call.state.worklog(jira_id)
        except KeyError:
            worklog = None
    if worklog is None or not call.state.can_browse(call.user, call.state.issue_of(worklog)):
        raise TempoError(404, f"Worklog {tempo_id} not found.")
    return worklog
