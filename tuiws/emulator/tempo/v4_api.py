"""Tempo REST v4 worklogs: list by user, search, filter, and create / replace / delete."""

from __future__ import annotations

from typing import Any

from ..calls import Reply
from . import writes
from .reads import Filter, select
from .wire import TempoCall, TempoError, page, parse_date, parse_moment, worklog_json


def _dates(call: TempoCall, wanted: Filter, start: object, end: object) -> None:
    if start is not None:
        wanted.start = parse_date(start, "from")
    if end is not None:
        wanted.end = parse_date(end, "to")
    if wanted.start and wanted.end and wanted.start > wanted.end:
        raise TempoError(400, "'from' must not be after 'to'.")


def _updated_from(wanted: Filter, raw: object) -> None:
    if raw is not None and raw != "":
        if not isinstance(raw, str):
            raise TempoError(400, "updatedFrom must be a date or a date-time.")
        wanted.updated_from = parse_moment(raw, "updatedFrom")


def _ids(raw: list[str], name: str) -> set[int]:
    try:
        return {int(value) for value in raw}
    except ValueError:
        raise TempoError(400, f"{name} must be numbers.") from None


def _listing(call: TempoCall, wanted: Filter) -> Reply:
    with call.state.lock:
        found = [worklog_json(call, w) for w in select(call, wanted)]
    return Reply(200, page(call, found, call.path))


def user_worklogs(call: TempoCall) -> Reply:
    wanted = Filter(authors={call.params["account"]})
    _dates(call, wanted, call.arg("from"), call.arg("to"))
    _updated_from(wanted, call.arg("updatedFrom"))
    return _listing(call, wanted)


def list_worklogs(call: TempoCall) -> Reply:
    wanted = Filter(
        issue_ids=_ids(call.args("issueId"), "issueId"),
        project_ids=_ids(call.args("projectId"), "projectId"),
    )
    _dates(call, wanted, call.arg("from"), call.arg("to"))
    _updated_from(wanted, call.arg("updatedFrom"))
    return _listing(call, wanted)


def _number_list(data: dict[str, Any], name: str) -> set[int]:
    raw = data.get(name) or []
    if not isinstance(raw, list) or any(isinstance(v, bool) or not isinstance(v, int) for v in raw):
        raise TempoError(400, f"{name} must be a list of integers.")
    return set(raw)


def search_worklogs(call: TempoCall) -> Reply:
    """POST search: filters in the body, offset/limit in the query (`next` re-posts the body)."""
    data = call.json()
    if not isinstance(data, dict):
        raise TempoError(400, "The search body must be an object.")
    authors = data.get("authorIds") or []
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise TempoError(400, "authorIds must be a list of account ids.")
    wanted = Filter(
        authors=set(authors),
        issue_ids=_number_list(data, "issueIds"),
        project_ids=_number_list(data, "projectIds"),
    )
    _dates(call, wanted, data.get("from"), data.get("to"))
    _updated_from(wanted, data.get("updatedFrom"))
    return _listing(call, wanted)


def get_worklog(call: TempoCall) -> Reply:
    with call.state.lock:
        return Reply(200, worklog_json(call, writes.find(call, call.params["id"])))


def create_worklog(call: TempoCall) -> Reply:
    with call.state.lock:
        draft = writes.read_draft(call, core3=False, creating=True)
        worklog = writes.create(call, draft)
        return Reply(200, worklog_json(call, worklog))


def update_worklog(call: TempoCall) -> Reply:
    with call.state.lock:
        worklog = writes.find(call, call.params["id"])
        draft = writes.read_draft(call, core3=False, creating=False)
        data = call.json()
        if isinstance(data, dict) and data.get("issueId") not in (None, worklog.issue_id):
            raise TempoError(400, "A worklog cannot be moved to another issue.")
        writes.replace(call, worklog, draft)
        return Reply(200, worklog_json(call, worklog))


def delete_worklog(call: TempoCall) -> Reply:
    with call.state.lock:
        writes.remove(call, writes.find(call, call.params["id"]))
    return Reply(204)


def _mapping(call: TempoCall, source: str) -> Reply:
    data = call.json()
    name = "jiraWorklogIds" if source == "jira" else "tempoWorklogIds"
    raw = data.get(name) if isinstance(data, dict) else None
    if not isinstance(raw, list) or not 1 <= len(raw) <= 1000:
        raise TempoError(400, f"{name} must be a list of 1 to 1000 ids.")
    results: list[dict[str, int]] = []
    with call.state.lock:
        for value in raw:
            if isinstance(value, bool) or not isinstance(value, int):
                raise TempoError(400, f"{name} must hold integers.")
            if source == "jira":
                try:
                    call.state.worklog(value)
                except KeyError:
                    continue
                own = call.store.ids.own_id(value)
                results.append({"jiraWorklogId": value, "tempoWorklogId": own})
            else:
                jira = call.store.ids.jira_id(value)
                if jira is not None:
                    results.append({"tempoWorklogId": value, "jiraWorklogId": jira})
    body = {"self": call.url(call.path), "metadata": {"count": len(results)}, "results": results}
    return Reply(200, body)


def jira_to_tempo(call: TempoCall) -> Reply:
    return _mapping(call, "jira")


def tempo_to_jira(call: TempoCall) -> Reply:
    return _mapping(call, "tempo")
