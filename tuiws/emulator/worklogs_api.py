"""Worklog endpoints: per-issue CRUD with Jira's validation, the feeds, and `worklog/list`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import adf
from .calls import Call, Reply, me, view_for
from .jiratime import from_millis, parse_duration, parse_started
from .models import Comment, Issue, JiraError, Worklog
from .render import errors, worklog_json, worklog_page
from .state import KEEP, Adjustment, EmulatorState

MAX_WORKLOG_PAGE = 5000
MAX_LIST_IDS = 1000
STARTED_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"


def _readable(state: EmulatorState, issue: Issue) -> Issue:
    """Jira answers 404 for the worklogs of an issue whose project has time tracking off."""
    if not state.time_tracking_enabled or not state.project_of(issue).time_tracking:
        raise JiraError(404, ["Time tracking is switched off for this issue's project."])
    return issue


def list_worklogs(state: EmulatorState, call: Call) -> Reply:
    start = call.int_arg("startAt", 0)
    limit = min(call.int_arg("maxResults", MAX_WORKLOG_PAGE), MAX_WORKLOG_PAGE)
    after = call.arg("startedAfter")
    before = call.arg("startedBefore")
    with state.lock:
        issue = _readable(state, state.visible_issue(me(call), call.params["issue"]))
        found = state.worklogs_for(issue.key)
        if after:
            since = from_millis(call.int_arg("startedAfter", 0, minimum=-(2**62)))
            found = [w for w in found if w.started >= since]
        if before:
            until = from_millis(call.int_arg("startedBefore", 0, minimum=-(2**62)))
            found = [w for w in found if w.started < until]
        view = view_for(state, call)
        page = worklog_page(view, state, found, start, limit, properties=_expands(call))
        return Reply(200, page)


def get_worklog(state: EmulatorState, call: Call) -> Reply:
    with state.lock:
        issue = _readable(state, state.visible_issue(me(call), call.params["issue"]))
        worklog = state.visible_worklog(me(call), issue, call.params["worklog"])
        return Reply(200, _answer(state, call, worklog))


def _expands(call: Call) -> bool:
    """Whether the request asked for the worklog's entity properties (`expand=properties`)."""
    wanted = ",".join(call.args("expand"))
    return "properties" in (part.strip() for part in wanted.split(","))


def _answer(state: EmulatorState, call: Call, worklog: Worklog) -> dict[str, Any]:
    return worklog_json(view_for(state, call), state, worklog, properties=_expands(call))


MAX_PROPERTY_KEY = 255
MAX_PROPERTY_VALUE = 32768


def _properties_input(data: dict[str, Any]) -> dict[str, Any] | None:
    """Jira's `properties: [{"key", "value"}]` on a worklog write (None: not sent)."""
    raw = data.get("properties")
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise JiraError(400, ["Cannot deserialize 'properties': a list is expected."])
    found: dict[str, Any] = {}
    for item in raw:
        key = item.get("key") if isinstance(item, dict) else None
        if not isinstance(key, str) or not 0 < len(key) <= MAX_PROPERTY_KEY:
            raise JiraError(400, [f"The property key must be 1 to {MAX_PROPERTY_KEY} characters."])
        value = item.get("value")
        if len(json.dumps(value)) > MAX_PROPERTY_VALUE:
            raise JiraError(400, [f"The value of property '{key}' is too large."])
        found[key] = value
    return found


@dataclass
class _WorklogInput:
    started: datetime | None
    seconds: int | None
    comment: Comment
    visibility: dict[str, Any] | None
    properties: dict[str, Any] | None = None


def _bad_started(state: EmulatorState, value: object) -> JiraError:
    if state.flavor == "server":
        return JiraError(
            500,
            [f'java.text.ParseException: Unparseable date: "{value}" (expected {STARTED_FORMAT})'],
        )
    return JiraError(
        400,
        [],
        {
            "started": (
                f'Invalid date format. Please enter the date in the format "{STARTED_FORMAT}".'
            )
        },
    )


_WORKLOG_FIELDS = ("started", "timeSpent", "timeSpentSeconds", "comment", "visibility")


def _not_a_string(name: str) -> JiraError:
    """What Jira's JSON binding says when a string field gets an object or a list."""
    return JiraError(
        400,
        [
            f"Can not deserialize instance of java.lang.String out of START_OBJECT token "
            f'(through reference chain: WorklogJsonBean["{name}"])'
        ],
    )


def _seconds_input(state: EmulatorState, data: dict[str, Any]) -> int | None:
    """`timeSpentSeconds` (a JSON integer) or `timeSpent` (Jira notation), never both."""
    invalid = JiraError(400, [], {"timeLogged": "Invalid time duration entered."})
    if data.get("timeSpentSeconds") is not None and data.get("timeSpent") is not None:
        raise JiraError(
            400, [], {"timeLogged": "Provide either timeSpent or timeSpentSeconds, not both."}
        )
    seconds: int | None = None
    if data.get("timeSpentSeconds") is not None:
        raw_seconds = data["timeSpentSeconds"]
        if isinstance(raw_seconds, bool) or not isinstance(raw_seconds, int):
            raise invalid
        seconds = raw_seconds
    elif data.get("timeSpent") is not None:
        raw_spent = data["timeSpent"]
        seconds = parse_duration(raw_spent, state.calendar) if isinstance(raw_spent, str) else None
        if seconds is None:
            raise invalid
    # Jira keeps seconds as given (30 s shows as "0m"); only nothing at all is refused.
    if seconds is not None and seconds <= 0:
        raise JiraError(400, [], {"timeLogged": "You must indicate the time spent working."})
    return seconds


def _comment_input(call: Call, data: dict[str, Any], *, creating: bool) -> Comment:
    comment: Comment = None if creating else KEEP
    if "comment" not in data:
        return comment
    raw_comment = data["comment"]
    if raw_comment is None:
        return None
    if call.version >= 3:
        problem = adf.problem(raw_comment)
        if problem:
            raise JiraError(
                400,
                [],
                {
                    "comment": "Comment must be a valid Atlassian Document Format "
                    f"(ADF) document: {problem}."
                },
            )
        return raw_comment  # type: ignore[no-any-return]
    if not isinstance(raw_comment, str):
        raise _not_a_string("comment")  # v2 comments are strings: an ADF object is refused
    return raw_comment


def _worklog_input(state: EmulatorState, call: Call, *, creating: bool) -> _WorklogInput:
    data = call.json()
    if not isinstance(data, dict):
        raise JiraError(400, ["Cannot deserialize the request body: a worklog object is expected."])
    if not creating and not any(data.get(name) is not None for name in _WORKLOG_FIELDS):
        raise JiraError(400, ["The worklog update is empty: nothing to change was sent."])

    started: datetime | None = None
    if data.get("started") is not None:
        raw = data["started"]
        started = parse_started(raw) if isinstance(raw, str) else None
        if started is None:
            raise _bad_started(state, raw)
    elif creating:
        raise JiraError(400, [], {"started": "A start date is required."})

    seconds = _seconds_input(state, data)
    if seconds is None and creating:
        raise JiraError(400, [], {"timeLogged": "You must indicate the time spent working."})

    visibility = data.get("visibility")
    return _WorklogInput(
        started,
        seconds,
        _comment_input(call, data, creating=creating),
        visibility if isinstance(visibility, dict) else None,
        _properties_input(data),
    )


def _adjustment(state: EmulatorState, call: Call, verb: str) -> Adjustment:
    mode = (call.arg("adjustEstimate") or "auto").lower()  # Jira matches it ignoring case
    allowed = ("auto", "leave", "new") if verb == "update" else ("auto", "leave", "new", "manual")
    if mode not in allowed:
        raise JiraError(
            400,
            [],
            {
                "adjustEstimate": f"Invalid value '{mode}' for adjustEstimate; "
                f"valid values are {', '.join(allowed)}."
            },
        )
    if mode == "new":
        return Adjustment("new", _amount(state, call, "newEstimate", "a valid new estimate"))
    if mode == "manual":
        if verb == "add":
            what = "a valid amount of time to reduce the estimate by"
            return Adjustment("manual", _amount(state, call, "reduceBy", what))
        what = "a valid amount of time to increase the estimate by"
        return Adjustment("manual", _amount(state, call, "increaseBy", what))
    return Adjustment(mode)


def _amount(state: EmulatorState, call: Call, name: str, what: str) -> int:
    raw = call.arg(name)
    seconds = parse_duration(raw, state.calendar) if raw else None
    if seconds is None:
        raise JiraError(400, [], {name: f"You must supply {what} ('{name}')."})
    return seconds


def add_worklog(state: EmulatorState, call: Call) -> Reply:
    with state.lock:
        issue = state.visible_issue(me(call), call.params["issue"])
    given = _worklog_input(state, call, creating=True)
    adjust = _adjustment(state, call, "add")
    assert given.started is not None and given.seconds is not None
    with state.lock:
        worklog = state.log_work(
            me(call),
            issue,
            given.started,
            given.seconds,
            given.comment,
            adjust,
            given.visibility,
        )
        worklog.properties.update(given.properties or {})
        return Reply(201, _answer(state, call, worklog))


def update_worklog(state: EmulatorState, call: Call) -> Reply:
    with state.lock:
        issue = state.visible_issue(me(call), call.params["issue"])
        worklog = state.visible_worklog(me(call), issue, call.params["worklog"])
    given = _worklog_input(state, call, creating=False)
    adjust = _adjustment(state, call, "update")
    with state.lock:
        state.edit_work(
            me(call),
            issue,
            worklog,
            started=given.started,
            seconds=given.seconds,
            comment=given.comment,
            adjust=adjust,
            visibility=given.visibility,
        )
        worklog.properties.update(given.properties or {})
        return Reply(200, _answer(state, call, worklog))


def delete_worklog(state: EmulatorState, call: Call) -> Reply:
    with state.lock:
        issue = state.visible_issue(me(call), call.params["issue"])
        worklog = state.visible_worklog(me(call), issue, call.params["worklog"])
    adjust = _adjustment(state, call, "delete")
    with state.lock:
        state.remove_work(me(call), issue, worklog, adjust)
    return Reply(204)


def _feed(state: EmulatorState, call: Call, kind: str) -> Reply:
    if state.thin_feeds:
        return Reply(404, errors([f"No resource found for GET {call.path}."]))
    since = call.int_arg("since", 0)
    user = me(call)
    page = (
        state.updated_since(user, since) if kind == "updated" else state.deleted_since(user, since)
    )
    view = view_for(state, call)
    body: dict[str, Any] = {
        "values": [
            {"worklogId": worklog_id, "updatedTime": millis, "properties": []}
            for worklog_id, millis in page.values
        ],
        "since": page.since,
        "until": page.until,
        "self": view.api(f"worklog/{kind}?since={since}"),
        "lastPage": page.last,
    }
    if state.flavor == "server":
        body["isLastPage"] = page.last  # Server/DC names it both ways
    if not page.last:
        body["nextPage"] = view.api(f"worklog/{kind}?since={page.until}")
    return Reply(200, body)


def updated_worklogs(state: EmulatorState, call: Call) -> Reply:
    return _feed(state, call, "updated")


def deleted_worklogs(state: EmulatorState, call: Call) -> Reply:
    return _feed(state, call, "deleted")


def worklog_list(state: EmulatorState, call: Call) -> Reply:
    data = call.json()
    ids = data.get("ids") if isinstance(data, dict) else None
    if not isinstance(ids, list):
        raise JiraError(400, [], {"ids": "The 'ids' list is required."})
    if not 1 <= len(ids) <= MAX_LIST_IDS:
        raise JiraError(400, [f"The number of worklog IDs must be between 1 and {MAX_LIST_IDS}."])
    wanted: set[int] = set()
    for item in ids:
        if isinstance(item, bool) or not isinstance(item, int):
            raise JiraError(400, [f"Worklog ID '{item}' is not a number."])  # "1" included
        wanted.add(item)
    user = me(call)
    with state.lock:
        view = view_for(state, call)
        found = [
            w
            for w in state.all_worklogs()
            if w.id in wanted and state.can_browse(user, state.issue_of(w))
        ]
        expand = _expands(call)
        return Reply(200, [worklog_json(view, state, w, properties=expand) for w in found])
