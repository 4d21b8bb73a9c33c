"""Issue endpoints: one issue, the issue picker, and search (Cloud /search/jql, Server /search)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from . import jql
from .calls import Call, Reply, me, view_for
from .models import JiraError, User
from .render import FieldSelection, issue_json, suggested_issue
from .state import EmulatorState

PICKER_LIMIT = 20


def issue_picker(state: EmulatorState, call: Call) -> Reply:
    query = call.arg("query") or ""
    history, current = state.picker(me(call), query)
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
        issue = state.visible_issue(me(call), call.params["issue"])
        selection = FieldSelection.parse(call.args("fields"), "*all")
        return Reply(200, issue_json(view_for(state, call), state, issue, selection))


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


# What each search body may hold: Jira's JSON binding refuses any other field with a 400.
_SEARCH_JQL_FIELDS = frozenset(
    {
        "expand",
        "fields",
        "fieldsByKeys",
        "jql",
        "maxResults",
        "nextPageToken",
        "properties",
        "reconcileIssues",
    }
)
_SERVER_SEARCH_FIELDS = frozenset(
    {"expand", "fields", "fieldsByKeys", "jql", "maxResults", "startAt", "validateQuery"}
)


def _search_inputs(
    call: Call, allowed: frozenset[str], bean: str
) -> tuple[str, list[str], dict[str, Any]]:
    if call.method == "POST":
        data = call.json()
        if not isinstance(data, dict):
            raise JiraError(400, ["A search request object is expected."])
        for name in data:
            if name not in allowed:
                raise JiraError(
                    400,
                    [f'Unrecognized field "{name}" (class {bean}), not marked as ignorable'],
                )
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


def search(state: EmulatorState, call: Call) -> Reply:
    """`/search`: removed on Cloud (410), the paged search with `total` on Server/DC."""
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
    text, field_names, data = _search_inputs(call, _SERVER_SEARCH_FIELDS, "SearchRequestBean")
    if data:
        start = _body_int(data, "startAt", 0)
        limit = _body_int(data, "maxResults", 50)
    else:
        start = call.int_arg("startAt", 0)
        limit = call.int_arg("maxResults", 50)
    limit = min(max(limit, 0), 1000)
    with state.lock:
        found = _run_jql(state, me(call), text, bounded=False)
        selection = FieldSelection.parse(field_names, "*navigable")
        view = view_for(state, call)
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


def search_jql(state: EmulatorState, call: Call) -> Reply:
    if state.flavor != "cloud":
        raise JiraError(404, [f"No resource found for {call.method} {call.path}."])
    text, field_names, data = _search_inputs(
        call, _SEARCH_JQL_FIELDS, "SearchAndReconcileRequestBean"
    )
    token = str(data.get("nextPageToken") or "") if data else (call.arg("nextPageToken") or "")
    requested = _body_int(data, "maxResults", 50) if data else call.int_arg("maxResults", 50)
    selection = FieldSelection.parse(field_names, "id")
    cap = 5000 if selection.id_only or selection.names <= {"id", "key"} else 100
    limit = min(max(requested, 1), cap)
    offset = _page_offset(text, token) if token else 0
    with state.lock:
        found = _run_jql(state, me(call), text, bounded=True)
        view = view_for(state, call)
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
