"""`/rest/extender/1.0/worklog/{user/{name}, issue/{key}, query}`: worklogs in pages of up to
1000, dates as epoch milliseconds (or, with `formatDate=true`, zone-less strings in the
server's zone). A Jira administrator sees everyone's worklogs; anyone else only their own."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .. import jql
from ..calls import Reply
from ..jiratime import to_millis
from ..models import Issue, User, Worklog
from ..state import EmulatorState

BASE_PATH = "/rest/extender/1.0"
SERVER_ZONE = ZoneInfo("UTC")  # the Jira server's JVM zone: dateFrom/dateTo are days in it
MAX_RESULTS = 1000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ROUTES = (
    ("user", re.compile(r"^/worklog/user/(?P<ident>[^/]+)/?$")),
    ("issue", re.compile(r"^/worklog/issue/(?P<ident>[^/]+)/?$")),
    ("query", re.compile(r"^/worklog/query/?$")),
)


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.reply = Reply(status, {"errorMessages": [message], "errors": {}})


def _signed_in(state: EmulatorState, headers: dict[str, str]) -> User | None:
    scheme, _, value = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer":
        return state.authenticate("bearer", value.strip())
    if scheme.lower() == "basic":
        try:
            secret = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return state.authenticate("basic", secret)
    return None


def _arg(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values and values[0] != "" else None


def _day(query: dict[str, list[str]], name: str) -> date:
    raw = _arg(query, name)
    if raw is None:
        raise _Refused(400, f"The '{name}' parameter is required (yyyy-MM-dd).")
    try:
        assert _DATE.match(raw)
        return date.fromisoformat(raw)
    except (AssertionError, ValueError):
        raise _Refused(400, f"The '{name}' parameter must be a date yyyy-MM-dd: '{raw}'.") from None


def _number(query: dict[str, list[str]], name: str, default: int) -> int:
    raw = _arg(query, name)
    if raw is None:
        return default
    if not raw.isdigit():
        raise _Refused(400, f"The '{name}' parameter must be a number: '{raw}'.")
    return int(raw)


def _window(query: dict[str, list[str]]) -> tuple[datetime, datetime]:
    """[dateFrom 00:00, the day after dateTo 00:00) in the server's zone, as UTC instants."""
    start, end = _day(query, "dateFrom"), _day(query, "dateTo")
    if start > end:
        raise _Refused(400, "'dateFrom' must not be after 'dateTo'.")
    first = datetime.combine(start, time(), tzinfo=SERVER_ZONE).astimezone(UTC)
    after = datetime.combine(end + timedelta(days=1), time(), tzinfo=SERVER_ZONE).astimezone(UTC)
    return first, after


def _date_value(moment: datetime, formatted: bool) -> int | str:
    if not formatted:
        return to_millis(moment)
    local = moment.astimezone(SERVER_ZONE)
    return local.strftime("%Y-%m-%d %H:%M:%S.") + f"{local.microsecond // 1000:03d}"


def _item(state: EmulatorState, worklog: Worklog, formatted: bool) -> dict[str, Any]:
    issue = state.issue_of(worklog)
    author = state.find_user(worklog.author)
    updater = state.find_user(worklog.update_author)
    return {
        "issueId": issue.id,
        "issueKey": issue.key,
        "createdDate": _date_value(worklog.created, formatted),
        "lastUpdateDate": _date_value(worklog.updated, formatted),
        "workLogDescription": state.comment_text(worklog),
        "timeWorked": worklog.time_spent_seconds,
        "lastUpdateUser": updater.name if updater else "",
        "user": author.name if author else "",
        "startDate": _date_value(worklog.started, formatted),
        "workLogId": worklog.id,
    }


def _issues(state: EmulatorState, user: User, kind: str, ident: str, query: Any) -> list[Issue]:
    if kind == "issue":
        try:
            issue = state.issue(ident)
        except KeyError:
            raise _Refused(404, f"Issue {ident} does not exist.") from None
        if not state.can_browse(user, issue):
            raise _Refused(404, f"Issue {ident} does not exist.")
        return [issue]
    if kind == "query":
        text = _arg(query, "jql")
        if text is None:
            raise _Refused(400, "The 'jql' parameter is required.")
        try:
            return state.search(user, jql.parse(text))
        except jql.JqlError as error:
            raise _Refused(400, f"The JQL query is invalid: {error}") from None
    return [i for i in state.issues() if state.can_browse(user, i)]


def _answer(state: EmulatorState, user: User, kind: str, ident: str, query: Any) -> Reply:
    with state.lock:
        author: User | None = None
        if kind == "user":
            author = state.find_user(ident)
            if author is None or author.name.lower() != ident.lower():
                raise _Refused(404, f"User '{ident}' does not exist.")
        window = _window(query) if kind in ("user", "issue") else None
        project = _arg(query, "projectKey")
        found: list[Worklog] = []
        for issue in _issues(state, user, kind, ident, query):
            if project and issue.project_key != project.upper():
                continue
            for worklog in state.worklogs_for(issue.key):
                if author is not None and worklog.author != author.account_id:
                    continue
                # Only Jira administrators see other people's worklogs through the plugin.
                if not user.admin and worklog.author != user.account_id:
                    continue
                if window and not window[0] <= worklog.started < window[1]:
                    continue
                found.append(worklog)
        order = (_arg(query, "dateOrder") or "").lower()
        if order in ("asc", "desc"):
            found.sort(key=lambda w: (w.started, w.id), reverse=order == "desc")
        start_at = _number(query, "startAt", 0)
        limit = min(_number(query, "maxResults", MAX_RESULTS), MAX_RESULTS)
        formatted = (_arg(query, "formatDate") or "").lower() == "true"
        shown = [_item(state, w, formatted) for w in found[start_at : start_at + limit]]
    body = {"total": len(found), "maxResults": limit, "startAt": start_at, "worklogs": shown}
    return Reply(200, body)


def dispatch(
    state: EmulatorState,
    flavor: str,
    base_url: str,
    method: str,
    path: str,
    query: dict[str, list[str]],
    headers: dict[str, str],
    body: bytes,
) -> Reply | None:
    """The plugin's answer below `/rest/extender/1.0/`, or None (it exists on Server/DC only)."""
    if flavor != "server" or not path.startswith(BASE_PATH + "/"):
        return None
    user = _signed_in(state, headers)
    if user is None:
        message = "You are not authenticated. Authentication required to perform this operation."
        return Reply(
            401,
            {"errorMessages": [message], "errors": {}},
            {"WWW-Authenticate": 'Basic realm="Jira"'},
        )
    rest = path[len(BASE_PATH) :]
    for kind, pattern in _ROUTES:
        hit = pattern.match(rest)
        if hit is None:
            continue
        if method != "GET":
            return Reply(
                405,
                {"errorMessages": [f"Method {method} not allowed."], "errors": {}},
                {"Allow": "GET"},
            )
        try:
            return _answer(state, user, kind, hit.groupdict().get("ident") or "", query)
        except _Refused as refusal:
            return refusal.reply
    return Reply(404, {"errorMessages": [f"No resource found for {method} {path}."], "errors": {}})
