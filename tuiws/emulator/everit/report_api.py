"""Everit's listing is its details report (`POST /report/details`, whole days in the
`x-timezone` zone, paged by `startAt`/`maxResults`), and its tags (`GET /tag`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import jql
from ..calls import Reply
from .wire import EveritCall, EveritError

MAX_RESULTS = 1000
DEFAULT_RESULTS = 50


def _day(call: EveritCall, data: dict[str, Any], name: str) -> date | None:
    raw = data.get(name)
    if raw is None:
        call.problem("Required", name)
        return None
    try:
        assert isinstance(raw, str)
        return date.fromisoformat(raw)
    except (AssertionError, ValueError):
        call.problem("InvalidFormat", name)
        return None


def _count(call: EveritCall, data: dict[str, Any], name: str, default: int) -> int:
    raw = data.get(name, default)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        call.problem("InvalidFormat", name)
        return default
    return raw


def details(call: EveritCall) -> Reply:
    data = call.json()
    start = _day(call, data, "startDate")
    end = _day(call, data, "endDate")
    start_at = _count(call, data, "startAt", 0)
    max_results = min(_count(call, data, "maxResults", DEFAULT_RESULTS), MAX_RESULTS)
    users = data.get("users") or []
    if not isinstance(users, list) or not all(isinstance(u, str) for u in users):
        call.problem("InvalidFormat", "users")
    projects = data.get("projects") or []
    if not isinstance(projects, list):
        call.problem("InvalidFormat", "projects")
    call.raise_problems()
    assert start is not None and end is not None
    state = call.state
    with state.lock:
        keys: set[str] | None = None
        if data.get("jql"):
            try:
                keys = {i.key for i in state.search(call.user, jql.parse(str(data["jql"])))}
            except jql.JqlError:
                raise EveritError(400, [("Invalid", [["jql"]])]) from None
        wanted_projects = {str(p).upper() for p in projects}
        rows: list[tuple[Any, int, dict[str, Any]]] = []
        for worklog in state.all_worklogs():
            issue = state.issue_of(worklog)
            project = state.project_of(issue)
            local = call.local(worklog)
            if not start <= local.date() <= end or not state.can_browse(call.user, issue):
                continue
            if users and worklog.author not in users:
                continue
            if wanted_projects and not {project.key, str(project.id)} & wanted_projects:
                continue
            if keys is not None and issue.key not in keys:
                continue
            rows.append((local.replace(tzinfo=None), worklog.id, _row(call, worklog, local)))
    rows.sort(key=lambda row: (row[0], row[1]))
    values = [row[2] for row in rows[start_at : start_at + max_results]]
    body = {"total": len(rows), "startAt": start_at, "maxResults": max_results, "values": values}
    return Reply(200, body)


def _row(call: EveritCall, worklog: Any, local: Any) -> dict[str, Any]:
    state, store = call.state, call.store
    issue = state.issue_of(worklog)
    project = state.project_of(issue)
    author = state.find_user(worklog.author)
    extra = store.extra(worklog.id)
    tags = [store.tag(t) for t in extra.tag_ids]
    return {
        "issue": {"id": issue.id, "key": issue.key, "summary": issue.summary},
        "project": {"id": project.id, "key": project.key, "name": project.name},
        "worklog": {
            "id": store.ids.own_id(worklog.id),
            "jiraWorklogId": worklog.id,
            "description": state.comment_text(worklog),
            "durationInSeconds": worklog.time_spent_seconds,
            "isBillable": extra.is_billable,
            "startTime": local.strftime("%Y-%m-%dT%H:%M:%S"),
            "workDate": local.date().isoformat(),
            "author": {
                "id": worklog.author,
                "name": author.display_name if author else worklog.author,
            },
            "worklogTags": [{"id": t.id, "name": t.name} for t in tags if t is not None],
        },
    }


def tags(call: EveritCall) -> Reply:
    archived = call.arg("archived")
    found = [
        {"id": t.id, "name": t.name, "archived": t.archived}
        for t in call.store.tags
        if archived is None or t.archived == (archived.lower() == "true")
    ]
    return Reply(200, {"worklogTags": found})
