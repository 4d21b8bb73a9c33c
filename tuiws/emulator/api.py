"""Jira's REST endpoints over the state: one function per operation, plus the route table.

Handlers get a parsed `Call` (the authenticated user included) and return a `Reply`; rules say
no by raising `JiraError`. The HTTP plumbing (auth, budget, faults) lives in `server.py`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import adf, jql
from .jiratime import format_timestamp, from_millis, parse_duration, parse_started
from .models import Comment, JiraError, User
from .render import (
    FieldSelection,
    View,
    errors,
    issue_json,
    project_json,
    suggested_issue,
    user_json,
    worklog_json,
    worklog_page,
)
from .state import KEEP, Adjustment, EmulatorState

MAX_WORKLOG_PAGE = 5000
MAX_LIST_IDS = 1000
PICKER_LIMIT = 20
STARTED_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"


@dataclass
class Call:
    """One request as a handler sees it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    version: int
    base_url: str
    user: User | None = None
    params: dict[str, str] = field(default_factory=dict)

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def args(self, name: str) -> list[str]:
        return self.query.get(name, [])

    def json(self) -> Any:
        if not self.body.strip():
            raise JiraError(400, ["No content to map due to end-of-input"])
        content_type = self.headers.get("content-type", "")
        if "json" not in content_type.lower():
            raise JiraError(415, ["Unsupported Media Type: send the body as application/json."])
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as error:
            raise JiraError(400, [f"Unexpected character in the JSON body: {error}"]) from None

    def int_arg(self, name: str, default: int, *, minimum: int = 0) -> int:
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise JiraError(400, [f"The '{name}' parameter must be a number: '{raw}'."]) from None
        return max(minimum, value)


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[EmulatorState, Call], Reply]


def _view(state: EmulatorState, call: Call) -> View:
    return View(call.base_url, call.version, state.flavor, call.user)


def _me(call: Call) -> User:
    assert call.user is not None, "route requires authentication"
    return call.user


# ---------------------------------------------------------------- instance and people


def server_info(state: EmulatorState, call: Call) -> Reply:
    cloud = state.flavor == "cloud"
    version = "1001.0.0-SNAPSHOT" if cloud else "9.12.4"
    zone = call.user.zone if call.user else state.now().tzinfo
    assert zone is not None
    return Reply(
        200,
        {
            "baseUrl": call.base_url,
            "version": version,
            "versionNumbers": [1001, 0, 0] if cloud else [9, 12, 4],
            "deploymentType": "Cloud" if cloud else "Server",
            "buildNumber": 100282 if cloud else 9120004,
            "buildDate": "2026-01-15T00:00:00.000+0000",
            "serverTime": format_timestamp(state.now(), zone),
            "scmInfo": "tuiws-emulator",
            "serverTitle": "Jira (tuiws emulator)",
        },
    )


def myself(state: EmulatorState, call: Call) -> Reply:
    return Reply(200, user_json(_view(state, call), _me(call), full=True))


def get_user(state: EmulatorState, call: Call) -> Reply:
    names = ("accountId",) if state.flavor == "cloud" else ("username", "key")
    wanted = next((call.arg(n) for n in names if call.arg(n)), None)
    if not wanted:
        raise JiraError(400, [f"The '{names[0]}' query parameter needs to be provided."])
    found = state.find_user(wanted)
    if found is None or wanted.lower() not in {
        found.account_id.lower(),
        found.name,
        found.key.lower(),
    }:
        raise JiraError(404, [f"The user '{wanted}' does not exist."])
    return Reply(200, user_json(_view(state, call), found))


def search_users(state: EmulatorState, call: Call) -> Reply:
    text = call.arg("query") or call.arg("username") or ""
    if not text and call.arg("accountId"):
        text = call.arg("accountId") or ""
    if not text:
        param = "query" if state.flavor == "cloud" else "username"
        raise JiraError(400, [f"The '{param}' query parameter is required."])
    lowered = text.lower()
    start = call.int_arg("startAt", 0)
    limit = min(call.int_arg("maxResults", 50), 1000)
    found = [
        user
        for user in state.users
        if user.active
        and (
            any(part.startswith(lowered) for part in user.display_name.lower().split())
            or user.display_name.lower().startswith(lowered)
            or user.email.lower().startswith(lowered)
            or user.name.lower().startswith(lowered)
            or user.account_id.lower() == lowered
        )
    ]
    view = _view(state, call)
    return Reply(200, [user_json(view, u) for u in found[start : start + limit]])


def configuration(state: EmulatorState, call: Call) -> Reply:
    return Reply(
        200,
        {
            "votingEnabled": True,
            "watchingEnabled": True,
            "unassignedIssuesAllowed": True,
            "subTasksEnabled": True,
            "issueLinkingEnabled": True,
            "timeTrackingEnabled": state.time_tracking_enabled,
            "attachmentsEnabled": True,
            "timeTrackingConfiguration": _tracking_options(state),
        },
    )


def _tracking_options(state: EmulatorState) -> dict[str, Any]:
    return {
        "workingHoursPerDay": float(state.hours_per_day),
        "workingDaysPerWeek": float(state.days_per_week),
        "timeFormat": "pretty",
        "defaultUnit": "minute",
    }


def _require_admin(call: Call) -> None:
    if not _me(call).admin:
        raise JiraError(
            403,
            [
                "You are not authorized to perform this action. "
                "Administrator privileges are required."
            ],
        )


def tracking_options(state: EmulatorState, call: Call) -> Reply:
    _require_admin(call)
    return Reply(200, _tracking_options(state))


def tracking_provider(state: EmulatorState, call: Call) -> Reply:
    _require_admin(call)
    if not state.time_tracking_enabled:
        return Reply(204)
    return Reply(200, {"key": "JIRA", "name": "JIRA provided time tracking", "url": ""})


def projects(state: EmulatorState, call: Call) -> Reply:
    view = _view(state, call)
    visible = [p for p in state.projects.values() if p.browsable or _me(call).admin]
    return Reply(200, [project_json(view, state, p.key) for p in visible])


# ---------------------------------------------------------------- issues


def issue_picker(state: EmulatorState, call: Call) -> Reply:
    query = call.arg("query") or ""
    history, current = state.picker(_me(call), query)
    terms = query.split()

    def section(label: str, ident: str, found: list[Any]) -> dict[str, Any]:
        shown = found[:PICKER_LIMIT]
        return {
            "label": label,
            "sub": f"Showing {len(shown)} of {len(found)} matching issues",
            "id": ident,
            "issues": [suggested_issue(issue, terms) for issue in shown],
        }

    return Reply(
        200,
        {
            "sections": [
                section("History Search", "hs", history),
                section("Current Search", "cs", current),
            ]
        },
    )


def get_issue(state: EmulatorState, call: Call) -> Reply:
    with state.lock:
        issue = state.visible_issue(_me(call), call.params["issue"])
        selection = FieldSelection.parse(call.args("fields"), "*all")
        return Reply(200, issue_json(_view(state, call), state, issue, selection))


# ---------------------------------------------------------------- worklogs


def list_worklogs(state: EmulatorState, call: Call) -> Reply:
    start = call.int_arg("startAt", 0)
    limit = min(call.int_arg("maxResults", MAX_WORKLOG_PAGE), MAX_WORKLOG_PAGE)
    after = call.arg("startedAfter")
    before = call.arg("startedBefore")
    with state.lock:
        issue = state.visible_issue(_me(call), call.params["issue"])
        found = state.worklogs_for(issue.key)
        if after:
            since = from_millis(call.int_arg("startedAfter", 0, minimum=-(2**62)))
            found = [w for w in found if w.started >= since]
        if before:
            until = from_millis(call.int_arg("startedBefore", 0, minimum=-(2**62)))
            found = [w for w in found if w.started < until]
        return Reply(200, worklog_page(_view(state, call), state, found, start, limit))


def get_worklog(state: EmulatorState, call: Call) -> Reply:
    with state.lock:
        issue = state.visible_issue(_me(call), call.params["issue"])
        worklog = state.visible_worklog(_me(call), issue, call.params["worklog"])
        return Reply(200, worklog_json(_view(state, call), state, worklog))


@dataclass
class _WorklogInput:
    started: datetime | None
    seconds: int | None
    comment: Comment
    visibility: dict[str, Any] | None


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


def _worklog_input(state: EmulatorState, call: Call, *, creating: bool) -> _WorklogInput:
    data = call.json()
    if not isinstance(data, dict):
        raise JiraError(400, ["Cannot deserialize the request body: a worklog object is expected."])

    started: datetime | None = None
    if data.get("started") is not None:
        raw = data["started"]
        started = parse_started(raw) if isinstance(raw, str) else None
        if started is None:
            raise _bad_started(state, raw)
    elif creating:
        raise JiraError(400, [], {"started": "A start date is required."})

    seconds: int | None = None
    if data.get("timeSpentSeconds") is not None:
        raw_seconds = data["timeSpentSeconds"]
        if isinstance(raw_seconds, bool) or not isinstance(raw_seconds, int | str):
            raise JiraError(400, [], {"timeLogged": "Invalid time duration entered."})
        try:
            seconds = int(raw_seconds)
        except ValueError:
            raise JiraError(400, [], {"timeLogged": "Invalid time duration entered."}) from None
    elif data.get("timeSpent") is not None:
        raw_spent = data["timeSpent"]
        parsed = parse_duration(raw_spent, state.calendar) if isinstance(raw_spent, str) else None
        if parsed is None:
            raise JiraError(400, [], {"timeLogged": "Invalid time duration entered."})
        seconds = parsed
    elif creating:
        raise JiraError(400, [], {"timeLogged": "You must indicate the time spent working."})
    if seconds is not None and seconds < 60:
        raise JiraError(400, [], {"timeLogged": "Time spent must be at least one minute."})

    comment: Comment = None if creating else KEEP
    if "comment" in data:
        raw_comment = data["comment"]
        if call.version >= 3:
            if raw_comment is None:
                comment = None
            else:
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
                comment = raw_comment
        elif isinstance(raw_comment, str) or raw_comment is None:
            comment = raw_comment
        # v2 silently ignores a comment that is not a string (e.g. ADF sent to v2).

    visibility = data.get("visibility")
    return _WorklogInput(
        started, seconds, comment, visibility if isinstance(visibility, dict) else None
    )


def _adjustment(state: EmulatorState, call: Call, verb: str) -> Adjustment:
    mode = call.arg("adjustEstimate") or "auto"
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
        issue = state.visible_issue(_me(call), call.params["issue"])
    given = _worklog_input(state, call, creating=True)
    adjust = _adjustment(state, call, "add")
    assert given.started is not None and given.seconds is not None
    with state.lock:
        worklog = state.log_work(
            _me(call),
            issue,
            given.started,
            given.seconds,
            given.comment,
            adjust,
            given.visibility,
        )
        return Reply(201, worklog_json(_view(state, call), state, worklog))


def update_worklog(state: EmulatorState, call: Call) -> Reply:
    with state.lock:
        issue = state.visible_issue(_me(call), call.params["issue"])
        worklog = state.visible_worklog(_me(call), issue, call.params["worklog"])
    given = _worklog_input(state, call, creating=False)
    adjust = _adjustment(state, call, "update")
    with state.lock:
        state.edit_work(
            _me(call),
            issue,
            worklog,
            started=given.started,
            seconds=given.seconds,
            comment=given.comment,
            adjust=adjust,
            visibility=given.visibility,
        )
        return Reply(200, worklog_json(_view(state, call), state, worklog))


def delete_worklog(state: EmulatorState, call: Call) -> Reply:
    with state.lock:
        issue = state.visible_issue(_me(call), call.params["issue"])
        worklog = state.visible_worklog(_me(call), issue, call.params["worklog"])
    adjust = _adjustment(state, call, "delete")
    with state.lock:
        state.remove_work(_me(call), issue, worklog, adjust)
    return Reply(204)


def _feed(state: EmulatorState, call: Call, kind: str) -> Reply:
    since = call.int_arg("since", 0)
    user = _me(call)
    page = (
        state.updated_since(user, since) if kind == "updated" else state.deleted_since(user, since)
    )
    view = _view(state, call)
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
        if isinstance(item, bool) or not isinstance(item, int | str) or not str(item).isdigit():
            raise JiraError(400, [f"Worklog ID '{item}' is not a number."])
        wanted.add(int(item))
    user = _me(call)
    with state.lock:
        view = _view(state, call)
        found = [
            w
            for w in state.all_worklogs()
            if w.id in wanted and state.can_browse(user, state.issue_of(w))
        ]
        return Reply(200, [worklog_json(view, state, w) for w in found])


# ---------------------------------------------------------------- search


def _run_jql(state: EmulatorState, user: User, text: str, *, bounded: bool) -> list[Any]:
    try:
        query = jql.parse(text)
        if bounded and query.where is None:
            raise jql.JqlError(
                "Unbounded JQL queries are not allowed here. "
                "Please add a search restriction to your query."
            )
        return state.search(user, query)
    except jql.JqlError as error:
        raise JiraError(400, [str(error)]) from None


def _search_inputs(call: Call) -> tuple[str, list[str], dict[str, Any]]:
    if call.method == "POST":
        data = call.json()
        if not isinstance(data, dict):
            raise JiraError(400, ["A search request object is expected."])
        fields = data.get("fields") or []
        if not isinstance(fields, list):
            fields = [str(fields)]
        return str(data.get("jql") or ""), [str(f) for f in fields], data
    return call.arg("jql") or "", call.args("fields"), {}


def _body_int(data: dict[str, Any], name: str, default: int) -> int:
    raw = data.get(name)
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise JiraError(400, [f"The '{name}' field must be a number."])
    return raw


def _page_token(text: str, offset: int) -> str:
    digest = hashlib.sha1(text.encode()).hexdigest()[:10]
    raw = json.dumps({"o": offset, "q": digest}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _page_offset(text: str, token: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        offset = int(data["o"])
        if data["q"] != hashlib.sha1(text.encode()).hexdigest()[:10] or offset < 0:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise JiraError(
            400, ["The nextPageToken is invalid or does not belong to this query."]
        ) from None
    return offset


def _removed_search(state: EmulatorState, call: Call) -> Reply:
    if state.flavor == "cloud":
        raise JiraError(
            410,
            [
                "This API has been removed. Use /rest/api/3/search/jql instead "
                "(see https://developer.atlassian.com/changelog/#CHANGE-2046)."
            ],
        )
    return _server_search(state, call)


def _server_search(state: EmulatorState, call: Call) -> Reply:
    text, field_names, data = _search_inputs(call)
    if data:
        start = _body_int(data, "startAt", 0)
        limit = _body_int(data, "maxResults", 50)
    else:
        start = call.int_arg("startAt", 0)
        limit = call.int_arg("maxResults", 50)
    limit = min(max(limit, 0), 1000)
    with state.lock:
        found = _run_jql(state, _me(call), text, bounded=False)
        selection = FieldSelection.parse(field_names, "*navigable")
        view = _view(state, call)
        return Reply(
            200,
            {
                "expand": "schema,names",
                "startAt": start,
                "maxResults": limit,
                "total": len(found),
                "issues": [
                    issue_json(view, state, issue, selection)
                    for issue in found[start : start + limit]
                ],
            },
        )


def search_removed_or_server(state: EmulatorState, call: Call) -> Reply:
    return _removed_search(state, call)


def search_jql(state: EmulatorState, call: Call) -> Reply:
    if state.flavor != "cloud":
        raise JiraError(404, [f"No resource found for {call.method} {call.path}."])
    text, field_names, data = _search_inputs(call)
    token = str(data.get("nextPageToken") or "") if data else (call.arg("nextPageToken") or "")
    requested = _body_int(data, "maxResults", 50) if data else call.int_arg("maxResults", 50)
    selection = FieldSelection.parse(field_names, "id")
    cap = 5000 if selection.id_only or selection.names <= {"id", "key"} else 100
    limit = min(max(requested, 1), cap)
    offset = _page_offset(text, token) if token else 0
    with state.lock:
        found = _run_jql(state, _me(call), text, bounded=True)
        view = _view(state, call)
        chosen = found[offset : offset + limit]
        issues: list[dict[str, Any]] = []
        for issue in chosen:
            if selection.id_only:
                issues.append({"id": str(issue.id)})
            else:
                issues.append(issue_json(view, state, issue, selection))
        body: dict[str, Any] = {"issues": issues}
        last = offset + limit >= len(found)
        if not last:
            body["nextPageToken"] = _page_token(text, offset + limit)
        body["isLast"] = last
        return Reply(200, body)


# ---------------------------------------------------------------- routes


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    methods: dict[str, Handler]
    anonymous: bool = False


def _route(pattern: str, anonymous: bool = False, **methods: Handler) -> Route:
    return Route(re.compile(f"^{pattern}$"), methods, anonymous)


_ISSUE = r"issue/(?P<issue>[^/]+)"
ROUTES: tuple[Route, ...] = (
    _route("serverInfo", anonymous=True, GET=server_info),
    _route("myself", GET=myself),
    _route("user", GET=get_user),
    _route("user/search", GET=search_users),
    _route("configuration", GET=configuration),
    _route("configuration/timetracking", GET=tracking_provider),
    _route("configuration/timetracking/options", GET=tracking_options),
    _route("project", GET=projects),
    _route("issue/picker", GET=issue_picker),
    _route(_ISSUE, GET=get_issue),
    _route(_ISSUE + "/worklog", GET=list_worklogs, POST=add_worklog),
    _route(
        _ISSUE + r"/worklog/(?P<worklog>[^/]+)",
        GET=get_worklog,
        PUT=update_worklog,
        DELETE=delete_worklog,
    ),
    _route("search", GET=search_removed_or_server, POST=search_removed_or_server),
    _route("search/jql", GET=search_jql, POST=search_jql),
    _route("worklog/updated", GET=updated_worklogs),
    _route("worklog/deleted", GET=deleted_worklogs),
    _route("worklog/list", POST=worklog_list),
)
_API_PATH = re.compile(r"^/rest/api/(?P<version>[23])/(?P<rest>.+?)/?$")


@dataclass(frozen=True)
class Match:
    route: Route
    version: int
    params: dict[str, str]


def resolve(flavor: str, method: str, path: str) -> Match | Reply:
    """The route for a request, or the 404/405 reply Jira would give."""
    found = _API_PATH.match(path)
    if found is None or (flavor == "server" and found.group("version") == "3"):
        return Reply(404, errors([f"No resource found for {method} {path}."]))
    rest = found.group("rest")
    for route in ROUTES:
        hit = route.pattern.match(rest)
        if hit is None:
            continue
        if method not in route.methods:
            allowed = ", ".join(sorted(route.methods))
            return Reply(
                405,
                errors([f"Method {method} is not allowed for {path}."]),
                {"Allow": allowed},
            )
        params = {k: v for k, v in hit.groupdict().items() if v is not None}
        return Match(route, int(found.group("version")), params)
    return Reply(404, errors([f"No resource found for {method} {path}."]))
